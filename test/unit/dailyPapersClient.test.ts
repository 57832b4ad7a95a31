import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Logger } from '../../src/common/logger';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import { DailyPapersClient } from '../../src/papers/dailyPapersClient';
import { HttpClient, HttpError } from '../../src/papers/http';
import { ResponseFormatError } from '../../src/papers/parse';
import { startJsonServer } from './jsonServer';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

interface RecordingLogger extends Logger {
  warnings: string[];
  infos: string[];
}

function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    trace: () => undefined,
    debug: () => undefined,
    info: (message: string) => infos.push(message),
    warn: (message: string) => warnings.push(message),
    error: () => undefined,
  };
}

function makeClient(
  baseUrl: string,
  options: { logger?: Logger; pageSize?: number; sort?: 'upvotes' | 'trending'; now?: string } = {},
): DailyPapersClient {
  const logger = options.logger ?? recordingLogger();
  return new DailyPapersClient({
    baseUrl,
    http: new HttpClient({ userAgent: 'paper-reader-tests', maxRetries: 0, retryBaseMs: 1 }),
    logger,
    pageSize: options.pageSize,
    sort: options.sort,
    now: () => new Date(options.now ?? '2025-03-12T12:00:00.000Z'),
  });
}

/** Items in the current API shape with ids `2503.1xxxx`. */
function generatedItems(count: number, day: string): unknown[] {
  return Array.from({ length: count }, (_, index) => ({
    paper: {
      id: `2503.${String(10000 + index)}`,
      authors: [{ _id: `a${index}`, name: `Author ${index}`, hidden: false }],
      publishedAt: `${day}T00:00:00.000Z`,
      submittedOnDailyAt: `${day}T00:00:00.000Z`,
      title: `Generated Paper ${index}`,
      summary: 'Generated for the paging test.',
      upvotes: count - index,
    },
    publishedAt: `${day}T00:00:00.000Z`,
    title: `Generated Paper ${index}`,
    numComments: 0,
  }));
}

function requestQuery(request: string): Record<string, string> {
  return Object.fromEntries(new URL(request, 'http://localhost').searchParams);
}

