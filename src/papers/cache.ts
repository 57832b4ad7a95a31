// On-disk cache of paper lists and single papers, one JSON file per entry:
//   <directory>/day/2025-03-12.json, week/2025-W11.json, month/2025-03.json, papers/<id>.json
// Every file is `{ "schemaVersion": 1, "data": ... }`. A file that cannot be read back is
// moved aside rather than deleted, so it can still be inspected, and the entry counts as missing.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../common/logger';
import type { Paper, PaperList, PeriodKind } from './model';
import { normaliseStoredPaper } from './parse';

export const CACHE_SCHEMA_VERSION = 1;

interface CacheEnvelope {
  schemaVersion: number;
  data: unknown;
}

const PAPERS_FOLDER = 'papers';

export class PaperCache {
  constructor(
    private readonly directory: string,
    private readonly logger: Logger,
  ) {}

  async readList(kind: PeriodKind, key: string): Promise<PaperList | undefined> {
    const file = this.entryPath(kind, key);
    const list = (await this.readEntry(file, isPaperList)) as PaperList | undefined;
    if (!list) {
      return undefined;
    }
    const papers = list.papers.map(normaliseStoredPaper).filter((paper): paper is Paper => paper !== undefined);
    return { ...list, papers };
  }

  async writeList(kind: PeriodKind, list: PaperList): Promise<void> {
    await this.writeEntry(this.entryPath(kind, list.key), list);
  }

  async readPaper(arxivId: string): Promise<Paper | undefined> {
    const data = await this.readEntry(this.entryPath(PAPERS_FOLDER, arxivId), isPaper);
    return data === undefined ? undefined : normaliseStoredPaper(data);
  }

  async writePaper(paper: Paper): Promise<void> {
    await this.writeEntry(this.entryPath(PAPERS_FOLDER, paper.arxivId), paper);
  }

  /** Returns the keys cached for `kind`, sorted ascending (so oldest first for all three kinds). */
  async listKeys(kind: PeriodKind): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.directory, kind));
    } catch (error) {
      if (!isNotFound(error)) {
        this.logger.warn(`Could not list cached ${kind} lists in ${path.join(this.directory, kind)}: ${errorMessage(error)}`);
      }
      return [];
    }

    const keys: string[] = [];
    for (const name of names) {
      // Skips temporary files and files moved aside, whose names end in something else.
      if (!name.endsWith('.json')) {
        continue;
      }
      const key = decodeFileStem(name.slice(0, -'.json'.length));
      if (key !== undefined) {
        keys.push(key);
      }
    }
    return keys.sort();
  }

  private entryPath(folder: string, key: string): string {
    return path.join(this.directory, folder, `${encodeFileStem(key)}.json`);
  }

  /** Returns the entry's data, or `undefined` when the file is missing, unreadable or invalid. */
  private async readEntry(file: string, isValid: (data: unknown) => boolean): Promise<unknown> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (!isNotFound(error)) {
        this.logger.warn(`Could not read cache file ${file}: ${errorMessage(error)}. Treating it as not cached.`);
      }
      return undefined;
    }

    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch (error) {
      await this.moveAside(file, 'corrupt', `it is not valid JSON (${errorMessage(error)})`);
      return undefined;
    }

    if (!isEnvelope(envelope)) {
      await this.moveAside(file, 'corrupt', 'it has no schemaVersion and data fields');
      return undefined;
    }
    if (envelope.schemaVersion !== CACHE_SCHEMA_VERSION) {
      await this.moveAside(
        file,
        'old-schema',
        `its schemaVersion is ${JSON.stringify(envelope.schemaVersion)} and this version reads ${CACHE_SCHEMA_VERSION}`,
      );
      return undefined;
    }
    if (!isValid(envelope.data)) {
      await this.moveAside(file, 'corrupt', 'its data does not have the expected fields');
      return undefined;
    }
    return envelope.data;
  }

  /**
   * Writes a temporary file in the target's directory and renames it over the target, so a
   * reader sees either the old or the new content, never a partial file.
   */
  private async writeEntry(file: string, data: unknown): Promise<void> {
    const envelope: CacheEnvelope = { schemaVersion: CACHE_SCHEMA_VERSION, data };
    const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;

    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.writeFile(temporary, JSON.stringify(envelope), 'utf8');
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw new Error(`Could not write cache file ${file}: ${errorMessage(error)}. Check that the folder is writable.`, {
        cause: error,
      });
    }
  }

  private async moveAside(file: string, label: 'corrupt' | 'old-schema', reason: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = `${file}.${label}-${stamp}`;
    try {
      await fs.rename(file, target);
      this.logger.warn(`Moved cache file ${file} to ${target} because ${reason}. It will be fetched again.`);
    } catch (error) {
      // Another reader may have moved it first; either way the entry counts as missing.
      if (!isNotFound(error)) {
        this.logger.warn(`Could not move invalid cache file ${file} aside (${reason}): ${errorMessage(error)}`);
      }
    }
  }
}

/**
 * Maps a key to a file name that is safe on every platform: letters, digits, `.` and `-`
 * stay, and every other byte becomes `_` and two hex digits, so `hep-th/9901001` becomes
 * `hep-th_2f9901001`. The mapping is reversible, so `listKeys` can return the original keys.
 */
export function encodeFileStem(key: string): string {
  let stem = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    stem += /[A-Za-z0-9.-]/.test(char) ? char : `_${byte.toString(16).padStart(2, '0')}`;
  }

  // A stem made only of dots would name the folder itself or its parent.
  return /^\.+$/.test(stem) ? stem.replace(/\./g, '_2e') : stem;
}

export function decodeFileStem(stem: string): string | undefined {
  const bytes: number[] = [];
  for (let index = 0; index < stem.length; index++) {
    const char = stem[index];
    if (char !== '_') {
      bytes.push(char.charCodeAt(0));
      continue;
    }
    const hex = stem.slice(index + 1, index + 3);
    if (!/^[0-9a-f]{2}$/.test(hex)) {
      return undefined;
    }
    bytes.push(parseInt(hex, 16));
    index += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

function isEnvelope(value: unknown): value is CacheEnvelope {
  return typeof value === 'object' && value !== null && 'schemaVersion' in value && 'data' in value;
}

function isPaper(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const paper = value as Partial<Paper>;
  return typeof paper.arxivId === 'string' && typeof paper.title === 'string' && Array.isArray(paper.authors);
}

function isPaperList(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const list = value as Partial<PaperList>;
  return (
    typeof list.key === 'string' &&
    typeof list.fetchedAt === 'string' &&
    Array.isArray(list.papers) &&
    list.papers.every(isPaper)
  );
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
