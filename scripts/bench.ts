// `npm run bench`: measures what BENCHMARKS.md records. It is a script, not a test, so the
// figures are printed and nothing fails on a slow machine.
//   1. Parsing and grouping the real corpus, next to a plain JSON.parse of the same bytes.
//   2. The size of the bundles on the activation path.
//   3. In a real VS Code (code-server), the time from activation to the first tree items.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDailyPapersItems } from '../src/papers/parse';
import { CORPUS_FOLDER } from '../test/corpus/corpusFolder';
import { measureFirstTreeItems } from '../test/e2e/firstTreeItems';

const ROOT = path.resolve(__dirname, '..', '..');
const ROUNDS = 5;

function corpusFolder(): string {
  return path.join(CORPUS_FOLDER, 'hf_daily_papers');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function benchCorpus(): void {
  const folder = corpusFolder();
  if (!fs.existsSync(folder)) {
    console.log(`corpus: not found at ${folder}; set PAPER_READER_CORPUS to measure parsing`);
    return;
  }

  const files = fs.readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  const texts = files.map((name) => fs.readFileSync(path.join(folder, name), 'utf8'));
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

  const jsonOnly: number[] = [];
  const parseAndGroup: number[] = [];
  let papers = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let start = process.hrtime.bigint();
    for (const text of texts) {
      JSON.parse(text);
    }
    jsonOnly.push(Number(process.hrtime.bigint() - start) / 1e6);

    start = process.hrtime.bigint();
    const byDay = new Map<string, number>();
    papers = 0;
    texts.forEach((text, index) => {
      const day = files[index].slice(0, 10);
      const { papers: parsed } = parseDailyPapersItems(JSON.parse(text), { requestedDay: day, source: files[index] });
      papers += parsed.length;
      for (const paper of parsed) {
        const key = paper.dailyDate ?? day;
        byDay.set(key, (byDay.get(key) ?? 0) + 1);
      }
    });
    parseAndGroup.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  console.log(`corpus: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${papers} papers`);
  console.log(`corpus: JSON.parse only            median ${median(jsonOnly).toFixed(1)} ms over ${ROUNDS} rounds`);
  console.log(`corpus: JSON.parse + parse + group median ${median(parseAndGroup).toFixed(1)} ms over ${ROUNDS} rounds`);
}

function benchBundles(): void {
  for (const file of ['dist/extension.js', 'dist/webview.js', 'dist/server.js', 'dist/citation-engine.js']) {
    const full = path.join(ROOT, file);
    const size = fs.existsSync(full) ? fs.statSync(full).size : 0;
    console.log(`bundle: ${file} ${(size / 1024).toFixed(1)} KiB`);
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  benchCorpus();
  benchBundles();

  if (process.env.PAPER_READER_BENCH_SKIP_VSCODE === '1') {
    console.log('vscode: skipped (PAPER_READER_BENCH_SKIP_VSCODE=1)');
    return;
  }
  const runs = await measureFirstTreeItems(3);
  console.log(`vscode: activation → first tree items: ${runs.map((ms) => `${ms} ms`).join(', ')} (median ${median(runs)} ms)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
