/**
 * The popup's own read of the archive (lib/search/popup-search.ts), on fake-indexeddb: it answers the first,
 * empty query from the database as the worker left it, and never creates, upgrades or changes a database.
 */
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_DB_VERSION, openArchiveDb } from '../../lib/archive/db';
import { importDocument } from '../../lib/archive/store';
import { createPopupSearch, openArchiveToRead } from '../../lib/search/popup-search';
import { freshDbName, miniArchive } from './helpers';

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
});
