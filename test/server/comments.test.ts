// Drives the real server bundle over stdio with a Python file whose comments cite papers,
// toggling `paperReader.languageServer.comments`. Build first: node esbuild.js.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import { silentLogger } from '../../src/common/logger';
import { PaperCache } from '../../src/papers/cache';
import { parseDailyPapersItems } from '../../src/papers/parse';
import { startArxivServer, type ArxivServer } from './arxivServer';
import { positionOf, REPOSITORY_ROOT, TestClient } from './lspClient';

const DAILY_FIXTURES = path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'daily_papers');

const SCRIPT = `# see arXiv:2502.18858
x = "arXiv:2502.18858"
y = 2502.18858  # unknown arXiv:2501.99999
`;

describe('language server in code comments', () => {
  let api: ApiServer;
  let arxiv: ArxivServer;
  let workspace: string;
  let client: TestClient;
  let scriptUri: string;
  let settingsOff: Record<string, unknown>;
  let settingsOn: Record<string, unknown>;

  before(async () => {
    api = await startApiServer({ fixturesDir: DAILY_FIXTURES });
    arxiv = await startArxivServer();
    workspace = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-comments-'));
    const cacheDirectory = path.join(workspace, '.cache');

    // 2502.18858 is in the cached day 2025-03-12, so hovers need no network.
    const day = JSON.parse(readFileSync(path.join(DAILY_FIXTURES, '2025-03-12.json'), 'utf8')) as unknown;
    const papers = parseDailyPapersItems(day, { requestedDay: '2025-03-12', source: 'fixture' }).papers;
    await new PaperCache(cacheDirectory, silentLogger).writeList('day', { key: '2025-03-12', papers, fetchedAt: new Date().toISOString() });

    settingsOff = { baseUrl: api.url, languageServer: { hoverTimeoutMs: 10_000 } };
    settingsOn = { baseUrl: api.url, languageServer: { hoverTimeoutMs: 10_000, comments: true } };
    client = await TestClient.start({
      workspaceFolder: workspace,
      initializationOptions: { cacheDirectory, baseUrl: api.url, arxivBaseUrl: arxiv.url, userAgent: 'paper-reader-tests', arxivMinIntervalMs: 0 },
      settings: settingsOff,
    });
    scriptUri = pathToFileURL(path.join(workspace, 'script.py')).href;
    client.open(scriptUri, 'python', SCRIPT);
  });

  after(async () => {
    await client?.stop();
    await api?.close();
    await arxiv?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('setting off: Python file ignored', async () => {
    // The server reads settings right after `initialized`; this round trip makes sure it has.
    await client.updateSettings(settingsOff);
    assert.equal(await client.hover(scriptUri, positionOf(SCRIPT, 'arXiv:2502.18858', 8)), null);
    assert.equal(await client.documentLinks(scriptUri), null);
    assert.equal(await client.codeActions(scriptUri, { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } }), null);
  });

  test('setting on: hover in a comment', async () => {
    await client.updateSettings(settingsOn);
    let text = '';
    // The server applies the settings just after reading them, so a hover may still race it.
    for (let attempt = 0; attempt < 100 && text === ''; attempt++) {
      text = await client.hoverText(scriptUri, positionOf(SCRIPT, 'arXiv:2502.18858', 8));
    }
    assert.match(text, /^\*\*Evaluating Intelligence via Trial and Error\*\*/);
  });

  test('no hover on ids in code', async () => {
    assert.equal(await client.hover(scriptUri, positionOf(SCRIPT, 'arXiv:2502.18858', 8, 2)), null);
    assert.equal(await client.hover(scriptUri, positionOf(SCRIPT, 'y = 2502', 6)), null);
  });

  test('document links in comments only', async () => {
    const links = (await client.documentLinks(scriptUri)) ?? [];
    assert.deepEqual(
      links.map((link) => link.target),
      ['https://arxiv.org/abs/2502.18858', 'https://arxiv.org/abs/2501.99999'],
    );
    assert.deepEqual(links[0].range.start, { line: 0, character: 6 });
  });

  test('code action opens the paper', async () => {
    const position = positionOf(SCRIPT, 'arXiv:2502.18858', 3);
    const actions = (await client.codeActions(scriptUri, { start: position, end: position })) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Open paper arXiv:2502.18858'],
    );
  });

  test('Information for an unknown id in a comment', async () => {
    const diagnostics = await client.waitForDiagnostics(scriptUri, (list) => list.length > 0, 'with a not-found paper');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 3);
    assert.deepEqual(diagnostics[0].range.start, positionOf(SCRIPT, 'arXiv:2501.99999'));
  });

  test('setting off again clears everything', async () => {
    await client.updateSettings(settingsOff);
    await client.waitForDiagnostics(scriptUri, (list) => list.length === 0, 'after comments were turned off');
    assert.equal(await client.hover(scriptUri, positionOf(SCRIPT, 'arXiv:2502.18858', 8)), null);
  });

  test('server logged no errors and is running', () => {
    assert.equal(client.exitCode, undefined);
    assert.deepEqual(client.errors, []);
  });
});
