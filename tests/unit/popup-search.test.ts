/**
 * The popup's own read of the archive (lib/search/popup-search.ts), on fake-indexeddb: it answers the first,
 * empty query from the database as the worker left it, and never creates, upgrades or changes a database.
 */
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVE_DB_VERSION, openArchiveDb } from '../../lib/archive/db';
import { importDocument, putItems } from '../../lib/archive/store';
import { FIRST_RESULTS_KEY, type KeptArea, readFirstResults } from '../../lib/search/first-results';
import { createPopupSearch, openArchiveToRead, type PopupAnswer } from '../../lib/search/popup-search';
import { freshDbName, miniArchive } from './helpers';

/** The page's localStorage, in memory. */
function memoryStorage(): KeptArea {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, String(value)) };
}
let kept: KeptArea;
beforeEach(() => {
  kept = memoryStorage();
});

describe("the popup's read of the archive", () => {
  it('answers the empty query (the newest items) from the database itself, and the next words too', async () => {
    const name = freshDbName();
    const db = await openArchiveDb(name);
    await importDocument(db, miniArchive());
    db.close();
    const search = createPopupSearch(name);
    const first = await search.search('', {});
    if ('error' in first) throw new Error(first.error);
    expect(first.via).toBe('direct');
    expect(first.results.items[0]?.item.id).toBe('2026-07-04-alibaba-bans-claude-code');
    expect(first.results.items[0]?.entityNames).toContain('Anthropic');
    const typed = await search.search('alibaba', {});
    if ('error' in typed) throw new Error(typed.error);
    expect(typed.results.entities.map((hit) => hit.entity.id)).toContain('alibaba');
  });

  it('neither creates a missing database nor upgrades an older one', async () => {
    const missing = freshDbName();
    expect(await openArchiveToRead(missing)).toBeUndefined();
    expect((await indexedDB.databases()).some((db) => db.name === missing)).toBe(false);

    const older = freshDbName();
    const old = await openDB(older, ARCHIVE_DB_VERSION - 1, {
      upgrade(d) {
        d.createObjectStore('meta');
      },
    });
    await old.put('meta', 'kept', 'mark');
    old.close();
    expect(await openArchiveToRead(older)).toBeUndefined();
    const after = await openDB(older);
    expect(after.version).toBe(ARCHIVE_DB_VERSION - 1);
    expect(await after.get('meta', 'mark')).toBe('kept');
    after.close();
  });

  it("shows the last popup's newest items before the database answers, then the database's own (a new item at the top)", async () => {
    const name = freshDbName();
    const db = await openArchiveDb(name);
    await importDocument(db, miniArchive());
    // The first popup: nothing kept yet, so the database answers; its answer is kept for the next.
    const first = await createPopupSearch(name, kept).search('', {});
    if ('error' in first) throw new Error(first.error);
    expect(first.via).toBe('direct');
    await expect.poll(async () => readFirstResults(kept)?.items.length).toBe(first.results.items.length);

    // Sync brings a newer item; the next popup shows the kept list at once, then the database's with the new item.
    const newest = { ...miniArchive().items[0]!, id: 'a-newer-item', published: '2099-01-01', modified: '2099-01-01T00:00:00Z' };
    await putItems(db, [newest]);
    db.close();
    let fresher: PopupAnswer | undefined;
    const second = await createPopupSearch(name, kept).search('', {}, (answer) => {
      fresher = answer;
    });
    if ('error' in second) throw new Error(second.error);
    expect(second.via).toBe('cache');
    expect(second.results.items.map((hit) => hit.item.id)).toEqual(first.results.items.map((hit) => hit.item.id));
    await expect.poll(() => fresher && 'results' in fresher && fresher.results.items[0]?.item.id).toBe('a-newer-item');
    expect(fresher && 'results' in fresher && fresher.via).toBe('direct');
    await expect.poll(async () => readFirstResults(kept)?.items[0]?.item.id).toBe('a-newer-item');
  });

  it('keeps nothing it cannot check, and a query with words never gets the kept answer', async () => {
    kept.setItem(FIRST_RESULTS_KEY, JSON.stringify({ items: [{ item: { id: 'x', title: 1 }, entityNames: [] }] }));
    expect(readFirstResults(kept)).toBeUndefined();
    kept.setItem(FIRST_RESULTS_KEY, '{not json');
    expect(readFirstResults(kept)).toBeUndefined();
    const name = freshDbName();
    const db = await openArchiveDb(name);
    await importDocument(db, miniArchive());
    db.close();
    await createPopupSearch(name, kept).search('', {});
    await expect.poll(async () => readFirstResults(kept)?.items.length).toBeGreaterThan(0);
    const typed = await createPopupSearch(name, kept).search('alibaba', {});
    if ('error' in typed) throw new Error(typed.error);
    expect(typed.via).toBe('direct');
  });
});
