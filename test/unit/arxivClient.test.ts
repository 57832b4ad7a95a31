import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ArxivClient, parseArxivFeed } from '../../src/papers/arxivClient';
import { HttpError } from '../../src/papers/http';
import { ARXIV_FIXTURES, startArxivServer, type ArxivServer } from '../server/arxivServer';

function fixture(name: string): string {
  return readFileSync(path.join(ARXIV_FIXTURES, name), 'utf8');
}

describe('parseArxivFeed', () => {
  test('entry fields', () => {
    const paper = parseArxivFeed(fixture('2502.18858.xml'), '2502.18858');
    assert.ok(paper);
    assert.equal(paper.arxivId, '2502.18858');
    assert.equal(paper.title, 'Evaluating Intelligence via Trial and Error');
    assert.deepEqual(
      paper.authors.map((author) => author.name),
      ['Jingtao Zhan', 'Jiahao Zhao', 'Jiayu Li'],
    );
    assert.equal(paper.publishedAt, '2025-02-26T05:59:45.000Z');
    assert.equal(paper.primaryCategory, 'cs.AI');
    assert.match(paper.abstract, /^Intelligence is measured by how many failed attempts a system needs before it finds a solution\./);
    assert.match(paper.abstract, /A fixture abstract & nothing more: \$10\^\{26\}\$ parameters < scaling\.$/);
    assert.equal(paper.upvotes, 0);
  });

  test('old-style id', () => {
    const paper = parseArxivFeed(fixture('hep-th_9901001.xml'), 'hep-th/9901001');
    assert.equal(paper?.primaryCategory, 'hep-th');
    assert.equal(paper?.authors.length, 1);
  });

  test('empty feed', () => {
    assert.equal(parseArxivFeed(fixture('_empty.xml'), '2501.99999'), undefined);
  });

  test('error entry', () => {
    assert.equal(parseArxivFeed(fixture('_error.xml'), '2501.0001'), undefined);
  });

  test('not a feed', () => {
    assert.throws(() => parseArxivFeed('<html><body>Sign in</body></html>', '2502.18858'), /not an Atom feed/);
  });
});

describe('ArxivClient', () => {
  let server: ArxivServer;

  before(async () => {
    server = await startArxivServer();
  });
  after(async () => {
    await server.close();
  });

  test('default interval is three seconds', () => {
    assert.equal(new ArxivClient().minIntervalMs, 3000);
    assert.equal(new ArxivClient().baseUrl, 'https://export.arxiv.org');
  });

  test('fetchPaper requests id_list', async () => {
    const client = new ArxivClient({ baseUrl: `${server.url}/`, minIntervalMs: 0 });
    const paper = await client.fetchPaper('arXiv:1706.03762v5');
    assert.equal(paper?.title, 'Attention Is All You Need');
    assert.equal(paper?.arxivId, '1706.03762');
    assert.equal(paper?.authors.length, 8);
    assert.equal(server.requests.at(-1), '/api/query?id_list=1706.03762');
  });

  test('fetchPaper encodes old-style ids', async () => {
    const client = new ArxivClient({ baseUrl: server.url, minIntervalMs: 0 });
    const paper = await client.fetchPaper('hep-th/9901001');
    assert.equal(paper?.title, 'An Old-Style Fixture Paper');
    assert.equal(server.requests.at(-1), '/api/query?id_list=hep-th%2F9901001');
  });

  test('unknown id', async () => {
    const client = new ArxivClient({ baseUrl: server.url, minIntervalMs: 0 });
    assert.equal(await client.fetchPaper('2501.99999'), undefined);
  });

  test('invalid id', async () => {
    const client = new ArxivClient({ baseUrl: server.url, minIntervalMs: 0 });
    await assert.rejects(client.fetchPaper('not-an-id'), RangeError);
  });

  test('HTTP failure', async () => {
    const client = new ArxivClient({ baseUrl: server.url, minIntervalMs: 0 });
    server.setFailure(503);
    try {
      await assert.rejects(client.fetchPaper('2502.18858'), (error: unknown) => error instanceof HttpError && error.status === 503);
    } finally {
      server.setFailure(undefined);
    }
  });

  test('unreachable server', async () => {
    const client = new ArxivClient({ baseUrl: 'http://127.0.0.1:1', minIntervalMs: 0 });
    await assert.rejects(client.fetchPaper('2502.18858'), (error: unknown) => error instanceof HttpError && error.kind === 'network');
  });

  test('queued requests start one interval apart', async () => {
    // The injected wait holds each queued request until the test releases it, so the check
    // counts which requests have started instead of measuring time.
    const waits: number[] = [];
    const releases: Array<() => void> = [];
    const client = new ArxivClient({
      baseUrl: server.url,
      minIntervalMs: 60_000,
      wait: (ms) =>
        new Promise<void>((resolve) => {
          waits.push(ms);
          releases.push(resolve);
        }),
    });
    const before = server.requests.length;
    const started = () => server.requests.slice(before);

    const first = client.fetchPaper('1706.03762');
    const second = client.fetchPaper('2502.18858');
    const third = client.fetchPaper('hep-th/9901001');

    assert.equal((await first)?.arxivId, '1706.03762');
    assert.deepEqual(started(), ['/api/query?id_list=1706.03762']);
    assert.equal(waits.length, 2);
    assert.ok(waits[0] > 0, `first wait ${waits[0]} ms`);
    assert.ok(waits[0] <= 60_000, `first wait ${waits[0]} ms`);
    assert.ok(waits[1] > 60_000, `second wait ${waits[1]} ms`);
    assert.ok(waits[1] <= 120_000, `second wait ${waits[1]} ms`);

    releases[0]();
    assert.equal((await second)?.arxivId, '2502.18858');
    assert.deepEqual(started(), ['/api/query?id_list=1706.03762', '/api/query?id_list=2502.18858']);

    releases[1]();
    assert.equal((await third)?.arxivId, 'hep-th/9901001');
    assert.equal(started().length, 3);
  });
});
