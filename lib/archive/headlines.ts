/**
 * Headlines from news feeds (RSS, Atom) as coverage records: what the press reported, apart from the
 * curated items. A headline has no take, no signals, and never stands for an analyst's item; one that is
 * a curated item's coverage row links to that item instead of standing alone.
 *
 * - One record per report: keyed by its address's key (url.ts: tracking parameters, AMP and `www.`
 *   ignored), so the same story from two feeds merges, remembering both feeds.
 * - Retention: headlines older than the window, and beyond the count cap, go oldest first, in the same
 *   transaction as the page that brought the new ones. Curated items live in another store and are never
 *   touched by it.
 * - Searched as items are: each write queues the headlines it changes for the search index (a record of
 *   `searchQueue` in the same transaction, the durable marker the fold job applies after, fold.ts), in
 *   lists of their own kind; one dropped by retention or by its feed's removal leaves the index so too.
 */
import { unwrap } from 'idb';
import type { ArchiveDatabase } from './db';
import {
  BULK,
  HEADLINE_COUNT,
  HEADLINE_LINKS,
  type HeadlineCount,
  type HeadlineLinks,
  headlineCountIn,
  lastValues,
  oneWriterAtATime,
  primaryKeysIn,
  queueHeadlineLinks,
  storedRecords,
  writing,
} from './store';
import { type IndexChange, type IndexedDoc, type IndexWork, indexedDoc, splitTerms } from './term-stats';
import { canonicalUrl, normalizeUrl } from './url';

export interface HeadlineRecord {
  kind: 'headline';
  /** The address's key (normalizeUrl). */
  key: string;
  /** The canonical link, http(s). */
  url: string;
  headline: string;
  outlet: string;
  /** Its day (YYYY-MM-DD, UTC): the feed's date, else the day it was first seen. */
  published: string;
  /** `feed`: the feed dated it; `first-seen`: it did not (or not believably), so the day it was first seen stands. */
  dated: 'feed' | 'first-seen';
  /** When a sync first saw it (ISO 8601). */
  firstSeen: string;
  /** The description as plain text ('' when there was none). */
  summary: string;
  /** The entities the worker's matcher spotted in the headline and summary. */
  entities: string[];
  /** The feeds that carried it (their addresses). */
  feeds: string[];
  /** The curated item whose coverage row it is: shown through that item, not on its own. */
  curated?: string;
  /** [entity, day] for each entity: the index the panel reads a name's headlines by. */
  mentionKeys: [string, string][];
  /** Its terms (lib/search/terms.ts), joined by spaces, so the panel never stems it again. */
  termText: string;
}

/** One headline as a sync hands it to the archive: parsed, cleaned and spotted. */
export interface HeadlineInput {
  url: string;
  headline: string;
  outlet: string;
  /** ISO 8601, when the feed dated it. */
  published?: string;
  summary: string;
  entities: string[];
  termText: string;
}

export interface HeadlineWrite {
  feedUrl: string;
  headlines: HeadlineInput[];
  /** The sync's time: first-seen dates, and the retention window's end. */
  now: Date;
  retention: Retention;
}

/** How long headlines are kept, and how many at most. */
export interface Retention {
  days: number;
  cap: number;
}

export const DEFAULT_RETENTION: Retention = { days: 730, cap: 20_000 };

export interface HeadlinesApplied {
  added: number;
  /** Already held (from this feed or another): merged. */
  merged: number;
  /** Linked to a curated item's coverage row. */
  linked: number;
  /** Dropped by retention. */
  dropped: number;
}

/** How many old headlines one page's transaction drops at most (the rest go with the next page). */
const DROP_BATCH = 2000;

/**
 * A headline's place in the search index, or undefined when it has none: one that is a curated item's
 * coverage row is found through that item, as the panel shows it.
 */
export function headlineDoc(record: HeadlineRecord | undefined): IndexedDoc | undefined {
  return record && !record.curated ? indexedDoc(record.published, splitTerms(record.termText)) : undefined;
}

