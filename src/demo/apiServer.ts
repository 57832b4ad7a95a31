// A local HTTP server that speaks the part of the Hugging Face Daily Papers API the
// extension uses, serving `<YYYY-MM-DD>.json` fixture files. Tests use it with injected
// faults, and the offline demo points the extension's API base URL at it.
//
// Run: node out/src/demo/apiServer.js --fixtures test/fixtures/daily_papers --port 8787
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { daysOfMonth, daysOfWeek, isDayKey, isMonthKey, isWeekKey } from '../papers/dates';

export type Fault =
  | { kind: 'status'; status: number; times?: number; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: 'invalidJson' }
  | { kind: 'wrongContentType' }
  | { kind: 'oversized'; bytes: number }
  | { kind: 'reset' };

export interface ApiServerOptions {
  /** Folder of `<YYYY-MM-DD>.json` files, each a JSON array of Daily Papers items. */
  fixturesDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface ApiServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:43121`. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Path and query of every request received, in order. */
  requests: string[];
  /** Makes the following requests fail, and `undefined` restores normal responses. */
  setFault(fault: Fault | undefined): void;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** The API's page size when `limit` is not given. */
const DEFAULT_LIMIT = 50;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: string[] = [];
  let fault: Fault | undefined;
  let statusFaultsLeft: number | undefined;

  const server = http.createServer((request, response) => {
    const target = request.url ?? '/';
    requests.push(target);

    const active = fault;
    if (active?.kind === 'status' && statusFaultsLeft !== undefined && --statusFaultsLeft <= 0) {
      fault = undefined;
    }
    if (active) {
      applyFault(active, request, response);
      return;
    }

    handleRequest(options.fixturesDir, target, request.method ?? 'GET').then(
      ({ status, body }) => sendJson(response, status, body),
      (error: Error) => sendJson(response, 500, { error: `Fixture server failed: ${error.message}` }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    setFault(next) {
      fault = next;
      statusFaultsLeft = next?.kind === 'status' ? next.times : undefined;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Ends keep-alive and hanging connections so close() does not wait for clients.
        server.closeAllConnections();
      });
    },
  };
}

function applyFault(fault: Fault, request: http.IncomingMessage, response: http.ServerResponse): void {
  switch (fault.kind) {
    case 'status': {
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': JSON_TYPE };
      if (fault.retryAfter !== undefined) {
        headers['Retry-After'] = fault.retryAfter;
      }
      response.writeHead(fault.status, headers);
      response.end(JSON.stringify({ error: `Injected HTTP ${fault.status}` }));
      return;
    }
    case 'hang':
      // Sends no response. close() ends the connection.
      return;
    case 'invalidJson':
      response.writeHead(200, { 'Content-Type': JSON_TYPE });
      response.end('[{"paper": {"id": "2502.18858", ');
      return;
    case 'wrongContentType':
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Sign in to the network</title>');
      return;
    case 'oversized':
      sendOversized(response, fault.bytes);
      return;
    case 'reset':
      request.socket.destroy();
      return;
  }
}

/** Streams a valid JSON array of `bytes` bytes without a Content-Length, so only the reader's running count can stop it. */
function sendOversized(response: http.ServerResponse, bytes: number): void {
  response.writeHead(200, { 'Content-Type': JSON_TYPE });
  const chunk = Buffer.alloc(64 * 1024, ' ');
  let remaining = Math.max(0, bytes - 2);
  response.write('[');

  const writeMore = () => {
    while (remaining > 0) {
      const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
      remaining -= piece.length;
      if (!response.write(piece)) {
        response.once('drain', writeMore);
        return;
      }
    }
    response.end(']');
  };
  response.on('error', () => undefined);
  writeMore();
}

async function handleRequest(
  fixturesDir: string,
  target: string,
  method: string,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(target, 'http://localhost');
  if (method !== 'GET') {
    return { status: 405, body: { error: `Method ${method} is not supported` } };
  }

  if (url.pathname === '/api/daily_papers') {
    return listPapers(fixturesDir, url.searchParams);
  }

  const paperPath = /^\/api\/papers\/(.+)$/.exec(url.pathname);
  if (paperPath) {
    const paper = await findPaper(fixturesDir, decodeURIComponent(paperPath[1]));
    return paper ? { status: 200, body: paper } : { status: 404, body: { error: 'Paper not found' } };
  }

  return { status: 404, body: { error: 'Not found' } };
}

async function listPapers(fixturesDir: string, query: URLSearchParams): Promise<{ status: number; body: unknown }> {
  const page = Number(query.get('p') ?? '0');
  const limit = Number(query.get('limit') ?? String(DEFAULT_LIMIT));
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(limit) || limit < 1) {
    return { status: 400, body: { error: 'p must be an integer >= 0 and limit an integer >= 1' } };
  }

  const days = await requestedDays(fixturesDir, query);
  if (typeof days === 'string') {
    return { status: 400, body: { error: days } };
  }

  // A day file that is not an array is served as it is, like a broken upstream response.
  const items: unknown[] = [];
  for (const day of days) {
    const content = await readFixture(fixturesDir, day);
    if (content !== undefined && !Array.isArray(content)) {
      return { status: 200, body: page === 0 ? content : [] };
    }
    items.push(...(content ?? []));
  }
  return { status: 200, body: items.slice(page * limit, (page + 1) * limit) };
}

/** Returns the days a list request covers, or an error message for an invalid query. */
async function requestedDays(fixturesDir: string, query: URLSearchParams): Promise<string[] | string> {
  const date = query.get('date');
  const week = query.get('week');
  const month = query.get('month');

  if (date !== null) {
    return isDayKey(date) ? [date] : `Invalid date "${date}", expected YYYY-MM-DD`;
  }
  if (week !== null) {
    return isWeekKey(week) ? daysOfWeek(week) : `Invalid week "${week}", expected YYYY-Www`;
  }
  if (month !== null) {
    return isMonthKey(month) ? daysOfMonth(month) : `Invalid month "${month}", expected YYYY-MM`;
  }

  // Without a period the API serves the latest day.
  const days = await fixtureDays(fixturesDir);
  return days.length > 0 ? [days[days.length - 1]] : [];
}

async function findPaper(fixturesDir: string, arxivId: string): Promise<unknown> {
  for (const day of await fixtureDays(fixturesDir)) {
    const content = await readFixture(fixturesDir, day);
    if (!Array.isArray(content)) {
      continue;
    }
    for (const item of content) {
      const paper = (item as { paper?: Record<string, unknown> } | null)?.paper;
      if (paper && typeof paper === 'object' && paper.id === arxivId) {
        // The details endpoint has no comment count.
        const { numComments: _numComments, ...details } = paper;
        return details;
      }
    }
  }
  return undefined;
}

async function fixtureDays(fixturesDir: string): Promise<string[]> {
  const names = await fs.readdir(fixturesDir);
  return names
    .filter((name) => name.endsWith('.json') && isDayKey(name.slice(0, -5)))
    .map((name) => name.slice(0, -5))
    .sort();
}

async function readFixture(fixturesDir: string, day: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(path.join(fixturesDir, `${day}.json`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  return JSON.parse(text) as unknown;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function parseArguments(argv: string[]): { fixturesDir: string; port: number; host: string } {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index];
    const value = argv[index + 1];
    if (!name.startsWith('--') || value === undefined) {
      throw new Error(`Invalid argument "${name}". Usage: apiServer.js --fixtures DIR [--port N] [--host ADDRESS]`);
    }
    values.set(name.slice(2), value);
  }

  const fixturesDir = values.get('fixtures');
  if (!fixturesDir) {
    throw new Error('Missing --fixtures DIR: the folder of <YYYY-MM-DD>.json Daily Papers files to serve.');
  }
  const port = Number(values.get('port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid --port "${values.get('port')}": expected an integer from 0 to 65535.`);
  }
  return { fixturesDir: path.resolve(fixturesDir), port, host: values.get('host') ?? '127.0.0.1' };
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const server = await startApiServer(options);
  console.log(`Daily Papers demo API listening on ${server.url}`);

  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
