import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Logger } from '../../src/common/logger';
import { decodeFileStem, encodeFileStem, PaperCache } from '../../src/papers/cache';
import type { PaperList } from '../../src/papers/model';
import { paperBuilder } from './builders';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => warnings.push(message),
    error: () => undefined,
  };
}

function list(key: string, ...arxivIds: string[]): PaperList {
  return {
    key,
    papers: arxivIds.map((arxivId) => paperBuilder({ arxivId, title: `Paper ${arxivId}` })),
    fetchedAt: '2025-03-12T08:00:00.000Z',
  };
}

describe('PaperCache', () => {
  let root: string;
  let directory: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-cache-'));
    directory = path.join(root, 'cache');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test('directory is created lazily', async () => {
    const cache = new PaperCache(directory, recordingLogger());
    assert.equal(await cache.readList('day', '2025-03-12'), undefined);
    assert.deepEqual(await cache.listKeys('day'), []);
    assert.equal(existsSync(directory), false);

    await cache.writeList('day', list('2025-03-12', '2502.18858'));
    assert.equal(existsSync(directory), true);
  });

  test('list round-trips with envelope', async () => {
    const cache = new PaperCache(directory, recordingLogger());
    const written = list('2025-03-12', '2502.18858', '2503.07639');
    await cache.writeList('day', written);

    assert.deepEqual(await cache.readList('day', '2025-03-12'), written);
    const file = JSON.parse(readFileSync(path.join(directory, 'day', '2025-03-12.json'), 'utf8'));
    assert.equal(file.schemaVersion, 1);
    assert.deepEqual(file.data, written);
  });

  test('old entries cleaned on read', async () => {
    const stale = paperBuilder({
      arxivId: '2502.18858',
      title: `Trial ${'x'.repeat(5_000)}`,
      authors: [{ name: 'Jingtao \u202eZhan' }, { name: 'Jiahao Zhao' }],
      upvotes: 1e308,
    });
    mkdirSync(path.join(directory, 'day'), { recursive: true });
    const envelope = { schemaVersion: 1, data: { key: '2025-03-12', fetchedAt: '2025-03-12T08:00:00.000Z', papers: [stale] } };
    writeFileSync(path.join(directory, 'day', '2025-03-12.json'), JSON.stringify(envelope));

    const cache = new PaperCache(directory, recordingLogger());
    const [paper] = (await cache.readList('day', '2025-03-12'))!.papers;
    assert.ok(paper.title.length <= 1_000);
    assert.equal(paper.authors[0].name, 'Jingtao Zhan');
    assert.equal(paper.authors[1].name, 'Jiahao Zhao');
    assert.equal(paper.upvotes, 1_000_000_000);
  });

  test('atomic write leaves no temporary files', async () => {
    const cache = new PaperCache(directory, recordingLogger());
    await Promise.all([
      cache.writeList('day', list('2025-03-12', '2502.18858')),
      cache.writeList('day', list('2025-03-12', '2503.07639')),
      cache.writeList('week', list('2025-W11', '2502.18858')),
    ]);
    await cache.writeList('day', list('2025-03-12', '2503.08120'));

    assert.deepEqual(readdirSync(path.join(directory, 'day')), ['2025-03-12.json']);
    assert.deepEqual(readdirSync(path.join(directory, 'week')), ['2025-W11.json']);
    const stored = await cache.readList('day', '2025-03-12');
    assert.deepEqual(
      stored?.papers.map((paper) => paper.arxivId),
      ['2503.08120'],
    );
  });

  test('corrupt file moved aside, others untouched', async () => {
    const logger = recordingLogger();
    const cache = new PaperCache(directory, logger);
    await cache.writeList('day', list('2025-03-11', '2503.07314'));
    const dayFolder = path.join(directory, 'day');
    const corruptPath = path.join(dayFolder, '2025-03-12.json');
    writeFileSync(corruptPath, '{"schemaVersion": 1, "data": {"key": "2025-03-12", "papers": [');
    const otherBefore = readFileSync(path.join(dayFolder, '2025-03-11.json'), 'utf8');

    assert.equal(await cache.readList('day', '2025-03-12'), undefined);

    const names = readdirSync(dayFolder).sort();
    assert.equal(names.length, 2);
    assert.equal(names[0], '2025-03-11.json');
    assert.match(names[1], /^2025-03-12\.json\.corrupt-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
    assert.equal(readFileSync(path.join(dayFolder, '2025-03-11.json'), 'utf8'), otherBefore);
    assert.equal(logger.warnings.length, 1);
    assert.ok(logger.warnings[0].includes(corruptPath));

    // Moved aside once: the next read finds nothing and logs nothing.
    assert.equal(await cache.readList('day', '2025-03-12'), undefined);
    assert.equal(logger.warnings.length, 1);
    assert.deepEqual(await cache.listKeys('day'), ['2025-03-11']);
  });

  test('other schemaVersion moved aside', async () => {
    const logger = recordingLogger();
    const cache = new PaperCache(directory, logger);
    mkdirSync(path.join(directory, 'week'), { recursive: true });
    writeFileSync(path.join(directory, 'week', '2025-W11.json'), JSON.stringify({ schemaVersion: 0, data: list('2025-W11') }));

    assert.equal(await cache.readList('week', '2025-W11'), undefined);
    const names = readdirSync(path.join(directory, 'week'));
    assert.equal(names.length, 1);
    assert.match(names[0], /^2025-W11\.json\.old-schema-/);
    assert.match(logger.warnings[0], /schemaVersion is 0/);
  });

  test('wrong data shape moved aside', async () => {
    const cache = new PaperCache(directory, recordingLogger());
    mkdirSync(path.join(directory, 'month'), { recursive: true });
    writeFileSync(path.join(directory, 'month', '2025-03.json'), JSON.stringify({ schemaVersion: 1, data: { papers: 'no' } }));

    assert.equal(await cache.readList('month', '2025-03'), undefined);
    assert.match(readdirSync(path.join(directory, 'month'))[0], /\.corrupt-/);
  });

  test('ids with slashes map to safe names', async () => {
    const cache = new PaperCache(directory, recordingLogger());
    const paper = paperBuilder({ arxivId: 'hep-th/9901001', title: 'Old-style id' });
    await cache.writePaper(paper);
    await cache.writePaper(paperBuilder({ arxivId: 'math.GT/0309136' }));

    assert.deepEqual(readdirSync(path.join(directory, 'papers')).sort(), [
      'hep-th_2f9901001.json',
      'math.GT_2f0309136.json',
    ]);
    assert.deepEqual(await cache.readPaper('hep-th/9901001'), paper);
    assert.equal(await cache.readPaper('hep-th/9901002'), undefined);
  });

  test('file stem encoding is reversible', () => {
    for (const key of ['2502.18858', 'hep-th/9901001', '2025-W11', 'a_b', '..', '../escape', 'Jörg']) {
      const stem = encodeFileStem(key);
      assert.match(stem, /^[A-Za-z0-9._-]+$/, key);
      assert.ok(!stem.includes('/'), key);
      assert.notEqual(stem, '..');
      assert.equal(decodeFileStem(stem), key);
    }
  });

  test('listKeys sorted and ignores other files', async () => {
    const cache = new PaperCache(directory, recordingLogger());
    await cache.writeList('day', list('2025-03-12'));
    await cache.writeList('day', list('2025-03-10'));
    writeFileSync(path.join(directory, 'day', '2025-03-11.json.corrupt-2025'), '');
    writeFileSync(path.join(directory, 'day', '2025-03-09.json.1-ab.tmp'), '');
    assert.deepEqual(await cache.listKeys('day'), ['2025-03-10', '2025-03-12']);
  });

  test('unreadable path is treated as missing', async () => {
    const logger = recordingLogger();
    const cache = new PaperCache(directory, logger);
    mkdirSync(path.join(directory, 'day', '2025-03-12.json'), { recursive: true });
    assert.equal(await cache.readList('day', '2025-03-12'), undefined);
    assert.equal(logger.warnings.length, 1);
  });
});
