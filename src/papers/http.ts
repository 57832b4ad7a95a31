// JSON over HTTP for the Daily Papers API, with retries, redirects, a size limit and a
// timeout. It uses Node's `http`/`https` modules rather than the global `fetch` because
// VS Code's proxy support patches these two modules in the extension host, which is how
// requests honour the user's `http.proxy` settings. Older VS Code releases within our
// `engines` range do not patch `fetch`.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Logger } from '../common/logger';
import { silentLogger } from '../common/logger';

export type HttpErrorKind = 'network' | 'timeout' | 'status' | 'tooLarge' | 'invalidJson' | 'contentType' | 'aborted';

export class HttpError extends Error {
  constructor(
    readonly kind: HttpErrorKind,
    readonly url: string,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  readonly status?: number;
  /** Delay the server requested through `Retry-After` or `RateLimit` headers, in milliseconds. */
  readonly retryAfterMs?: number;
}

/** True when the error means the server could not be reached, so the caller can show an offline state. */
export function isOfflineError(error: unknown): boolean {
  return error instanceof HttpError && (error.kind === 'network' || error.kind === 'timeout');
}

export interface HttpClientOptions {
  userAgent: string;
  /** Limit for one attempt, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  maxBodyBytes?: number;
  /** First backoff delay; each retry doubles it and adds up to the same amount of jitter. */
  retryBaseMs?: number;
  /** Upper bound for any single wait, including waits the server requests. */
  maxRetryDelayMs?: number;
  logger?: Logger;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** How one kind of response body is requested, recognised by its content type and decoded. */
interface BodyFormat {
  /** Name used in error messages, e.g. `JSON`. */
  name: string;
  accept: string;
  accepts(contentType: string): boolean;
  /** Decodes the body text; a thrown error becomes an `invalidJson` HttpError. */
  parse(text: string): unknown;
}

const JSON_BODY: BodyFormat = {
  name: 'JSON',
  accept: 'application/json',
  accepts: isJsonContentType,
  parse: (text) => JSON.parse(text),
};

// The XML is parsed by the caller (fast-xml-parser for arXiv's Atom), so it stays text here.
const XML_BODY: BodyFormat = {
  name: 'XML',
  accept: 'application/atom+xml, application/xml;q=0.9',
  accepts: (contentType) => /^(application|text)\/([\w.-]+\+)?xml\s*(;|$)/i.test(contentType.trim()),
  parse: (text) => text,
};

export class HttpClient {
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxBodyBytes: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly logger: Logger;

  constructor(options: HttpClientOptions) {
    this.userAgent = options.userAgent;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * GETs `url` and parses the JSON body. Retries 429, 5xx, network errors and timeouts.
   *
   * @throws HttpError with the kind of the last failure.
   */
  getJson(url: string, signal?: AbortSignal): Promise<unknown> {
    return this.getWithRetries(url, signal, JSON_BODY);
  }

  /** GETs `url` and returns its XML body (such as an Atom feed) as text, with the same retries. */
  async getXml(url: string, signal?: AbortSignal): Promise<string> {
    return (await this.getWithRetries(url, signal, XML_BODY)) as string;
  }

  private async getWithRetries(url: string, signal: AbortSignal | undefined, format: BodyFormat): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(url, signal);
      try {
        return await this.requestOnce(url, signal, format);
      } catch (error) {
        if (!(error instanceof HttpError) || !isRetryable(error) || attempt >= this.maxRetries) {
          throw error;
        }

        // Retrying before the server's Retry-After would only be rejected again, so a wait
        // longer than the cap ends here with the time to retry in the message.
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.maxRetryDelayMs) {
          const seconds = Math.ceil(error.retryAfterMs / 1000);
          throw new HttpError(error.kind, error.url, `${error.message} The server asks to wait ${seconds} s; try again after that.`, {
            status: error.status,
            retryAfterMs: error.retryAfterMs,
          });
        }

        const delayMs = computeRetryDelay(attempt, {
          baseMs: this.retryBaseMs,
          maxMs: this.maxRetryDelayMs,
          serverDelayMs: error.retryAfterMs,
        });
        this.logger.warn(
          `Retrying GET ${url} in ${delayMs} ms (retry ${attempt + 1} of ${this.maxRetries}) after: ${error.message}`,
        );
        await waitFor(delayMs, url, signal);
      }
    }
  }

