// Starts code-server (VS Code 1.139's server and web workbench) with the packaged
// extension installed, for the end-to-end tests and the quick start. Everything an
// instance writes (HOME, XDG folders, TMPDIR, user data, extensions, logs) stays under
// `.test-work/<name>/` in the repository, so a run leaves nothing in `~` or `/tmp`.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

/** Repository root, found from `out/test/e2e/` where this module runs. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Git-ignored folder that contains every file the e2e run and the quick start write. */
export const testWorkDir = path.join(repoRoot, '.test-work');

export const defaultVsixPath = path.join(repoRoot, 'dist-vsix', 'paper-reader.vsix');

/**
 * Settings that keep the workbench quiet and offline: no AI features or chat side bar, no
 * start page, no trust prompt, no update checks, and no Git prompt about the repository
 * that contains `.test-work/`.
 */
const baseSettings: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

// Unix socket paths are limited to 108 bytes. VS Code puts `vscode-ipc-<uuid>.sock`
// (52 characters) and similar names in TMPDIR and the user-data-dir.
const socketNameBudget = 56;
const unixSocketPathLimit = 108;

const healthTimeoutMs = 30_000;
const stopTimeoutMs = 10_000;

export interface InstallPaths {
  /** Node 24 binary that code-server 4.139.1 requires. */
  node24Bin: string;
  /** Folder of the code-server npm package (contains `out/node/entry.js`). */
  codeServerDir: string;
}

export interface CodeServerOptions {
  /** Instance folder name under `.test-work/`; keep it short because of the socket path limit. */
  name: string;
  /** Extension settings written to the user settings next to the base settings. */
  settings?: Record<string, unknown>;
  /** Packaged extension; defaults to `dist-vsix/paper-reader.vsix`. */
  vsixPath?: string;
  /** Removes the instance folder first, so the extension starts with an empty cache. */
  fresh?: boolean;
  /** TCP port on 127.0.0.1; 0 (the default) lets the system choose a free one. */
  port?: number;
  /** Folder the workbench opens; defaults to an empty `workspace/` folder in the instance. */
  folder?: string;
}

export interface CodeServer {
  /** Workbench URL, e.g. `http://127.0.0.1:39373/`. */
  url: string;
  port: number;
  /** Instance folder under `.test-work/`. */
  instanceDir: string;
  /** code-server's stdout and stderr. */
  logPath: string;
  /** Settles with the exit code (or signal name) when code-server's main process exits. */
  exited: Promise<number | string | null>;
  /** Stops code-server and every process it started (the whole process group). */
  stop(): Promise<void>;
}

/** Reads the Node 24 and code-server locations that `scripts/setup-vscode.sh` records. */
export function readInstallPaths(): InstallPaths {
  const cacheRoot = process.env.PAPER_READER_CACHE ?? path.join(process.env.HOME ?? '', '.cache', 'paper-reader');
  const pathsFile = path.join(cacheRoot, 'paths.env');
  if (!fs.existsSync(pathsFile)) {
    throw new Error(`code-server install not found: ${pathsFile} is missing. Run \`bash scripts/setup-vscode.sh\` first.`);
  }

  const values = new Map<string, string>();
  for (const line of fs.readFileSync(pathsFile, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) {
      values.set(match[1], match[2]);
    }
  }

  const node24Bin = values.get('NODE24_BIN') ?? '';
  const codeServerDir = values.get('CODE_SERVER_DIR') ?? '';
  if (!fs.existsSync(node24Bin) || !fs.existsSync(path.join(codeServerDir, 'out', 'node', 'entry.js'))) {
    throw new Error(
      `code-server install in ${pathsFile} is incomplete (NODE24_BIN=${node24Bin}, CODE_SERVER_DIR=${codeServerDir}). ` +
        'Run `bash scripts/setup-vscode.sh` again.',
    );
  }
  return { node24Bin, codeServerDir };
}

