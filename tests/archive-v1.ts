/**
 * What version 1 of the archive database looked like, frozen here so that the upgrade from it stays
 * tested after the code that wrote it is gone: its stores and indexes, and its records (items with the
 * `mentionKeys` of the multiEntry index that version 2 replaced with posting lists). The unit tests
 * write it on fake-indexeddb; the end-to-end test writes it into a real install.
 */
import { foldSurface } from '../lib/archive/integrity';
import type { ArchiveDocument } from '../lib/archive/schema';
import { normalizeUrl } from '../lib/archive/url';

export interface Version1Archive {
  name: string;
  entities: unknown[];
  items: unknown[];
  /** The seeding record, as version 1 kept it in `meta`. */
  seed: unknown;
}

/** A document's entities and items as version 1 stored them. */
export function version1Archive(name: string, doc: ArchiveDocument, seed: unknown): Version1Archive {
  return {
    name,
    seed,
    entities: doc.entities.map((entity) => ({ ...entity, surfaceKeys: [...new Set([entity.name, ...entity.aliases].map(foldSurface))] })),
    items: doc.items.map((item) => {
      const urlKey = item.url ? normalizeUrl(item.url) : undefined;
      const mentionKeys = item.deleted ? [] : [...new Set(item.entities)].map((id) => [id, item.published]);
      return { ...item, ...(urlKey ? { urlKey } : {}), mentionKeys };
    }),
  };
}

/**
 * Replaces the database with a version-1 one holding these records. Self-contained (no imports, nothing
 * from around it), so that Playwright can run it as it is in an extension page.
 */
export function writeVersion1({ name, entities, items, seed }: Version1Archive): Promise<void> {
  return new Promise<void>((done, fail) => {
    const remove = indexedDB.deleteDatabase(name);
    remove.onerror = () => fail(remove.error);
    remove.onsuccess = () => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        db.createObjectStore('entities', { keyPath: 'id' }).createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
        const store = db.createObjectStore('items', { keyPath: 'id' });
        store.createIndex('by-url', 'urlKey');
        store.createIndex('by-published', 'published');
        store.createIndex('by-mention', 'mentionKeys', { multiEntry: true });
        db.createObjectStore('meta');
      };
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['entities', 'items', 'meta'], 'readwrite');
        for (const entity of entities) tx.objectStore('entities').put(entity);
        for (const item of items) tx.objectStore('items').put(item);
        tx.objectStore('meta').put(seed, 'seed');
        tx.oncomplete = () => {
          open.result.close();
          done();
        };
        tx.onerror = () => fail(tx.error);
      };
    };
  });
}
