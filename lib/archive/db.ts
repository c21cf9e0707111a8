/**
 * The archive's IndexedDB schema, in the extension's own origin (only the background opens it: in a
 * content script IndexedDB would be the page's). `upgrade` steps through every version, so an install
 * of any earlier version migrates.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames, unwrap, wrap } from 'idb';
import type { EntityDigest } from './digests';
import { type HeadlineRecord, headlineDoc } from './headlines';
import type { BlockKey, BlockRecord } from './postings';
import { alwaysRoom, type RoomProbe } from './room';
import type { Entity, Item } from './schema';
import {
  ARCHIVE_COUNTS,
  ARCHIVE_TOKEN,
  type ArchiveCounts,
  abortQuietly,
  addToLists,
  coverageKeysOf,
  HEADLINE_COUNT,
  type HeadlineCount,
  newArchiveToken,
  noListsYet,
} from './store';
import {
  diffTerms,
  type IndexChange,
  type IndexWork,
  indexedDoc,
  joinTerms,
  noTermChanges,
  type QueuedIndexWork,
  splitTerms,
  TERM_TOTALS,
  type TermDelta,
  type TermTotals,
  termsOfItem,
} from './term-stats';
import { normalizeUrl } from './url';

/** An item as stored: with the key its URL is looked up by. Its terms are in `itemTerms`, apart (schema 5). */
export interface StoredItem extends Item {
  urlKey?: string;
  /** The keys of its coverage rows' addresses: a news feed's headline of one of them links to this item. */
  coverageKeys?: string[];
}

/** An entity as stored: with its folded surfaces, for the lookup by alias. */
export interface StoredEntity extends Entity {
  surfaceKeys: string[];
}

export interface ArchiveDB extends DBSchema {
  entities: { key: string; value: StoredEntity; indexes: { 'by-surface': string; 'by-parent': string } };
  items: { key: string; value: StoredItem; indexes: { 'by-url': string; 'by-coverage': string } };
  /** The mentions: each entity's items by date, in blocks (postings.ts); and every item's, by date. */
  postings: { key: BlockKey; value: BlockRecord };
  meta: { key: string; value: unknown };
  /**
   * Headlines of news feeds (RSS, Atom): coverage records apart from the curated items, by their address's
   * key (headlines.ts). By entity and day, by day (retention), and by the feeds that carried them.
   */
  headlines: {
    key: string;
    value: HeadlineRecord;
    indexes: { 'by-mention': [string, string]; 'by-published': string; 'by-feed': string };
  };
  /** Each term's document frequency (how many live items hold it), as folded so far (term-stats.ts, fold.ts). */
  terms: { key: string; value: number };
  /** Each live item's terms, repeats kept, joined by spaces: read by the ranking, never stemmed again. */
  itemTerms: { key: string; value: string };
  /** Changes to `terms` and the totals that the fold job has not applied yet, one record per write batch. */
  termDeltas: { key: number; value: TermDelta };
  /** Changes to the search index that the fold job has not applied yet, one record per write batch. */
  searchQueue: { key: number; value: QueuedIndexWork };
  /** The search index: for each kind of document and term, its documents by date, in blocks (postings.ts). */
  search: { key: BlockKey; value: BlockRecord };
  /**
   * The headlines' vocabulary: each term with how many indexed headlines hold it (its list's length), kept
   * by the fold job as it writes the headlines' lists. Apart from `terms`, which the relevance ranking reads
   * as the items' frequencies.
   */
  headlineTerms: { key: string; value: number };
  /** Each entity's newest items as the panel reads them, in one record, kept against the archive's token (digests.ts). */
  digests: { key: string; value: EntityDigest };
}

export const ARCHIVE_DB_NAME = 'backstory-archive';
/**
 * 1: items indexed by URL, date, and a multiEntry index of [entityId, published].
 * 2: the date and mention indexes replaced by posting lists, and a count of live items kept in meta.
 * 3: the terms' document frequencies and each item's terms, for the relevance ranking; entities by parent.
 * 4: the headlines of news feeds in a store of their own, and items by their coverage rows' addresses.
 * 5: item terms in their own store; frequencies a record per term, changed by deltas a fold job applies
 *    after the items' transaction; the search index's posting lists, kept by the same job.
 * 6: headlines in the search index too (their own lists, and their vocabulary in `headlineTerms`).
 * 7: entities' digests (their newest items in one record), and the archive's token they are kept against.
 *    A later step that rewrites items must clear `digests` or put a new token.
 */