/**
 * Returns a TCP port on 127.0.0.1 that nothing listens on at the time of the call. Used
 * for the extension gallery URL, so any gallery request fails at once without leaving
 * the machine.
 */
export async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Installs the packaged extension into a new instance folder, starts code-server on
 * 127.0.0.1 in its own process group and waits until `/healthz` responds.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const install = readInstallPaths();
  const vsixPath = options.vsixPath ?? process.env.PAPER_READER_VSIX ?? defaultVsixPath;
  if (!fs.existsSync(vsixPath)) {
    throw new Error(`Extension package not found: ${vsixPath}. Run \`npm run package\` first.`);
  }

  const instanceDir = path.join(testWorkDir, options.name);
  if (options.fresh) {
    fs.rmSync(instanceDir, { recursive: true, force: true });
  }
  const dirs = createInstanceDirs(instanceDir);
  const folder = options.folder ?? dirs.workspace;
  // The arXiv API defaults to a public host; tests that need it pass their own server.
  const arxivFallback = { 'paperReader.arxivBaseUrl': `http://127.0.0.1:${await findClosedPort()}` };
  writeUserSettings(dirs.userData, { ...arxivFallback, ...options.settings });

  const configPath = path.join(instanceDir, 'config.yaml');
  fs.writeFileSync(configPath, 'auth: none\ncert: false\n');
  const env = await instanceEnv(install, dirs);
  const commonArgs = ['--config', configPath, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  await installExtension(install, env, commonArgs, vsixPath, instanceDir);

  const logPath = path.join(instanceDir, 'code-server.log');
  // A new log per start: the port is read from the log, and a previous run's line would
  // name the previous port.
  const logFd = fs.openSync(logPath, 'w');
  const args = [
    path.join(install.codeServerDir, 'out', 'node', 'entry.js'),
    ...commonArgs,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    folder,
  ];

  // `detached` makes the child call setsid(), so it leads a new process group. stop()
  // signals the whole group because killing only the main process leaves its file
  // watcher running.
  const child = spawn(install.node24Bin, args, { cwd: instanceDir, env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  runningGroups.add(child);
  installSignalCleanup();

  let port: number;
  try {
    port = await waitForListeningPort(child, logPath);
    await waitForHealth(child, port, logPath);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    process.removeListener('exit', killOnExit);
    runningGroups.delete(child);
    throw error;
  }

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    runningGroups.delete(child);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }

    // The main process may exit before its children do, so signal the group once more.
    killGroup(child, 'SIGKILL');
  };

  return { url: `http://127.0.0.1:${port}/`, port, instanceDir, logPath, exited, stop };
}

interface InstanceDirs {
  home: string;
  tmp: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  xdgState: string;
  xdgRuntime: string;
  userData: string;
  extensions: string;
  workspace: string;
}

function createInstanceDirs(instanceDir: string): InstanceDirs {
  const home = path.join(instanceDir, 'home');
  const dirs: InstanceDirs = {
    home,
    tmp: path.join(instanceDir, 'tmp'),
    xdgConfig: path.join(home, '.config'),
    xdgData: path.join(home, '.local', 'share'),
    xdgCache: path.join(home, '.cache'),
    xdgState: path.join(home, '.local', 'state'),
    xdgRuntime: path.join(instanceDir, 'run'),
    userData: path.join(instanceDir, 'data'),
    extensions: path.join(instanceDir, 'ext'),
    workspace: path.join(instanceDir, 'workspace'),
  };

  for (const socketDir of [dirs.tmp, dirs.userData, dirs.xdgRuntime]) {
    if (socketDir.length + socketNameBudget > unixSocketPathLimit) {
      throw new Error(
        `Socket folder path too long (${socketDir.length} characters): ${socketDir}. ` +
          `Unix socket paths must stay under ${unixSocketPathLimit} bytes; clone the repository into a shorter path.`,
      );
    }
  }

  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.chmodSync(dirs.xdgRuntime, 0o700);
  return dirs;
}

