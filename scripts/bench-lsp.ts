// Measures the language server's hover and completion latency through the real server
// bundle over stdio: 5,000 papers in the cache (100 cached days of 50) and a .bib file of
// 2,000 entries. Each figure is the median and 95th percentile of 200 requests, timed from
// sending the request to receiving the response, after a warm-up.
//
// Run: npx tsc -p tsconfig.test.json && node esbuild.js && node out/scripts/bench-lsp.js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol';
import { toBibTeX } from '../src/citations/bibtex';
import { silentLogger } from '../src/common/logger';
import { startApiServer } from '../src/demo/apiServer';
import { PaperCache } from '../src/papers/cache';
import type { Paper } from '../src/papers/model';
import { startArxivServer } from '../test/server/arxivServer';
import { positionOf, REPOSITORY_ROOT, TestClient } from '../test/server/lspClient';
import { authorsNamed, paperBuilder } from '../test/unit/builders';

const DAYS = 100;
const PAPERS_PER_DAY = 50;
const BIB_ENTRIES = 2000;
const REQUESTS = 200;
const WARM_UP = 20;

const WORDS = 'learning model language vision graph sparse attention diffusion robust agent reasoning scaling memory policy token'.split(' ');

function generatedPaper(index: number): Paper {
  const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(index / PAPERS_PER_DAY) * 86_400_000).toISOString().slice(0, 10);
  const yymm = `${day.slice(2, 4)}${day.slice(5, 7)}`;
  const title = [0, 1, 2, 3, 4].map((offset) => WORDS[(index * 7 + offset * 3) % WORDS.length]).join(' ');
  return paperBuilder({
    arxivId: `${yymm}.${String(10000 + index).padStart(5, '0')}`,
    title: `${title} ${index}`,
    authors: authorsNamed(`Author${index} Surname${index % 97}`, `Second Author${index % 13}`, 'Third Author'),
    abstract: `Generated abstract number ${index}. `.repeat(20),
    publishedAt: `${day}T00:00:00.000Z`,
    dailyDate: day,
    upvotes: index % 50,
  });
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function measure(label: string, run: (index: number) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < WARM_UP; index++) {
    await run(index);
  }
  const times: number[] = [];
  for (let index = 0; index < REQUESTS; index++) {
    const start = performance.now();
    await run(index);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} median ${percentile(times, 0.5).toFixed(2).padStart(7)} ms   p95 ${percentile(times, 0.95).toFixed(2).padStart(7)} ms   (n=${REQUESTS})`,
  );
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-bench-lsp-'));
  const workspace = path.join(root, 'workspace');
  const cacheDirectory = path.join(root, 'cache');
  const api = await startApiServer({ fixturesDir: path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'daily_papers') });
  const arxiv = await startArxivServer();
  let client: TestClient | undefined;

  try {
    const cache = new PaperCache(cacheDirectory, silentLogger);
    const papers: Paper[] = [];
    for (let day = 0; day < DAYS; day++) {
      const list = Array.from({ length: PAPERS_PER_DAY }, (_, offset) => generatedPaper(day * PAPERS_PER_DAY + offset));
      papers.push(...list);
      await cache.writeList('day', { key: list[0].dailyDate!, papers: list, fetchedAt: new Date().toISOString() });
    }

    const bibPapers = papers.slice(0, BIB_ENTRIES);
    const keys = bibPapers.map((_, index) => `key${index}`);
    const bib = bibPapers.map((paper, index) => toBibTeX(paper, { citeKey: keys[index] })).join('\n');
    const tex = ['\\documentclass{article}', '\\begin{document}']
      .concat(keys.slice(0, REQUESTS).map((key) => `Claim \\cite{${key}} and arXiv:${papers[keys.indexOf(key) + 2500].arxivId}.`))
      .concat(['\\cite{', '\\end{document}', ''])
      .join('\n');

    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'refs.bib'), bib);
    const texPath = path.join(workspace, 'paper.tex');
    writeFileSync(texPath, tex);

    client = await TestClient.start({
      workspaceFolder: workspace,
      initializationOptions: { cacheDirectory, baseUrl: api.url, arxivBaseUrl: arxiv.url, userAgent: 'paper-reader-bench' },
      settings: { baseUrl: api.url },
    });
    const uri = pathToFileURL(texPath).href;
    client.open(uri, 'latex', tex);
    await client.waitForDiagnostics(uri, () => true, 'for the benchmark document', 60_000);

    const citePositions: Position[] = keys.slice(0, REQUESTS).map((key) => positionOf(tex, `{${key}}`, 2));
    const arxivPositions: Position[] = keys.slice(0, REQUESTS).map((_, index) => positionOf(tex, 'arXiv:', 3, index + 1));
    const openCite = positionOf(tex, '\\cite{\n', '\\cite{'.length);

    console.log(`Paper Reader language server: ${papers.length} cached papers, ${BIB_ENTRIES} .bib entries, ${os.cpus().length} CPUs, Node ${process.version}`);
    await measure('hover on arXiv id (cached paper)', (index) => client!.hover(uri, arxivPositions[index % REQUESTS]));
    await measure('hover on cite key', (index) => client!.hover(uri, citePositions[index % REQUESTS]));
    await measure('completion in \\cite{ (2,000 keys)', async () => {
      const items = await client!.completion(uri, openCite);
      if (items.length !== BIB_ENTRIES) {
        throw new Error(`Expected ${BIB_ENTRIES} completion items, got ${items.length}.`);
      }
    });
    const afterPrefixes = arxivPositions.map((position) => ({ line: position.line, character: position.character + 'iv:'.length }));
    await measure('completion after arXiv: (5,000 papers)', async (index) => {
      const items = await client!.completion(uri, afterPrefixes[index % REQUESTS]);
      if (items.length !== 2000) {
        throw new Error(`Expected the 2000-item cap of completion items, got ${items.length}.`);
      }
    });
    if (client.errors.length > 0) {
      console.log(`Server errors:\n${client.errors.join('\n')}`);
    }
    if (api.requests.length > 0 || arxiv.requests.length > 0) {
      console.log(`Network requests during the benchmark: ${api.requests.length} to the API, ${arxiv.requests.length} to arXiv.`);
    }
  } finally {
    await client?.stop();
    await api.close();
    await arxiv.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
