// The library file `library.json`: full metadata of saved papers, so they show offline.
// It lives apart from the API cache folder, which may be cleared or moved aside at any time.
// Writes are atomic (temporary file, then rename); a file that cannot be read back is moved
// aside with a `.corrupt-<time>` suffix, never deleted.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Paper } from '../papers/model';
import { normaliseStoredPaper } from '../papers/parse';

export const LIBRARY_SCHEMA_VERSION = 1;
export const LIBRARY_FILE_NAME = 'library.json';

export interface SavedPaper {
  paper: Paper;
  /** ISO 8601 time the paper was saved. */
  savedAt: string;
  tags: string[];
  /**
   * True when only the arXiv id is known (the paper was rebuilt from the synced id list),
   * so its metadata should be looked up again.
   */
  incomplete?: boolean;
}

export interface LibraryData {
  schemaVersion: typeof LIBRARY_SCHEMA_VERSION;
  saved: SavedPaper[];
}

export type LibraryReadResult =
  | { kind: 'ok'; data: LibraryData; migratedFrom?: number }
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string; movedTo: string | undefined };

/**
 * Converts any known shape of the library file to schema 1, or returns an error message.
 * Schema 0 was a bare array of Paper objects, with no save times and no tags.
 */
export function migrateLibrary(raw: unknown, now: Date = new Date()): { data: LibraryData; from: number } | string {
  if (Array.isArray(raw)) {
    const papers = raw.filter(isPaperLike);
    // Earlier array positions are treated as saved earlier, so the newest-first order holds.
    const base = now.getTime() - papers.length * 1000;
    return {
      from: 0,
      data: {
        schemaVersion: LIBRARY_SCHEMA_VERSION,
        saved: papers.map((paper, index) => ({ paper: normalisePaper(paper), savedAt: new Date(base + index * 1000).toISOString(), tags: [] })),
      },
    };
  }

  if (typeof raw !== 'object' || raw === null) {
    return 'the file is not a JSON object or array';
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version !== LIBRARY_SCHEMA_VERSION) {
    return `schemaVersion ${JSON.stringify(version)} is not one this version reads (${LIBRARY_SCHEMA_VERSION})`;
  }
  const saved = (raw as { saved?: unknown }).saved;
  if (!Array.isArray(saved)) {
    return 'the "saved" list is missing';
  }

  return {
    from: LIBRARY_SCHEMA_VERSION,
    data: { schemaVersion: LIBRARY_SCHEMA_VERSION, saved: saved.flatMap((entry) => normaliseSaved(entry)) },
  };
}

/** Reads and migrates the library file; moves an unreadable file aside. */
export async function readLibraryFile(file: string, now: Date = new Date()): Promise<LibraryReadResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'missing' };
    }
    throw error;
  }

  let reason: string;
  try {
    const result = migrateLibrary(JSON.parse(text), now);
    if (typeof result !== 'string') {
      return result.from === LIBRARY_SCHEMA_VERSION ? { kind: 'ok', data: result.data } : { kind: 'ok', data: result.data, migratedFrom: result.from };
    }
    reason = result;
  } catch (error) {
    reason = `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }

  const movedTo = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await fs.rename(file, movedTo);
    return { kind: 'corrupt', reason, movedTo };
  } catch {
    return { kind: 'corrupt', reason, movedTo: undefined };
  }
}

/** Writes `data` to `file` through a uniquely named temporary file and a rename. */
export async function writeLibraryFile(file: string, data: LibraryData): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, JSON.stringify(data, null, 1), 'utf8');
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

function normaliseSaved(entry: unknown): SavedPaper[] {
  if (typeof entry !== 'object' || entry === null) {
    return [];
  }
  const candidate = entry as Partial<SavedPaper>;
  if (!isPaperLike(candidate.paper)) {
    return [];
  }
  const savedAt = typeof candidate.savedAt === 'string' && !Number.isNaN(Date.parse(candidate.savedAt)) ? candidate.savedAt : new Date(0).toISOString();
  const tags = Array.isArray(candidate.tags) ? normaliseTags(candidate.tags.filter((tag): tag is string => typeof tag === 'string')) : [];
  const saved: SavedPaper = { paper: normalisePaper(candidate.paper), savedAt, tags };
  if (candidate.incomplete === true) {
    saved.incomplete = true;
  }
  return [saved];
}

function isPaperLike(value: unknown): value is Paper {
  return typeof value === 'object' && value !== null && typeof (value as Paper).arxivId === 'string' && (value as Paper).arxivId.trim() !== '' && typeof (value as Paper).title === 'string';
}

/**
 * Applies the network limits and cleaning to a saved paper. A saved paper must never be
 * lost, so a paper those checks reject (an id the parser does not know) is kept as stored.
 */
function normalisePaper(paper: Paper): Paper {
  const normalised = normaliseStoredPaper(paper);
  if (normalised) {
    return normalised;
  }
  return {
    ...paper,
    authors: Array.isArray(paper.authors) ? paper.authors.filter((author) => typeof author?.name === 'string') : [],
    abstract: typeof paper.abstract === 'string' ? paper.abstract : '',
    upvotes: typeof paper.upvotes === 'number' ? paper.upvotes : 0,
    numComments: typeof paper.numComments === 'number' ? paper.numComments : 0,
  };
}

/** Trims tags, drops empty ones and duplicates (ignoring case), keeping the first spelling. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    const trimmed = tag.replace(/\s+/g, ' ').trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) {
      seen.add(trimmed.toLowerCase());
      result.push(trimmed);
    }
  }
  return result;
}
