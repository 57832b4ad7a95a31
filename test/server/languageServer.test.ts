// Drives the real server bundle over stdio against the fixture Daily Papers API and the
// fixture arXiv API, with a temporary workspace holding a Markdown note, a LaTeX paper and
// one .bib file. Build first: node esbuild.js.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import { PaperCache } from '../../src/papers/cache';
import { parseDailyPapersItems } from '../../src/papers/parse';
import { silentLogger } from '../../src/common/logger';
import { startArxivServer, type ArxivServer } from './arxivServer';
import { positionOf, REPOSITORY_ROOT, TestClient } from './lspClient';

const DAILY_FIXTURES = path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'daily_papers');

const NOTES = `# Notes

We build on arXiv:2502.18858 and [the transformer](https://arxiv.org/abs/1706.03762v5).
Hugging Face only: https://huggingface.co/papers/2503.05236
Unknown: arXiv:2501.99999. Pandoc cite [@zhan2025evaluatingintelligencetrialerror].
Version 2401.12345 is not a paper.
Table: | 2502.18858 | 0.93 |
`;

const PAPER = `\\documentclass{article}
\\begin{document}
Trial and error \\cite{zhan2025evaluatingintelligencetrialerror}.
Known \\citep[see][p.~3]{vaswani2017attention, missingkey}.
% \\cite{commentedout}
\\autocite{
\\end{document}
`;

const REFS = `@misc{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Ashish Vaswani and Noam Shazeer},
  year = {2017},
  eprint = {1706.03762},
  archivePrefix = {arXiv}
}

@article{smith2020,
  title = {A Journal Paper}
  author = {Jane Smith},
  journal = {Journal of Tests},
  year = 2020
}

@misc{Vaswani2017Attention, title = {Duplicate}}
`;

/** Polls `condition` every 20 ms until it is true or `timeoutMs` passes, and returns whether it became true. */
async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

function messages(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => diagnostic.message).sort();
}

