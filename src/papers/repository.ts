// Combines the Daily Papers client with the on-disk cache: views read the cache first and
// refresh from the network, and a refresh only ever adds to what is cached.
import type { Logger } from '../common/logger';
import { parseArxivReference } from './arxivId';
import type { PaperCache } from './cache';
import type { DailyPapersClient } from './dailyPapersClient';
import { isOfflineError } from './http';
import type { Paper, PaperList, PeriodKind } from './model';
import { mergePapers } from './parse';

const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month'];

export class PaperRepository {
  constructor(
    private readonly client: DailyPapersClient,
    private readonly cache: PaperCache,
    private readonly logger: Logger,
  ) {}

  getCached(kind: PeriodKind, key: string): Promise<PaperList | undefined> {
    return this.cache.readList(kind, key);
  }

  /**
   * Fetches a list, merges it into the cached one and stores the result. When the fetch
   * fails the cache is left as it was and the error propagates.
   */
  async refresh(kind: PeriodKind, key: string, signal?: AbortSignal): Promise<PaperList> {
    const fresh = await this.fetchList(kind, key, signal);
    const cached = await this.cache.readList(kind, key);
    const list: PaperList = {
      key,
      papers: mergePapers(cached?.papers ?? [], fresh),
      fetchedAt: new Date().toISOString(),
    };

    // The fetched list is still worth showing when it cannot be stored.
    try {
      await this.cache.writeList(kind, list);
    } catch (error) {
      this.logger.error(`Could not cache the ${kind} list ${key}: ${errorMessage(error)}`);
    }
    return list;
  }

  /**
   * Finds a paper by arXiv id (a version suffix is ignored). With `preferCache` (the
   * default) the cache is searched first and the network only on a miss. Without it the
   * network is asked first and the cache serves as the fallback when offline or when the
   * API has no page for the paper. Returns `undefined` when neither has it.
   *
   * @throws RangeError for a string that is not an arXiv id.
   */
  async lookUp(arxivId: string, options: { preferCache?: boolean } = {}): Promise<Paper | undefined> {
    const reference = parseArxivReference(arxivId);
    if (!reference) {
      throw new RangeError(`Invalid arXiv id "${arxivId}": expected an id such as 2502.18858 or hep-th/9901001.`);
    }
    const id = reference.id;

    if (options.preferCache ?? true) {
      const cached = await this.findAnywhereInCache(id);
      if (cached) {
        return cached;
      }
      return this.fetchAndCachePaper(id);
    }

    let fetched: Paper | undefined;
    try {
      fetched = await this.fetchAndCachePaper(id);
    } catch (error) {
      if (!isOfflineError(error)) {
        throw error;
      }
      const cached = await this.findAnywhereInCache(id);
      if (!cached) {
        throw error;
      }
      this.logger.info(`Showing cached ${id} because the network is unavailable: ${errorMessage(error)}`);
      return cached;
    }
    return fetched ?? (await this.findAnywhereInCache(id));
  }

  /**
   * Searches cached lists (days, then weeks, then months, newest first) for a paper, so a
   * command opened from the tree works offline.
   */
  async findCachedPaper(arxivId: string): Promise<Paper | undefined> {
    const id = parseArxivReference(arxivId)?.id ?? arxivId;
    for (const kind of PERIOD_KINDS) {
      const keys = await this.cache.listKeys(kind);
      for (const key of keys.reverse()) {
        const list = await this.cache.readList(kind, key);
        const paper = list?.papers.find((candidate) => candidate.arxivId === id);
        if (paper) {
          return paper;
        }
      }
    }
    return undefined;
  }

  private async findAnywhereInCache(id: string): Promise<Paper | undefined> {
    return (await this.cache.readPaper(id)) ?? (await this.findCachedPaper(id));
  }

  /** Fetches one paper and caches it, keeping list-only fields (comments, day) from a cached list. */
  private async fetchAndCachePaper(id: string): Promise<Paper | undefined> {
    const listedPaper = await this.findCachedPaper(id);
    const fetched = await this.client.fetchPaper(id);
    if (!fetched) {
      return undefined;
    }

    // The details endpoint has no comment count, so the parsed 0 must not hide a listed one.
    const paper = listedPaper
      ? { ...mergePapers([listedPaper], [fetched])[0], numComments: Math.max(listedPaper.numComments, fetched.numComments) }
      : fetched;
    try {
      await this.cache.writePaper(paper);
    } catch (error) {
      this.logger.error(`Could not cache paper ${id}: ${errorMessage(error)}`);
    }
    return paper;
  }

  private fetchList(kind: PeriodKind, key: string, signal?: AbortSignal) {
    switch (kind) {
      case 'day':
        return this.client.fetchDay(key, signal);
      case 'week':
        return this.client.fetchWeek(key, signal);
      case 'month':
        return this.client.fetchMonth(key, signal);
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