export const ARCHIVE_DB_VERSION = 7;

export type ArchiveDatabase = IDBPDatabase<ArchiveDB>;
type UpgradeTransaction = IDBPTransaction<ArchiveDB, StoreNames<ArchiveDB>[], 'versionchange'>;

/**
 * `version`: below this build's only in tests, to make the database an older install left (the steps
 * after it are not run).
 */
export function openArchiveDb(name = ARCHIVE_DB_NAME, terminated?: () => void, version = ARCHIVE_DB_VERSION): Promise<ArchiveDatabase> {
  /** Why an upgrade step failed: opening then fails with it, not with the bare "aborted" of the undone upgrade. */
  let failure: unknown;
  const opening = openDB<ArchiveDB>(name, version, {
    ...(terminated ? { terminated } : {}),
    // A newer version (another install's worker, a test deleting the database) waits for no one.
    blocking() {
      void opening.then((db) => db.close());
      terminated?.();
    },
    upgrade(db, oldVersion, _newVersion, tx) {
      // Each step takes the database from one version to the next; an old install runs them all.
      if (oldVersion < 1) {
        const entities = db.createObjectStore('entities', { keyPath: 'id' });
        entities.createIndex('by-surface', 'surfaceKeys', { multiEntry: true });
        const items = db.createObjectStore('items', { keyPath: 'id' });
        items.createIndex('by-url', 'urlKey');
        version1Items(tx).createIndex('by-published', 'published');
        version1Items(tx).createIndex('by-mention', 'mentionKeys', { multiEntry: true });
        db.createObjectStore('meta');
      }
      // Steps that walk the stored records run one after another, inside the upgrade's transaction; if one
      // fails, the upgrade is undone (the database stays at its old version, whole) and opening fails with the cause.
      let walks: Promise<void> = Promise.resolve();
      if (oldVersion < 2) {
        db.createObjectStore('postings', { keyPath: 'key' });
        if (oldVersion >= 1) walks = walks.then(() => migrateToPostings(tx));
        else {
          dropVersion1Indexes(tx);
          void tx.objectStore('meta').put({ entities: 0, items: 0 } satisfies ArchiveCounts, ARCHIVE_COUNTS);
        }
      }
      if (oldVersion < 3) {
        // Version 3's term buckets and the terms it stored on each item are made, and counted, by step 5's walk.
        db.createObjectStore('terms');
        tx.objectStore('entities').createIndex('by-parent', 'parent');
      }
      if (oldVersion < 4) {
        const headlines = db.createObjectStore('headlines', { keyPath: 'key' });
        headlines.createIndex('by-mention', 'mentionKeys', { multiEntry: true });
        headlines.createIndex('by-published', 'published');
        headlines.createIndex('by-feed', 'feeds', { multiEntry: true });
        tx.objectStore('items').createIndex('by-coverage', 'coverageKeys', { multiEntry: true });
        void tx.objectStore('meta').put({ headlines: 0 } satisfies HeadlineCount, HEADLINE_COUNT);
        if (oldVersion >= 1) walks = walks.then(() => keyCoverage(tx));
      }
      if (oldVersion < 5) {
        // Version 3's buckets (keyed by a hash) give way to a record per term, counted again from the items.
        db.deleteObjectStore('terms');
        db.createObjectStore('terms');
        db.createObjectStore('itemTerms');
        db.createObjectStore('termDeltas', { autoIncrement: true });
        db.createObjectStore('searchQueue', { autoIncrement: true });
        db.createObjectStore('search', { keyPath: 'key' });
        if (oldVersion >= 1) walks = walks.then(() => splitItemTerms(tx));
        else void tx.objectStore('meta').put({ docs: 0, length: 0 } satisfies TermTotals, TERM_TOTALS);
      }
      if (oldVersion < 6 && version >= 6) {
        db.createObjectStore('headlineTerms');
        if (oldVersion >= 4) walks = walks.then(() => queueHeadlines(tx));
      }
      if (oldVersion < 7 && version >= 7) {
        db.createObjectStore('digests');
        void tx.objectStore('meta').put(newArchiveToken(), ARCHIVE_TOKEN);
      }
      walks.catch((error) => {
        failure = tx.error ?? error;
        abortQuietly(tx);
      });
    },
  });
  return opening.catch((error: unknown) => {
    throw failure ?? error;
  });
}

