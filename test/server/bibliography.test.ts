// Drives the real server bundle over stdio in a workspace with two .bib files that define the
// same cite key with different titles, and documents that name one of them, both, a missing
// file, or none. Build first: node esbuild.js.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import { silentLogger } from '../../src/common/logger';
import { PaperCache } from '../../src/papers/cache';
import { parseDailyPapersItems } from '../../src/papers/parse';
import { startArxivServer, type ArxivServer } from './arxivServer';
import { positionOf, REPOSITORY_ROOT, TestClient } from './lspClient';

const DAILY_FIXTURES = path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'daily_papers');
/** The cite key the server generates for the cached paper 2502.18858. */
const CACHED_KEY = 'zhan2025evaluatingintelligencetrialerror';

const NAMED_BIB = `@misc{shared2025,
  title = {Title From The Named File},
  author = {Ada Named},
  year = {2025}
}
`;

const OTHER_BIB = `@misc{shared2025,
  title = {Title From The Other File},
  author = {Bob Other},
  year = {2024}
}

@misc{key5, title = {Only In The Other File}}
`;

const NAMED_TEX = `\\documentclass{article}
\\begin{document}
Shared \\cite{shared2025} and \\cite{key5}.
Cached \\cite{${CACHED_KEY}}.
\\autocite{
% \\bibliography{other}
\\bibliography{named}
\\end{document}
`;

const MISSING_TEX = `\\addbibresource{named.bib}
\\bibliography{refs}
\\cite{shared2025}
`;

const UNNAMED_TEX = `Cached \\cite{${CACHED_KEY}} and \\cite{key5}.
`;

const CITING_MD = `---
title: Notes
bibliography:
  - named.bib
---
Defined [@shared2025], undefined [@key5; @key6].
In code \`[@key7]\`, mail ada@key8.org, and arXiv:2502.18858.

\`\`\`
[@key9]
\`\`\`
`;

const PLAIN_MD = `# Notes

Ask [@key5] and @someone about arXiv:2502.18858.
`;

function messages(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => diagnostic.message).sort();
}

