/**
 * Writes and queries on the archive database. Writes go in batched transactions; every query reads
 * only what it returns (cursors over key ranges, never whole stores).
 */
import { type IDBPIndex, type IDBPObjectStore, unwrap } from 'idb';
import type { ArchiveDatabase, ArchiveDB, StoredEntity, StoredItem } from './db';
import { foldSurface } from './integrity';
import type { ArchiveDocument, Entity, Item } from './schema';
import { normalizeUrl } from './url';

/** How many records one write transaction takes: large enough to amortise, small enough to not starve readers. */
export const WRITE_BATCH = 1000;

/**
 * Bulk writes need not wait for a disk flush: everything written is re-derivable (the snapshot is
 * bundled, a feed can be fetched again), and the seeding marker is written after the data it vouches for.
 * https://developer.chrome.com/blog/indexeddb-durability-mode-now-defaults-to-relaxed
 */
const BULK = { durability: 'relaxed' } as const;

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

export function toStoredItem(item: Item): StoredItem {
  const urlKey = item.url ? normalizeUrl(item.url) : undefined;
  const mentionKeys: [string, string][] = item.deleted ? [] : [...new Set(item.entities)].map((id) => [id, item.published]);
  return urlKey ? { ...item, urlKey, mentionKeys } : { ...item, mentionKeys };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Stores entities as given (the document is the authority on them). */
export async function putEntities(db: ArchiveDatabase, entities: readonly Entity[]): Promise<void> {
  for (const batch of chunks(entities, WRITE_BATCH)) {
    const tx = db.transaction('entities', 'readwrite', BULK);
    const raw = unwrap(tx.store);
    for (const entity of batch) raw.put(toStoredEntity(entity));
    await tx.done;
  }
}

/**
 * Stores items; the newer copy of an item always wins (by `modified`), so an older bundled snapshot
 * never overwrites what sync brought, and a re-import duplicates nothing. A deleted item stays as a
 * tombstone, so an older copy cannot bring it back.
 */
export async function putItems(db: ArchiveDatabase, items: readonly Item[]): Promise<{ written: number; skipped: number }> {
  const incoming = newestCopies(items);
  // Into an empty archive (a first install), nothing can be newer: no stored copy is looked up at all.
  const empty = (await db.count('items')) === 0;
  let written = 0;
  let skipped = 0;
  for (const batch of chunks(incoming, WRITE_BATCH)) {
    const tx = db.transaction('items', 'readwrite', BULK);
    // Keys first: only an item that is there already has its stored copy read.
    const present = empty ? new Set<string>() : await presentIds(tx.store, batch);
    const stored = await Promise.all(batch.map((item) => (present.has(item.id) ? tx.store.get(item.id) : undefined)));
    // The bare store: idb's wrapper would make a Promise for every put, which a bulk write does not need.
    const raw = unwrap(tx.store);
    batch.forEach((item, i) => {
      const old = stored[i];
      if (old && old.modified >= item.modified) {
        skipped++;
        return;
      }
      raw.put(toStoredItem(item));
      written++;
    });
    await tx.done;
  }
  return { written, skipped };
}

/**
 * Which of a batch's ids are stored already. One read of the keys between the batch's first and last id
 * when that span is not much wider than the batch (a feed page, a sequential import); else one key
 * lookup per item.
 */
async function presentIds(store: ItemsWriteStore, batch: readonly Item[]): Promise<Set<string>> {
  const ids = batch.map((item) => item.id).sort();
  const cap = batch.length * 4;
  const keys = await store.getAllKeys(IDBKeyRange.bound(ids[0] as string, ids[ids.length - 1] as string), cap);
  if (keys.length < cap) return new Set(keys);
  const found = await Promise.all(ids.map((id) => store.getKey(id)));
  return new Set(found.filter((key): key is string => key !== undefined));
}

type ItemsWriteStore = IDBPObjectStore<ArchiveDB, ['items'], 'items', 'readwrite'>;

/** One copy of each item, the newest where the input repeats an id. */
function newestCopies(items: readonly Item[]): Item[] {
  const byId = new Map<string, Item>();
  for (const item of items) {
    const seen = byId.get(item.id);
    if (!seen || seen.modified < item.modified) byId.set(item.id, item);
  }
  return byId.size === items.length ? [...items] : [...byId.values()];
}

/** Imports a whole archive document (the bundled snapshot or a feed page). Idempotent. */
export async function importDocument(db: ArchiveDatabase, doc: ArchiveDocument): Promise<ImportResult> {
  await putEntities(db, doc.entities);
  const { written, skipped } = await putItems(db, doc.items);
  return { entities: doc.entities.length, written, skipped };
}

/**
 * The items that mention any of these entities: for each entity its `perEntity` newest, of which the
 * `limit` that share the most of the entities (then the most recent for their entity) are read whole.
 * Reading keys first and only `limit` records keeps the sidebar's query fast on a large archive, where
 * a common entity has hundreds of thousands of items. Returned newest first.
 */
export async function itemsForEntities(db: ArchiveDatabase, entityIds: readonly string[], perEntity = 30, limit = 40): Promise<Item[]> {
  const tx = db.transaction('items');
  const index = tx.store.index('by-mention');
  const lists = await Promise.all(entityIds.map((entityId) => newestItemIds(index, entityId, perEntity)));
  const score = new Map<string, { shared: number; rank: number }>();
  for (const list of lists) {
    list.forEach((id, rank) => {
      const seen = score.get(id);
      if (seen) {
        seen.shared++;
        seen.rank = Math.min(seen.rank, rank);
      } else score.set(id, { shared: 1, rank });
    });
  }
  const chosen = [...score]
    .sort(([, a], [, b]) => b.shared - a.shared || a.rank - b.rank)
    .slice(0, limit)
    .map(([id]) => id);
  const items = await Promise.all(chosen.map((id) => tx.store.get(id)));
  return sortNewestFirst(items.filter(isLive).map(asItem));
}

type MentionIndex = IDBPIndex<ArchiveDB, ['items'], 'items', 'by-mention'>;

/** Whether this browser's getAllKeys takes `{ query, count, direction }` (Chrome 141+). */
const HAS_GET_ALL_OPTIONS = typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;

/**
 * The ids of an entity's newest items (before a date, when given): one bounded backwards read on the
 * `by-mention` index. Where getAllKeys cannot read backwards, a cursor walks back `limit` steps.
 */
async function newestItemIds(index: MentionIndex, entityId: string, limit: number, before = '\uffff'): Promise<string[]> {
  const range = IDBKeyRange.bound([entityId, ''], [entityId, before], false, true);
  if (HAS_GET_ALL_OPTIONS) {
    const raw = unwrap(index) as unknown as {
      getAllKeys(options: { query: IDBKeyRange; count: number; direction: IDBCursorDirection }): IDBRequest<string[]>;
    };
    const request = raw.getAllKeys({ query: range, count: limit, direction: 'prev' });
    return new Promise((done, fail) => {
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
  }
  const out: string[] = [];
  let cursor = await index.openKeyCursor(range, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  return out;
}

/** How many items mention an entity, counted up to `cap` (a common entity's exact count is not worth a scan). */
export async function countItemsOf(db: ArchiveDatabase, entityId: string, cap = 999): Promise<number> {
  const keys = await db.getAllKeysFromIndex('items', 'by-mention', IDBKeyRange.bound([entityId, ''], [entityId, '\uffff']), cap);
  return keys.length;
}

/** One entity's items by date, newest first; `before` (a date) pages back. */
export async function itemsOfEntity(db: ArchiveDatabase, entityId: string, limit = 20, before?: string): Promise<Item[]> {
  const tx = db.transaction('items');
  const ids = await newestItemIds(tx.store.index('by-mention'), entityId, limit, before);
  const items = await Promise.all(ids.map((id) => tx.store.get(id)));
  return items.filter(isLive).map(asItem);
}

/** The item about this very article, found by its normalised address. */
export async function itemByUrl(db: ArchiveDatabase, url: string): Promise<Item | undefined> {
  const key = normalizeUrl(url);
  if (key === undefined) return undefined;
  const found = (await db.getAllFromIndex('items', 'by-url', key)).find(isLive);
  return found && asItem(found);
}

/** The entities that go by this name or alias (more than one where it is ambiguous). */
export async function entitiesByAlias(db: ArchiveDatabase, alias: string): Promise<Entity[]> {
  const found = await db.getAllFromIndex('entities', 'by-surface', foldSurface(alias));
  return found.map(withoutStorageFields);
}

/** The live items with these ids (missing and deleted ones left out). */
export async function getItems(db: ArchiveDatabase, ids: readonly string[]): Promise<Item[]> {
  const tx = db.transaction('items');
  const found = await Promise.all(ids.map((id) => tx.store.get(id)));
  return found.filter(isLive).map(asItem);
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
    if (isLive(cursor.value)) out.push(asItem(cursor.value));
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

/** An item as the archive's readers see it, without its storage keys. */
function asItem({ urlKey: _u, mentionKeys: _m, ...item }: StoredItem): Item {
  return item;
}