describe('DailyPapersClient with fixtures', () => {
  let api: ApiServer;

  before(async () => {
    api = await startApiServer({ fixturesDir: path.join(FIXTURES, 'daily_papers') });
  });

  after(async () => {
    await api.close();
  });

  test('fetchDay requests date, page and limit', async () => {
    api.requests.length = 0;
    const papers = await makeClient(api.url).fetchDay('2025-03-12');
    assert.equal(papers.length, 10);
    assert.deepEqual(api.requests, ['/api/daily_papers?date=2025-03-12&p=0&limit=50']);
    assert.ok(papers.every((paper) => paper.dailyDate === '2025-03-12'));
  });

  test('trailing slash and trending sort', async () => {
    api.requests.length = 0;
    await makeClient(`${api.url}/`, { sort: 'trending' }).fetchDay('2025-03-11');
    assert.deepEqual(api.requests, ['/api/daily_papers?date=2025-03-11&p=0&limit=50&sort=trending']);
  });

  test('unknown day is empty', async () => {
    assert.deepEqual(await makeClient(api.url).fetchDay('2025-01-01'), []);
  });

  test('invalid day is rejected before any request', async () => {
    api.requests.length = 0;
    await assert.rejects(makeClient(api.url).fetchDay('2025-3-12'), RangeError);
    assert.equal(api.requests.length, 0);
  });

  test('fetchWeek uses week query', async () => {
    api.requests.length = 0;
    const papers = await makeClient(api.url).fetchWeek('2025-W11');
    assert.deepEqual(api.requests, ['/api/daily_papers?week=2025-W11&p=0&limit=50']);
    const ids = papers.map((paper) => paper.arxivId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(papers.length, 15);
  });

  test('fetchWeek falls back day by day on 400', async () => {
    api.requests.length = 0;
    api.setFault({ kind: 'status', status: 400, times: 1 });
    const logger = recordingLogger();
    const papers = await makeClient(api.url, { logger }).fetchWeek('2025-W11');

    assert.equal(requestQuery(api.requests[0]).week, '2025-W11');
    assert.deepEqual(
      api.requests.slice(1).map((request) => requestQuery(request).date),
      ['2025-03-10', '2025-03-11', '2025-03-12'],
    );
    assert.equal(papers.length, 15);

    // 2503.07639 is listed on 2025-03-11 (1 upvote) and 2025-03-12 (2 upvotes).
    const repeated = papers.filter((paper) => paper.arxivId === '2503.07639');
    assert.equal(repeated.length, 1);
    assert.equal(repeated[0].upvotes, 2);
    assert.equal(logger.infos.length, 1);
    assert.match(logger.infos[0], /week 2025-W11 day by day/);
  });

  test('fetchWeek falls back when empty', async () => {
    api.requests.length = 0;
    const papers = await makeClient(api.url, { now: '2025-06-01T00:00:00.000Z' }).fetchWeek('2025-W20');
    assert.deepEqual(papers, []);
    assert.equal(api.requests.length, 1 + 7);
  });

  test('fetchMonth uses month query', async () => {
    api.requests.length = 0;
    const papers = await makeClient(api.url).fetchMonth('2025-03');
    assert.deepEqual(api.requests, ['/api/daily_papers?month=2025-03&p=0&limit=50']);
    assert.equal(papers.length, 15);
  });

  test('network error propagates without fallback', async () => {
    api.requests.length = 0;
    api.setFault({ kind: 'reset' });
    try {
      await assert.rejects(makeClient(api.url).fetchWeek('2025-W11'), (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.kind, 'network');
        return true;
      });
      assert.equal(api.requests.length, 1);
    } finally {
      api.setFault(undefined);
    }
  });

  test('fetchPaper found', async () => {
    const paper = await makeClient(api.url).fetchPaper('2502.18858');
    assert.ok(paper);
    assert.equal(paper.title, 'Evaluating Intelligence via Trial and Error');
    assert.equal(paper.authors.length, 10);
    assert.equal(paper.numComments, 0);
  });

  test('fetchPaper 404 is undefined', async () => {
    api.requests.length = 0;
    assert.equal(await makeClient(api.url).fetchPaper('2502.02040'), undefined);
    assert.deepEqual(api.requests, ['/api/papers/2502.02040']);
  });

  test('fetchPaper old-style id keeps slash', async () => {
    api.requests.length = 0;
    assert.equal(await makeClient(api.url).fetchPaper('hep-th/9901001'), undefined);
    assert.deepEqual(api.requests, ['/api/papers/hep-th/9901001']);
  });

  test('fetchPaper server error propagates', async () => {
    api.setFault({ kind: 'status', status: 500, times: 1 });
    await assert.rejects(makeClient(api.url).fetchPaper('2502.18858'), HttpError);
  });
});

describe('DailyPapersClient paging', () => {
  let directory: string;
  let api: ApiServer;

  before(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-paging-'));
    writeFileSync(path.join(directory, '2025-03-20.json'), JSON.stringify(generatedItems(120, '2025-03-20')));
    writeFileSync(path.join(directory, '2025-03-21.json'), JSON.stringify(generatedItems(100, '2025-03-21')));
    writeFileSync(path.join(directory, '2025-03-22.json'), JSON.stringify(generatedItems(50, '2025-03-22')));
    api = await startApiServer({ fixturesDir: directory });
  });

  after(async () => {
    await api.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('pages until a short page', async () => {
    api.requests.length = 0;
    const papers = await makeClient(api.url).fetchDay('2025-03-20');
    assert.equal(papers.length, 120);
    assert.deepEqual(
      api.requests.map((request) => requestQuery(request).p),
      ['0', '1', '2'],
    );
    assert.equal(papers[0].arxivId, '2503.10000');
    assert.equal(papers[119].arxivId, '2503.10119');
  });

  test('pages until an empty page', async () => {
    api.requests.length = 0;
    const papers = await makeClient(api.url).fetchDay('2025-03-21');
    assert.equal(papers.length, 100);
    assert.equal(api.requests.length, 3);
  });

  test('stops after 20 pages', async () => {
    api.requests.length = 0;
    const logger = recordingLogger();
    const papers = await makeClient(api.url, { logger, pageSize: 2 }).fetchDay('2025-03-22');
    assert.equal(api.requests.length, 20);
    assert.equal(papers.length, 40);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /after 20 pages/);
  });
});