describe('document bibliographies over stdio', () => {
  let api: ApiServer;
  let arxiv: ArxivServer;
  let workspace: string;
  let client: TestClient;
  const uris: Record<string, string> = {};

  before(async () => {
    api = await startApiServer({ fixturesDir: DAILY_FIXTURES });
    arxiv = await startArxivServer();
    workspace = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-bib-'));
    const cacheDirectory = path.join(workspace, '.cache');

    // 2502.18858 is cached, so the quick fixes for it need no network.
    const day = JSON.parse(readFileSync(path.join(DAILY_FIXTURES, '2025-03-12.json'), 'utf8')) as unknown;
    const papers = parseDailyPapersItems(day, { requestedDay: '2025-03-12', source: 'fixture' }).papers;
    await new PaperCache(cacheDirectory, silentLogger).writeList('day', { key: '2025-03-12', papers, fetchedAt: new Date().toISOString() });

    const files: Record<string, string> = {
      'named.bib': NAMED_BIB,
      'other.bib': OTHER_BIB,
      'named.tex': NAMED_TEX,
      'missing.tex': MISSING_TEX,
      'unnamed.tex': UNNAMED_TEX,
      'citing.md': CITING_MD,
      'plain.md': PLAIN_MD,
    };
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(path.join(workspace, name), text);
      uris[name] = pathToFileURL(path.join(workspace, name)).href;
    }

    client = await TestClient.start({
      workspaceFolder: workspace,
      initializationOptions: {
        cacheDirectory,
        baseUrl: api.url,
        arxivBaseUrl: arxiv.url,
        userAgent: 'paper-reader-tests',
        arxivMinIntervalMs: 0,
      },
      settings: { baseUrl: api.url },
    });
    client.open(uris['named.tex'], 'latex', NAMED_TEX);
    client.open(uris['missing.tex'], 'latex', MISSING_TEX);
    client.open(uris['unnamed.tex'], 'latex', UNNAMED_TEX);
    client.open(uris['citing.md'], 'markdown', CITING_MD);
    client.open(uris['plain.md'], 'markdown', PLAIN_MD);
  });

  after(async () => {
    await client?.stop();
    await api?.close();
    await arxiv?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('hover shows the named file entry', async () => {
    const text = await client.hoverText(uris['named.tex'], positionOf(NAMED_TEX, 'shared2025', 2));
    assert.match(text, /^\*\*Title From The Named File\*\*/);
    assert.match(text, /in named\.bib/);
  });

  test('hover on a key only elsewhere', async () => {
    const text = await client.hoverText(uris['named.tex'], positionOf(NAMED_TEX, 'key5', 1));
    assert.equal(text, 'Cite key `key5` is not defined in named.bib.');
  });

  test('completion lists only the named file', async () => {
    const items = await client.completion(uris['named.tex'], positionOf(NAMED_TEX, '\\autocite{', '\\autocite{'.length));
    assert.deepEqual(
      items.map((item) => item.label),
      ['shared2025'],
    );
    assert.equal(items[0].detail, 'Title From The Named File — Ada Named, 2025');
  });

  test('completion without a named file lists all', async () => {
    const items = await client.completion(uris['unnamed.tex'], positionOf(UNNAMED_TEX, '\\cite{', '\\cite{'.length));
    assert.deepEqual(items.map((item) => item.label).sort(), ['key5', 'shared2025']);
  });

  test('key only in another file is undefined', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['named.tex'], (list) => list.length === 2, 'with two undefined keys');
    assert.deepEqual(messages(diagnostics), [
      'Cite key "key5" is not defined in named.bib.',
      `Cite key "${CACHED_KEY}" is not defined in named.bib.`,
    ]);
    const key5 = diagnostics.find((diagnostic) => diagnostic.message.includes('key5'))!;
    assert.deepEqual(key5.range.start, positionOf(NAMED_TEX, 'key5'));
    assert.equal(key5.code, 'undefinedCiteKey');
  });

  test('workspace keys count without a named file', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['unnamed.tex'], (list) => list.length === 1, 'with one undefined key');
    assert.deepEqual(messages(diagnostics), [`Cite key "${CACHED_KEY}" is not defined in any .bib file of the workspace.`]);
  });

  test('missing named file is reported', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['missing.tex'], (list) => list.length > 0, 'with a missing file');
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0].message, 'Bibliography file refs.bib not found next to the document or in the workspace folder.');
    assert.equal(diagnostics[0].severity, 2);
    assert.equal(diagnostics[0].code, 'bibliographyNotFound');
    assert.deepEqual(diagnostics[0].range, {
      start: positionOf(MISSING_TEX, 'refs}'),
      end: positionOf(MISSING_TEX, 'refs}', 'refs'.length),
    });
  });

  test('quick fix targets the named file', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['named.tex'], (list) => list.length === 2, 'with two undefined keys');
    const cached = diagnostics.find((diagnostic) => diagnostic.message.includes(CACHED_KEY))!;
    const actions = (await client.codeActions(uris['named.tex'], cached.range, [cached])) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      [`Add BibTeX entry "${CACHED_KEY}" to named.bib`],
    );
    assert.equal(actions[0].isPreferred, true);
    assert.ok(actions[0].edit?.changes?.[uris['named.bib']], JSON.stringify(actions[0].edit));
  });

  test('quick fixes with two workspace files', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['unnamed.tex'], (list) => list.length === 1, 'with one undefined key');
    const actions = (await client.codeActions(uris['unnamed.tex'], diagnostics[0].range, diagnostics)) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      [`Add BibTeX entry "${CACHED_KEY}" to named.bib`, `Add BibTeX entry "${CACHED_KEY}" to other.bib`],
    );
    assert.ok(actions.every((action) => action.isPreferred === false));
    assert.ok(actions[1].edit?.changes?.[uris['other.bib']], JSON.stringify(actions[1].edit));
  });

  test('insert actions with two workspace files', async () => {
    const position = positionOf(PLAIN_MD, 'arXiv:2502.18858', 3);
    const actions = (await client.codeActions(uris['plain.md'], { start: position, end: position })) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Open paper arXiv:2502.18858', 'Add BibTeX entry for arXiv:2502.18858 to named.bib', 'Add BibTeX entry for arXiv:2502.18858 to other.bib'],
    );
  });

  test('insert action for a named Markdown bibliography', async () => {
    const position = positionOf(CITING_MD, 'arXiv:2502.18858', 3);
    const actions = (await client.codeActions(uris['citing.md'], { start: position, end: position })) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Open paper arXiv:2502.18858', 'Add BibTeX entry for arXiv:2502.18858 to named.bib'],
    );
  });

  test('Markdown front matter enables Pandoc warnings', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['citing.md'], (list) => list.length === 2, 'with two undefined keys');
    assert.deepEqual(messages(diagnostics), [
      'Cite key "key5" is not defined in named.bib.',
      'Cite key "key6" is not defined in named.bib.',
    ]);
    assert.deepEqual(diagnostics.find((diagnostic) => diagnostic.message.includes('key6'))!.range.start, positionOf(CITING_MD, 'key6'));
  });

  test('Markdown without front matter has none', async () => {
    const diagnostics = await client.waitForDiagnostics(uris['plain.md'], () => true, 'at all');
    assert.deepEqual(diagnostics, []);
  });

  test('creating the missing file clears the warning', async () => {
    writeFileSync(path.join(workspace, 'refs.bib'), '@misc{shared2025, title = {Third}}\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(workspace, 'refs.bib')).href, type: 1 }],
    });
    await client.waitForDiagnostics(uris['missing.tex'], (list) => list.length === 0, 'after refs.bib was created');
  });

  test('server logged no errors and is running', () => {
    assert.equal(client.exitCode, undefined);
    assert.deepEqual(client.errors, []);
  });
});
