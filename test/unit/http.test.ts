import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Logger } from '../../src/common/logger';
import { startApiServer, type ApiServer } from '../../src/demo/apiServer';
import {
  computeRetryDelay,
  HttpClient,
  HttpError,
  isJsonContentType,
  isOfflineError,
  parseRateLimitDelay,
  parseRetryAfter,
  serverRetryDelay,
} from '../../src/papers/http';

interface TestServer {
  url: string;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, index: number) => void;

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request);
    handler(request, response, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

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

function client(options: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient {
  return new HttpClient({ userAgent: 'paper-reader-tests/1.0', retryBaseMs: 1, maxRetryDelayMs: 50, ...options });
}

async function expectHttpError(promise: Promise<unknown>, kind: HttpError['kind']): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError, `expected HttpError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected an HttpError of kind ${kind}`);
}

describe('HttpClient', () => {
  test('sends User-Agent and Accept', async () => {
    const server = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    try {
      assert.deepEqual(await client().getJson(`${server.url}/a`), { ok: true });
      assert.equal(server.requests[0].headers['user-agent'], 'paper-reader-tests/1.0');
      assert.equal(server.requests[0].headers.accept, 'application/json');
    } finally {
      await server.close();
    }
  });

  test('getXml returns Atom text', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
      response.end('<feed><entry/></feed>');
    });
    try {
      assert.equal(await client().getXml(server.url), '<feed><entry/></feed>');
      assert.match(String(server.requests[0].headers.accept), /application\/atom\+xml/);
    } finally {
      await server.close();
    }
  });

  test('getXml rejects HTML', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html></html>');
    });
    try {
      const error = await expectHttpError(client().getXml(server.url), 'contentType');
      assert.match(error.message, /instead of XML/);
    } finally {
      await server.close();
    }
  });

  test('429 with Retry-After then success', async () => {
    const server = await startServer((_request, response, index) => {
      if (index === 0) {
        sendJson(response, 429, { error: 'Too many requests' }, { 'Retry-After': '0' });
      } else {
        sendJson(response, 200, [1, 2]);
      }
    });
    const logger = recordingLogger();
    try {
      // A long base delay shows that the zero Retry-After, not backoff, set the wait.
      const result = await client({ logger, retryBaseMs: 60_000, maxRetryDelayMs: 60_000 }).getJson(`${server.url}/x`);
      assert.deepEqual(result, [1, 2]);
      assert.equal(server.requests.length, 2);
      assert.equal(logger.warnings.length, 1);
      assert.match(logger.warnings[0], /in 0 ms/);
      assert.match(logger.warnings[0], new RegExp(`${server.url}/x`));
      assert.match(logger.warnings[0], /HTTP 429/);
    } finally {
      await server.close();
    }
  });

  test('wait past the cap fails early', async () => {
    const server = await startServer((_request, response, index) => {
      if (index === 0) {
        sendJson(response, 429, {}, { RateLimit: '"default";r=0;t=120' });
      } else {
        sendJson(response, 200, {});
      }
    });
    const logger = recordingLogger();
    try {
      await assert.rejects(client({ logger, maxRetryDelayMs: 5 }).getJson(server.url), (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.status, 429);
        assert.equal(error.retryAfterMs, 120_000);
        assert.match(error.message, /wait 120 s/);
        return true;
      });
      assert.equal(server.requests.length, 1);
      assert.equal(logger.warnings.length, 0);
    } finally {
      await server.close();
    }
  });

  test('500 then success', async () => {
    const server = await startServer((_request, response, index) => {
      sendJson(response, index === 0 ? 500 : 200, index === 0 ? { error: 'boom' } : { fine: 1 });
    });
    try {
      assert.deepEqual(await client().getJson(server.url), { fine: 1 });
      assert.equal(server.requests.length, 2);
    } finally {
      await server.close();
    }
  });

  test('503 retries then gives up', async () => {
    const server = await startServer((_request, response) => sendJson(response, 503, {}));
    try {
      const error = await expectHttpError(client({ maxRetries: 2 }).getJson(server.url), 'status');
      assert.equal(error.status, 503);
      assert.equal(server.requests.length, 3);
    } finally {
      await server.close();
    }
  });

  test('404 is not retried', async () => {
    const server = await startServer((_request, response) => sendJson(response, 404, { error: 'Paper not found' }));
    try {
      const error = await expectHttpError(client().getJson(`${server.url}/api/papers/1`), 'status');
      assert.equal(error.status, 404);
      assert.equal(error.url, `${server.url}/api/papers/1`);
      assert.match(error.message, /404/);
      assert.match(error.message, /\/api\/papers\/1/);
      assert.equal(server.requests.length, 1);
      assert.equal(isOfflineError(error), false);
    } finally {
      await server.close();
    }
  });

  test('timeout on hanging server', async () => {
    const server = await startServer(() => undefined);
    try {
      const error = await expectHttpError(client({ timeoutMs: 200, maxRetries: 1 }).getJson(server.url), 'timeout');
      assert.match(error.message, /timed out after 200 ms/);
      assert.equal(server.requests.length, 2);
      assert.equal(isOfflineError(error), true);
    } finally {
      await server.close();
    }
  });

  test('timeout covers a stalled body', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('[1,');
    });
    try {
      await expectHttpError(client({ timeoutMs: 200, maxRetries: 0 }).getJson(server.url), 'timeout');
    } finally {
      await server.close();
    }
  });

  test('Content-Length above limit', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 5000 });
      response.end(' '.repeat(4998) + '[]');
    });
    try {
      const error = await expectHttpError(client({ maxBodyBytes: 1000 }).getJson(server.url), 'tooLarge');
      assert.match(error.message, /declares 5000 bytes/);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  test('invalid JSON', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('[{"id": ');
    });
    try {
      await expectHttpError(client().getJson(server.url), 'invalidJson');
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  test('wrong content type', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html></html>');
    });
    try {
      const error = await expectHttpError(client().getJson(server.url), 'contentType');
      assert.match(error.message, /text\/html/);
    } finally {
      await server.close();
    }
  });

  test('+json content type with parameters', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/vnd.api+json; charset=utf-8' });
      response.end('{"a":1}');
    });
    try {
      assert.deepEqual(await client().getJson(server.url), { a: 1 });
    } finally {
      await server.close();
    }
  });

  test('follows redirects', async () => {
    const server = await startServer((request, response) => {
      if (request.url === '/old') {
        response.writeHead(301, { Location: '/new' });
        response.end();
      } else {
        sendJson(response, 200, { moved: true });
      }
    });
    try {
      assert.deepEqual(await client().getJson(`${server.url}/old`), { moved: true });
      assert.deepEqual(
        server.requests.map((request) => request.url),
        ['/old', '/new'],
      );
    } finally {
      await server.close();
    }
  });

  test('too many redirects', async () => {
    const server = await startServer((request, response) => {
      response.writeHead(302, { Location: `${request.url}x` });
      response.end();
    });
    try {
      const error = await expectHttpError(client().getJson(`${server.url}/r`), 'status');
      assert.match(error.message, /more than 5 redirects/);
      assert.equal(server.requests.length, 6);
    } finally {
      await server.close();
    }
  });

  test('redirect to another scheme is rejected', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(302, { Location: 'file:///etc/passwd' });
      response.end();
    });
    try {
      const error = await expectHttpError(client().getJson(server.url), 'network');
      assert.match(error.message, /only http and https/);
    } finally {
      await server.close();
    }
  });

  test('connection refused is offline', async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    const error = await expectHttpError(client({ maxRetries: 1 }).getJson(url), 'network');
    assert.equal(isOfflineError(error), true);
    assert.ok(error.message.includes(url));
  });

  test('abort signal cancels', async () => {
    const server = await startServer(() => undefined);
    try {
      const controller = new AbortController();
      const pending = client({ timeoutMs: 60_000 }).getJson(server.url, controller.signal);
      while (server.requests.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      controller.abort();
      const error = await expectHttpError(pending, 'aborted');
      assert.equal(isOfflineError(error), false);
    } finally {
      await server.close();
    }
  });
});

