// The saved list and the read state, with no `vscode`: the adapter passes the extension's
// globalState (a Memento) as `SyncedState`. What is stored where:
// - globalState, synced across machines through Settings Sync: read ids, and the saved ids
//   with their tags and save times (small, so sync stays cheap);
// - library.json under the extension's global storage: full metadata of saved papers.
// When the file is lost or corrupt, the synced ids rebuild the list with incomplete papers
// whose metadata the adapter looks up again.
import * as path from 'node:path';
import type { Logger } from '../common/logger';
import type { Paper } from '../papers/model';
import { LIBRARY_FILE_NAME, LIBRARY_SCHEMA_VERSION, normaliseTags, readLibraryFile, writeLibraryFile, type SavedPaper } from './libraryFile';

/** The part of `vscode.Memento` the store uses. */
export interface SyncedState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const READ_IDS_KEY = 'paperReader.library.readIds';
export const SAVED_INDEX_KEY = 'paperReader.library.saved';

/** Keys to pass to `globalState.setKeysForSync`. */
export const SYNCED_KEYS = [READ_IDS_KEY, SAVED_INDEX_KEY];

// Settings Sync stores globalState in one document per extension; 10 000 ids of about
// 12 characters stay well under 200 kB. NOTE: the limit is an estimate, not a measured one.
const MAX_READ_IDS = 10_000;

interface SavedIndexEntry {
  id: string;
  tags: string[];
  savedAt: string;
}

export interface LibraryChange {
  /** arXiv ids whose read or saved state, tags or metadata changed. */
  ids: string[];
  /** True when the saved list changed, so the Saved view must reload its top level. */
  savedListChanged: boolean;
}

export interface LibraryOpenOptions {
  /** Folder for library.json: the extension's global storage, not its cache folder. */
  directory: string;
  state: SyncedState;
  logger: Logger;
  now?: () => Date;
}