  /** Runs one attempt including redirects, under one timeout that also covers reading the body. */
  private requestOnce(url: string, signal: AbortSignal | undefined, format: BodyFormat): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      let currentRequest: http.ClientRequest | undefined;

      const finish = (error: HttpError | undefined, value?: unknown) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          currentRequest?.destroy();
          reject(error);
        } else {
          resolve(value);
        }
      };

      const timer = setTimeout(() => {
        finish(new HttpError('timeout', url, `GET ${url} timed out after ${this.timeoutMs} ms.`));
      }, this.timeoutMs);
      const onAbort = () => finish(new HttpError('aborted', url, `GET ${url} was cancelled.`));
      signal?.addEventListener('abort', onAbort, { once: true });

      const send = (target: URL, redirectsLeft: number) => {
        const transport = target.protocol === 'https:' ? https : http;
        const request = transport.request(target, {
          method: 'GET',
          headers: { 'User-Agent': this.userAgent, Accept: format.accept },
        });
        currentRequest = request;

        request.on('error', (error) => {
          finish(new HttpError('network', url, `GET ${target.href} failed: ${error.message}.`, { cause: error }));
        });
        request.on('response', (response) => {
          const redirect = this.redirectTarget(target, response, redirectsLeft, url);
          if (redirect instanceof HttpError) {
            response.resume();
            finish(redirect);
          } else if (redirect) {
            response.resume();
            send(redirect, redirectsLeft - 1);
          } else {
            this.readBody(target, response, url, format).then(
              (value) => finish(undefined, value),
              (error: HttpError) => finish(error),
            );
          }
        });
        request.end();
      };

      let start: URL;
      try {
        start = parseHttpUrl(url);
      } catch (error) {
        finish(error as HttpError);
        return;
      }
      send(start, MAX_REDIRECTS);
    });
  }

  /** Returns the next URL for a redirect, `undefined` for a final response, or the error to throw. */
  private redirectTarget(
    from: URL,
    response: http.IncomingMessage,
    redirectsLeft: number,
    url: string,
  ): URL | HttpError | undefined {
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(status) || !location) {
      return undefined;
    }

    if (redirectsLeft <= 0) {
      return new HttpError('status', url, `GET ${url} failed: more than ${MAX_REDIRECTS} redirects (last to ${location}).`, {
        status,
      });
    }
    try {
      return parseHttpUrl(new URL(location, from).href, url);
    } catch (error) {
      return error as HttpError;
    }
  }

  private readBody(target: URL, response: http.IncomingMessage, url: string, format: BodyFormat): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const status = response.statusCode ?? 0;
      const fail = (error: HttpError) => {
        response.destroy();
        reject(error);
      };

      if (status < 200 || status >= 300) {
        const retryAfterMs = serverRetryDelay(response.headers);
        fail(
          new HttpError('status', url, `GET ${target.href} failed with HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd() + '.', {
            status,
            retryAfterMs,
          }),
        );
        return;
      }

      const contentType = response.headers['content-type'] ?? '';
      if (!format.accepts(contentType)) {
        fail(
          new HttpError(
            'contentType',
            url,
            `GET ${target.href} returned content type "${contentType || 'none'}" instead of ${format.name}. Check that the API base URL is right and no proxy or captive portal is answering instead.`,
            { status },
          ),
        );
        return;
      }

      const declaredLength = Number(response.headers['content-length']);
      if (Number.isFinite(declaredLength) && declaredLength > this.maxBodyBytes) {
        fail(this.tooLargeError(target, url, `declares ${declaredLength} bytes`));
        return;
      }

      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > this.maxBodyBytes) {
          fail(this.tooLargeError(target, url, `exceeded ${this.maxBodyBytes} bytes while reading`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error) => {
        reject(new HttpError('network', url, `GET ${target.href} failed while reading the body: ${error.message}.`, { cause: error }));
      });
      response.on('close', () => {
        if (!response.complete) {
          reject(new HttpError('network', url, `GET ${target.href} failed: the connection closed before the body was complete.`));
        }
      });
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
        try {
          resolve(format.parse(text));
        } catch (error) {
          reject(
            new HttpError('invalidJson', url, `GET ${target.href} returned invalid JSON: ${(error as Error).message}.`, {
              status,
              cause: error,
            }),
          );
        }
      });
    });
  }

  private tooLargeError(target: URL, url: string, detail: string): HttpError {
    return new HttpError(
      'tooLarge',
      url,
      `GET ${target.href} response is too large: the body ${detail}, and the limit is ${this.maxBodyBytes} bytes.`,
    );
  }
}

function isRetryable(error: HttpError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') {
    return true;
  }
  return error.kind === 'status' && error.status !== undefined && (error.status === 429 || error.status >= 500);
}

function parseHttpUrl(text: string, originalUrl = text): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpError('network', originalUrl, `Invalid URL "${text}": expected an absolute http or https URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError('network', originalUrl, `Refusing to request "${text}": only http and https URLs are supported.`);
  }
  return url;
}

/** Accepts `application/json` and structured `+json` types such as `application/problem+json`, with parameters. */
export function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^[a-z]+\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Computes the wait before retry number `attempt + 1`. A delay the server requested wins
 * over exponential backoff; both are capped by `maxMs`.
 */
export function computeRetryDelay(
  attempt: number,
  options: { baseMs: number; maxMs: number; serverDelayMs?: number },
  random: () => number = Math.random,
): number {
  if (options.serverDelayMs !== undefined) {
    return Math.min(Math.max(0, options.serverDelayMs), options.maxMs);
  }
  const backoff = options.baseMs * 2 ** attempt;
  const jitter = random() * options.baseMs;
  return Math.min(Math.round(backoff + jitter), options.maxMs);
}

/** Returns the wait a 429 or 5xx response requests, from `Retry-After` first, then the `RateLimit` headers. */
export function serverRetryDelay(headers: http.IncomingHttpHeaders, now: number = Date.now()): number | undefined {
  const retryAfter = headerValue(headers['retry-after']);
  const fromRetryAfter = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
  return fromRetryAfter ?? parseRateLimitDelay(headers);
}

/** Parses `Retry-After` as delay-seconds or an HTTP date (RFC 9110, section 10.2.3). */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Parses the IETF rate-limit headers into a wait in milliseconds, or `undefined` when they
 * do not ask for one. Two forms are read:
 * - `RateLimit: "default";r=0;t=12` (draft-ietf-httpapi-ratelimit-headers-08 and later),
 *   where a policy with `r=0` remaining requests a wait of `t` seconds. With several policies
 *   the longest wait wins.
 * - `RateLimit-Remaining: 0` with `RateLimit-Reset: 12` (earlier drafts), or the combined
 *   `RateLimit: limit=100, remaining=0, reset=12`.
 */
export function parseRateLimitDelay(headers: http.IncomingHttpHeaders): number | undefined {
  const rateLimit = headerValue(headers['ratelimit']);
  if (rateLimit !== undefined) {
    const structured = parseStructuredRateLimit(rateLimit);
    if (structured !== undefined) {
      return structured;
    }
    const combined = parseCombinedRateLimit(rateLimit);
    if (combined !== undefined) {
      return combined;
    }
  }

  const reset = headerValue(headers['ratelimit-reset']);
  const remaining = headerValue(headers['ratelimit-remaining']);
  if (reset !== undefined && /^\s*\d+\s*$/.test(reset) && (remaining === undefined || Number(remaining) === 0)) {
    return Number(reset) * 1000;
  }
  return undefined;
}

function parseStructuredRateLimit(value: string): number | undefined {
  let longest: number | undefined;
  for (const policy of value.split(',')) {
    const parameters = parseParameters(policy.split(';').slice(1));
    const remaining = parameters.get('r');
    const seconds = parameters.get('t');
    if (remaining === 0 && seconds !== undefined) {
      longest = Math.max(longest ?? 0, seconds * 1000);
    }
  }
  return longest;
}

function parseCombinedRateLimit(value: string): number | undefined {
  const parameters = parseParameters(value.split(','));
  const remaining = parameters.get('remaining');
  const reset = parameters.get('reset');
  return remaining === 0 && reset !== undefined ? reset * 1000 : undefined;
}

/** Reads `name=integer` pairs; other pairs are ignored. */
function parseParameters(parts: string[]): Map<string, number> {
  const parameters = new Map<string, number>();
  for (const part of parts) {
    const match = /^\s*([a-z][a-z0-9_-]*)\s*=\s*(\d+)\s*$/i.exec(part);
    if (match) {
      parameters.set(match[1].toLowerCase(), Number(match[2]));
    }
  }
  return parameters;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function throwIfAborted(url: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new HttpError('aborted', url, `GET ${url} was cancelled.`);
  }
}

function waitFor(ms: number, url: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new HttpError('aborted', url, `GET ${url} was cancelled while waiting to retry.`));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
