// Starts the Paper Reader language server (dist/server.js) over IPC and connects it to
// LaTeX, BibTeX, Markdown and plain-text documents, and to files of every other language
// while `paperReader.languageServer.comments` is on.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export interface LanguageClientStartOptions {
  /** The extension's cache folder for the current API host, shared with the Trending view. */
  cacheDirectory: string;
  baseUrl: string;
  userAgent: string;
  /** arXiv API origin; tests point it at a local server. */
  arxivBaseUrl?: string;
}

const LANGUAGES = ['latex', 'tex', 'bibtex', 'markdown', 'plaintext'];
const COMMENTS_SETTING = 'paperReader.languageServer.comments';
/** The one command that hover links may run. */
const TRUSTED_COMMANDS = ['paperReader.openPaper'];

/** Tells whether the language server would serve `document`, so it is worth starting. */
export function servesDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') {
    return false;
  }
  return LANGUAGES.includes(document.languageId) || vscode.workspace.getConfiguration().get<boolean>(COMMENTS_SETTING, false);
}

/** A started client: `stop()` resolves once the server process has shut down. */
export interface LanguageClientHandle extends vscode.Disposable {
  stop(): Promise<void>;
}

export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  options: LanguageClientStartOptions,
): Promise<LanguageClientHandle> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.bib');
  const readComments = () => vscode.workspace.getConfiguration().get<boolean>(COMMENTS_SETTING, false);

  let comments = readComments();
  let current = await startClient(module, serverOptions, watcher, log, options, comments);
  let stopped = false;
  // Restarts run one after another, so quick toggles never leave two servers running.
  let restarting: Promise<void> = Promise.resolve();

  // The document selector is fixed when a client starts, so serving more or fewer
  // languages takes a new client.
  const configurationListener = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(COMMENTS_SETTING)) {
      return;
    }
    restarting = restarting.then(async () => {
      const next = readComments();
      if (stopped || next === comments) {
        return;
      }
      comments = next;
      log.info(`[language server] restarting because ${COMMENTS_SETTING} is now ${comments}`);
      await stopClient(current, log);
      if (!stopped) {
        current = await startClient(module, serverOptions, watcher, log, options, comments);
      }
    }).catch((error: unknown) => {
      log.error(`[language server] restart failed: ${error instanceof Error ? error.message : String(error)}; reload the window to start it again.`);
    });
  });

  const stop = async (): Promise<void> => {
    if (stopped) {
      return;
    }
    stopped = true;
    configurationListener.dispose();
    await restarting;
    watcher.dispose();
    await stopClient(current, log);
  };
  return { stop, dispose: () => void stop() };
}

/** Creates and starts one client. A failed start is logged, and the client is still returned so that it can be stopped. */
async function startClient(
  module: string,
  serverOptions: ServerOptions,
  watcher: vscode.FileSystemWatcher,
  log: vscode.LogOutputChannel,
  options: LanguageClientStartOptions,
  comments: boolean,
): Promise<LanguageClient> {
  let defaultErrorHandler: ErrorHandler | undefined;

  const prose = LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: comments ? [...prose, { scheme: 'file' }, { scheme: 'untitled' }] : prose,
    synchronize: { fileEvents: watcher },
    outputChannel: log,
    initializationOptions: {
      cacheDirectory: options.cacheDirectory,
      baseUrl: options.baseUrl,
      arxivBaseUrl: options.arxivBaseUrl ?? 'https://export.arxiv.org',
      userAgent: options.userAgent,
    },
    // The client's own restart policy decides what happens; this only records why.
    errorHandler: {
      error: (error, message, count) => {
        log.error(`[language server] connection error (${count ?? 0}): ${error.message}`);
        return defaultErrorHandler!.error(error, message, count);
      },
      closed: () => {
        log.error('[language server] the server process exited; see the lines above for its last errors.');
        return defaultErrorHandler!.closed();
      },
    },
    middleware: {
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const content of hover?.contents ?? []) {
          if (content instanceof vscode.MarkdownString) {
            content.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
          }
        }
        return hover;
      },
    },
  };

  const client = new LanguageClient('paperReader.languageServer', 'Paper Reader Language Server', serverOptions, clientOptions);
  defaultErrorHandler = client.createDefaultErrorHandler();
  client.onDidChangeState((event) => log.info(`[language server] state ${event.oldState} -> ${event.newState}`));

  try {
    await client.start();
    log.info(`[language server] started${comments ? ', also for comments in files of every language' : ''}`);
  } catch (error) {
    log.error(`[language server] could not start ${module}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return client;
}

async function stopClient(client: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await client.stop();
  } catch (error) {
    log.warn(`[language server] stopping failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
