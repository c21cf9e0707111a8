/**
 * An entity's page: the entity, its relatives (its parent, and its children by the `by-parent` index), and
 * its items by date, filtered by a date range and by another entity they name. Read from the entity's
 * posting list, so a page reads its newest postings in the range and only those items, never a whole store.
 */
import { addDays } from '../related/rank';
import { isRealDay } from './dates';
import type { ArchiveDatabase } from './db';
import type { Entity, EntityType, Item } from './schema';
import { asItem, childrenOf, getEntities, itemCounts, newestPostings } from './store';

/** What the page asks for. Dates are days (YYYY-MM-DD), both ends included. */
export interface EntityPageQuery {
  entityId: string;
  from?: string;
  to?: string;
  /** Only items that also name this entity. */
  related?: string;
  /** How many items to return at most (the newest). */
  limit?: number;
}

/** A relative or a co-named entity, as the page lists it. */
export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
  /** Its items in the archive (relatives), or the items here that name it (co-named). */
  items: number;
}

export interface EntityPage {
  entity: Entity;
  /** Its items in the archive, all dates. */
  total: number;
  parent?: EntityRef;
  children: EntityRef[];
  /** The items in the range (and naming `related`), newest first, up to the limit. */
  items: Item[];
  /** How many items in the range (and naming `related`) were found among those scanned. */
  matched: number;
  /** The range held more items than one page scans (SCAN): narrow the dates to see older ones. */
  truncated: boolean;
  /** The entities the scanned items in the range also name, the most named first: the filter's choices. */
  coNamed: EntityRef[];
}

/** How many of the entity's postings in the range are read at most. */
export const SCAN = 1000;
const DEFAULT_LIMIT = 200;
/** How many children and co-named entities the page lists. */
const MAX_CHILDREN = 60;
const MAX_CO_NAMED = 40;

/** The page, or null when the archive has no such entity. */
export async function readEntityPage(db: ArchiveDatabase, query: EntityPageQuery): Promise<EntityPage | null> {
  const [entity] = await getEntities(db, [query.entityId]);
  if (!entity) return null;
  const from = query.from && isRealDay(query.from) ? query.from : undefined;
  const to = query.to && isRealDay(query.to) ? query.to : undefined;
  const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_LIMIT, SCAN));

  const [childIds, [total = 0]] = await Promise.all([
    childrenOf(db, [entity.id]).then((found) => found.get(entity.id) ?? []),
    itemCounts(db, [entity.id]),
  ]);
  const postings = (await newestPostings(db.transaction('postings').store, entity.id, SCAN, to ? addDays(to, 1) : undefined)).filter(
    ([published]) => from === undefined || published >= from,
  );
  const truncated = postings.length === SCAN && (from === undefined || (postings.at(-1)?.[0] ?? '') > from);
  const tx = db.transaction('items');
  const stored = await Promise.all(postings.map(([, id]) => tx.store.get(id)));
  const inRange: Item[] = [];
  for (const record of stored) {
    if (!record || record.deleted) continue;
    inRange.push(asItem(record));
  }
  const named = new Map<string, number>();
  for (const item of inRange) for (const id of new Set(item.entities)) if (id !== entity.id) named.set(id, (named.get(id) ?? 0) + 1);
  const matching = query.related ? inRange.filter((item) => item.entities.includes(query.related as string)) : inRange;

  const coNamedIds = [...named]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, MAX_CO_NAMED)
    .map(([id]) => id);
  // The chosen filter stays listed even when the range no longer holds it.
  if (query.related && !coNamedIds.includes(query.related)) coNamedIds.push(query.related);
  const kids = childIds.slice(0, MAX_CHILDREN);
  const refIds = [...new Set([...(entity.parent ? [entity.parent] : []), ...kids, ...coNamedIds])];
  const [records, counted] = await Promise.all([
    getEntities(db, refIds),
    itemCounts(db, [...(entity.parent ? [entity.parent] : []), ...kids]),
  ]);
  const byId = new Map(records.map((e) => [e.id, e]));
  const relCount = new Map([...(entity.parent ? [entity.parent] : []), ...kids].map((id, i) => [id, counted[i] ?? 0]));
  const ref = (id: string, items: number): EntityRef | undefined => {
    const e = byId.get(id);
    return e && { id, name: e.name, type: e.type, items };
  };
  const parent = entity.parent ? ref(entity.parent, relCount.get(entity.parent) ?? 0) : undefined;
  const children = kids
    .flatMap((id) => ref(id, relCount.get(id) ?? 0) ?? [])
    .sort((a, b) => b.items - a.items || a.name.localeCompare(b.name));
  const coNamed = coNamedIds.flatMap((id) => ref(id, named.get(id) ?? 0) ?? []);
  return {
    entity,
    total,
    ...(parent ? { parent } : {}),
    children,
    items: matching.slice(0, limit),
    matched: matching.length,
    truncated,
    coNamed,
  };
}

/** How many items a feed file of the whole archive or of one entity takes at most. */
export const EXPORT_ITEMS = 100_000;

/**
 * The records a feed file exports: one entity's live items (newest first) with the entities they name, or
 * every live item and every entity. Read in one pass of the items store.
 */
export async function recordsForExport(db: ArchiveDatabase, entityId?: string): Promise<{ entities: Entity[]; items: Item[] }> {
  const items: Item[] = [];
  if (entityId) {
    const postings = await newestPostings(db.transaction('postings').store, entityId, EXPORT_ITEMS);
    const tx = db.transaction('items');
    const stored = await Promise.all(postings.map(([, id]) => tx.store.get(id)));
    for (const record of stored) if (record && !record.deleted) items.push(asItem(record));
  } else {
    let cursor = await db.transaction('items').store.openCursor();
    while (cursor && items.length < EXPORT_ITEMS) {
      if (!cursor.value.deleted) items.push(asItem(cursor.value));
      cursor = await cursor.continue();
    }
  }
  const wanted = entityId ? [...new Set([entityId, ...items.flatMap((item) => item.entities)])] : undefined;
  const entities = wanted ? await getEntities(db, wanted) : (await db.getAll('entities')).map(({ surfaceKeys: _, ...entity }) => entity);
  return { entities, items };
}
