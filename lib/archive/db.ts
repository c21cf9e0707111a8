/**
 * The archive's IndexedDB schema, in the extension's own origin (only the background opens it: in a
 * content script IndexedDB would be the page's). `upgrade` steps through every version, so an install
 * of any earlier version migrates.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Entity, Item } from './schema';

/** An item as stored: with the key its URL is looked up by, and its mention keys. */
export interface StoredItem extends Item {
  urlKey?: string;
  /**
   * One [entityId, published] pair per entity it mentions (none when deleted), indexed multiEntry as
   * `by-mention`. Walking that index backwards on the prefix [entityId] gives "this entity's items, newest
   * first" in one bounded read. Measured in Chromium, this index costs far less than a separate mentions
   * store with one record per pair (9.4k against 4.2k items/s on import, docs/benchmarks.md), and the
   * browser keeps it in step with the item, so an update can never leave a stale mention behind.
   */
  mentionKeys: [string, string][];
}

/** An entity as stored: with its folded surfaces, for the lookup by alias. */
export interface StoredEntity extends Entity {
  surfaceKeys: string[];
}

export interface ArchiveDB extends DBSchema {
  entities: { key: string; value: StoredEntity; indexes: { 'by-surface': string } };
  items: { key: string; value: StoredItem; indexes: { 'by-url': string; 'by-published': string; 'by-mention': [string, string] } };
  meta: { key: string; value: unknown };
}

export const ARCHIVE_DB_NAME = 'backstory-archive';
export const ARCHIVE_DB_VERSION = 1;

export type ArchiveDatabase = IDBPDatabase<ArchiveDB>;

export function openArchiveDb(name = ARCHIVE_DB_NAME, terminated?: () => void): Promise<ArchiveDatabase> {
  return openDB<ArchiveDB>(name, ARCHIVE_DB_VERSION, {
    ...(terminated ? { terminated } : {}),
    upgrade(db, oldVersion) {
      // Each step takes the database from one version to the next; an old install runs them all.
      if (oldVersion < 1) {
        const entities = db.createObjectStore('entities', { keyPath: 'id' });
        entities.createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
        const items = db.createObjectStore('items', { keyPath: 'id' });
        items.createIndex('by-url', 'urlKey');
        items.createIndex('by-published', 'published');
        items.createIndex('by-mention', 'mentionKeys', { multiEntry: true });
        db.createObjectStore('meta');
      }
    },
  });
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
