/**
 * What version 1 of the archive database looked like, frozen here so that the upgrade from it stays
 * tested after the code that wrote it is gone: its stores and indexes, and its item records (with their
 * `mentionKeys` for the multiEntry index that version 2 replaced with posting lists).
 */
import { openDB } from 'idb';
import { foldSurface } from '../../lib/archive/integrity';
import type { ArchiveDocument } from '../../lib/archive/schema';
import { normalizeUrl } from '../../lib/archive/url';

export async function writeVersion1(name: string, doc: ArchiveDocument): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(v1) {
      const entities = v1.createObjectStore('entities', { keyPath: 'id' });
      entities.createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
      const items = v1.createObjectStore('items', { keyPath: 'id' });
      items.createIndex('by-url', 'urlKey');
      items.createIndex('by-published', 'published');
      items.createIndex('by-mention', 'mentionKeys', { multiEntry: true });
      v1.createObjectStore('meta');
    },
  });
  const tx = db.transaction(['entities', 'items', 'meta'], 'readwrite');
  for (const entity of doc.entities) {
    void tx.objectStore('entities').put({ ...entity, surfaceKeys: [...new Set([entity.name, ...entity.aliases].map(foldSurface))] });
  }
  for (const item of doc.items) {
    const urlKey = item.url ? normalizeUrl(item.url) : undefined;
    const mentionKeys = item.deleted ? [] : [...new Set(item.entities)].map((id) => [id, item.published]);
    void tx.objectStore('items').put({ ...item, ...(urlKey ? { urlKey } : {}), mentionKeys });
  }
  void tx.objectStore('meta').put({ snapshot: 'v1', complete: true, asOf: doc.asOf }, 'seed');
  await tx.done;
  db.close();
}
