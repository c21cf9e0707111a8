/**
 * The archive's IndexedDB schema, in the extension's own origin (only the background opens it: in a
 * content script IndexedDB would be the page's). `upgrade` steps through every version, so an install
 * of any earlier version migrates.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames, unwrap } from 'idb';
import type { BlockKey, PostingBlock } from './postings';
import type { Entity, Item } from './schema';
import { ARCHIVE_COUNTS, type ArchiveCounts, abortQuietly, addToLists, noListsYet } from './store';

/** An item as stored: with the key its URL is looked up by. */
export interface StoredItem extends Item {
  urlKey?: string;
}

/** An entity as stored: with its folded surfaces, for the lookup by alias. */
export interface StoredEntity extends Entity {
  surfaceKeys: string[];
}

export interface ArchiveDB extends DBSchema {
  entities: { key: string; value: StoredEntity; indexes: { 'by-surface': string } };
  items: { key: string; value: StoredItem; indexes: { 'by-url': string } };
  /** The mentions: each entity's items by date, in blocks (postings.ts); and every item's, by date. */
  postings: { key: BlockKey; value: PostingBlock };
  meta: { key: string; value: unknown };
}

export const ARCHIVE_DB_NAME = 'backstory-archive';
/**
 * 1: items indexed by URL, date, and a multiEntry index of [entityId, published].
 * 2: the date and mention indexes replaced by posting lists, and a count of live items kept in meta.
 */
export const ARCHIVE_DB_VERSION = 2;

export type ArchiveDatabase = IDBPDatabase<ArchiveDB>;
type UpgradeTransaction = IDBPTransaction<ArchiveDB, StoreNames<ArchiveDB>[], 'versionchange'>;

export function openArchiveDb(name = ARCHIVE_DB_NAME, terminated?: () => void): Promise<ArchiveDatabase> {
  return openDB<ArchiveDB>(name, ARCHIVE_DB_VERSION, {
    ...(terminated ? { terminated } : {}),
    upgrade(db, oldVersion, _newVersion, tx) {
      // Each step takes the database from one version to the next; an old install runs them all.
      if (oldVersion < 1) {
        const entities = db.createObjectStore('entities', { keyPath: 'id' });
        entities.createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
        const items = db.createObjectStore('items', { keyPath: 'id' });
        items.createIndex('by-url', 'urlKey');
        // Version 1's indexes, by their names then (the schema type knows only the current ones).
        const v1 = items as unknown as IDBObjectStore;
        v1.createIndex('by-published', 'published');
        v1.createIndex('by-mention', 'mentionKeys', { multiEntry: true });
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        const v1 = tx.objectStore('items') as unknown as { deleteIndex(name: string): void };
        v1.deleteIndex('by-published');
        v1.deleteIndex('by-mention');
        db.createObjectStore('postings', { keyPath: 'key' });
        // The walk is asynchronous inside the upgrade's transaction; if it fails, the upgrade is undone
        // (the database stays at version 1, whole) and opening fails with the cause.
        if (oldVersion >= 1) migrateToPostings(tx).catch(() => abortQuietly(tx));
        else void tx.objectStore('meta').put({ entities: 0, items: 0 } satisfies ArchiveCounts, ARCHIVE_COUNTS);
      }
    },
  });
}

/** Version 1 to 2: builds the posting lists and the count from the stored items, a page at a time. */
async function migrateToPostings(tx: UpgradeTransaction): Promise<void> {
  const items = tx.objectStore('items');
  const known = noListsYet();
  let live = 0;
  let after: string | undefined;
  for (;;) {
    const page = (await items.getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), 1000)) as (StoredItem & {
      mentionKeys?: unknown;
    })[];
    if (page.length === 0) break;
    for (const { mentionKeys: _, ...item } of page) unwrap(items).put(item);
    await addToLists(tx.objectStore('postings'), page, known);
    live += page.filter((item) => !item.deleted).length;
    after = page[page.length - 1]?.id;
  }
  const entities = await tx.objectStore('entities').count();
  await tx.objectStore('meta').put({ entities, items: live } satisfies ArchiveCounts, ARCHIVE_COUNTS);
}

/**
 * The archive's connection: opened at once, and opened again when the browser closes it. A write that
 * finds the disk full makes Chromium close the connection ("Connection is closing because of: IO error"),
 * and the reader must still see everything stored before.
 */
export type ArchiveConnection = (fresh?: boolean) => Promise<ArchiveDatabase>;

export function createArchiveConnection(name = ARCHIVE_DB_NAME): ArchiveConnection {
  let current: Promise<ArchiveDatabase> | undefined;
  const open = (): Promise<ArchiveDatabase> => {
    const opening = openArchiveDb(name, () => {
      if (current === opening) current = undefined;
    });
    current = opening;
    return opening;
  };
  open();
  // `fresh`: the caller saw the connection fail; open another rather than wait for the close event.
  return (fresh = false) => (fresh || !current ? open() : current);
}
