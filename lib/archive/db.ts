/**
 * The archive's IndexedDB schema, in the extension's own origin (only the background opens it: in a
 * content script IndexedDB would be the page's). `upgrade` steps through every version, so an install
 * of any earlier version migrates.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Entity, Item } from './schema';

/** An item as stored: with the key its URL is looked up by. */
export interface StoredItem extends Item {
  urlKey?: string;
}

/** An entity as stored: with its folded surfaces, for the lookup by alias. */
export interface StoredEntity extends Entity {
  surfaceKeys: string[];
}

/**
 * One row per (entity, item): "this entity's items, newest first" is a bounded cursor walk on the key
 * prefix [entityId, published], which a multiEntry index on items cannot give without reading them all.
 * The item id ends the key so two items of one day stay apart.
 */
export interface MentionRow {
  entityId: string;
  published: string;
  itemId: string;
}

export interface ArchiveDB extends DBSchema {
  entities: { key: string; value: StoredEntity; indexes: { 'by-surface': string } };
  items: { key: string; value: StoredItem; indexes: { 'by-url': string; 'by-published': string } };
  mentions: { key: [string, string, string]; value: MentionRow };
  meta: { key: string; value: unknown };
}

export const ARCHIVE_DB_NAME = 'backstory-archive';
export const ARCHIVE_DB_VERSION = 1;

export type ArchiveDatabase = IDBPDatabase<ArchiveDB>;

export function openArchiveDb(name = ARCHIVE_DB_NAME): Promise<ArchiveDatabase> {
  return openDB<ArchiveDB>(name, ARCHIVE_DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each step takes the database from one version to the next; an old install runs them all.
      if (oldVersion < 1) {
        const entities = db.createObjectStore('entities', { keyPath: 'id' });
        entities.createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
        const items = db.createObjectStore('items', { keyPath: 'id' });
        items.createIndex('by-url', 'urlKey');
        items.createIndex('by-published', 'published');
        db.createObjectStore('mentions', { keyPath: ['entityId', 'published', 'itemId'] });
        db.createObjectStore('meta');
      }
    },
  });
}