/** The items store as version 1 indexed it, by its indexes' names then (the schema type knows only today's). */
function version1Items(tx: UpgradeTransaction): IDBObjectStore {
  return unwrap(tx.objectStore('items')) as IDBObjectStore;
}

function dropVersion1Indexes(tx: UpgradeTransaction): void {
  version1Items(tx).deleteIndex('by-published');
  version1Items(tx).deleteIndex('by-mention');
}

/**
 * Version 1 to 2: builds the posting lists and the counts from the stored items, a thousand at a time
 * in date order (version 1's date index, read before it is dropped), so each page extends the lists
 * at their ends as an import in date order does; rewrites each item without version 1's `mentionKeys`.
 */
async function migrateToPostings(tx: UpgradeTransaction): Promise<void> {
  const known = noListsYet();
  const items = unwrap(tx.objectStore('items'));
  let live = 0;
  let page: (StoredItem & { mentionKeys?: unknown })[] = [];
  const flush = async () => {
    for (const { mentionKeys: _, ...item } of page) items.put(item);
    await addToLists(tx.objectStore('postings'), page, known);
    live += page.filter((item) => !item.deleted).length;
    page = [];
  };
  let cursor = await wrap(version1Items(tx).index('by-published')).openCursor();
  while (cursor) {
    page.push(cursor.value as StoredItem);
    if (page.length === 1000) await flush();
    cursor = await cursor.continue();
  }
  await flush();
  dropVersion1Indexes(tx);
  const entities = await tx.objectStore('entities').count();
  await tx.objectStore('meta').put({ entities, items: live } satisfies ArchiveCounts, ARCHIVE_COUNTS);
}

/** How many items' index changes one record of the upgrade's search queue holds. */
const UPGRADE_QUEUE_PAGE = 1000;

/**
 * Version 4 (or 2, 3) to 5: moves each item's terms off its record into `itemTerms` (stemming it only where
 * version 2 stored none), counts the frequencies into a record per term, and queues every live item for
 * the search index. The index itself is built by the fold job after the upgrade, in short transactions,
 * so opening the database does not wait for it (searches meanwhile find what is folded so far).
 */
async function splitItemTerms(tx: UpgradeTransaction): Promise<void> {
  const changes = noTermChanges();
  const itemTerms = unwrap(tx.objectStore('itemTerms'));
  const queue = unwrap(tx.objectStore('searchQueue'));
  let page: IndexChange[] = [];
  let cursor = await tx.objectStore('items').openCursor();
  while (cursor) {
    const { termText, ...item } = cursor.value as StoredItem & { termText?: string };
    if (!item.deleted) {
      const list = termText !== undefined ? splitTerms(termText) : termsOfItem(item);
      itemTerms.put(joinTerms(list), item.id);
      diffTerms(changes, undefined, list);
      page.push({ kind: 'item', id: item.id, after: indexedDoc(item.published, list) });
      if (page.length === UPGRADE_QUEUE_PAGE) {
        queue.add({ changes: page } satisfies IndexWork);
        page = [];
      }
    }
    if (termText !== undefined) void cursor.update(item);
    cursor = await cursor.continue();
  }
  if (page.length > 0) queue.add({ changes: page } satisfies IndexWork);
  const terms = unwrap(tx.objectStore('terms'));
  for (const [term, count] of changes.df) terms.put(count, term);
  await tx.objectStore('meta').put({ docs: changes.docs, length: changes.length } satisfies TermTotals, TERM_TOTALS);
}