/** The index change of a headline from `before` to `after` (either absent), or undefined when its place is the same. */
function headlineChange(key: string, before: HeadlineRecord | undefined, after: HeadlineRecord | undefined): IndexChange | undefined {
  const was = headlineDoc(before);
  const is = headlineDoc(after);
  if (!was && !is) return undefined;
  if (was && is && was.published === is.published && was.terms.join(' ') === is.terms.join(' ')) return undefined;
  return { kind: 'headline', id: key, ...(was ? { before: was } : {}), ...(is ? { after: is } : {}) };
}

/** Queues a write's index changes, when it made any (in the write's own transaction). */
function queueChanges(queue: { add(value: IndexWork): unknown }, changes: readonly (IndexChange | undefined)[]): void {
  const made = changes.filter((change): change is IndexChange => change !== undefined);
  if (made.length > 0) queue.add({ changes: made });
}

/** The record for a new headline, or the held one with this feed's copy merged in. */
export function mergeHeadline(
  held: HeadlineRecord | undefined,
  input: HeadlineInput,
  feedUrl: string,
  now: Date,
  curated?: string,
): HeadlineRecord | undefined {
  const url = canonicalUrl(input.url);
  const key = url && normalizeUrl(url);
  if (!url || !key) return undefined;
  const firstSeen = held?.firstSeen ?? now.toISOString();
  // A feed's date beats a first-seen one; between two feeds' dates the earlier stands.
  const fromFeed = input.published?.slice(0, 10);
  const published =
    held?.dated === 'feed'
      ? fromFeed && fromFeed < held.published
        ? fromFeed
        : held.published
      : (fromFeed ?? held?.published ?? firstSeen.slice(0, 10));
  const dated = held?.dated === 'feed' || fromFeed ? 'feed' : 'first-seen';
  const entities = [...new Set([...(held?.entities ?? []), ...input.entities])];
  const linkedTo = curated ?? held?.curated;
  return {
    kind: 'headline',
    key,
    url: held?.url ?? url,
    headline: held?.headline ?? input.headline,
    outlet: held?.outlet ?? input.outlet,
    published,
    dated,
    firstSeen,
    summary: held?.summary || input.summary,
    entities,
    feeds: [...new Set([...(held?.feeds ?? []), feedUrl])],
    ...(linkedTo ? { curated: linkedTo } : {}),
    mentionKeys: entities.map((id) => [id, published]),
    termText: held?.termText ?? input.termText,
  };
}

/**
 * Writes a feed's headlines, merged with what is held, each linked to the curated item whose coverage row
 * it is; then applies retention. One transaction: a stop leaves all of it or none.
 */
