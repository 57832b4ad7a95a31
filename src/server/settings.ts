// The server's options: fixed ones from `initializationOptions`, and the `paperReader`
// settings the client returns for `workspace/configuration`, read again on every change.
import { DEFAULT_ARXIV_BASE_URL } from '../papers/arxivClient';

export interface InitializationOptions {
  /** The extension's cache folder for the current API host, shared with the Trending view. */
  cacheDirectory: string;
  baseUrl: string;
  arxivBaseUrl: string;
  userAgent: string;
  hoverTimeoutMs?: number;
  /** Minimum time between two arXiv API requests; only tests lower it from arXiv's 3000 ms. */
  arxivMinIntervalMs?: number;
}

export interface ServerSettings {
  baseUrl: string;
  allowBareIds: boolean;
  /** Maximum time a hover waits for a network look-up, in milliseconds. */
  hoverTimeoutMs: number;
  diagnostics: boolean;
  /** Also serve documents of other languages, recognising references only inside their comments. */
  comments: boolean;
}

export const DEFAULT_HOVER_TIMEOUT_MS = 1500;
const DEFAULT_BASE_URL = 'https://huggingface.co';

/**
 * Reads the client's `initializationOptions`, falling back field by field.
 *
 * @throws Error when `cacheDirectory` is missing, because the server has nowhere to read papers from.
 */
export function readInitializationOptions(value: unknown): InitializationOptions {
  const options = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const cacheDirectory = options.cacheDirectory;
  if (typeof cacheDirectory !== 'string' || cacheDirectory.trim() === '') {
    throw new Error('Missing initializationOptions.cacheDirectory: the client must pass the paper cache folder.');
  }
  return {
    cacheDirectory,
    baseUrl: httpUrlOr(options.baseUrl, DEFAULT_BASE_URL),
    arxivBaseUrl: httpUrlOr(options.arxivBaseUrl, DEFAULT_ARXIV_BASE_URL),
    userAgent: typeof options.userAgent === 'string' && options.userAgent ? options.userAgent : 'PaperReader-LanguageServer',
    hoverTimeoutMs: timeoutOr(options.hoverTimeoutMs, undefined),
    arxivMinIntervalMs: timeoutOr(options.arxivMinIntervalMs, undefined),
  };
}

/** Merges the `paperReader` configuration section over the initialization options. */
export function readSettings(section: unknown, initialization: InitializationOptions): ServerSettings {
  const settings = (section && typeof section === 'object' ? section : {}) as Record<string, unknown>;
  const server = (settings.languageServer && typeof settings.languageServer === 'object' ? settings.languageServer : {}) as Record<
    string,
    unknown
  >;
  return {
    baseUrl: httpUrlOr(settings.baseUrl, initialization.baseUrl),
    allowBareIds: server.allowBareIds === true,
    hoverTimeoutMs: timeoutOr(server.hoverTimeoutMs, initialization.hoverTimeoutMs) ?? DEFAULT_HOVER_TIMEOUT_MS,
    diagnostics: server.diagnostics !== false,
    comments: server.comments === true,
  };
}

function httpUrlOr(value: unknown, fallback: string): string {
  if (typeof value !== 'string') {
    return fallback;
  }
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : fallback;
  } catch {
    return fallback;
  }
}

/** Accepts 0 to 60 000 ms; anything else falls back. */
function timeoutOr<T extends number | undefined>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 60_000 ? Math.round(value) : fallback;
}
