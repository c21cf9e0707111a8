/**
 * Follows: the entities the reader follows, what sync brought for them, and what the reader has seen of
 * it and when. Stored locally (storage.local), never sent anywhere. The pure functions below decide what is
 * new; the storage items hold the state; the worker records arrivals as sync applies pages (lib/follow).
 *
 * "New" is an arrival the reader has not seen: an item a sync (or an imported feed file) added that names a
 * followed entity. It stops being new when the reader opens that entity's page, opens the item, or marks
 * the news seen in the popup; each arrival keeps when it came and when it was seen.
 */
import { storage } from 'wxt/utils/storage';
import type { ArrivedItem } from '../archive/feed-apply';
import { askWorker, changeItem } from './one-writer';

/** An entity the reader follows. */
export interface Follow {
  entityId: string;
  /** Its name when followed, to show before the archive is asked. */
  name: string;
  /** When the reader started following it (ISO). */
  since: string;
}

/** An item a sync brought that names a followed entity. */
export interface Arrival {
  itemId: string;
  title: string;
  /** The item's day (YYYY-MM-DD). */
  published: string;
  /** The followed entities it names (as followed when it arrived). */
  entities: string[];
  /** When it arrived (ISO). */
  arrived: string;
  /** When the reader saw it (ISO); absent while it is new. */
  seen?: string;
}

/** What the toolbar badge counts: the tab's entities (the default), or the new items for followed entities. */
export type BadgeMode = 'entities' | 'new';

// `@__PURE__`: unused items are left out of a bundle (lib/settings/settings.ts says why).
export const followsSetting = /* @__PURE__ */ storage.defineItem<Follow[]>('local:follows', { fallback: [], version: 1 });
export const arrivalsItem = /* @__PURE__ */ storage.defineItem<Arrival[]>('local:followArrivals', { fallback: [], version: 1 });
export const badgeModeSetting = /* @__PURE__ */ storage.defineItem<BadgeMode>('local:badgeMode', { fallback: 'entities', version: 1 });
/** Notify about new items for followed entities: off until the reader turns it on (and grants `notifications`). */
export const notifyFollowedSetting = /* @__PURE__ */ storage.defineItem<boolean>('local:notifyFollowed', { fallback: false, version: 1 });

/** How many arrivals are kept: the oldest seen ones go first, then the oldest. */
export const MAX_ARRIVALS = 500;

/** The follows with this entity followed (or not). Following again keeps the first `since`. */
export function withFollow(follows: readonly Follow[], entity: { id: string; name: string }, follow: boolean, now: Date): Follow[] {
  const rest = follows.filter((f) => f.entityId !== entity.id);
  if (!follow) return rest;
  const had = follows.find((f) => f.entityId === entity.id);
  return [...rest, had ?? { entityId: entity.id, name: entity.name, since: now.toISOString() }];
}

/**
 * The arrivals once these items are recorded: each item that names a followed entity and is not recorded
 * yet (a page applied again, an update of an item already come, brings nothing new). Kept to MAX_ARRIVALS.
 */
export function recordArrivals(
  arrivals: readonly Arrival[],
  follows: readonly Follow[],
  items: readonly ArrivedItem[],
  now: Date,
): Arrival[] {
  const followed = new Set(follows.map((f) => f.entityId));
  const known = new Set(arrivals.map((a) => a.itemId));
  const added: Arrival[] = [];
  for (const item of items) {
    const entities = [...new Set(item.entities.filter((id) => followed.has(id)))];
    if (entities.length === 0 || known.has(item.id)) continue;
    known.add(item.id);
    added.push({ itemId: item.id, title: item.title, published: item.published, entities, arrived: now.toISOString() });
  }
  if (added.length === 0) return [...arrivals];
  return trim([...arrivals, ...added]);
}

function trim(arrivals: Arrival[]): Arrival[] {
  let excess = arrivals.length - MAX_ARRIVALS;
  if (excess <= 0) return arrivals;
  // Seen ones go first, oldest first; then unseen ones, oldest first.
  const order = arrivals.map((a, i) => ({ a, i })).sort((x, y) => Number(!x.a.seen) - Number(!y.a.seen) || x.i - y.i);
  const drop = new Set<number>();
  for (const { i } of order) {
    if (excess-- <= 0) break;
    drop.add(i);
  }
  return arrivals.filter((_, i) => !drop.has(i));
}

/** The arrivals still new: not seen, and naming an entity the reader still follows. Newest first. */
export function unseenArrivals(arrivals: readonly Arrival[], follows: readonly Follow[]): Arrival[] {
  const followed = new Set(follows.map((f) => f.entityId));
  return arrivals
    .filter((a) => !a.seen && a.entities.some((id) => followed.has(id)))
    .sort((a, b) => (a.arrived < b.arrived ? 1 : a.arrived > b.arrived ? -1 : a.published < b.published ? 1 : -1));
}

/** Each followed entity with what is new for it (maybe nothing), in the order followed. */
export function newByEntity(arrivals: readonly Arrival[], follows: readonly Follow[]): { follow: Follow; news: Arrival[] }[] {
  const unseen = unseenArrivals(arrivals, follows);
  return follows.map((follow) => ({ follow, news: unseen.filter((a) => a.entities.includes(follow.entityId)) }));
}

/** What the reader saw: items by id, or every arrival naming an entity (its page was opened). */
export type Seen = { itemIds: readonly string[] } | { entityId: string } | { all: true };

/** The arrivals with what the reader saw marked, and when. Arrivals seen before keep their first time. */
export function markSeen(arrivals: readonly Arrival[], seen: Seen, now: Date): Arrival[] {
  const at = now.toISOString();
  const ids = 'itemIds' in seen ? new Set(seen.itemIds) : undefined;
  const hits = (a: Arrival) =>
    'all' in seen ? true : ids ? ids.has(a.itemId) : a.entities.includes((seen as { entityId: string }).entityId);
  return arrivals.map((a) => (!a.seen && hits(a) ? { ...a, seen: at } : a));
}

/** Follows an entity, or stops: the worker stores it (./one-writer.ts). */
export async function setFollow(entity: { id: string; name: string }, follow: boolean): Promise<void> {
  await askWorker('setFollow', { entity: { id: entity.id, name: entity.name }, follow });
}

/** Records what the reader saw: the worker stores it (./one-writer.ts). */
export async function recordSeen(seen: Seen): Promise<void> {
  await askWorker('recordSeen', seen);
}

/** The worker's side of `setFollow`: stores a follow (or its end), one change to the follows at a time. */
export function storeFollow(entity: { id: string; name: string }, follow: boolean, now = new Date()): Promise<Follow[]> {
  return changeItem(followsSetting, (follows) => withFollow(follows, entity, follow, now));
}

/** The worker's side of `recordSeen`, one change to the arrivals at a time (sync records them too). */
export async function storeSeen(seen: Seen, now = new Date()): Promise<void> {
  await changeItem(arrivalsItem, (arrivals) => markSeen(arrivals, seen, now));
}