/**
 * Version 5 (or 4) to 6: queues every stored headline for the search index, which the fold job then builds
 * after the upgrade, as it built the items' (at most the retention cap, 20,000 headlines).
 */
async function queueHeadlines(tx: UpgradeTransaction): Promise<void> {
  const queue = unwrap(tx.objectStore('searchQueue'));
  let page: IndexChange[] = [];
  let cursor = await tx.objectStore('headlines').openCursor();
  while (cursor) {
    const after = headlineDoc(cursor.value);
    if (after) page.push({ kind: 'headline', id: cursor.value.key, after });
    if (page.length === UPGRADE_QUEUE_PAGE) {
      queue.add({ changes: page } satisfies IndexWork);
      page = [];
    }
    cursor = await cursor.continue();
  }
  if (page.length > 0) queue.add({ changes: page } satisfies IndexWork);
}

/**
 * Version 3 to 4: each item's coverage rows' keys, for the index a headline finds its curated item by; and
 * its own key again, now that the key also ignores AMP forms and more tracking parameters.
 */
async function keyCoverage(tx: UpgradeTransaction): Promise<void> {
  let cursor = await tx.objectStore('items').openCursor();
  while (cursor) {
    const item = cursor.value;
    const urlKey = item.url ? normalizeUrl(item.url) : undefined;
    const { urlKey: _, coverageKeys: __, ...rest } = item;
    const coverageKeys = coverageKeysOf(item);
    void cursor.update({ ...rest, ...(urlKey ? { urlKey } : {}), ...(coverageKeys.length > 0 ? { coverageKeys } : {}) });
    cursor = await cursor.continue();
  }
}

/**
 * The archive's connection: opened at once, and opened again when the browser closes it. A write that
 * finds the disk full makes Chromium close the connection ("Connection is closing because of: IO error"),
 * and the reader must still see everything stored before.
 *
 * Opened again only where the disk has room (room.ts): on a full disk, opening the store writes, and a write
 * cut short there can get the whole archive deleted by Chromium at its next open. Until there is room, an
 * open after such a close fails with the disk's own error, and the store is not touched. Callers that find
 * the connection dead at the same moment share one new open.
 *
 * The first open does not ask (a 2 MB scratch write at every start of the worker would be waste), but when it
 * fails the disk is asked why: Chromium closes an origin's store some time after its last connection closes
 * (a two-second grace, then its own tasks before closing), and opening it again on a full disk fails with the
 * same "Internal error opening backing store" as a damaged folder. A full disk then answers with its own error,
 * so the reader is told to free space rather than to restart the browser.
 */
export type ArchiveConnection = (fresh?: boolean) => Promise<ArchiveDatabase>;

export function createArchiveConnection(
  name = ARCHIVE_DB_NAME,
  room: RoomProbe = alwaysRoom,
  openDb: typeof openArchiveDb = openArchiveDb,
): ArchiveConnection {
  let current: Promise<ArchiveDatabase> | undefined;
  /** The open under way, if any: a caller who saw the connection fail meanwhile waits for it. */
  let pending: Promise<ArchiveDatabase> | undefined;
  const open = (checkRoom: boolean): Promise<ArchiveDatabase> => {
    const opening: Promise<ArchiveDatabase> = (async () => {
      const full = checkRoom ? await room() : undefined;
      if (full) throw full;
      try {
        return await openDb(name, () => {
          if (current === opening) current = undefined;
        });
      } catch (error) {
        // A newer version's archive is not a disk's matter; an open the disk was just asked about either.
        const asked = checkRoom || (error as { name?: unknown } | null)?.name === 'VersionError';
        throw (asked ? undefined : await room()) ?? error;
      }
    })();
    current = opening;
    pending = opening;
    void opening
      .catch(() => {
        // A failed open is not kept: the next question opens again (asking the disk first).
        if (current === opening) current = undefined;
      })
      .finally(() => {
        if (pending === opening) pending = undefined;
      });
    return opening;
  };
  open(false);
  // `fresh`: the caller saw the connection fail; open another rather than wait for the close event.
  return (fresh = false) => {
    if (pending) return pending;
    return fresh || !current ? open(true) : current;
  };
}
