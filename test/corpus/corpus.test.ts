// Runs the parser over a folder of real Daily Papers API responses kept outside the
// project. Set PAPER_READER_CORPUS to its path (absolute, or relative to the project root).
// The folder contains `hf_daily_papers/<YYYY-MM-DD>.json` and
// `hf_daily_papers_malformed/<YYYY-MM-DD>.json`.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Logger } from '../../src/common/logger';
import { startApiServer } from '../../src/demo/apiServer';
import { DailyPapersClient } from '../../src/papers/dailyPapersClient';
import { isDayKey, toDayKey } from '../../src/papers/dates';
import { HttpClient } from '../../src/papers/http';
import type { Paper } from '../../src/papers/model';
import { parseDailyPapersItems, ResponseFormatError } from '../../src/papers/parse';
import { CORPUS_FOLDER } from './corpusFolder';

const CORPUS = CORPUS_FOLDER;
const DAILY_FOLDER = path.join(CORPUS, 'hf_daily_papers');
const MALFORMED_FOLDER = path.join(CORPUS, 'hf_daily_papers_malformed');
const MISSING_MESSAGE = `corpus not found at ${CORPUS}; set PAPER_READER_CORPUS`;

interface ParsedFile {
  day: string;
  items: unknown[];
  papers: Paper[];
  skipped: number;
}

function jsonFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

function parseCorpusFile(folder: string, name: string): ParsedFile {
  const day = name.slice(0, -'.json'.length);
  const items = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as unknown[];
  const { papers, skipped } = parseDailyPapersItems(items, { requestedDay: day, source: name });
  return { day, items, papers, skipped };
}

/** Items as the API sends them, for checks against raw fields. */
interface RawItem {
  paper: { id: string; submittedOnDailyAt?: string };
}

let parsedFiles: ParsedFile[] | undefined;

function corpusFiles(): ParsedFile[] {
  parsedFiles ??= jsonFiles(DAILY_FOLDER).map((name) => parseCorpusFile(DAILY_FOLDER, name));
  return parsedFiles;
}

describe('corpus', () => {
  const available = existsSync(DAILY_FOLDER);

  test('every file parses into complete papers', (t) => {
    if (!available) {
      t.diagnostic(MISSING_MESSAGE);
      t.skip(MISSING_MESSAGE);
      return;
    }

    const files = corpusFiles();
    assert.ok(files.length > 0, `no JSON files in ${DAILY_FOLDER}`);
    let itemCount = 0;
    let paperCount = 0;

    for (const file of files) {
      const distinctIds = new Set((file.items as RawItem[]).map((item) => item.paper.id));
      const duplicates = file.items.length - distinctIds.size;
      assert.equal(file.skipped, 0, `${file.day}: skipped items`);
      assert.equal(file.items.length, file.papers.length + duplicates, `${file.day}: items in vs papers out`);
      itemCount += file.items.length;
      paperCount += file.papers.length;

      for (const paper of file.papers) {
        const where = `${file.day} ${paper.arxivId}`;
        assert.ok(paper.arxivId, `${file.day}: paper without arXiv id`);
        assert.ok(paper.title, `${where}: empty title`);
        assert.doesNotMatch(paper.title, /\n/, `${where}: newline in title`);
        assert.ok(paper.authors.length >= 1, `${where}: no authors`);
        assert.ok(paper.dailyDate, `${where}: no dailyDate`);
        assert.ok(isDayKey(paper.dailyDate), `${where}: dailyDate ${paper.dailyDate}`);
      }
    }
    t.diagnostic(`${files.length} files, ${itemCount} items, ${paperCount} papers`);
  });

  test('dailyDate follows submittedOnDailyAt', (t) => {
    if (!available) {
      t.skip(MISSING_MESSAGE);
      return;
    }

    let checked = 0;
    for (const file of corpusFiles()) {
      const papersById = new Map(file.papers.map((paper) => [paper.arxivId, paper]));
      for (const item of file.items as RawItem[]) {
        const submittedOnDailyAt = item.paper.submittedOnDailyAt;
        if (submittedOnDailyAt === undefined) {
          continue;
        }
        const paper = papersById.get(item.paper.id);
        assert.equal(
          paper?.dailyDate,
          toDayKey(new Date(submittedOnDailyAt)),
          `${file.day} ${item.paper.id}: dailyDate vs submittedOnDailyAt ${submittedOnDailyAt}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 0, 'no item with submittedOnDailyAt in the corpus');
  });

  test('malformed file yields no papers', (t) => {
    if (!available || !existsSync(MALFORMED_FOLDER)) {
      t.skip(MISSING_MESSAGE);
      return;
    }

    for (const name of jsonFiles(MALFORMED_FOLDER)) {
      const file = parseCorpusFile(MALFORMED_FOLDER, name);
      assert.equal(file.papers.length, 0, name);
      assert.equal(file.skipped, file.items.length, name);
      assert.ok(file.items.length > 0, name);
    }
  });

  test('malformed file fails fetchDay', async (t) => {
    if (!available || !existsSync(MALFORMED_FOLDER)) {
      t.skip(MISSING_MESSAGE);
      return;
    }

    // The server reads from a temporary copy so no corpus file lands in the project.
    const directory = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-corpus-'));
    const names = jsonFiles(MALFORMED_FOLDER);
    for (const name of names) {
      copyFileSync(path.join(MALFORMED_FOLDER, name), path.join(directory, name));
    }
    const api = await startApiServer({ fixturesDir: directory });

    try {
      for (const name of names) {
        const warnings: string[] = [];
        const logger: Logger = {
          trace: () => undefined,
          debug: () => undefined,
          info: () => undefined,
          warn: (message: string) => warnings.push(message),
          error: () => undefined,
        };
        const client = new DailyPapersClient({
          baseUrl: api.url,
          http: new HttpClient({ userAgent: 'paper-reader-tests', maxRetries: 0 }),
          logger,
        });
        const day = name.slice(0, -'.json'.length);

        // A day whose items are all unreadable is an error, not a day without papers.
        const items = (JSON.parse(readFileSync(path.join(MALFORMED_FOLDER, name), 'utf8')) as unknown[]).length;
        await assert.rejects(client.fetchDay(day), (error: unknown) => {
          assert.ok(error instanceof ResponseFormatError, name);
          assert.ok(error.message.includes(`none of the ${items} items for ${day} could be read`), error.message);
          return true;
        });
        assert.deepEqual(warnings, [], name);
      }
    } finally {
      await api.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
