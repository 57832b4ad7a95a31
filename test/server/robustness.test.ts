// Feeds the real server thousands of generated and mutated documents over stdio: random
// text, deep brace nesting, a 1 MB line, half-written cite commands and broken .bib files.
// Every request must get a response, the server must log no handler failure, and the
// process must still be running at the end. The loop is bounded in count and in time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import { startArxivServer, type ArxivServer } from './arxivServer';
import { REPOSITORY_ROOT, TestClient } from './lspClient';

const DOCUMENTS = 3000;
/** The loop stops early after this long, so a slow machine cannot hang the suite. */
const TIME_BUDGET_MS = 90_000;
const LANGUAGES = ['latex', 'tex', 'bibtex', 'markdown', 'plaintext'];

const SEED_BIB = `@misc{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Ashish Vaswani and Noam Shazeer},
  year = {2017},
  eprint = {1706.03762},
}
@string{conf = "Proc. " # {ICML}}
@article{smith2020, title = "A {Quoted} Title", journal = conf, year = 2020}
`;

const SEED_TEXT = `Intro \\cite{vaswani2017attention} and \\citep[p.~1]{a,b, c} with arXiv:2502.18858v2,
https://arxiv.org/pdf/1706.03762.pdf and [@smith2020; @other] or doi:10.48550/arXiv.2503.05236.
| 2502.18858 | 0.93 | % comment \\cite{x}
`;

