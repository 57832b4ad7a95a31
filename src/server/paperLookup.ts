// Paper metadata for the language server, from the cheapest source first: memory, the
// extension's on-disk cache (looked-up papers, then every cached day, week and month list),
// Hugging Face, then arXiv. Each id is fetched at most once at a time, and every result
// (papers and definite "not found"s) is kept in memory for the server's lifetime.
import { citeKey } from '../citations/bibtex';
import type { Logger } from '../common/logger';
import type { ArxivClient } from '../papers/arxivClient';
import type { PaperCache } from '../papers/cache';
import type { DailyPapersClient } from '../papers/dailyPapersClient';
import type { Paper, PeriodKind } from '../papers/model';

export type LookupResult =
  | { status: 'found'; paper: Paper }
  /** Hugging Face returned 404 and arXiv's feed had no entry. */
  | { status: 'notFound' }
  /** A source could not be reached or returned an error, so nothing is known. */
  | { status: 'failed'; message: string; failedSources: LookupSource[] };

/** The network sources of a look-up: Hugging Face (`paperReader.baseUrl`) and arXiv (`paperReader.arxivBaseUrl`). */
export type LookupSource = 'huggingFace' | 'arxiv';

export interface PaperLookupOptions {
  cache: PaperCache;
  /** Returns the client for the current `paperReader.baseUrl`. */
  huggingFace: () => DailyPapersClient;
  arxiv: ArxivClient;
  logger: Logger;
  /** Called when a network look-up ends, so the server can refresh diagnostics. */
  onDidResolve?: (arxivId: string, result: LookupResult) => void;
  /** Age after which the index of cached lists is rebuilt on its next use, in milliseconds. */
  listIndexMaxAgeMs?: number;
}

const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month'];
/** A failed look-up is not repeated for this long, so a hover loop cannot flood the network. */
const RETRY_AFTER_FAILURE_MS = 60_000;
/** Hugging Face requests running at once; arXiv has its own queue. */
const MAX_CONCURRENT_HF_REQUESTS = 4;

interface ListIndex {
  papers: Map<string, Paper>;
  byCiteKey: Map<string, Paper>;
  builtAt: number;
}

export class PaperLookup {
  private readonly found = new Map<string, Paper>();
  private readonly notFound = new Set<string>();
  private readonly failedAt = new Map<string, { time: number; message: string; failedSources: LookupSource[] }>();
  private readonly inFlight = new Map<string, Promise<LookupResult>>();
  private listIndex: ListIndex | undefined;
  private listIndexBuild: Promise<ListIndex> | undefined;
  private readonly listIndexMaxAgeMs: number;
  private runningHfRequests = 0;
  private readonly hfQueue: Array<() => void> = [];

  constructor(private readonly options: PaperLookupOptions) {
    this.listIndexMaxAgeMs = options.listIndexMaxAgeMs ?? 30_000;
  }

  /** Returns what memory holds for `arxivId` without any I/O, or `undefined` when nothing is known yet. */
  peek(arxivId: string): LookupResult | undefined {
    const paper = this.found.get(arxivId);
    if (paper) {
      return { status: 'found', paper };
    }
    return this.notFound.has(arxivId) ? { status: 'notFound' } : undefined;
  }