describe('HttpClient against apiServer faults', () => {
  let api: ApiServer;

  before(async () => {
    api = await startApiServer({ fixturesDir: path.resolve(__dirname, '../../../test/fixtures/daily_papers') });
  });

  after(async () => {
    await api.close();
  });

  test('streamed body above limit', async () => {
    api.setFault({ kind: 'oversized', bytes: 200_000 });
    try {
      const error = await expectHttpError(client({ maxBodyBytes: 10_000 }).getJson(`${api.url}/api/daily_papers`), 'tooLarge');
      assert.match(error.message, /exceeded 10000 bytes/);
    } finally {
      api.setFault(undefined);
    }
  });

  test('oversized body within limit parses', async () => {
    api.setFault({ kind: 'oversized', bytes: 5_000 });
    try {
      assert.deepEqual(await client().getJson(`${api.url}/api/daily_papers`), []);
    } finally {
      api.setFault(undefined);
    }
  });

  test('status fault with times then success', async () => {
    api.setFault({ kind: 'status', status: 502, times: 2, retryAfter: '0' });
    const requestsBefore = api.requests.length;
    const body = await client({ maxRetries: 3 }).getJson(`${api.url}/api/daily_papers?date=2025-03-11`);
    assert.equal(Array.isArray(body), true);
    assert.equal(api.requests.length - requestsBefore, 3);
  });

  test('connection reset is a network error', async () => {
    api.setFault({ kind: 'reset' });
    try {
      await expectHttpError(client({ maxRetries: 0 }).getJson(`${api.url}/api/daily_papers`), 'network');
    } finally {
      api.setFault(undefined);
    }
  });

  test('invalid JSON and content type faults', async () => {
    api.setFault({ kind: 'invalidJson' });
    await expectHttpError(client().getJson(`${api.url}/api/daily_papers`), 'invalidJson');
    api.setFault({ kind: 'wrongContentType' });
    await expectHttpError(client().getJson(`${api.url}/api/daily_papers`), 'contentType');
    api.setFault(undefined);
  });
});

