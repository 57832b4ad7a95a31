import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { silentLogger } from '../../src/common/logger';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import { PaperCache } from '../../src/papers/cache';
import { DailyPapersClient } from '../../src/papers/dailyPapersClient';
import { HttpClient, HttpError } from '../../src/papers/http';
import { ResponseFormatError } from '../../src/papers/parse';
import { PaperRepository } from '../../src/papers/repository';
import { paperBuilder } from './builders';
import { startJsonServer } from './jsonServer';

describe('PaperRepository', () => {
  let api: ApiServer;
  let root: string;
  let cache: PaperCache;
  let repository: PaperRepository;

  before(async () => {
    api = await startApiServer({ fixturesDir: path.resolve(__dirname, '../../../test/fixtures/daily_papers') });
  });

  after(async () => {
    await api.close();
  });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-repository-'));
    cache = new PaperCache(path.join(root, 'cache'), silentLogger);
    const client = new DailyPapersClient({
      baseUrl: api.url,
      http: new HttpClient({ userAgent: 'paper-reader-tests', maxRetries: 0 }),
      logger: silentLogger,
      now: () => new Date('2025-03-12T12:00:00.000Z'),
    });
    repository = new PaperRepository(client, cache, silentLogger);
    api.setFault(undefined);
  });

  afterEach(() => {
    api.setFault(undefined);
    rmSync(root, { recursive: true, force: true });
  });

  test('refresh writes the cache', async () => {
    const list = await repository.refresh('day', '2025-03-12');
    assert.equal(list.key, '2025-03-12');
    assert.equal(list.papers.length, 10);
    assert.ok(!Number.isNaN(Date.parse(list.fetchedAt)));
    assert.deepEqual(await repository.getCached('day', '2025-03-12'), list);
  });

  test('refresh merges with cache', async () => {
    const earlier = paperBuilder({ arxivId: '2503.99999', title: 'Only in the earlier fetch' });
    const stale = paperBuilder({ arxivId: '2502.18858', upvotes: 1, aiSummary: 'Kept from cache' });
    await cache.writeList('day', { key: '2025-03-12', papers: [earlier, stale], fetchedAt: '2025-03-12T06:00:00.000Z' });

    const list = await repository.refresh('day', '2025-03-12');
    assert.equal(list.papers.length, 11);
    assert.ok(list.papers.some((paper) => paper.arxivId === '2503.99999'));

    const merged = list.papers.find((paper) => paper.arxivId === '2502.18858');
    assert.equal(merged?.upvotes, 2);
    assert.equal(merged?.aiSummary, 'Kept from cache');
    assert.equal(merged?.title, 'Evaluating Intelligence via Trial and Error');
  });

  test('failed refresh leaves cache intact', async () => {
    await repository.refresh('day', '2025-03-12');
    const file = path.join(root, 'cache', 'day', '2025-03-12.json');
    const contentBefore = readFileSync(file, 'utf8');

    api.setFault({ kind: 'status', status: 503 });
    await assert.rejects(repository.refresh('day', '2025-03-12'), HttpError);
    assert.equal(readFileSync(file, 'utf8'), contentBefore);
  });

  test('refresh week', async () => {
    const list = await repository.refresh('week', '2025-W11');
    assert.equal(list.papers.length, 15);
    assert.deepEqual(await cache.listKeys('week'), ['2025-W11']);
  });

  test('lookUp from network then cache', async () => {
    const paper = await repository.lookUp('https://arxiv.org/abs/2502.18858v2');
    assert.equal(paper?.title, 'Evaluating Intelligence via Trial and Error');
    assert.deepEqual(await cache.readPaper('2502.18858'), paper);

    api.requests.length = 0;
    api.setFault({ kind: 'reset' });
    assert.deepEqual(await repository.lookUp('2502.18858'), paper);
    assert.equal(api.requests.length, 0);
  });

  test('lookUp keeps list-only fields', async () => {
    await repository.refresh('day', '2025-03-12');
    const paper = await repository.lookUp('2502.18858', { preferCache: false });
    assert.equal(paper?.numComments, 2);
    assert.equal(paper?.dailyDate, '2025-03-12');
  });

  test('lookUp 404 is undefined', async () => {
    assert.equal(await repository.lookUp('2502.02040'), undefined);
  });

  test('lookUp offline falls back to cached list', async () => {
    await repository.refresh('day', '2025-03-12');
    api.setFault({ kind: 'reset' });
    const paper = await repository.lookUp('2503.07604', { preferCache: false });
    assert.equal(paper?.arxivId, '2503.07604');
  });

  test('lookUp offline without cache throws', async () => {
    api.setFault({ kind: 'reset' });
    await assert.rejects(repository.lookUp('2503.07604', { preferCache: false }), HttpError);
  });

  test('lookUp rejects invalid ids', async () => {
    await assert.rejects(repository.lookUp('not an id'), RangeError);
  });

  test('findCachedPaper searches lists', async () => {
    assert.equal(await repository.findCachedPaper('2405.15738'), undefined);
    await repository.refresh('day', '2025-03-11');
    await repository.refresh('day', '2025-03-12');
    const paper = await repository.findCachedPaper('2503.07639');
    assert.equal(paper?.dailyDate, '2025-03-12');
    assert.equal(await repository.findCachedPaper('2405.15738'), undefined);
  });
});

describe('PaperRepository with bad responses', () => {
  let root: string;
  let cache: PaperCache;

  const repositoryFor = (baseUrl: string): PaperRepository => {
    const client = new DailyPapersClient({
      baseUrl,
      http: new HttpClient({ userAgent: 'paper-reader-tests', maxRetries: 0 }),
      logger: silentLogger,
    });
    return new PaperRepository(client, cache, silentLogger);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-repository-bad-'));
    cache = new PaperCache(path.join(root, 'cache'), silentLogger);
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test('lookUp of another id caches nothing', async () => {
    const server = await startJsonServer({ id: '2401.99999', title: 'Different id than requested' });
    try {
      const repository = repositoryFor(server.url);
      for (const preferCache of [true, false]) {
        await assert.rejects(repository.lookUp('2401.00007', { preferCache }), ResponseFormatError);
      }
      assert.equal(await cache.readPaper('2401.00007'), undefined);
      assert.equal(await cache.readPaper('2401.99999'), undefined);
    } finally {
      await server.close();
    }
  });

  test('unreadable day keeps the cached list', async () => {
    const server = await startJsonServer([[1], 'not a paper']);
    try {
      const cached = { key: '2025-03-12', papers: [paperBuilder({ arxivId: '2503.00001' })], fetchedAt: '2025-03-12T06:00:00.000Z' };
      await cache.writeList('day', cached);

      await assert.rejects(repositoryFor(server.url).refresh('day', '2025-03-12'), /none of the 2 items for 2025-03-12/);
      assert.deepEqual(await cache.readList('day', '2025-03-12'), cached);
    } finally {
      await server.close();
    }
  });
});
