// Client for the Hugging Face Daily Papers API: day, ISO week and month lists, fetched page
// by page, and single papers.
import type { Logger } from '../common/logger';
import { parseArxivReference } from './arxivId';
import { daysOfMonth, daysOfWeek, isDayKey, isMonthKey, isWeekKey, todayKey } from './dates';
import { HttpClient, HttpError } from './http';
import type { Paper } from './model';
import { dedupePapers, parseDailyPapersItems, parsePaperDetails, ResponseFormatError } from './parse';

export interface DailyPapersClientOptions {
  /** API origin, e.g. `https://huggingface.co`; a trailing slash or a path prefix is allowed. */
  baseUrl: string;
  http: HttpClient;
  logger: Logger;
  /** Items per page; the API returns at most this many per request. */
  pageSize?: number;
  /** `trending` requests the API's trending order, and `upvotes` keeps its default order. */
  sort?: 'upvotes' | 'trending';
  /** Clock for "today" when a week or month is fetched day by day; tests pass a fixed one. */
  now?: () => Date;
}

/** Guard against a server that keeps returning full pages. 20 pages of 50 is far above any real day. */
const MAX_PAGES = 20;

type PeriodQuery = { date: string } | { week: string } | { month: string };

export class DailyPapersClient {
  private readonly baseUrl: string;
  private readonly http: HttpClient;
  private readonly logger: Logger;
  private readonly pageSize: number;
  private readonly sort: 'upvotes' | 'trending';
  private readonly now: () => Date;

  constructor(options: DailyPapersClientOptions) {
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.http = options.http;
    this.logger = options.logger;
    this.pageSize = options.pageSize ?? 50;
    this.sort = options.sort ?? 'upvotes';
    this.now = options.now ?? (() => new Date());
  }

  /** Fetches every page of one UTC day's list. */
  async fetchDay(day: string, signal?: AbortSignal): Promise<Paper[]> {
    if (!isDayKey(day)) {
      throw new RangeError(`Invalid day "${day}": expected YYYY-MM-DD, for example 2025-03-12.`);
    }
    return this.fetchPages({ date: day }, day, `day ${day}`, day, signal);
  }

  /** Fetches an ISO week such as `2025-W11`, day by day when the `week=` query fails or is empty. */
  async fetchWeek(weekKey: string, signal?: AbortSignal): Promise<Paper[]> {
    if (!isWeekKey(weekKey)) {
      throw new RangeError(`Invalid ISO week "${weekKey}": expected YYYY-Www, for example 2025-W11.`);
    }
    return this.fetchPeriod({ week: weekKey }, weekKey, `week ${weekKey}`, daysOfWeek(weekKey), signal);
  }

  /** Fetches a month such as `2025-03`, day by day when the `month=` query fails or is empty. */
  async fetchMonth(monthKey: string, signal?: AbortSignal): Promise<Paper[]> {
    if (!isMonthKey(monthKey)) {
      throw new RangeError(`Invalid month "${monthKey}": expected YYYY-MM, for example 2025-03.`);
    }
    return this.fetchPeriod({ month: monthKey }, monthKey, `month ${monthKey}`, daysOfMonth(monthKey), signal);
  }

  /**
   * Fetches one paper, or returns `undefined` when Hugging Face has no page for it (HTTP 404).
   *
   * @throws ResponseFormatError when the response is not a paper, or is a paper with another
   * arXiv id than the one requested.
   */
  async fetchPaper(arxivId: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const path = arxivId.split('/').map(encodeURIComponent).join('/');
    const url = new URL(`api/papers/${path}`, this.baseUrl).href;
    let paper: Paper;
    try {
      const body = await this.http.getJson(url, signal);
      paper = parsePaperDetails(body, url);
    } catch (error) {
      if (error instanceof HttpError && error.kind === 'status' && error.status === 404) {
        return undefined;
      }
      throw error;
    }

    // Without this check a server that returns another paper would have the wrong one opened and cached.
    const requestedId = parseArxivReference(arxivId)?.id ?? arxivId;
    if (paper.arxivId !== requestedId) {
      throw new ResponseFormatError(
        `Invalid paper response from ${url}: it returned arXiv:${paper.arxivId} for arXiv:${requestedId}. ` +
          'Check that the API base URL points at the Hugging Face Daily Papers API.',
        url,
      );
    }
    return paper;
  }

