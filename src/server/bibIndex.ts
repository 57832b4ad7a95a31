// The cite keys of the workspace: every `*.bib` file found under the workspace folders, with
// the text of an open editor taking the place of the file on disk while it is open.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseBibTeX, type BibEntry, type BibParseResult } from '../citations/bibParser';
import type { Logger } from '../common/logger';
import { errorMessage } from './paperLookup';

export interface BibFile {
  /** URI as the client names it: the open document's URI, or a `file:` URI built from the path. */
  uri: string;
  text: string;
  result: BibParseResult;
}

export interface IndexedEntry {
  entry: BibEntry;
  file: BibFile;
}

/** Folder levels below a workspace folder that are searched; the folder itself is depth 0. */
const MAX_DEPTH = 4;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** Files read per scan; a workspace with more .bib files than this is unusual. */
const MAX_FILES = 500;
/** Larger files are skipped and logged, because parsing them on every change would stall requests. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export class BibIndex {
  private folders: string[] = [];
  /** Files on disk by normalised path (or URI for non-file documents). */
  private readonly diskFiles = new Map<string, BibFile>();
  private readonly openFiles = new Map<string, BibFile>();
  /**
   * Files that a document names but the scan did not find (outside the folders or too deep),
   * read on demand. NOTE: edits on disk show only after the next scan, because no watcher covers them.
   */
  private readonly externalFiles = new Map<string, BibFile>();
  private keyIndex: Map<string, IndexedEntry> | undefined;
  private scanning: Promise<void> | undefined;
  private rescanRequested = false;
  private readonly listeners: Array<() => void> = [];
  /** Incremented on every change, so callers can cache what they derive from the entries. */
  generation = 0;

  constructor(private readonly logger: Logger) {}

  /** Sets the workspace folders (as `file:` URIs or paths) and scans them. */
  setFolders(folders: string[]): Promise<void> {
    this.folders = folders.map(toPath).filter((folder): folder is string => folder !== undefined);
    return this.rescan();
  }

  /** Scans the workspace folders again; calls during a scan are merged into one more scan. */
  rescan(): Promise<void> {
    if (this.scanning) {
      this.rescanRequested = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescanRequested = false;
        await this.scanOnce();
      } while (this.rescanRequested);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Resolves once the current scan, if any, has finished. */
  async ready(): Promise<void> {
    await this.scanning;
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Replaces a file's content with an open editor's text. */
  updateDocument(uri: string, text: string): void {
    this.openFiles.set(fileKey(uri), { uri, text, result: parseBibTeX(text) });
    this.changed();
  }

  /** Drops an editor's text, so the file on disk counts again. */
  closeDocument(uri: string): void {
    if (this.openFiles.delete(fileKey(uri))) {
      this.changed();
    }
  }

  /** Returns the parsed open document or file for `uri`. */
  file(uri: string): BibFile | undefined {
    const key = fileKey(uri);
    return this.openFiles.get(key) ?? this.diskFiles.get(key);
  }

  /**
   * Returns the open document or file at `filePath`, reading a file the scan did not index;
   * `undefined` when no such file exists. Files read this way are kept until the next scan.
   */
  async fileAtPath(filePath: string): Promise<BibFile | undefined> {
    const key = path.normalize(filePath);
    const known = this.openFiles.get(key) ?? this.diskFiles.get(key) ?? this.externalFiles.get(key);
    if (known) {
      return known;
    }
    try {
      if (!(await fs.stat(key)).isFile()) {
        return undefined;
      }
    } catch {
      return undefined;
    }
    const file = await this.readBibFile(key);
    if (file) {
      this.externalFiles.set(key, file);
    }
    return file;
  }

  /** Returns every .bib file, open documents in place of their files on disk. */
  files(): BibFile[] {
    const files = new Map(this.diskFiles);
    for (const [key, file] of this.openFiles) {
      files.set(key, file);
    }
    return [...files.values()];
  }

  /** Returns the .bib files inside the workspace folders (open untitled documents excluded). */
  workspaceFiles(): BibFile[] {
    return this.files().filter((file) => {
      const filePath = toPath(file.uri);
      return filePath !== undefined && this.folders.some((folder) => isInside(filePath, folder));
    });
  }

  /** Finds the first entry with `key`; keys compare without regard to case, as BibTeX does. */
  lookup(key: string): IndexedEntry | undefined {
    return this.keys().get(key.toLowerCase());
  }

  entries(): IndexedEntry[] {
    return [...this.keys().values()];
  }

  private keys(): Map<string, IndexedEntry> {
    if (!this.keyIndex) {
      const index = new Map<string, IndexedEntry>();
      for (const file of this.files()) {
        for (const entry of file.result.entries) {
          const normalised = entry.key.toLowerCase();
          if (!index.has(normalised)) {
            index.set(normalised, { entry, file });
          }
        }
      }
      this.keyIndex = index;
    }
    return this.keyIndex;
  }

  private changed(): void {
    this.keyIndex = undefined;
    this.generation++;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error(`A .bib change listener failed: ${errorMessage(error)}`);
      }
    }
  }

  private async scanOnce(): Promise<void> {
    const found: string[] = [];
    for (const folder of this.folders) {
      await this.collect(folder, 0, found);
    }

    const files = new Map<string, BibFile>();
    for (const filePath of found.slice(0, MAX_FILES)) {
      const file = await this.readBibFile(filePath);
      if (file) {
        files.set(fileKey(file.uri), file);
      }
    }
    if (found.length > MAX_FILES) {
      this.logger.warn(`Indexed the first ${MAX_FILES} of ${found.length} .bib files in the workspace; the rest are ignored.`);
    }

    this.diskFiles.clear();
    this.externalFiles.clear();
    for (const [key, file] of files) {
      this.diskFiles.set(key, file);
    }
    this.logger.info(`Indexed ${files.size} .bib files with ${this.countEntries()} entries.`);
    this.changed();
  }

  private async collect(folder: string, depth: number, found: string[]): Promise<void> {
    if (found.length > MAX_FILES) {
      return;
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.logger.warn(`Could not list ${folder} while looking for .bib files: ${errorMessage(error)}`);
      return;
    }
    for (const entry of entries) {
      const child = path.join(folder, entry.name);
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.bib')) {
        found.push(child);
      } else if (entry.isDirectory() && depth < MAX_DEPTH && !SKIPPED_FOLDERS.has(entry.name)) {
        await this.collect(child, depth + 1, found);
      }
    }
  }

  private async readBibFile(filePath: string): Promise<BibFile | undefined> {
    try {
      const stat = await fs.stat(filePath);
      if (stat.size > MAX_FILE_BYTES) {
        this.logger.warn(`Skipped ${filePath}: it has ${stat.size} bytes and the limit for .bib files is ${MAX_FILE_BYTES}.`);
        return undefined;
      }
      const text = await fs.readFile(filePath, 'utf8');
      return { uri: pathToFileURL(filePath).href, text, result: parseBibTeX(text) };
    } catch (error) {
      this.logger.warn(`Could not read ${filePath}: ${errorMessage(error)}`);
      return undefined;
    }
  }

  private countEntries(): number {
    let count = 0;
    for (const file of this.diskFiles.values()) {
      count += file.result.entries.length;
    }
    return count;
  }
}

/** Returns the file system path of a `file:` URI or a plain path, or `undefined` for other schemes. */
export function toPath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) {
    try {
      return path.normalize(fileURLToPath(uriOrPath));
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(uriOrPath) && !/^[a-z]:[\\/]/i.test(uriOrPath) ? undefined : path.normalize(uriOrPath);
}

/** Identifies a file by its path, so `file:` URIs that encode a path differently still match. */
function fileKey(uri: string): string {
  return toPath(uri) ?? uri;
}

function isInside(filePath: string, folder: string): boolean {
  const relative = path.relative(folder, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
