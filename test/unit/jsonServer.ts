// A one-route HTTP server on 127.0.0.1 that responds to every GET with the same JSON body, for
// tests of responses the fixture API server cannot produce (such as a paper with another id).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonServer {
  /** Base URL without trailing slash. */
  url: string;
  /** Path and query of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startJsonServer(body: unknown): Promise<JsonServer> {
  const requests: string[] = [];
  const text = JSON.stringify(body);
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '/');
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
