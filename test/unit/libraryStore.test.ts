import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { silentLogger } from '../../src/common/logger';
import { LIBRARY_FILE_NAME, migrateLibrary } from '../../src/library/libraryFile';
import { LibraryStore, READ_IDS_KEY, SAVED_INDEX_KEY, type SyncedState } from '../../src/library/libraryStore';
import { paperBuilder } from './builders';

/** An in-memory Memento whose `update` resolves on a later turn, like the real one. */
class MemoryState implements SyncedState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

let directory: string;
let clock: number;
const now = () => new Date(clock++ * 1000);

beforeEach(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-reader-library-'));
  clock = 1_700_000_000;
});

afterEach(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

const open = (state: SyncedState) => LibraryStore.open({ directory, state, logger: silentLogger, now });
const libraryFile = () => path.join(directory, LIBRARY_FILE_NAME);
const readFile = async () => JSON.parse(await fs.readFile(libraryFile(), 'utf8'));

describe('LibraryStore', () => {
  test('save, reopen, newest first', async () => {
    const state = new MemoryState();
    const store = await open(state);
    await store.save(paperBuilder({ arxivId: '2401.00001', title: 'First' }));
    await store.save(paperBuilder({ arxivId: '2401.00002', title: 'Second' }));

    const reopened = await open(state);
    assert.deepEqual(reopened.list().map((entry) => entry.paper.title), ['Second', 'First']);
    assert.equal((await readFile()).schemaVersion, 1);
  });

  test('unsave removes the paper', async () => {
    const state = new MemoryState();
    const store = await open(state);
    await store.save(paperBuilder({ arxivId: '2401.00001' }));
    await store.unsave('2401.00001');
    assert.equal(store.isSaved('2401.00001'), false);
    assert.deepEqual((await open(state)).list(), []);
  });

  test('restore undoes unsave', async () => {
    const state = new MemoryState();
    const store = await open(state);
    await store.save(paperBuilder({ arxivId: '2401.00001', title: 'First' }));
    await store.setTags('2401.00001', ['agents']);
    await store.save(paperBuilder({ arxivId: '2401.00002', title: 'Second' }));
    const removed = store.get('2401.00001');
    assert.ok(removed);
    await store.unsave('2401.00001');

    await store.restore(removed);
    const reopened = await open(state);
    const restored = reopened.get('2401.00001');
    assert.equal(restored?.savedAt, removed.savedAt);
    assert.deepEqual(restored?.tags, ['agents']);
    assert.deepEqual(reopened.list().map((entry) => entry.paper.title), ['Second', 'First']);
  });

  test('read state stored in synced state', async () => {
    const state = new MemoryState();
    const store = await open(state);
    await store.markRead(['2401.00001', '2401.00002']);
    await store.markUnread(['2401.00001']);
    assert.deepEqual(state.get(READ_IDS_KEY), ['2401.00002']);
    assert.equal((await open(state)).isRead('2401.00002'), true);
  });

  test('change events name the ids', async () => {
    const store = await open(new MemoryState());
    const changes: unknown[] = [];
    store.onDidChange((change) => changes.push(change));
    await store.markRead(['a']);
    await store.markRead(['a']);
    await store.save(paperBuilder({ arxivId: 'b' }));
    assert.deepEqual(changes, [
      { ids: ['a'], savedListChanged: false },
      { ids: ['b'], savedListChanged: true },
    ]);
  });

  test('tags normalised and synced', async () => {
    const state = new MemoryState();
    const store = await open(state);
    await store.save(paperBuilder({ arxivId: '2401.00001' }));
    await store.setTags('2401.00001', [' agents ', 'Agents', '', 'to cite']);
    assert.deepEqual(store.get('2401.00001')?.tags, ['agents', 'to cite']);
    assert.deepEqual(store.allTags(), ['agents', 'to cite']);
    assert.deepEqual((state.get(SAVED_INDEX_KEY) as Array<{ tags: string[] }>)[0].tags, ['agents', 'to cite']);
  });

  test('concurrent saves and unsaves all land', async () => {
    const state = new MemoryState();
    const store = await open(state);
    const ids = Array.from({ length: 20 }, (_, index) => `2401.${String(index).padStart(5, '0')}`);

    await Promise.all([
      ...ids.map((id) => store.save(paperBuilder({ arxivId: id }))),
      store.unsave(ids[3]),
      store.unsave(ids[7]),
    ]);
    await Promise.all([store.unsave(ids[0]), store.save(paperBuilder({ arxivId: ids[3] })), store.flush()]);

    const expected = ids.filter((id) => id !== ids[0] && id !== ids[7]).sort();
    assert.deepEqual(store.list().map((entry) => entry.paper.arxivId).sort(), expected);
    assert.deepEqual((await readFile()).saved.map((entry: { paper: { arxivId: string } }) => entry.paper.arxivId).sort(), expected);
    assert.deepEqual((await open(state)).list().map((entry) => entry.paper.arxivId).sort(), expected);

    const leftovers = (await fs.readdir(directory)).filter((name) => name !== LIBRARY_FILE_NAME);
    assert.deepEqual(leftovers, [], 'no temporary files left');
  });
});

describe('library migration', () => {
  test('schema 0 array to schema 1', () => {
    const result = migrateLibrary([paperBuilder({ arxivId: 'a', title: 'Older' }), paperBuilder({ arxivId: 'b', title: 'Newer' }), { junk: true }], new Date(1_700_000_000_000));
    assert.notEqual(typeof result, 'string');
    if (typeof result === 'string') {
      return;
    }
    assert.equal(result.from, 0);
    assert.equal(result.data.schemaVersion, 1);
    assert.deepEqual(result.data.saved.map((entry) => entry.paper.arxivId), ['a', 'b']);
    assert.ok(result.data.saved[1].savedAt > result.data.saved[0].savedAt, 'later array items count as saved later');
    assert.deepEqual(result.data.saved[0].tags, []);
  });

  test('schema 0 file migrated on open', async () => {
    await fs.writeFile(libraryFile(), JSON.stringify([paperBuilder({ arxivId: 'a', title: 'Older' }), paperBuilder({ arxivId: 'b', title: 'Newer' })]));
    const store = await open(new MemoryState());
    assert.deepEqual(store.list().map((entry) => entry.paper.title), ['Newer', 'Older']);
    const written = await readFile();
    assert.equal(written.schemaVersion, 1);
    assert.equal(written.saved.length, 2);
  });

  test('unknown schema version rejected', () => {
    assert.match(String(migrateLibrary({ schemaVersion: 7, saved: [] })), /schemaVersion 7/);
  });
});

describe('corrupt library file', () => {
  test('moved aside and rebuilt from synced ids', async () => {
    const state = new MemoryState();
    const store = await open(state);
    await store.save(paperBuilder({ arxivId: '2401.00001', title: 'Kept' }));
    await store.setTags('2401.00001', ['agents']);
    await fs.writeFile(libraryFile(), '{"schemaVersion": 1, "saved": [');

    const rebuilt = await open(state);
    const [entry] = rebuilt.list();
    assert.equal(entry.paper.arxivId, '2401.00001');
    assert.equal(entry.incomplete, true);
    assert.deepEqual(entry.tags, ['agents']);

    const names = await fs.readdir(directory);
    const corrupt = names.filter((name) => name.startsWith(`${LIBRARY_FILE_NAME}.corrupt-`));
    assert.equal(corrupt.length, 1, 'corrupt file kept');
    assert.equal(await fs.readFile(path.join(directory, corrupt[0]), 'utf8'), '{"schemaVersion": 1, "saved": [');
    assert.equal((await readFile()).saved.length, 1, 'fresh file written');
  });

  test('updateMetadata completes a rebuilt paper', async () => {
    const state = new MemoryState();
    state.values.set(SAVED_INDEX_KEY, [{ id: '2401.00001', tags: [], savedAt: '2024-01-01T00:00:00.000Z' }]);
    const store = await open(state);
    assert.equal(store.get('2401.00001')?.incomplete, true);

    await store.updateMetadata(paperBuilder({ arxivId: '2401.00001', title: 'Full Title' }));
    assert.equal(store.get('2401.00001')?.incomplete, undefined);
    assert.equal((await open(state)).get('2401.00001')?.paper.title, 'Full Title');
  });

  test('missing synced state keeps the file', async () => {
    const first = await open(new MemoryState());
    await first.save(paperBuilder({ arxivId: '2401.00001', title: 'Only in file' }));

    const store = await open(new MemoryState());
    assert.equal(store.get('2401.00001')?.paper.title, 'Only in file');
  });

  test('invalid JSON shape moved aside', async () => {
    await fs.writeFile(libraryFile(), '"just a string"');
    const store = await open(new MemoryState());
    assert.deepEqual(store.list(), []);
    assert.ok((await fs.readdir(directory)).some((name) => name.includes('.corrupt-')));
  });
});