  /**
   * Looks `arxivId` up, waiting at most `timeoutMs`. Returns `undefined` when the look-up
   * has not finished by then; it goes on in the background and caches its result.
   */
  async lookUpWithin(arxivId: string, timeoutMs: number): Promise<LookupResult | undefined> {
    const known = this.peek(arxivId);
    if (known) {
      return known;
    }

    const lookup = this.lookUp(arxivId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, timeoutMs));
    });
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Looks `arxivId` up in every source; concurrent calls for one id share one look-up. */
  lookUp(arxivId: string): Promise<LookupResult> {
    const known = this.peek(arxivId);
    if (known) {
      return Promise.resolve(known);
    }
    const failure = this.failedAt.get(arxivId);
    if (failure && Date.now() - failure.time < RETRY_AFTER_FAILURE_MS) {
      return Promise.resolve({ status: 'failed', message: failure.message, failedSources: failure.failedSources });
    }

    let pending = this.inFlight.get(arxivId);
    if (!pending) {
      pending = this.lookUpUncached(arxivId).finally(() => this.inFlight.delete(arxivId));
      this.inFlight.set(arxivId, pending);
    }
    return pending;
  }

  /** Returns the papers of every cached list by arXiv id; a paper in several lists comes from the newest. */
  async cachedPapers(): Promise<Map<string, Paper>> {
    return (await this.currentListIndex()).papers;
  }

  /** Finds a cached paper whose generated cite key (`citeKey(paper)`) is `key`. */
  async paperForCiteKey(key: string): Promise<Paper | undefined> {
    const index = await this.currentListIndex();
    return index.byCiteKey.get(key) ?? [...this.found.values()].find((paper) => citeKey(paper) === key);
  }

  private async lookUpUncached(arxivId: string): Promise<LookupResult> {
    const fromDisk = await this.findOnDisk(arxivId);
    if (fromDisk) {
      this.found.set(arxivId, fromDisk);
      return { status: 'found', paper: fromDisk };
    }

    const result = await this.fetchFromNetwork(arxivId);
    if (result.status === 'found') {
      this.found.set(arxivId, result.paper);
      this.failedAt.delete(arxivId);
      await this.options.cache.writePaper(result.paper).catch((error: unknown) => {
        this.options.logger.warn(`Could not cache paper ${arxivId}: ${errorMessage(error)}`);
      });
    } else if (result.status === 'notFound') {
      this.notFound.add(arxivId);
    } else {
      this.failedAt.set(arxivId, { time: Date.now(), message: result.message, failedSources: result.failedSources });
    }
    this.options.onDidResolve?.(arxivId, result);
    return result;
  }

  private async findOnDisk(arxivId: string): Promise<Paper | undefined> {
    try {
      const paper = await this.options.cache.readPaper(arxivId);
      if (paper) {
        return paper;
      }
      return (await this.currentListIndex()).papers.get(arxivId);
    } catch (error) {
      this.options.logger.warn(`Could not read the paper cache for ${arxivId}: ${errorMessage(error)}`);
      return undefined;
    }
  }

  private async fetchFromNetwork(arxivId: string): Promise<LookupResult> {
    let missingOnHuggingFace = false;
    let hfFailure = '';
    try {
      const paper = await this.withHfSlot(() => this.options.huggingFace().fetchPaper(arxivId));
      if (paper) {
        return { status: 'found', paper };
      }
      missingOnHuggingFace = true;
    } catch (error) {
      hfFailure = errorMessage(error);
      this.options.logger.warn(`Hugging Face look-up of ${arxivId} failed: ${hfFailure}`);
    }

    try {
      const paper = await this.options.arxiv.fetchPaper(arxivId);
      if (paper) {
        return { status: 'found', paper };
      }
      if (missingOnHuggingFace) {
        this.options.logger.info(`arXiv:${arxivId} was not found on Hugging Face or arXiv.`);
        return { status: 'notFound' };
      }
      return { status: 'failed', message: hfFailure, failedSources: ['huggingFace'] };
    } catch (error) {
      const message = errorMessage(error);
      this.options.logger.warn(`arXiv look-up of ${arxivId} failed: ${message}`);
      return hfFailure
        ? { status: 'failed', message: `${hfFailure} ${message}`, failedSources: ['huggingFace', 'arxiv'] }
        : { status: 'failed', message, failedSources: ['arxiv'] };
    }
  }

  private async withHfSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.runningHfRequests >= MAX_CONCURRENT_HF_REQUESTS) {
      await new Promise<void>((resolve) => this.hfQueue.push(resolve));
    }
    this.runningHfRequests++;
    try {
      return await task();
    } finally {
      this.runningHfRequests--;
      this.hfQueue.shift()?.();
    }
  }

  /**
   * Returns the index of cached lists. A stale index is still returned at once while a new
   * one is built in the background; only the first call waits for a build.
   */
  private async currentListIndex(): Promise<ListIndex> {
    const index = this.listIndex;
    const stale = !index || Date.now() - index.builtAt > this.listIndexMaxAgeMs;
    if (stale && !this.listIndexBuild) {
      this.listIndexBuild = this.buildListIndex()
        .then((built) => {
          this.listIndex = built;
          return built;
        })
        .finally(() => {
          this.listIndexBuild = undefined;
        });
    }
    return index ?? this.listIndexBuild!;
  }

  private async buildListIndex(): Promise<ListIndex> {
    const papers = new Map<string, Paper>();
    const { cache, logger } = this.options;
    for (const kind of PERIOD_KINDS) {
      try {
        for (const key of await cache.listKeys(kind)) {
          const list = await cache.readList(kind, key);
          for (const paper of list?.papers ?? []) {
            papers.set(paper.arxivId, paper);
          }
        }
      } catch (error) {
        logger.warn(`Could not index cached ${kind} lists: ${errorMessage(error)}`);
      }
    }

    const byCiteKey = new Map<string, Paper>();
    for (const paper of papers.values()) {
      byCiteKey.set(citeKey(paper), paper);
    }
    return { papers, byCiteKey, builtAt: Date.now() };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
