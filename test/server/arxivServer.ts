// A stand-in for the arXiv API on 127.0.0.1: `GET /api/query?id_list=<id>` returns the Atom
// file for that id from test/fixtures/arxiv, arXiv's error entry for a malformed id, and an
// empty feed for any other id.
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export const ARXIV_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/arxiv');

export interface ArxivServer {
  url: string;
  /** Path and query of every request, in the order the requests arrived. */
  requests: string[];
  /** Makes every request fail with this HTTP status; `undefined` restores normal responses. */
  setFailure(status: number | undefined): void;
  /** Holds every following request unanswered until `release()`. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startArxivServer(): Promise<ArxivServer> {
  const requests: string[] = [];
  let failure: number | undefined;
  let held: Array<() => void> | undefined;

  const server = http.createServer((request, response) => {
    const target = request.url ?? '/';
    requests.push(target);
    if (held) {
      held.push(() => answer(target, response));
      return;
    }
    answer(target, response);
  });

  const answer = (target: string, response: http.ServerResponse) => {
    if (failure !== undefined) {
      response.writeHead(failure, { 'Content-Type': 'text/plain' });
      response.end(`Injected HTTP ${failure}`);
      return;
    }

    const url = new URL(target, 'http://localhost');
    const id = url.searchParams.get('id_list') ?? '';
    if (url.pathname !== '/api/query') {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Not found');
      return;
    }
    fixtureFor(id).then(
      (body) => {
        response.writeHead(200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
        response.end(body);
      },
      (error: Error) => {
        response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(error.message);
      },
    );
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFailure(status) {
      failure = status;
    },
    hold() {
      held = held ?? [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const respond of waiting) {
        respond();
      }
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

async function fixtureFor(id: string): Promise<string> {
  if (!/^[\w.\-/]*$/.test(id) || id.includes('..')) {
    return fs.readFile(path.join(ARXIV_FIXTURES, '_error.xml'), 'utf8');
  }

  // From 2015 on, sequence numbers have five digits; arXiv rejects four with an error entry.
  const malformed = /^(\d{2})(\d{2})\.\d{4}$/.exec(id);
  if (malformed && Number(malformed[1]) >= 15) {
    return fs.readFile(path.join(ARXIV_FIXTURES, '_error.xml'), 'utf8');
  }
  try {
    return await fs.readFile(path.join(ARXIV_FIXTURES, `${id.replace(/\//g, '_')}.xml`), 'utf8');
  } catch {
    return fs.readFile(path.join(ARXIV_FIXTURES, '_empty.xml'), 'utf8');
  }
}