describe('DailyPapersClient malformed responses', () => {
  let api: ApiServer;

  before(async () => {
    api = await startApiServer({ fixturesDir: path.join(FIXTURES, 'malformed') });
  });

  after(async () => {
    await api.close();
  });

  test('one warning for skipped items', async () => {
    const logger = recordingLogger();
    const papers = await makeClient(api.url, { logger }).fetchDay('2024-12-13');
    assert.equal(papers.length, 1);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /2024-12-13/);
    assert.match(logger.warnings[0], /Skipped 4 of 5/);
  });

  test('day with no readable item throws', async () => {
    const logger = recordingLogger();
    await assert.rejects(makeClient(api.url, { logger }).fetchDay('2024-12-11'), (error: unknown) => {
      assert.ok(error instanceof ResponseFormatError);
      assert.match(error.message, /none of the 2 items for 2024-12-11 could be read/);
      assert.match(error.message, /date=2024-12-11/);
      return true;
    });
    assert.deepEqual(logger.warnings, []);
  });

  test('object body throws ResponseFormatError', async () => {
    await assert.rejects(makeClient(api.url).fetchDay('2024-12-12'), (error: unknown) => {
      assert.ok(error instanceof ResponseFormatError);
      assert.match(error.message, /date=2024-12-12/);
      return true;
    });
  });
});

describe('DailyPapersClient unreadable periods', () => {
  let directory: string;
  let api: ApiServer;

  before(async () => {
    // Both days hold only items that are not papers. 2025-02-10 is the Monday of 2025-W07.
    directory = mkdtempSync(path.join(os.tmpdir(), 'paper-reader-unreadable-'));
    writeFileSync(path.join(directory, '2025-03-12.json'), JSON.stringify([[1], 'text', { paper: { id: 'x' } }]));
    writeFileSync(path.join(directory, '2025-02-10.json'), JSON.stringify([null, 7]));
    api = await startApiServer({ fixturesDir: directory });
  });

  after(async () => {
    await api.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('fetchDay throws with the day and count', async () => {
    await assert.rejects(makeClient(api.url).fetchDay('2025-03-12'), /none of the 3 items for 2025-03-12 could be read/);
  });

  test('fetchWeek throws for unreadable items', async () => {
    api.requests.length = 0;
    await assert.rejects(makeClient(api.url).fetchWeek('2025-W07'), (error: unknown) => {
      assert.ok(error instanceof ResponseFormatError);
      assert.match(error.message, /none of the 2 items for 2025-02-10 could be read/);
      return true;
    });
    assert.equal(requestQuery(api.requests[0]).week, '2025-W07');
  });

  test('fetchMonth throws for unreadable items', async () => {
    await assert.rejects(makeClient(api.url).fetchMonth('2025-02'), ResponseFormatError);
  });

  test('empty day is still empty', async () => {
    assert.deepEqual(await makeClient(api.url).fetchDay('2025-03-11'), []);
  });
});

describe('DailyPapersClient paper id check', () => {
  test('fetchPaper rejects another id', async () => {
    const server = await startJsonServer({ id: '2401.99999', title: 'Different id than requested' });
    try {
      await assert.rejects(makeClient(server.url).fetchPaper('2401.00007'), (error: unknown) => {
        assert.ok(error instanceof ResponseFormatError);
        assert.match(error.message, /returned arXiv:2401\.99999 for arXiv:2401\.00007/);
        assert.match(error.message, /\/api\/papers\/2401\.00007/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  test('fetchPaper accepts a version suffix', async () => {
    const server = await startJsonServer({ id: '2401.00007v3', title: 'Same paper, versioned id' });
    try {
      const paper = await makeClient(server.url).fetchPaper('2401.00007');
      assert.equal(paper?.arxivId, '2401.00007');
    } finally {
      await server.close();
    }
  });
});