describe('language server over stdio', () => {
  let api: ApiServer;
  let arxiv: ArxivServer;
  let workspace: string;
  let cacheDirectory: string;
  let client: TestClient;
  let notesUri: string;
  let paperUri: string;
  let refsUri: string;

  before(async () => {
    api = await startApiServer({ fixturesDir: DAILY_FIXTURES });
    arxiv = await startArxivServer();
    workspace = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-lsp-'));
    cacheDirectory = path.join(workspace, '.cache');

    // The Trending view has cached 2025-03-12, so 2502.18858 is known without the network.
    const day = JSON.parse(readFileSync(path.join(DAILY_FIXTURES, '2025-03-12.json'), 'utf8')) as unknown;
    const papers = parseDailyPapersItems(day, { requestedDay: '2025-03-12', source: 'fixture' }).papers;
    await new PaperCache(cacheDirectory, silentLogger).writeList('day', { key: '2025-03-12', papers, fetchedAt: new Date().toISOString() });

    writeFileSync(path.join(workspace, 'refs.bib'), REFS);
    notesUri = pathToFileURL(path.join(workspace, 'notes.md')).href;
    paperUri = pathToFileURL(path.join(workspace, 'paper.tex')).href;
    refsUri = pathToFileURL(path.join(workspace, 'refs.bib')).href;
    writeFileSync(path.join(workspace, 'notes.md'), NOTES);
    writeFileSync(path.join(workspace, 'paper.tex'), PAPER);

    client = await TestClient.start({
      workspaceFolder: workspace,
      initializationOptions: {
        cacheDirectory,
        baseUrl: api.url,
        arxivBaseUrl: arxiv.url,
        userAgent: 'paper-reader-tests',
        arxivMinIntervalMs: 0,
      },
      settings: { baseUrl: api.url, languageServer: { hoverTimeoutMs: 10_000 } },
    });
    client.open(notesUri, 'markdown', NOTES);
    client.open(paperUri, 'latex', PAPER);
  });

  after(async () => {
    await client?.stop();
    await api?.close();
    await arxiv?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('hover on a cached paper', async () => {
    const text = await client.hoverText(notesUri, positionOf(NOTES, 'arXiv:2502.18858', 8));
    assert.match(text, /^\*\*Evaluating Intelligence via Trial and Error\*\*/);
    assert.match(text, /Jingtao Zhan, Jiahao Zhao, Jiayu Li, Yiqun Liu, Bo Zhang et al\./);
    assert.match(text, /2025-02-26/);
    assert.match(text, /2 upvotes/);
    assert.match(text, /Intelligence is measured by how many failed attempts/);
    assert.ok(text.includes('[Open paper](command:paperReader.openPaper?%5B%222502.18858%22%5D)'), text);
    assert.ok(text.includes('[arXiv](https://arxiv.org/abs/2502.18858)'), text);
    assert.ok(text.includes('[PDF](https://arxiv.org/pdf/2502.18858)'), text);
    assert.ok(!api.requests.some((request) => request.includes('2502.18858')), 'no API request for a cached paper');
  });

  test('hover is Markdown with the reference range', async () => {
    const hover = await client.hover(notesUri, positionOf(NOTES, 'arXiv:2502.18858'));
    assert.equal((hover?.contents as { kind: string }).kind, 'markdown');
    assert.deepEqual(hover?.range, {
      start: positionOf(NOTES, 'arXiv:2502.18858'),
      end: positionOf(NOTES, 'arXiv:2502.18858', 'arXiv:2502.18858'.length),
    });
  });

  test('hover fetches from Hugging Face', async () => {
    const text = await client.hoverText(notesUri, positionOf(NOTES, 'papers/2503.05236', 8));
    assert.ok(api.requests.includes('/api/papers/2503.05236'), JSON.stringify(api.requests));
    assert.match(text, /^\*\*\S/);
    assert.ok(existsSync(path.join(cacheDirectory, 'papers', '2503.05236.json')), 'the fetched paper is cached on disk');
  });

  test('hover falls back to arXiv', async () => {
    const text = await client.hoverText(notesUri, positionOf(NOTES, '1706.03762v5'));
    assert.match(text, /^\*\*Attention Is All You Need\*\*/);
    assert.match(text, /Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones et al\./);
    assert.ok(text.includes('[arXiv](https://arxiv.org/abs/1706.03762v5)'), text);
    assert.ok(!/upvote/.test(text), 'arXiv has no upvotes');
    assert.ok(arxiv.requests.includes('/api/query?id_list=1706.03762'));
  });

  test('hover on a cite key', async () => {
    const text = await client.hoverText(paperUri, positionOf(PAPER, 'vaswani2017attention', 3));
    assert.match(text, /^\*\*Attention Is All You Need\*\*/);
    assert.match(text, /Ashish Vaswani, Noam Shazeer · 2017/);
    assert.match(text, /in refs\.bib/);
    assert.ok(text.includes('command:paperReader.openPaper?%5B%221706.03762%22%5D'), text);
  });

  test('hover on an undefined cite key', async () => {
    const text = await client.hoverText(paperUri, positionOf(PAPER, 'missingkey'));
    assert.match(text, /Cite key `missingkey` is not defined in any \.bib file/);
  });

  test('hover on a Pandoc citation', async () => {
    const text = await client.hoverText(notesUri, positionOf(NOTES, '@zhan2025', 2));
    assert.match(text, /Cite key `zhan2025evaluatingintelligencetrialerror` is not defined/);
  });

  test('no hover on plain text', async () => {
    assert.equal(await client.hover(notesUri, positionOf(NOTES, 'Version 2401.12345', 9)), null);
    assert.equal(await client.hover(notesUri, positionOf(NOTES, '| 2502.18858', 3)), null);
  });

  test('LaTeX diagnostics for undefined cite keys', async () => {
    const diagnostics = await client.waitForDiagnostics(paperUri, (list) => list.length === 2, 'with two undefined keys');
    assert.deepEqual(messages(diagnostics), [
      'Cite key "missingkey" is not defined in any .bib file of the workspace.',
      'Cite key "zhan2025evaluatingintelligencetrialerror" is not defined in any .bib file of the workspace.',
    ]);
    const zhan = diagnostics.find((diagnostic) => diagnostic.message.includes('zhan2025'))!;
    assert.equal(zhan.severity, 2);
    assert.deepEqual(zhan.range.start, positionOf(PAPER, 'zhan2025evaluatingintelligencetrialerror'));
  });

  test('quick fix adds the BibTeX entry', async () => {
    const diagnostics = await client.waitForDiagnostics(paperUri, (list) => list.length === 2, 'with two undefined keys');
    const zhan = diagnostics.find((diagnostic) => diagnostic.message.includes('zhan2025'))!;
    const actions = (await client.codeActions(paperUri, zhan.range, [zhan])) ?? [];
    const fix = actions.find((action) => action.kind === 'quickfix');
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.title, 'Add BibTeX entry "zhan2025evaluatingintelligencetrialerror" to refs.bib');
    const edits = fix.edit?.changes?.[refsUri];
    assert.ok(edits, JSON.stringify(fix.edit));
    assert.match(edits[0].newText, /^\n@misc\{zhan2025evaluatingintelligencetrialerror,\n  title=\{Evaluating Intelligence via Trial and Error\},/);
    assert.deepEqual(edits[0].range.start, { line: REFS.split('\n').length - 1, character: 0 });

    const missing = diagnostics.find((diagnostic) => diagnostic.message.includes('missingkey'))!;
    const none = (await client.codeActions(paperUri, missing.range, [missing])) ?? [];
    assert.deepEqual(none, []);
  });

  test('code actions on a reference', async () => {
    const position = positionOf(NOTES, 'arXiv:2502.18858', 3);
    const actions = (await client.codeActions(notesUri, { start: position, end: position })) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Open paper arXiv:2502.18858', 'Add BibTeX entry for arXiv:2502.18858 to refs.bib'],
    );
    assert.deepEqual(actions[0].command, { title: 'Open paper', command: 'paperReader.openPaper', arguments: ['2502.18858'] });
    assert.match(actions[1].edit?.changes?.[refsUri]?.[0].newText ?? '', /eprint=\{2502\.18858\}/);
  });

  test('no insert action for a paper the .bib has', async () => {
    const position = positionOf(NOTES, '1706.03762v5');
    const actions = (await client.codeActions(notesUri, { start: position, end: position })) ?? [];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Open paper arXiv:1706.03762'],
    );
  });

  test('Information for a paper that does not exist', async () => {
    const diagnostics = await client.waitForDiagnostics(notesUri, (list) => list.length > 0, 'with a not-found paper');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 3);
    assert.equal(diagnostics[0].message, 'arXiv:2501.99999 was not found on Hugging Face or arXiv. Check the id.');
    assert.deepEqual(diagnostics[0].range.start, positionOf(NOTES, 'arXiv:2501.99999'));
    assert.ok(api.requests.includes('/api/papers/2501.99999'));
    assert.ok(arxiv.requests.includes('/api/query?id_list=2501.99999'));
  });

  test('document links', async () => {
    const links = (await client.documentLinks(notesUri)) ?? [];
    assert.deepEqual(
      links.map((link) => link.target),
      [
        'https://arxiv.org/abs/2502.18858',
        'https://arxiv.org/abs/1706.03762v5',
        'https://arxiv.org/abs/2503.05236',
        'https://arxiv.org/abs/2501.99999',
      ],
    );
    assert.deepEqual(links[0].range.start, positionOf(NOTES, 'arXiv:2502.18858'));
  });

  test('cite key completion in an open \\autocite{', async () => {
    const items = await client.completion(paperUri, positionOf(PAPER, '\\autocite{', '\\autocite{'.length));
    const labels = items.map((item) => item.label).sort();
    assert.deepEqual(labels, ['Vaswani2017Attention', 'smith2020', 'vaswani2017attention'].sort().filter((label) => label !== 'Vaswani2017Attention'));
    const vaswani = items.find((item) => item.label === 'vaswani2017attention')!;
    assert.equal(vaswani.detail, 'Attention Is All You Need — Ashish Vaswani, Noam Shazeer, 2017');
    assert.equal(vaswani.filterText, 'vaswani2017attention Attention Is All You Need Ashish Vaswani, Noam Shazeer');
  });

  test('cite key completion after a comma', async () => {
    const items = await client.completion(paperUri, positionOf(PAPER, ', missingkey', 2));
    assert.ok(items.some((item) => item.label === 'smith2020'));
    const edit = items[0].textEdit as { range: { start: unknown; end: unknown } };
    assert.deepEqual(edit.range, {
      start: positionOf(PAPER, 'missingkey'),
      end: positionOf(PAPER, 'missingkey', 'missingkey'.length),
    });
  });

  test('Pandoc completion after [@', async () => {
    const items = await client.completion(notesUri, positionOf(NOTES, '[@zhan', 2));
    assert.ok(items.some((item) => item.label === 'vaswani2017attention'));
  });

  test('arXiv completion lists cached papers', async () => {
    const items = await client.completion(notesUri, positionOf(NOTES, 'arXiv:2502.18858', 'arXiv:'.length));
    const zhan = items.find((item) => item.label === '2502.18858');
    assert.ok(zhan, JSON.stringify(items.map((item) => item.label)));
    assert.equal(zhan.detail, 'Evaluating Intelligence via Trial and Error');
    assert.equal(items.length, 10);
  });

  test('no completion outside cite commands', async () => {
    assert.deepEqual(await client.completion(paperUri, { line: 0, character: 3 }), []);
  });

  test('.bib diagnostics', async () => {
    client.open(refsUri, 'bibtex', REFS);
    const diagnostics = await client.waitForDiagnostics(refsUri, (list) => list.length === 2, 'with a syntax error and a duplicate');
    const error = diagnostics.find((diagnostic) => diagnostic.severity === 1)!;
    assert.equal(error.message, 'Missing "," before field "author" in entry "smith2020": add a comma after the previous field.');
    assert.deepEqual(error.range, {
      start: positionOf(REFS, 'author = {Jane'),
      end: positionOf(REFS, 'author = {Jane', 'author'.length),
    });
    const duplicate = diagnostics.find((diagnostic) => diagnostic.severity === 2)!;
    assert.equal(duplicate.message, 'Duplicate cite key "Vaswani2017Attention": it is already defined on line 1.');
    assert.deepEqual(duplicate.range.start, positionOf(REFS, 'Vaswani2017Attention'));
  });

  test('editing the open .bib updates LaTeX diagnostics', async () => {
    const end = positionOf(REFS, 'Duplicate}}', 'Duplicate}}'.length);
    client.change(refsUri, '\n@misc{missingkey, title = {Now Defined}}', { start: end, end });
    const diagnostics = await client.waitForDiagnostics(paperUri, (list) => list.length === 1, 'after missingkey was added');
    assert.deepEqual(messages(diagnostics), [
      'Cite key "zhan2025evaluatingintelligencetrialerror" is not defined in any .bib file of the workspace.',
    ]);
    client.close(refsUri);
    await client.waitForDiagnostics(paperUri, (list) => list.length === 2, 'after the .bib was closed unsaved');
  });

  test('watched .bib change on disk', async () => {
    writeFileSync(path.join(workspace, 'refs.bib'), `${REFS}\n@misc{zhan2025evaluatingintelligencetrialerror, title = {T}}\n`);
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: refsUri, type: 2 }] });
    const diagnostics = await client.waitForDiagnostics(paperUri, (list) => list.length === 1, 'after the file changed');
    assert.match(diagnostics[0].message, /missingkey/);
  });

  test('incremental edit re-runs diagnostics', async () => {
    const start = positionOf(PAPER, 'missingkey');
    client.change(paperUri, 'vaswani2017attention', { start, end: positionOf(PAPER, 'missingkey', 'missingkey'.length) });
    await client.waitForDiagnostics(paperUri, (list) => list.length === 0, 'after the edit');
  });

  test('slow look-up answers in time and caches', async () => {
    await client.updateSettings({ baseUrl: api.url, languageServer: { hoverTimeoutMs: 100 } });

    const text = 'Old style arXiv:hep-th/9901001 here.\n';
    const uri = pathToFileURL(path.join(workspace, 'slow.txt')).href;
    arxiv.hold();
    client.open(uri, 'plaintext', text);
    try {
      let hover = '';
      // The server applies the settings just after reading them, so a hover may still race it.
      for (let attempt = 0; attempt < 100 && !hover.startsWith('Looking up'); attempt++) {
        hover = await client.hoverText(uri, positionOf(text, 'hep-th', 2));
      }
      assert.match(hover, /^Looking up arXiv:hep-th\/9901001… hover again in a moment\./);
    } finally {
      arxiv.release();
    }

    let hover = '';
    for (let attempt = 0; attempt < 100 && !hover.startsWith('**'); attempt++) {
      hover = await client.hoverText(uri, positionOf(text, 'hep-th', 2));
    }
    assert.match(hover, /^\*\*An Old-Style Fixture Paper\*\*/);

    // The hover comes from memory, and the cache file is written right after it.
    const cacheFile = path.join(cacheDirectory, 'papers', 'hep-th_2f9901001.json');
    assert.ok(await eventually(() => existsSync(cacheFile)), `${cacheFile} was not written`);
  });

  test('network failure gives no diagnostic', async () => {
    const text = 'Offline arXiv:2402.00002 here.\n';
    const uri = pathToFileURL(path.join(workspace, 'offline.md')).href;
    await client.updateSettings({ baseUrl: api.url, languageServer: { hoverTimeoutMs: 10_000 } });
    arxiv.setFailure(503);
    try {
      client.open(uri, 'markdown', text);
      let hover = '';
      for (let attempt = 0; attempt < 100 && !hover.startsWith('Could not'); attempt++) {
        hover = await client.hoverText(uri, positionOf(text, '2402', 1));
      }
      assert.match(hover, /^Could not look up arXiv:2402\.00002: .*HTTP 503/);
      // Hugging Face returned 404, so only the arXiv request failed.
      assert.match(hover, /Check the network and the paperReader\.arxivBaseUrl setting\./);
      const diagnostics = await client.waitForDiagnostics(uri, () => true, 'at all');
      assert.deepEqual(diagnostics, []);
    } finally {
      arxiv.setFailure(undefined);
    }
  });

  test('diagnostics setting off clears them', async () => {
    await client.updateSettings({ baseUrl: api.url, languageServer: { diagnostics: false } });
    await client.waitForDiagnostics(notesUri, (list) => list.length === 0, 'after diagnostics were turned off');
  });

  test('server logged no errors and is running', () => {
    assert.equal(client.exitCode, undefined);
    assert.deepEqual(client.errors, []);
  });
});