function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  const merged = { ...baseSettings, ...settings };
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(merged, null, 2) + '\n');
}

async function instanceEnv(install: InstallPaths, dirs: InstanceDirs): Promise<NodeJS.ProcessEnv> {
  // Without a gallery URL both the server and the workbench call the public Marketplace.
  const galleryUrl = `http://127.0.0.1:${await findClosedPort()}`;
  const gallery = {
    serviceUrl: `${galleryUrl}/gallery`,
    itemUrl: `${galleryUrl}/items`,
    resourceUrlTemplate: `${galleryUrl}/resource/{publisher}/{name}/{version}/{path}`,
  };

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(install.node24Bin)}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
    XDG_RUNTIME_DIR: dirs.xdgRuntime,
    EXTENSIONS_GALLERY: JSON.stringify(gallery),
  };

  // code-server reads these as overrides of the command line, so the caller's values must not leak in.
  for (const name of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'VSCODE_PROXY_URI', 'CODE_SERVER_CONFIG']) {
    delete env[name];
  }
  return env;
}

async function installExtension(
  install: InstallPaths,
  env: NodeJS.ProcessEnv,
  commonArgs: string[],
  vsixPath: string,
  instanceDir: string,
): Promise<void> {
  const entry = path.join(install.codeServerDir, 'out', 'node', 'entry.js');
  const child = spawn(install.node24Bin, [entry, ...commonArgs, '--install-extension', vsixPath, '--force'], {
    cwd: instanceDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));

  // code-server exits 0 even when an install fails, so the message is the real result.
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`Installing ${vsixPath} into code-server failed (exit code ${code}):\n${output.trim()}`);
  }
}

/** Waits for code-server's "HTTP server listening on" line and returns its port. */
async function waitForListeningPort(child: ChildProcess, logPath: string): Promise<number> {
  return waitFor(child, logPath, 'code-server did not report its HTTP port', async () => {
    const log = fs.readFileSync(logPath, 'utf8');
    const match = /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(log);
    return match ? Number(match[1]) : undefined;
  });
}

async function waitForHealth(child: ChildProcess, port: number, logPath: string): Promise<void> {
  await waitFor(child, logPath, `code-server on port ${port} did not answer /healthz`, async () =>
    (await fetchStatus(`http://127.0.0.1:${port}/healthz`)) === 200 ? true : undefined,
  );
}

/**
 * Polls `check` until it returns a value, failing early when code-server exits and after
 * `healthTimeoutMs`. The short poll interval only paces the checks.
 */
async function waitFor<T>(child: ChildProcess, logPath: string, failure: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${failure}: it exited with ${child.exitCode ?? child.signalCode}. Log ${logPath}:\n${tail(logPath)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${failure} within ${healthTimeoutMs / 1000} s. Log ${logPath}:\n${tail(logPath)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function fetchStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(undefined));
  });
}

/** code-server processes started and not yet stopped, for the signal cleanup. */
const runningGroups = new Set<ChildProcess>();
let signalCleanupInstalled = false;

/**
 * Stops every running code-server when SIGINT or SIGTERM reaches a process that has no
 * handler of its own, such as a test run. The code-server groups do not receive the
 * terminal's Ctrl+C, and Node skips 'exit' listeners when a signal ends the process.
 * A process with its own handler, like scripts/start.ts, stops them itself.
 */
function installSignalCleanup(): void {
  if (signalCleanupInstalled) {
    return;
  }
  signalCleanupInstalled = true;

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const cleanup = (): void => {
      if (process.listenerCount(signal) > 1) {
        return;
      }
      for (const child of runningGroups) {
        killGroup(child, 'SIGKILL');
      }
      process.removeListener(signal, cleanup);
      process.kill(process.pid, signal);
    };
    process.on(signal, cleanup);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group has already exited.
  }
}

function tail(logPath: string, lines = 30): string {
  try {
    return fs.readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