/** A linear congruential generator, so a failure can be reproduced from its document number. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generateDocument(index: number, random: () => number): { languageId: string; text: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const languageId = LANGUAGES[index % LANGUAGES.length];
  const kind = index % 9;

  switch (kind) {
    case 0: {
      // Random UTF-16 code units, lone surrogates included.
      let text = '';
      const length = Math.floor(random() * 2000);
      for (let i = 0; i < length; i++) {
        text += String.fromCharCode(Math.floor(random() * 0x10000));
      }
      return { languageId, text };
    }
    case 1: {
      const depth = 1 + Math.floor(random() * 20_000);
      return { languageId, text: `\\cite{${'{'.repeat(depth)}key${'}'.repeat(Math.floor(depth / 2))}` };
    }
    case 2:
      return { languageId, text: pick(['\\cite{', '\\citep[see][', '\\autocite{a,', '[@', '@', 'arXiv:', 'arXiv:2502.', '\\textcite{vas', '\\cite{%\n']) };
    case 3:
      return { languageId: 'bibtex', text: mutate(SEED_BIB, random) };
    case 4:
      return { languageId, text: mutate(SEED_TEXT, random) };
    case 5: {
      const alphabet = '@{}()[],="#%\\\n\t :.0123456789abcvxiArX/';
      let text = '';
      const length = Math.floor(random() * 3000);
      for (let i = 0; i < length; i++) {
        text += alphabet[Math.floor(random() * alphabet.length)];
      }
      return { languageId, text };
    }
    case 6:
      return { languageId, text: SEED_TEXT.repeat(1 + Math.floor(random() * 50)) };
    case 7:
      return { languageId: 'bibtex', text: SEED_BIB.slice(0, Math.floor(random() * SEED_BIB.length)) };
    default:
      return { languageId, text: `${'\\'.repeat(Math.floor(random() * 5000))}%${'@'.repeat(Math.floor(random() * 5000))}` };
  }
}

function mutate(text: string, random: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (result.length + 1));
    const length = Math.floor(random() * 20);
    const insert = ['', '{', '}', '"', ',', '@', '%', '\n', '\\cite{', 'arXiv:', '#'][Math.floor(random() * 11)];
    result = result.slice(0, at) + insert + result.slice(at + (random() < 0.5 ? length : 0));
  }
  return result;
}

function randomPosition(text: string, random: () => number): Position {
  const lines = text.split('\n');
  const line = Math.floor(random() * (lines.length + 1));
  return { line, character: Math.floor(random() * ((lines[line]?.length ?? 0) + 3)) };
}

describe('language server robustness', () => {
  let api: ApiServer;
  let arxiv: ArxivServer;
  let workspace: string;
  let client: TestClient;

  before(async () => {
    api = await startApiServer({ fixturesDir: path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'daily_papers') });
    arxiv = await startArxivServer();
    workspace = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-fuzz-'));
    const random = randomSource(99);
    writeFileSync(path.join(workspace, 'good.bib'), SEED_BIB);
    for (let i = 0; i < 5; i++) {
      writeFileSync(path.join(workspace, `broken${i}.bib`), mutate(SEED_BIB.repeat(3), random));
    }
    client = await TestClient.start({
      workspaceFolder: workspace,
      initializationOptions: {
        cacheDirectory: path.join(workspace, '.cache'),
        baseUrl: api.url,
        arxivBaseUrl: arxiv.url,
        userAgent: 'paper-reader-tests',
        arxivMinIntervalMs: 0,
      },
      settings: { baseUrl: api.url, languageServer: { hoverTimeoutMs: 50, allowBareIds: true } },
    });
  });

  after(async () => {
    await client?.stop();
    await api?.close();
    await arxiv?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('answers every request for generated documents', async (t) => {
    const random = randomSource(12345);
    const started = Date.now();
    let answered = 0;
    let documents = 0;

    for (let index = 0; index < DOCUMENTS && Date.now() - started < TIME_BUDGET_MS; index++) {
      const { languageId, text } = generateDocument(index, random);
      const uri = pathToFileURL(path.join(workspace, `generated-${index}.${languageId === 'bibtex' ? 'bib' : 'txt'}`)).href;
      client.open(uri, languageId, text);

      const requests: Array<Promise<unknown>> = [
        client.hover(uri, randomPosition(text, random)),
        client.completion(uri, randomPosition(text, random)),
        client.codeActions(uri, { start: randomPosition(text, random), end: randomPosition(text, random) }),
      ];
      if (index % 10 === 0) {
        requests.push(client.documentLinks(uri));
        const start = randomPosition(text, random);
        client.change(uri, ['{', '\\cite{', '}', '', '@misc{'][index % 5], { start, end: start });
        requests.push(client.hover(uri, start));
      }

      const results = await Promise.allSettled(requests);
      for (const result of results) {
        assert.equal(result.status, 'fulfilled', `document ${index} (${languageId}): ${JSON.stringify((result as PromiseRejectedResult).reason?.message)}`);
      }
      answered += results.length;
      documents++;

      // Diagnostics are debounced, so most documents close before they run; some wait for them.
      if (index % 100 === 0) {
        await client.waitForDiagnostics(uri, () => true, `for document ${index}`);
      }
      client.close(uri);
    }

    // One 1 MB line, with references at both ends.
    const longLine = `arXiv:2502.18858 ${'x1.2 \\cite{a} '.repeat(70_000)} https://arxiv.org/abs/1706.03762`;
    const longUri = pathToFileURL(path.join(workspace, 'long.md')).href;
    client.open(longUri, 'markdown', longLine);
    const longResults = await Promise.allSettled([
      client.hover(longUri, { line: 0, character: 3 }),
      client.completion(longUri, { line: 0, character: longLine.length - 5 }),
      client.documentLinks(longUri),
      client.codeActions(longUri, { start: { line: 0, character: 0 }, end: { line: 0, character: longLine.length } }),
    ]);
    assert.deepEqual(
      longResults.map((result) => result.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    const links = (longResults[2] as PromiseFulfilledResult<Array<{ target: string }>>).value;
    assert.equal(links.length, 2);
    client.close(longUri);

    t.diagnostic(`${documents} documents, ${answered} requests answered in ${Date.now() - started} ms`);
    assert.ok(documents >= 500, `only ${documents} documents were sent within the time budget`);
    assert.ok(answered >= documents * 3);
    assert.equal(client.exitCode, undefined, 'the server process is still running');
    assert.deepEqual(client.errors, []);

    // The server still responds normally afterwards.
    const checkUri = pathToFileURL(path.join(workspace, 'check.tex')).href;
    const check = '\\cite{vaswani2017attention}';
    client.open(checkUri, 'latex', check);
    const hover = await client.hoverText(checkUri, { line: 0, character: 8 });
    assert.match(hover, /Attention Is All You Need/);
  });
});