describe('retry headers', () => {
  test('RateLimit structured field', () => {
    assert.equal(parseRateLimitDelay({ ratelimit: '"default";r=0;t=12' }), 12_000);
    assert.equal(parseRateLimitDelay({ ratelimit: '"default";r=5;t=12' }), undefined);
    assert.equal(parseRateLimitDelay({ ratelimit: '"api";r=0;t=30, "burst";r=0;t=5' }), 30_000);
    assert.equal(parseRateLimitDelay({ ratelimit: '"api";r=3;t=30, "burst";r=0;t=5' }), 5_000);
  });

  test('RateLimit-Reset older form', () => {
    assert.equal(parseRateLimitDelay({ 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }), 7_000);
    assert.equal(parseRateLimitDelay({ 'ratelimit-reset': '7' }), 7_000);
    assert.equal(parseRateLimitDelay({ 'ratelimit-remaining': '4', 'ratelimit-reset': '7' }), undefined);
    assert.equal(parseRateLimitDelay({ ratelimit: 'limit=100, remaining=0, reset=9' }), 9_000);
  });

  test('no rate limit headers', () => {
    assert.equal(parseRateLimitDelay({}), undefined);
    assert.equal(parseRateLimitDelay({ ratelimit: 'garbage' }), undefined);
  });

  test('Retry-After seconds and date', () => {
    const now = Date.parse('2025-03-12T08:00:00.000Z');
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Wed, 12 Mar 2025 08:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Wed, 12 Mar 2025 07:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });

  test('Retry-After wins over RateLimit', () => {
    assert.equal(serverRetryDelay({ 'retry-after': '2', ratelimit: '"d";r=0;t=9' }), 2_000);
    assert.equal(serverRetryDelay({ ratelimit: '"d";r=0;t=9' }), 9_000);
  });

  test('backoff doubles with jitter and cap', () => {
    const noJitter = () => 0;
    assert.equal(computeRetryDelay(0, { baseMs: 500, maxMs: 30_000 }, noJitter), 500);
    assert.equal(computeRetryDelay(2, { baseMs: 500, maxMs: 30_000 }, noJitter), 2_000);
    assert.equal(computeRetryDelay(2, { baseMs: 500, maxMs: 30_000 }, () => 0.5), 2_250);
    assert.equal(computeRetryDelay(10, { baseMs: 500, maxMs: 30_000 }, noJitter), 30_000);
    assert.equal(computeRetryDelay(0, { baseMs: 500, maxMs: 30_000, serverDelayMs: 90_000 }), 30_000);
  });

  test('JSON content types', () => {
    assert.equal(isJsonContentType('application/json'), true);
    assert.equal(isJsonContentType('application/json; charset=utf-8'), true);
    assert.equal(isJsonContentType('Application/JSON'), true);
    assert.equal(isJsonContentType('application/problem+json'), true);
    assert.equal(isJsonContentType('text/html'), false);
    assert.equal(isJsonContentType('text/plain; format=json'), false);
    assert.equal(isJsonContentType(''), false);
  });
});
