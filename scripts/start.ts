// Quick start (`npm start` runs scripts/start.sh, which runs this): serves VS Code with the
// packaged extension at http://127.0.0.1:$PORT/ (default 8080). Live mode reads the real
// Hugging Face API; demo mode serves the test fixtures from a local API server instead.
// Demo mode is used when PAPER_READER_DEMO=1 or when the API does not respond in 5 s.
// Runs in the foreground until Ctrl+C and then stops everything it started.
import * as path from 'node:path';

import { ApiServer, startApiServer } from '../src/demo/apiServer';
import { CodeServer, repoRoot, startCodeServer } from '../test/e2e/codeServer';

const liveProbeUrl = 'https://huggingface.co/api/daily_papers?limit=1';
const liveProbeTimeoutMs = 5_000;
const demoDay = '2025-03-12';
const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'daily_papers');

/** Returns true when the live API responds with HTTP 2xx within the timeout. */
async function liveApiReachable(): Promise<boolean> {
  try {
    const response = await fetch(liveProbeUrl, { signal: AbortSignal.timeout(liveProbeTimeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function parsePort(value: string | undefined): number {
  const port = Number(value ?? '8080');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid PORT "${value}": use a TCP port number from 1 to 65535.`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const demoRequested = process.env.PAPER_READER_DEMO === '1';
  const live = !demoRequested && (await liveApiReachable());

  let api: ApiServer | undefined;
  let server: CodeServer | undefined;
  let stopping = false;
  const stopAll = async (exitCode: number): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('Stopping code-server and the demo API server…');
    await server?.stop();
    await api?.close();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  let settings: Record<string, unknown> = {};
  if (!live) {
    api = await startApiServer({ fixturesDir, host: '127.0.0.1', port: 0 });
    settings = {
      'paperReader.baseUrl': api.url,
      'paperReader.initialDate': demoDay,
      'paperReader.demo': true,
    };
  }

  // Live and demo keep separate user data, so cached demo papers never show up in live mode.
  server = await startCodeServer({ name: live ? 'live' : 'demo', port, settings });

  let reason = 'live: Hugging Face Daily Papers';
  if (demoRequested) {
    reason = 'demo: PAPER_READER_DEMO=1';
  } else if (!live) {
    reason = `demo: ${liveProbeUrl} did not respond within ${liveProbeTimeoutMs / 1000} s`;
  }
  console.log(`Paper Reader is running in VS Code at ${server.url} (${reason}).`);
  if (api) {
    console.log(`Demo API server: ${api.url}, fixtures from ${fixturesDir}, newest day ${demoDay}.`);
  }
  console.log(`code-server log: ${server.logPath}`);
  console.log('Press Ctrl+C to stop.');

  const exitStatus = await server.exited;
  if (!stopping) {
    console.error(`code-server exited unexpectedly (${exitStatus}); see ${server.logPath}.`);
    await stopAll(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