  private async fetchPeriod(
    query: PeriodQuery,
    key: string,
    label: string,
    days: string[],
    signal?: AbortSignal,
  ): Promise<Paper[]> {
    let reason: string;
    try {
      const papers = await this.fetchPages(query, key, label, undefined, signal);
      if (papers.length > 0) {
        return papers;
      }
      reason = 'it returned no papers';
    } catch (error) {
      if (!isServerRejection(error)) {
        throw error;
      }
      reason = `it failed: ${(error as Error).message}`;
    }

    // Past days are complete, and days after today have no list yet.
    const today = todayKey(this.now());
    const pastDays = days.filter((day) => day <= today);
    this.logger.info(`Fetching ${label} day by day (${pastDays.length} days) because the period request ${reason}`);

    const papers: Paper[] = [];
    for (const day of pastDays) {
      papers.push(...(await this.fetchDay(day, signal)));
    }
    return dedupePapers(papers);
  }

  /**
   * Fetches every page of a list request.
   *
   * @throws ResponseFormatError when a body is not a list, or when the pages have items but
   * none of them could be read. An empty list would show the period as one without papers.
   */
  private async fetchPages(
    query: PeriodQuery,
    key: string,
    label: string,
    requestedDay: string | undefined,
    signal?: AbortSignal,
  ): Promise<Paper[]> {
    const papers: Paper[] = [];
    const firstUrl = this.listUrl(query, 0);
    let skipped = 0;
    let received = 0;
    let complete = false;

    for (let page = 0; page < MAX_PAGES; page++) {
      const url = this.listUrl(query, page);
      const body = await this.http.getJson(url, signal);
      const result = parseDailyPapersItems(body, { requestedDay, source: url });
      papers.push(...result.papers);
      skipped += result.skipped;

      const itemCount = (body as unknown[]).length;
      received += itemCount;
      if (itemCount < this.pageSize) {
        complete = true;
        break;
      }
    }

    if (!complete) {
      this.logger.warn(
        `Stopped fetching ${label} after ${MAX_PAGES} pages of ${this.pageSize} papers; later pages were not requested.`,
      );
    }
    if (received > 0 && papers.length === 0) {
      throw new ResponseFormatError(
        `Invalid Daily Papers response from ${firstUrl}: none of the ${received} items for ${key} could be read ` +
          'as papers with an arXiv id and a title. Refresh later, and check that the API base URL points at the Hugging Face Daily Papers API.',
        firstUrl,
      );
    }
    if (skipped > 0) {
      this.logger.warn(
        `Skipped ${skipped} of ${received} items for ${label} because they were not paper objects with an arXiv id and a title.`,
      );
    }
    return dedupePapers(papers);
  }

  private listUrl(query: PeriodQuery, page: number): string {
    const url = new URL('api/daily_papers', this.baseUrl);
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, value as string);
    }
    url.searchParams.set('p', String(page));
    url.searchParams.set('limit', String(this.pageSize));
    if (this.sort === 'trending') {
      url.searchParams.set('sort', 'trending');
    }
    return url.href;
  }
}

/**
 * True when the server responded but did not serve the period list: an HTTP error status or
 * a body that is not a list. Network failures, timeouts, cancellation and rate limiting
 * (429) return false because fetching day by day would fail the same way, only more often.
 */
function isServerRejection(error: unknown): boolean {
  if (error instanceof ResponseFormatError) {
    return true;
  }
  return error instanceof HttpError && error.kind === 'status' && error.status !== 429;
}
