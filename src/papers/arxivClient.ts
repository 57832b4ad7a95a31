// Client for the arXiv API's id look-up (`/api/query?id_list=<id>`), which returns an Atom feed.
// arXiv asks clients to send at most one request every three seconds
// (https://info.arxiv.org/help/api/tou.html), so requests wait in one queue here.
import { XMLParser } from 'fast-xml-parser';
import type { Logger } from '../common/logger';
import { silentLogger } from '../common/logger';
import { parseArxivReference } from './arxivId';
import { HttpClient } from './http';
import type { Paper } from './model';

/** Fetches a URL's XML body as text; `HttpClient` provides it. */
export interface XmlHttpClient {
  getXml(url: string, signal?: AbortSignal): Promise<string>;
}

export interface ArxivClientOptions {
  /** API origin; the default is arXiv's export mirror, which serves the API. */
  baseUrl?: string;
  http?: XmlHttpClient;
  /** Minimum time between the starts of two requests, in milliseconds. */
  minIntervalMs?: number;
  userAgent?: string;
  /** Limit for one request, from sending it to the last byte, in milliseconds. */
  timeoutMs?: number;
  logger?: Logger;
  /** Waits `ms` milliseconds; tests replace it to release queued requests one at a time. */
  wait?: (ms: number) => Promise<void>;
}

export const DEFAULT_ARXIV_BASE_URL = 'https://export.arxiv.org';

/** Atom feeds of one entry are a few kilobytes; this bounds a wrong or hostile server. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
});

export class ArxivClient {
  readonly baseUrl: string;
  readonly minIntervalMs: number;
  private readonly http: XmlHttpClient;
  private readonly logger: Logger;
  private readonly wait: (ms: number) => Promise<void>;
  /** Earliest time the next request may start, in epoch milliseconds. */
  private nextStartAt = 0;

  constructor(options: ArxivClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_ARXIV_BASE_URL).replace(/\/+$/, '');
    this.minIntervalMs = options.minIntervalMs ?? 3000;
    this.logger = options.logger ?? silentLogger;
    // No retries: a retry would break arXiv's one request every three seconds, and the
    // language server looks a failed id up again on a later hover.
    this.http =
      options.http ??
      new HttpClient({
        userAgent: options.userAgent ?? 'PaperReader (+https://github.com/paper-reader/paper-reader)',
        timeoutMs: options.timeoutMs ?? 15_000,
        maxRetries: 0,
        maxBodyBytes: MAX_BODY_BYTES,
        logger: this.logger,
      });
    this.wait = options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Fetches one paper's metadata. Returns `undefined` when the feed has no entry or only
   * arXiv's error entry, which is how the API reports an unknown or malformed id.
   *
   * @throws RangeError for a string that is not an arXiv id, HttpError when the request fails.
   */
  async fetchPaper(arxivId: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const reference = parseArxivReference(arxivId);
    if (!reference) {
      throw new RangeError(`Invalid arXiv id "${arxivId}": expected an id such as 2502.18858 or hep-th/9901001.`);
    }

    const url = `${this.baseUrl}/api/query?id_list=${encodeURIComponent(reference.id)}`;
    await this.waitForTurn();
    this.logger.debug(`GET ${url}`);
    const body = await this.http.getXml(url, signal);
    return parseArxivFeed(body, reference.id, url);
  }

  /**
   * Reserves the next start slot before waiting, so concurrent callers start in call order,
   * each at least `minIntervalMs` after the one before.
   */
  private async waitForTurn(): Promise<void> {
    const now = Date.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = startAt + this.minIntervalMs;
    if (startAt > now) {
      await this.wait(startAt - now);
    }
  }
}

/**
 * Parses an arXiv Atom feed into the paper with id `arxivId`, or `undefined` when the feed
 * has no usable entry.
 *
 * @throws Error when the body is not an Atom feed.
 */
export function parseArxivFeed(xml: string, arxivId: string, source = 'the arXiv response'): Paper | undefined {
  let document: Record<string, unknown>;
  try {
    document = xmlParser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Invalid XML from ${source}: ${(error as Error).message}. Check that the arXiv API URL is right.`);
  }

  const feed = document.feed as Record<string, unknown> | undefined;
  if (!feed || typeof feed !== 'object') {
    throw new Error(`Unexpected response from ${source}: it is not an Atom feed. Check that the arXiv API URL is right.`);
  }

  const entries = Array.isArray(feed.entry) ? (feed.entry as Array<Record<string, unknown>>) : [];
  for (const entry of entries) {
    const paper = parseEntry(entry, arxivId);
    if (paper) {
      return paper;
    }
  }
  return undefined;
}

function parseEntry(entry: Record<string, unknown>, arxivId: string): Paper | undefined {
  const entryId = text(entry.id);

  // Errors come as an entry whose id points at /api/errors and whose title is "Error".
  if (entryId.includes('/api/errors') || !entryId) {
    return undefined;
  }
  const title = collapse(text(entry.title));
  if (!title) {
    return undefined;
  }

  const authors = (Array.isArray(entry.author) ? entry.author : [])
    .map((author) => collapse(text((author as Record<string, unknown>)?.name)))
    .filter((name) => name.length > 0)
    .map((name) => ({ name }));

  const published = Date.parse(text(entry.published));
  const category = entry['arxiv:primary_category'] as Record<string, unknown> | undefined;
  const primaryCategory = typeof category?.['@_term'] === 'string' ? category['@_term'] : undefined;

  return {
    arxivId,
    title,
    authors,
    abstract: collapse(text(entry.summary)),
    publishedAt: Number.isNaN(published) ? undefined : new Date(published).toISOString(),
    upvotes: 0,
    numComments: 0,
    primaryCategory,
  };
}

/** Returns an element's text whether the parser produced a string or an object with attributes. */
function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>)['#text'] === 'string') {
    return (value as Record<string, string>)['#text'];
  }
  return '';
}

/** arXiv wraps titles and abstracts at about 80 columns; the model wants single spaces. */
function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