export function applyHeadlines(db: ArchiveDatabase, write: HeadlineWrite): Promise<HeadlinesApplied> {
  return oneWriterAtATime(db, async () => {
    const result: HeadlinesApplied = { added: 0, merged: 0, linked: 0, dropped: 0 };
    const tx = db.transaction(['headlines', 'items', 'meta', 'searchQueue'], 'readwrite', BULK);
    await writing(tx, async () => {
      const store = tx.objectStore('headlines');
      const byCoverage = tx.objectStore('items').index('by-coverage');
      const keyed = write.headlines.flatMap((input) => {
        const key = normalizeUrl(input.url);
        return key ? [{ input, key }] : [];
      });
      const keys = keyed.map(({ key }) => key);
      const byPublished = store.index('by-published');
      // The oldest headline's day, read with the rest: retention's walk is begun only when something is to go.
      // The held records in one read of the page's span, where it is not much wider than the page.
      const [stored, covered, counted, oldest] = await Promise.all([
        storedRecords(store, keys, (record) => record.key),
        primaryKeysIn(byCoverage, keys),
        tx.objectStore('meta').get(HEADLINE_COUNT),
        byPublished.openKeyCursor(),
      ]);
      const held = keys.map((key) => stored.get(key));
      const curated = keys.map((key) => covered.get(key));
      let count = headlineCountIn(counted);
      const raw = unwrap(store);
      const written = new Map<string, HeadlineRecord>();
      /** What the index holds of each headline this write touches: the stored record, before any change. */
      const indexed = new Map<string, HeadlineRecord | undefined>();
      keyed.forEach(({ input, key }, i) => {
        if (!indexed.has(key)) indexed.set(key, held[i]);
        const before = written.get(key) ?? held[i];
        const record = mergeHeadline(before, input, write.feedUrl, write.now, curated[i]);
        if (!record) return;
        if (before) result.merged++;
        else {
          result.added++;
          count++;
        }
        if (record.curated && !before?.curated) result.linked++;
        written.set(key, record);
      });
      for (const record of written.values()) raw.put(record);
      // Retention: past the window first, then the oldest beyond the cap.
      const cutoff = new Date(write.now.getTime() - write.retention.days * 86_400_000).toISOString().slice(0, 10);
      const over = Math.max(0, count - write.retention.cap);
      const dropped: HeadlineRecord[] = [];
      const days = [...[...written.values()].map((record) => record.published), ...(oldest ? [oldest.key] : [])];
      let cursor = over > 0 || days.some((day) => day < cutoff) ? await byPublished.openCursor() : null;
      while (cursor && result.dropped < DROP_BATCH && (cursor.value.published < cutoff || result.dropped < over)) {
        if (!written.has(cursor.primaryKey) || cursor.value.published < cutoff) {
          dropped.push(cursor.value);
          void cursor.delete();
          result.dropped++;
          count--;
        }
        cursor = await cursor.continue();
      }
      unwrap(tx.objectStore('meta')).put({ headlines: count } satisfies HeadlineCount, HEADLINE_COUNT);
      const gone = new Set(dropped.map((record) => record.key));
      queueChanges(unwrap(tx.objectStore('searchQueue')), [
        ...[...written].map(([key, record]) => headlineChange(key, indexed.get(key), gone.has(key) ? undefined : record)),
        ...dropped.filter((record) => !written.has(record.key)).map((record) => headlineChange(record.key, record, undefined)),
      ]);
    });
    return result;
  });
}

/**
 * How many addresses one transaction of the link job takes: a record of more (an import's batch of thousands of
 * items) is taken in parts, the rest put back under its name, so the job's transactions stay short.
 */
const LINK_BUDGET = 500;
/** The meta record that says every headline held was queued for linking once (those a version before the link job kept). */
const ALL_QUEUED = 'headline-links-all-queued';

/**
 * Once per archive: every held headline's address queued for the link job, so those that a version before it
 * kept unlinked (the press first, the curated item after) are linked too. Then only a write's own records.
 */
export async function queueEveryHeadlineOnce(db: ArchiveDatabase): Promise<void> {
  if ((await db.get('meta', ALL_QUEUED)) !== undefined) return;
  const tx = db.transaction(['headlines', 'meta'], 'readwrite', BULK);
  await writing(tx, async () => {
    const keys = (await tx.objectStore('headlines').getAllKeys()) as string[];
    const meta = unwrap(tx.objectStore('meta'));
    for (let i = 0; i < keys.length; i += LINK_BUDGET) queueHeadlineLinks(meta, keys.slice(i, i + LINK_BUDGET));
    meta.put(true, ALL_QUEUED);
  });
}

/**
 * Links the held headlines at the addresses whose coverage a write of items changed (`HEADLINE_LINKS`, left
 * in that write's transaction) to the item that now covers each, or unlinks them when none does; their
 * place in the search index follows (a linked one is found through its item). One short transaction per
 * LINK_BUDGET addresses, which deletes the records it took (or puts back the rest of one it took in part): a
 * stop loses nothing, and doing it twice changes nothing. Returns how many headlines changed, or undefined
 * when nothing was waiting. Run by the fold job, after the writes.
 */