export class LibraryStore {
  private readonly listeners = new Set<(change: LibraryChange) => void>();
  private pendingWrite: Promise<void> | undefined;
  private lastWrite: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly state: SyncedState,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly saved: Map<string, SavedPaper>,
    private readonly read: Set<string>,
  ) {}

  /** Opens the library: reads library.json and reconciles it with the synced ids. */
  static async open(options: LibraryOpenOptions): Promise<LibraryStore> {
    const now = options.now ?? (() => new Date());
    const file = path.join(options.directory, LIBRARY_FILE_NAME);
    const result = await readLibraryFile(file, now());
    let needsWrite = false;

    let fromFile: SavedPaper[] = [];
    if (result.kind === 'ok') {
      fromFile = result.data.saved;
      if (result.migratedFrom !== undefined) {
        options.logger.info(`migrated ${file} from schema ${result.migratedFrom} to ${LIBRARY_SCHEMA_VERSION}`);
        needsWrite = true;
      }
    } else if (result.kind === 'corrupt') {
      const where = result.movedTo ? `moved it to ${result.movedTo}` : 'could not move it aside';
      options.logger.warn(`library file ${file} is unreadable (${result.reason}); ${where} and rebuilt the saved list from the synced ids`);
      needsWrite = true;
    }

    const index = readSavedIndex(options.state.get(SAVED_INDEX_KEY));
    const byId = new Map(fromFile.map((entry) => [entry.paper.arxivId, entry]));
    const saved = new Map<string, SavedPaper>();

    if (index === undefined) {
      // No synced list yet (first run, or synced state cleared): the file is the truth.
      for (const entry of fromFile) {
        saved.set(entry.paper.arxivId, entry);
      }
      needsWrite = needsWrite || fromFile.length > 0;
    } else {
      for (const entry of index) {
        const known = byId.get(entry.id);
        saved.set(entry.id, known ? { ...known, tags: entry.tags, savedAt: entry.savedAt } : incompleteEntry(entry));
        needsWrite = needsWrite || !known;
      }
      for (const entry of fromFile) {
        if (!saved.has(entry.paper.arxivId)) {
          options.logger.info(`arXiv:${entry.paper.arxivId} is in ${file} but was unsaved on another machine; dropped it from the list`);
          needsWrite = true;
        }
      }
    }

    const readIds = options.state.get<unknown>(READ_IDS_KEY);
    const read = new Set(Array.isArray(readIds) ? readIds.filter((id): id is string => typeof id === 'string') : []);

    const store = new LibraryStore(file, options.state, options.logger, now, saved, read);
    if (needsWrite) {
      await store.scheduleWrite();
    }
    return store;
  }

  onDidChange(listener: (change: LibraryChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  isRead(arxivId: string): boolean {
    return this.read.has(arxivId);
  }

  isSaved(arxivId: string): boolean {
    return this.saved.has(arxivId);
  }

  get(arxivId: string): SavedPaper | undefined {
    return this.saved.get(arxivId);
  }

  /** Saved papers, most recently saved first. */
  list(): SavedPaper[] {
    return [...this.saved.values()].sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.paper.arxivId.localeCompare(b.paper.arxivId));
  }

  /** Returns every tag in use, sorted ignoring case. */
  allTags(): string[] {
    const tags = new Map<string, string>();
    for (const entry of this.saved.values()) {
      for (const tag of entry.tags) {
        if (!tags.has(tag.toLowerCase())) {
          tags.set(tag.toLowerCase(), tag);
        }
      }
    }
    return [...tags.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  }

  /** Marks `arxivIds` read; resolves when the state is stored. */
  async markRead(arxivIds: readonly string[]): Promise<void> {
    const changed = arxivIds.filter((id) => !this.read.has(id));
    if (changed.length === 0) {
      return;
    }
    for (const id of changed) {
      this.read.add(id);
    }
    while (this.read.size > MAX_READ_IDS) {
      const oldest = this.read.values().next().value as string;
      this.read.delete(oldest);
    }
    this.emit({ ids: changed, savedListChanged: false });
    await this.state.update(READ_IDS_KEY, [...this.read]);
  }

  async markUnread(arxivIds: readonly string[]): Promise<void> {
    const changed = arxivIds.filter((id) => this.read.has(id));
    if (changed.length === 0) {
      return;
    }
    for (const id of changed) {
      this.read.delete(id);
    }
    this.emit({ ids: changed, savedListChanged: false });
    await this.state.update(READ_IDS_KEY, [...this.read]);
  }

  /** Saves `paper`, or refreshes its metadata when it is saved already. */
  async save(paper: Paper): Promise<void> {
    const existing = this.saved.get(paper.arxivId);
    this.saved.set(paper.arxivId, {
      paper,
      savedAt: existing?.savedAt ?? this.now().toISOString(),
      tags: existing?.tags ?? [],
    });
    this.emit({ ids: [paper.arxivId], savedListChanged: true });
    await this.scheduleWrite();
  }

  async unsave(arxivId: string): Promise<void> {
    if (!this.saved.delete(arxivId)) {
      return;
    }
    this.emit({ ids: [arxivId], savedListChanged: true });
    await this.scheduleWrite();
  }

  /**
   * Puts back an entry as `get` returned it, keeping its tags and save time, so Unsave can
   * be undone. Replaces the paper's current entry if it was saved again in the meantime.
   */
  async restore(entry: SavedPaper): Promise<void> {
    this.saved.set(entry.paper.arxivId, { ...entry, tags: normaliseTags(entry.tags) });
    this.emit({ ids: [entry.paper.arxivId], savedListChanged: true });
    await this.scheduleWrite();
  }

  /** Replaces the tags of a saved paper; does nothing for a paper that is not saved. */
  async setTags(arxivId: string, tags: readonly string[]): Promise<void> {
    const entry = this.saved.get(arxivId);
    if (!entry) {
      return;
    }
    this.saved.set(arxivId, { ...entry, tags: normaliseTags(tags) });
    this.emit({ ids: [arxivId], savedListChanged: true });
    await this.scheduleWrite();
  }

  /** Stores fresher metadata for a saved paper (an incomplete one, say); ignores unsaved papers. */
  async updateMetadata(paper: Paper): Promise<void> {
    const entry = this.saved.get(paper.arxivId);
    if (!entry) {
      return;
    }
    this.saved.set(paper.arxivId, { paper, savedAt: entry.savedAt, tags: entry.tags });
    this.emit({ ids: [paper.arxivId], savedListChanged: false });
    await this.scheduleWrite();
  }

  /** Resolves when every change so far is written. */
  async flush(): Promise<void> {
    await this.lastWrite;
  }

  private emit(change: LibraryChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(`a library change listener failed: ${String(error)}`);
      }
    }
  }

  /**
   * Writes the current state once every earlier write has finished. Changes made while a
   * write waits join it, so a burst of saves costs one extra write, not one per change.
   */
  private scheduleWrite(): Promise<void> {
    if (this.pendingWrite) {
      return this.pendingWrite;
    }
    const write = this.lastWrite.then(async () => {
      this.pendingWrite = undefined;
      await this.persist();
    });
    this.pendingWrite = write;
    this.lastWrite = write.catch(() => undefined);
    return write;
  }

  private async persist(): Promise<void> {
    const entries = this.list();
    const index: SavedIndexEntry[] = entries.map((entry) => ({ id: entry.paper.arxivId, tags: entry.tags, savedAt: entry.savedAt }));
    try {
      await writeLibraryFile(this.file, { schemaVersion: LIBRARY_SCHEMA_VERSION, saved: entries });
    } catch (error) {
      this.logger.error(`could not write ${this.file}: ${String(error)}; the synced id list still has the ${entries.length} saved papers`);
      await this.state.update(SAVED_INDEX_KEY, index);
      throw error;
    }
    await this.state.update(SAVED_INDEX_KEY, index);
  }
}

function readSavedIndex(value: unknown): SavedIndexEntry[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const entries: SavedIndexEntry[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || typeof (item as SavedIndexEntry).id !== 'string') {
      continue;
    }
    const { id, tags, savedAt } = item as Partial<SavedIndexEntry>;
    entries.push({
      id: id as string,
      tags: Array.isArray(tags) ? normaliseTags(tags.filter((tag): tag is string => typeof tag === 'string')) : [],
      savedAt: typeof savedAt === 'string' ? savedAt : new Date(0).toISOString(),
    });
  }
  return entries;
}

function incompleteEntry(entry: SavedIndexEntry): SavedPaper {
  return {
    paper: { arxivId: entry.id, title: `arXiv:${entry.id}`, authors: [], abstract: '', upvotes: 0, numComments: 0 },
    savedAt: entry.savedAt,
    tags: entry.tags,
    incomplete: true,
  };
}
