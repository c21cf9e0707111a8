/**
 * Writes and queries on the archive database. Writes go in batched transactions; every query reads
 * only what it returns (cursors over key ranges, never whole stores).
 */
import type { IDBPObjectStore } from 'idb';
import type { ArchiveDatabase, ArchiveDB, MentionRow, StoredEntity, StoredItem } from './db';
import { foldSurface } from './integrity';
import type { ArchiveDocument, Entity, Item } from './schema';
import { normalizeUrl } from './url';

/** How many records one write transaction takes: large enough to amortise, small enough to not starve readers. */
export const WRITE_BATCH = 1000;

export interface ImportResult {
  entities: number;
  /** Items written (new, or newer than the stored copy). */
  written: number;
  /** Items skipped because the stored copy is as new or newer. */
  skipped: number;
}

function toStoredEntity(entity: Entity): StoredEntity {
  return { ...entity, surfaceKeys: [...new Set([entity.name, ...entity.aliases].map(foldSurface))] };
}

function toStoredItem(item: Item): StoredItem {
  const urlKey = item.url ? normalizeUrl(item.url) : undefined;
  return urlKey ? { ...item, urlKey } : { ...item };
}

function mentionRows(item: Item): MentionRow[] {
  if (item.deleted) return [];
  return [...new Set(item.entities)].map((entityId) => ({ entityId, published: item.published, itemId: item.id }));
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Stores entities as given (the document is the authority on them). */
export async function putEntities(db: ArchiveDatabase, entities: readonly Entity[]): Promise<void> {
  for (const batch of chunks(entities, WRITE_BATCH)) {
    const tx = db.transaction('entities', 'readwrite');
    for (const entity of batch) void tx.store.put(toStoredEntity(entity));
    await tx.done;
  }
}

/**
 * Stores items; the newer copy of an item always wins (by `modified`), so an older bundled snapshot
 * never overwrites what sync brought, and a re-import duplicates nothing. A deleted item stays as a
 * tombstone, so an older copy cannot bring it back.
 */
export async function putItems(db: ArchiveDatabase, items: readonly Item[]): Promise<{ written: number; skipped: number }> {
  let written = 0;
  let skipped = 0;
  for (const batch of chunks(items, WRITE_BATCH)) {
    const tx = db.transaction(['items', 'mentions'], 'readwrite');
    const itemStore = tx.objectStore('items');
    const mentionStore = tx.objectStore('mentions');
    const stored = await Promise.all(batch.map((item) => itemStore.get(item.id)));
    batch.forEach((item, i) => {
      const old = stored[i];
      if (old && old.modified >= item.modified) {
        skipped++;
        return;
      }
      if (old) for (const row of mentionRows(old)) void mentionStore.delete([row.entityId, row.published, row.itemId]);
      void itemStore.put(toStoredItem(item));
      for (const row of mentionRows(item)) void mentionStore.put(row);
      written++;
    });
    await tx.done;
  }
  return { written, skipped };
}

/** Imports a whole archive document (the bundled snapshot or a feed page). Idempotent. */
export async function importDocument(db: ArchiveDatabase, doc: ArchiveDocument): Promise<ImportResult> {
  await putEntities(db, doc.entities);
  const { written, skipped } = await putItems(db, doc.items);
  return { entities: doc.entities.length, written, skipped };
}

/** The items that mention any of these entities, newest first, at most `perEntity` for each entity. */
export async function itemsForEntities(db: ArchiveDatabase, entityIds: readonly string[], perEntity = 50): Promise<Item[]> {
  const tx = db.transaction(['mentions', 'items']);
  const ids = new Set<string>();
  await Promise.all(
    entityIds.map(async (entityId) => {
      for (const row of await recentMentions(tx.objectStore('mentions'), entityId, perEntity)) ids.add(row.itemId);
    }),
  );
  const items = await Promise.all([...ids].map((id) => tx.objectStore('items').get(id)));
  return sortNewestFirst(items.filter(isLive));
}

/** The newest mention rows of an entity, before a date: a bounded backwards walk on the key prefix. */
async function recentMentions(
  store: IDBPObjectStore<ArchiveDB, ('mentions' | 'items')[], 'mentions'>,
  entityId: string,
  limit: number,
  before = '\uffff',
): Promise<MentionRow[]> {
  const range = IDBKeyRange.bound([entityId, ''], [entityId, before], false, true);
  const rows: MentionRow[] = [];
  let cursor = await store.openCursor(range, 'prev');
  while (cursor && rows.length < limit) {
    rows.push(cursor.value);
    cursor = await cursor.continue();
  }
  return rows;
}

/** One entity's items by date, newest first; `before` (a date) pages back. */
export async function itemsOfEntity(db: ArchiveDatabase, entityId: string, limit = 20, before?: string): Promise<Item[]> {
  const tx = db.transaction(['mentions', 'items']);
  const rows = await recentMentions(tx.objectStore('mentions'), entityId, limit, before);
  const items = await Promise.all(rows.map((row) => tx.objectStore('items').get(row.itemId)));
  return items.filter(isLive);
}

/** The item about this very article, found by its normalised address. */
export async function itemByUrl(db: ArchiveDatabase, url: string): Promise<Item | undefined> {
  const key = normalizeUrl(url);
  if (key === undefined) return undefined;
  const items = await db.getAllFromIndex('items', 'by-url', key);
  return items.find((item) => !item.deleted);
}

/** The entities that go by this name or alias (more than one where it is ambiguous). */
export async function entitiesByAlias(db: ArchiveDatabase, alias: string): Promise<Entity[]> {
  const found = await db.getAllFromIndex('entities', 'by-surface', foldSurface(alias));
  return found.map(withoutStorageFields);
}

export async function getEntities(db: ArchiveDatabase, ids: readonly string[]): Promise<Entity[]> {
  const tx = db.transaction('entities');
  const found = await Promise.all(ids.map((id) => tx.store.get(id)));
  return found.filter((e): e is StoredEntity => e !== undefined).map(withoutStorageFields);
}

export async function allEntities(db: ArchiveDatabase): Promise<Entity[]> {
  return (await db.getAll('entities')).map(withoutStorageFields);
}

/** The newest items in the archive. */
export async function recentItems(db: ArchiveDatabase, limit = 20): Promise<Item[]> {
  const out: Item[] = [];
  let cursor = await db.transaction('items').store.index('by-published').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    if (isLive(cursor.value)) out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

export async function counts(db: ArchiveDatabase): Promise<{ entities: number; items: number }> {
  const tx = db.transaction(['entities', 'items']);
  const [entities, items] = await Promise.all([tx.objectStore('entities').count(), tx.objectStore('items').count()]);
  return { entities, items };
}

function isLive(item: StoredItem | undefined): item is StoredItem {
  return item !== undefined && !item.deleted;
}

function sortNewestFirst(items: Item[]): Item[] {
  return items.sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : a.id.localeCompare(b.id)));
}

function withoutStorageFields({ surfaceKeys: _, ...entity }: StoredEntity): Entity {
  return entity;
}
