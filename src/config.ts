// Typed access to the `paperReader.*` settings, with values checked because settings.json
// can hold anything a user typed.
import * as vscode from 'vscode';
import { isDayKey } from './papers/dates';

export const SECTION = 'paperReader';
export const DEFAULT_BASE_URL = 'https://huggingface.co';
export const DEFAULT_ARXIV_BASE_URL = 'https://export.arxiv.org';

export type SortOrder = 'upvotes' | 'trending';

export interface PaperReaderConfig {
  baseUrl: string;
  /** Origin of the arXiv API, which the language server queries for papers Hugging Face lacks. */
  arxivBaseUrl: string;
  sortOrder: SortOrder;
  daysShown: number;
  /** `YYYY-MM-DD`, or undefined for today. */
  initialDate: string | undefined;
  requestTimeoutMs: number;
  demo: boolean;
}

export function readConfig(): PaperReaderConfig {
  const settings = vscode.workspace.getConfiguration(SECTION);

  const initialDate = settings.get<string>('initialDate', '').trim();
  const sortOrder = settings.get<string>('sortOrder', 'upvotes');

  return {
    baseUrl: normaliseBaseUrl(settings.get<string>('baseUrl', DEFAULT_BASE_URL), DEFAULT_BASE_URL),
    arxivBaseUrl: normaliseBaseUrl(settings.get<string>('arxivBaseUrl', DEFAULT_ARXIV_BASE_URL), DEFAULT_ARXIV_BASE_URL),
    sortOrder: sortOrder === 'trending' ? 'trending' : 'upvotes',
    daysShown: clampInteger(settings.get<number>('daysShown', 7), 1, 60, 7),
    initialDate: isDayKey(initialDate) ? initialDate : undefined,
    requestTimeoutMs: clampInteger(settings.get<number>('requestTimeout', 15), 1, 120, 15) * 1000,
    demo: settings.get<boolean>('demo', false) === true,
  };
}

/** Falls back to the public API when the setting is not an http(s) URL. */
function normaliseBaseUrl(value: string | undefined, fallback: string): string {
  try {
    const url = new URL((value ?? '').trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return url.toString().replace(/\/+$/, '');
    }
  } catch {
    // An invalid URL falls through to the default; activation logs the value in use.
  }
  return fallback;
}

function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.round(value)));
}