export async function linkCoveredHeadlines(db: ArchiveDatabase): Promise<number | undefined> {
  const range = IDBKeyRange.bound(HEADLINE_LINKS, `${HEADLINE_LINKS}\uffff`);
  if ((await db.getKey('meta', range)) === undefined) return undefined;
  let changed = 0;
  const tx = db.transaction(['headlines', 'items', 'meta', 'searchQueue'], 'readwrite', BULK);
  await writing(tx, async () => {
    const meta = tx.objectStore('meta');
    const raw = unwrap(meta);
    if (headlineCountIn(await meta.get(HEADLINE_COUNT)) === 0) {
      raw.delete(range); // No headline to link: every record is done with.
      return;
    }
    // The records in order, whole while they fit the budget; the first of them in part when it alone does not.
    const [names, records] = await Promise.all([meta.getAllKeys(range, LINK_BUDGET), meta.getAll(range, LINK_BUDGET)]);
    const wanted: string[] = [];
    for (const [i, name] of names.entries()) {
      const keys = (records[i] as HeadlineLinks | undefined)?.keys ?? [];
      const room = LINK_BUDGET - wanted.length;
      if (i > 0 && keys.length > room) break;
      wanted.push(...keys.slice(0, room));
      if (keys.length > room) raw.put({ keys: keys.slice(room) } satisfies HeadlineLinks, name);
      else raw.delete(name);
    }
    const store = tx.objectStore('headlines');
    const held = await storedRecords(store, wanted, (record) => record.key);
    const keys = [...new Set(wanted)].filter((key) => held.has(key));
    const covering = await primaryKeysIn(tx.objectStore('items').index('by-coverage'), keys);
    const changes: (IndexChange | undefined)[] = [];
    for (const key of keys) {
      const before = held.get(key) as HeadlineRecord;
      const curated = covering.get(key);
      if (before.curated === curated) continue;
      const { curated: _, ...unlinked } = before;
      const after: HeadlineRecord = curated === undefined ? unlinked : { ...unlinked, curated };
      unwrap(store).put(after);
      changes.push(headlineChange(key, before, after));
      changed++;
    }
    queueChanges(unwrap(tx.objectStore('searchQueue')), changes);
  });
  return changed;
}

/** The headlines a removed feed leaves: those only it carried go, the others forget it. How many went. */
export function removeFeedHeadlines(db: ArchiveDatabase, feedUrl: string): Promise<number> {
  return oneWriterAtATime(db, async () => {
    let removed = 0;
    const tx = db.transaction(['headlines', 'meta', 'searchQueue'], 'readwrite', BULK);
    await writing(tx, async () => {
      const changes: (IndexChange | undefined)[] = [];
      let cursor = await tx.objectStore('headlines').index('by-feed').openCursor(feedUrl);
      while (cursor) {
        const feeds = cursor.value.feeds.filter((feed) => feed !== feedUrl);
        if (feeds.length === 0) {
          changes.push(headlineChange(cursor.value.key, cursor.value, undefined));
          void cursor.delete();
          removed++;
        } else void cursor.update({ ...cursor.value, feeds });
        cursor = await cursor.continue();
      }
      queueChanges(unwrap(tx.objectStore('searchQueue')), changes);
      const count = headlineCountIn(await tx.objectStore('meta').get(HEADLINE_COUNT));
      unwrap(tx.objectStore('meta')).put({ headlines: Math.max(0, count - removed) } satisfies HeadlineCount, HEADLINE_COUNT);
    });
    return removed;
  });
}

/**
 * The headlines that name any of these entities: each entity's `perEntity` newest (before a day, when
 * given), the ones a curated item stands for left out, newest first.
 */
export async function headlinesForEntities(
  db: ArchiveDatabase,
  entityIds: readonly string[],
  perEntity = 20,
  before?: string,
): Promise<HeadlineRecord[]> {
  const index = db.transaction('headlines').store.index('by-mention');
  const lists = await Promise.all(
    entityIds.map((id) =>
      lastValues<HeadlineRecord>(index, IDBKeyRange.bound([id, ''], [id, before ?? '\uffff'], false, before !== undefined), perEntity),
    ),
  );
  const byKey = new Map<string, HeadlineRecord>();
  for (const record of lists.flat()) if (!record.curated) byKey.set(record.key, record);
  return [...byKey.values()].sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : 0));
}

/** How many headlines the archive holds. */
export async function headlineCount(db: ArchiveDatabase): Promise<number> {
  return headlineCountIn(await db.get('meta', HEADLINE_COUNT));
}
