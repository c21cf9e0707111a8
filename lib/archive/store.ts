/**
 * Writes and queries on the archive database. Writes go in batched transactions; every query reads
 * only what it returns (key ranges and posting lists, never whole stores).
 */
import { type IDBPObjectStore, type StoreNames, unwrap } from 'idb';
import type { TermStats } from '../search/terms';
import { compareInstants } from './dates';
import type { ArchiveDatabase, ArchiveDB, StoredEntity, StoredItem } from './db';
import { foldSurface } from './integrity';
import {
  BLOCK_MAX,
  type BlockKey,
  type BlockRecord,
  blockIndexOf,
  type Changes,
  changesAt,
  comparePostings,
  diffItem,
  EVERY_ITEM,
  type ListChanges,
  type Posting,
  type PostingBlock,
  packBlock,
  rebuildBlock,
  unpackBlock,
} from './postings';
import type { ArchiveDocument, Entity, Item } from './schema';
import {
  diffTerms,
  type IndexChange,
  type IndexWork,
  indexedDoc,
  joinTerms,
  noTermChanges,
  splitTerms,
  sumDeltas,
  TERM_TOTALS,
  type TermChanges,
  type TermTotals,
  termsOfItem,
  toDelta,
  totalsIn,
} from './term-stats';
import { normalizeUrl } from './url';

/**
 * How many items one write transaction takes: large enough that a posting block is written about once
 * per entity per batch, small enough that a reader waits at most about a second behind it.
 */
export const WRITE_BATCH = 5000;

/**
 * Bulk writes need not wait for a disk flush: everything written is re-derivable (the snapshot is
 * bundled, a feed can be fetched again), and the seeding marker is written after the data it vouches for.
 * https://developer.chrome.com/blog/indexeddb-durability-mode-now-defaults-to-relaxed
 */
export const BULK = { durability: 'relaxed' } as const;

/** The meta record that counts entities and live items, kept in step by every write (counting a store reads all of it). */
export const ARCHIVE_COUNTS = 'counts';
export interface ArchiveCounts {
  entities: number;
  items: number;
}

/** The counts as the meta record holds them (all zero before the first write). */
export function countsIn(record: unknown): ArchiveCounts {
  const { entities = 0, items = 0 } = (record ?? {}) as Partial<ArchiveCounts>;
  return { entities, items };
}

/**
 * The meta record that changes with every write of items: a fresh random token, put by `writing` in each
 * transaction that writes the lists (so in the same commit as the change, never apart from it). What was
 * read in one transaction with a token still holds while the stored token is the same: an entity's digest
 * (digests.ts) is put only then. Random, not counted: a write need not read it first.
 */
export const ARCHIVE_TOKEN = 'archive-token';
export function newArchiveToken(): string {
  return crypto.randomUUID();
}

/** The meta record counting the headlines (counting a store reads all of it). */
export const HEADLINE_COUNT = 'headline-count';
export interface HeadlineCount {
  headlines: number;
}

/** The headline count in its meta record (absent: none). */
export function headlineCountIn(record: unknown): number {
  return (record as Partial<HeadlineCount> | undefined)?.headlines ?? 0;
}

/**
 * Where a write of items leaves the addresses whose coverage it changed, while headlines are held: meta
 * records under this prefix, each `{ keys }`, in the write's own transaction. A headline at one of them
 * must now be linked to the item that covers it, or unlinked (`linkCoveredHeadlines`, headlines.ts, run
 * by the fold job after the write): so a curated item that comes after the press's headline takes it in,
 * and a stop between the two loses nothing.
 */
export const HEADLINE_LINKS = 'headline-links:';
export interface HeadlineLinks {
  keys: string[];
}

/** Leaves these addresses for the link job: a `HEADLINE_LINKS` record of its own, in the caller's transaction. */
export function queueHeadlineLinks(meta: IDBObjectStore, keys: string[]): void {
  meta.put({ keys } satisfies HeadlineLinks, `${HEADLINE_LINKS}${crypto.randomUUID()}`);
}

export interface ImportResult {
  entities: number;
  /** Items written (new, or newer than the stored copy). */
  written: number;
  /** Items skipped because the stored copy is as new or newer. */
  skipped: number;
}

export function toStoredEntity(entity: Entity): StoredEntity {
  return { ...entity, surfaceKeys: [...new Set([entity.name, ...entity.aliases].map(foldSurface))] };
}

export function toStoredItem(item: Item): StoredItem {
  const { urlKey: _, coverageKeys: __, ...plain } = item as StoredItem & { termText?: string };
  const { termText: ___, ...rest } = plain as typeof plain & { termText?: string };
  const urlKey = rest.url ? normalizeUrl(rest.url) : undefined;
  const coverageKeys = rest.deleted ? [] : coverageKeysOf(rest);
  return { ...rest, ...(urlKey ? { urlKey } : {}), ...(coverageKeys.length > 0 ? { coverageKeys } : {}) };
}

/** The keys of an item's coverage rows' addresses (and its own): what a news headline of the same report has. */
export function coverageKeysOf(item: Pick<Item, 'url' | 'coverage' | 'deleted'>): string[] {
  if (item.deleted) return [];
  const keys = [item.url, ...item.coverage.map((row) => row.url)].flatMap((url) => {
    const key = url ? normalizeUrl(url) : undefined;
    return key ? [key] : [];
  });
  return [...new Set(keys)];
}

/** An item's terms, or undefined when it is deleted (it then counts for nothing and leaves the index). */
export function liveTerms(item: Item): string[] | undefined {
  return item.deleted ? undefined : termsOfItem(item);
}

/**
 * What a batch of item writes changes beyond the items: their posting lists (written in the same
 * transaction), and the term frequencies and the search index (recorded as two small records there, and
 * applied by the fold job after it: fold.ts).
 */
export interface DocChanges {
  lists: ListChanges;
  terms: TermChanges;
  index: IndexChange[];
  /** The addresses whose coverage changed (`HEADLINE_LINKS`); undefined while no headline is held, as nothing is to link. */
  covered: Set<string> | undefined;
}

/** `headlinesHeld`: whether any headline is held, so the addresses whose coverage changes are recorded. */
export function noDocChanges(headlinesHeld = false): DocChanges {
  return { lists: new Map(), terms: noTermChanges(), index: [], covered: headlinesHeld ? new Set() : undefined };
}

/** Records an item's change from its stored copy (and that copy's terms) to a new copy (and its terms). */
export function diffDoc(
  changes: DocChanges,
  old: StoredItem | undefined,
  oldTerms: string[] | undefined,
  item: Item,
  newTerms: string[] | undefined,
): void {
  diffItem(changes.lists, old, item);
  const before = old && !old.deleted ? oldTerms : undefined;
  const after = item.deleted ? undefined : newTerms;
  diffTerms(changes.terms, before, after);
  const was = old && !old.deleted ? indexedDoc(old.published, before) : undefined;
  const is = indexedDoc(item.published, after);
  if (was || is) changes.index.push({ kind: 'item', id: item.id, ...(was ? { before: was } : {}), ...(is ? { after: is } : {}) });
  if (changes.covered) {
    const coveredBefore = old ? coverageKeysOf(old) : [];
    const coveredAfter = coverageKeysOf(item);
    if (coveredBefore.join('\n') !== coveredAfter.join('\n'))
      for (const key of [...coveredBefore, ...coveredAfter]) changes.covered.add(key);
  }
}

/** The stores a write of items touches. */
export type ItemWriteStores = 'items' | 'itemTerms' | 'postings' | 'meta' | 'termDeltas' | 'searchQueue' | 'digests';
export const ITEM_WRITE_STORES: ItemWriteStores[] = ['items', 'itemTerms', 'postings', 'meta', 'termDeltas', 'searchQueue', 'digests'];

type AnyWriteStore<Name extends StoreNames<ArchiveDB>> = IDBPObjectStore<ArchiveDB, StoreNames<ArchiveDB>[], Name, 'readwrite'>;

/** The stores `writeDocs` writes, from a transaction that covers them (every write of items has one). */
export function docStores(tx: {
  objectStore(name: 'items'): AnyWriteStore<'items'>;
  objectStore(name: 'itemTerms'): AnyWriteStore<'itemTerms'>;
  objectStore(name: 'termDeltas'): AnyWriteStore<'termDeltas'>;
  objectStore(name: 'searchQueue'): AnyWriteStore<'searchQueue'>;
  objectStore(name: 'meta'): AnyWriteStore<'meta'>;
}): Parameters<typeof writeDocs>[0] {
  return {
    items: tx.objectStore('items'),
    itemTerms: tx.objectStore('itemTerms'),
    termDeltas: tx.objectStore('termDeltas'),
    searchQueue: tx.objectStore('searchQueue'),
    meta: tx.objectStore('meta'),
  };
}

/**
 * Writes a batch's items, their terms, its two delta records, and the addresses whose coverage it changed
 * (`HEADLINE_LINKS`); the posting lists are the caller's.
 */
export function writeDocs(
  stores: {
    items: AnyWriteStore<'items'>;
    itemTerms: AnyWriteStore<'itemTerms'>;
    termDeltas: AnyWriteStore<'termDeltas'>;
    searchQueue: AnyWriteStore<'searchQueue'>;
    meta: AnyWriteStore<'meta'>;
  },
  items: readonly { item: Item; terms: string[] | undefined }[],
  changes: DocChanges,
): void {
  // The bare stores: idb's wrapper would make a Promise for every put, which a bulk write does not need.
  const raw = unwrap(stores.items);
  const termStore = unwrap(stores.itemTerms);
  for (const { item, terms } of items) {
    raw.put(toStoredItem(item));
    if (terms && !item.deleted) termStore.put(joinTerms(terms), item.id);
    else termStore.delete(item.id);
  }
  const delta = toDelta(changes.terms);
  if (delta) unwrap(stores.termDeltas).add(delta);
  if (changes.index.length > 0) unwrap(stores.searchQueue).add({ changes: changes.index } satisfies IndexWork);
  if (changes.covered?.size) queueHeadlineLinks(unwrap(stores.meta), [...changes.covered]);
}

/** The stored copies of items, and the terms of each live one. */
export async function storedCopies(
  stores: { items: ItemsWriteStore; itemTerms: IDBPObjectStore<ArchiveDB, StoreNames<ArchiveDB>[], 'itemTerms', IDBTransactionMode> },
  ids: readonly string[],
  present: ReadonlySet<string>,
): Promise<{ stored: (StoredItem | undefined)[]; terms: (string[] | undefined)[] }> {
  const pairs = await Promise.all(
    ids.map((id) => (present.has(id) ? Promise.all([stores.items.get(id), stores.itemTerms.get(id)]) : ([undefined, undefined] as const))),
  );
  return { stored: pairs.map(([item]) => item), terms: pairs.map(([, text]) => (text === undefined ? undefined : splitTerms(text))) };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Asks a transaction whose requests are all made to commit now (IDBTransaction.commit), rather than once this
 * worker has taken every request's result, as it otherwise does: the worker may then compute while the browser
 * stores. No request can be made in it after this.
 */
export function commitNow(tx: object): void {
  (unwrap(tx as never) as unknown as IDBTransaction).commit?.();
}

/** Aborts a transaction that may have ended already (then there is nothing to undo). */
export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}

/** What of an IndexedDB transaction (as idb wraps it) `committed` and `writing` use. */
type WriteTransaction = { done: Promise<void>; abort(): void; readonly error: DOMException | null };

/**
 * Runs a write transaction's reads and writes and waits for it to commit. When it fails, the error is
 * the transaction's own where it has one: that names the cause (a full disk), where a request that was
 * waiting only says "aborted". A failure of this code aborts the transaction, so nothing half done stays.
 */
export async function committed(tx: WriteTransaction, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    await tx.done;
  } catch (error) {
    const cause = tx.error;
    abortQuietly(tx);
    await tx.done.catch(() => undefined);
    throw cause ?? error;
  }
}

/**
 * A write of the archive (`committed`), counted: per store as begun (`writesBegun`), and as a change readers'
 * memories may not outlive; a write of items also changes the archive's token and drops the digests.
 */
export async function writing(
  tx: WriteTransaction & { readonly objectStoreNames: Iterable<string> },
  body: () => Promise<void>,
  /** false: the write changes nothing a reader keeps in memory (the search index's lists), so memories stay. */
  seen = true,
): Promise<void> {
  const names = [...tx.objectStoreNames];
  for (const name of names) begun.set(name, (begun.get(name) ?? 0) + 1);
  // A write of items (theirs are the lists' postings) changes the archive's token and drops every entity's
  // digest, in its own commit: no digest outlives a change of what it copies (digests.ts). Not asked to drop
  // what cannot be there (a sync's every slice would).
  const raw = unwrap(tx as never) as unknown as IDBTransaction;
  const digests = names.includes('postings') ? digestsStateOf(raw.db.name) : undefined;
  const putsBefore = digests?.puts;
  if (digests) {
    raw.objectStore('meta').put(newArchiveToken(), ARCHIVE_TOKEN);
    if (digests.mayExist) raw.objectStore('digests').clear();
  }
  const start = writeObserver ? performance.now() : 0;
  try {
    await committed(tx, body);
  } catch (error) {
    if (seen) writes++; // A failed write may have changed what a reader cached before it failed.
    throw error;
  }
  // None can be there now, unless a put of digests began meanwhile (it is run after this write, and may put).
  if (digests && digests.puts === putsBefore) digests.mayExist = false;
  writeObserver?.(performance.now() - start);
  if (seen) writes++;
}

/**
 * How many write transactions have begun on each store, in this worker. What was read in a transaction
 * begun before a write transaction over a store still holds when that store's count has not moved since:
 * IndexedDB runs transactions over a common store in the order they were made, so the read saw every write
 * made before it, and none made after it has run (the feed page's slices read, then write: feed-apply.ts).
 */
const begun = new Map<string, number>();
export function writesBegun(stores: readonly string[]): number {
  return stores.reduce((sum, name) => sum + (begun.get(name) ?? 0), 0);
}

/**
 * Whether a database may hold digests, by its name: true until a write that dropped them commits with no put of
 * digests begun since (`puts` counts them). A worker that starts does not know, so its first write drops them.
 */
const digestsState = new Map<string, { mayExist: boolean; puts: number }>();
function digestsStateOf(name: string): { mayExist: boolean; puts: number } {
  let found = digestsState.get(name);
  if (!found) {
    found = { mayExist: true, puts: 0 };
    digestsState.set(name, found);
  }
  return found;
}
/** Said before a transaction that may put digests is made: the next write of items drops them. */
export function puttingDigests(db: { name: string }): void {
  const state = digestsStateOf(db.name);
  state.mayExist = true;
  state.puts++;
}

/** The bench's view of write transactions: each one's ms, from its body's start to its commit (scripts/lib/bench-feed-hooks.ts). */
let writeObserver: ((ms: number) => void) | undefined;
export function observeWrites(observer: ((ms: number) => void) | undefined): void {
  writeObserver = observer;
}

/**
 * How many write transactions this worker has finished: what a reader keeps in memory (counts, term
 * buckets, an entity's children) holds while this stays the same. Only the background opens the archive,
 * and every write goes through `writing`, so nothing changes the archive behind this count.
 */
let writes = 0;
export function writeCount(): number {
  return writes;
}

/** Stores entities as given (the document is the authority on them). */
export async function putEntities(db: ArchiveDatabase, entities: readonly Entity[]): Promise<void> {
  for (const batch of chunks(entities, WRITE_BATCH)) {
    const tx = db.transaction(['entities', 'meta'], 'readwrite', BULK);
    await writing(tx, async () => {
      const store = tx.objectStore('entities');
      const raw = unwrap(store);
      for (const entity of batch) raw.put(toStoredEntity(entity));
      const [kept, count] = await Promise.all([tx.objectStore('meta').get(ARCHIVE_COUNTS), store.count()]);
      unwrap(tx.objectStore('meta')).put({ ...countsIn(kept), entities: count } satisfies ArchiveCounts, ARCHIVE_COUNTS);
    });
  }
}

/**
 * Stores items; the newer copy of an item always wins (by `modified`), so an older bundled snapshot
 * never overwrites what sync brought, and a re-import duplicates nothing. A deleted item stays as a
 * tombstone, so an older copy cannot bring it back. Items, their postings and the count change in one
 * transaction per batch: an import cut off part way leaves whole batches, never an item without its postings.
 */
export function putItems(
  db: ArchiveDatabase,
  items: readonly Item[],
  batchSize = WRITE_BATCH,
): Promise<{ written: number; skipped: number }> {
  return oneWriterAtATime(db, () => writeItems(db, items, batchSize));
}

/**
 * Item writes take turns, one at a time per database (the seeding and a sync may both want to write):
 * so an import may trust what it knows of the lists it wrote itself (`KnownTails`). The turns are
 * this worker's: the background is the only context that opens the archive, and must stay so.
 */
const writers = new Map<string, Promise<unknown>>();
/** Who took the last turn on each database: a writer may go on trusting what it knew only if no one wrote since. */
const lastWriter = new Map<string, object | undefined>();
export function oneWriterAtATime<T>(db: ArchiveDatabase, write: (continuing: boolean) => Promise<T>, writer?: object): Promise<T> {
  const turn = (writers.get(db.name) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => {
      const continuing = writer !== undefined && lastWriter.get(db.name) === writer;
      lastWriter.set(db.name, writer);
      return write(continuing);
    });
  writers.set(db.name, turn);
  return turn;
}

async function writeItems(db: ArchiveDatabase, items: readonly Item[], batchSize: number): Promise<{ written: number; skipped: number }> {
  // In date order, so that each batch extends the lists where the one before left off.
  const incoming = newestCopies(items).sort((a, b) => comparePostings([a.published, a.id], [b.published, b.id]));
  // Into an empty archive (a first install), nothing can be newer: no stored copy is looked up at all.
  const empty = (await db.getKey('items', IDBKeyRange.lowerBound(''))) === undefined;
  const known: KnownTails = { blocks: new Map(), othersEmpty: empty };
  let written = 0;
  let skipped = 0;
  for (const batch of chunks(incoming, batchSize)) {
    // Stemmed before the transaction opens, so it is not held open while this worker computes.
    const batchTerms = batch.map(liveTerms);
    const tx = db.transaction(ITEM_WRITE_STORES, 'readwrite', BULK);
    await writing(tx, async () => {
      const store = tx.objectStore('items');
      const counted = tx.objectStore('meta').get(ARCHIVE_COUNTS);
      const headlines = tx.objectStore('meta').get(HEADLINE_COUNT);
      // A failure is the transaction's, reported by `writing`.
      counted.catch(() => undefined);
      headlines.catch(() => undefined);
      // Keys first: only an item that is there already has its stored copy read.
      const present = empty
        ? new Set<string>()
        : await presentIds(
            store,
            batch.map((item) => item.id),
          );
      const { stored, terms: storedTerms } = await storedCopies(
        { items: store, itemTerms: tx.objectStore('itemTerms') },
        batch.map((item) => item.id),
        present,
      );
      const changes = noDocChanges(headlineCountIn(await headlines) > 0);
      const newer: { item: Item; terms: string[] | undefined }[] = [];
      let liveDelta = 0;
      batch.forEach((item, i) => {
        const old = stored[i];
        if (old && compareInstants(old.modified, item.modified) >= 0) return;
        newer.push({ item, terms: batchTerms[i] });
        diffDoc(changes, old, storedTerms[i], item, batchTerms[i]);
        liveDelta += (item.deleted ? 0 : 1) - (old && !old.deleted ? 1 : 0);
      });
      written += newer.length;
      skipped += batch.length - newer.length;
      // Every read first, then every write in one go, so the browser stores while this worker sends.
      await writeListChanges(tx.objectStore('postings'), changes.lists, known);
      writeDocs(docStores(tx), newer, changes);
      const kept = countsIn(await counted);
      unwrap(tx.objectStore('meta')).put({ ...kept, items: kept.items + liveDelta } satisfies ArchiveCounts, ARCHIVE_COUNTS);
    });
  }
  return { written, skipped };
}

/** A store keyed by strings, as far as `presentIds` reads it. */
export interface KeyReads {
  getAllKeys(range: IDBKeyRange, count: number): Promise<IDBValidKey[]>;
  getKey(key: string): Promise<IDBValidKey | undefined>;
}

/** A batch's keys in order, and the range from its first to its last (undefined for none). */
function spanOf(wanted: readonly string[]): { keys: string[]; range: IDBKeyRange | undefined } {
  const keys = [...new Set(wanted)].sort();
  return { keys, range: keys.length === 0 ? undefined : IDBKeyRange.bound(keys[0] as string, keys[keys.length - 1] as string) };
}

/**
 * Which of a batch's keys are stored already. One read of the keys between the batch's first and last key
 * when that span is not much wider than the batch (a feed page, a sequential import); else one key
 * lookup per key.
 */
export async function presentIds(store: KeyReads, wanted: readonly string[]): Promise<Set<string>> {
  const { keys: ids, range } = spanOf(wanted);
  if (!range) return new Set();
  const cap = ids.length * 4;
  const keys = await store.getAllKeys(range, cap);
  if (keys.length < cap) {
    const want = new Set(ids);
    return new Set((keys as string[]).filter((key) => want.has(key)));
  }
  const found = await Promise.all(ids.map((id) => store.getKey(id)));
  return new Set(found.filter((key): key is string => key !== undefined));
}

/** A store of records keyed by strings, as far as `storedRecords` reads it. */
export interface RecordReads<V> {
  getAll(range: IDBKeyRange, count: number): Promise<V[]>;
  get(key: string): Promise<V | undefined>;
}

/**
 * The stored records of a batch's keys, by key. As `presentIds`, but records: one read of the records between
 * the first and last key when that span holds not many more (a feed's page fetched again: its records, in
 * one request), else one read per key. The map may hold records of the span that were not asked for.
 */
export async function storedRecords<V>(
  store: RecordReads<V>,
  wanted: readonly string[],
  keyOf: (record: V) => string,
): Promise<Map<string, V>> {
  const { keys, range } = spanOf(wanted);
  if (!range) return new Map();
  const cap = keys.length * 2;
  const span = await store.getAll(range, cap);
  const found: (V | undefined)[] = span.length < cap ? span : await Promise.all(keys.map((key) => store.get(key)));
  return new Map(found.flatMap((record) => (record === undefined ? [] : [[keyOf(record), record] as const])));
}

/** An index keyed by strings, as far as `primaryKeysIn` reads it. */
export interface IndexKeyReads {
  openKeyCursor(range: IDBKeyRange): Promise<{ key: IDBValidKey; primaryKey: IDBValidKey; continue(): Promise<unknown> } | null>;
  getKey(key: string): Promise<IDBValidKey | undefined>;
}

/**
 * For each wanted key that the index holds, the first primary key under it. As `presentIds`: one walk of the
 * index's keys between the first and last wanted key when that span is not much wider than the batch (none
 * at all, often: a feed page's addresses that no item covers); else one lookup per key.
 */
export async function primaryKeysIn(index: IndexKeyReads, wanted: readonly string[]): Promise<Map<string, string>> {
  const { keys, range } = spanOf(wanted);
  const found = new Map<string, string>();
  if (!range) return found;
  const want = new Set(keys);
  const cap = keys.length * 4;
  let cursor = await index.openKeyCursor(range);
  for (let seen = 0; cursor && seen < cap; seen++) {
    const key = cursor.key as string;
    if (want.has(key) && !found.has(key)) found.set(key, cursor.primaryKey as string);
    cursor = (await cursor.continue()) as typeof cursor;
  }
  if (!cursor) return found;
  const primary = await Promise.all(keys.map((key) => index.getKey(key)));
  return new Map(keys.flatMap((key, i) => (primary[i] === undefined ? [] : [[key, primary[i] as string]])));
}

export type ItemsWriteStore = IDBPObjectStore<ArchiveDB, StoreNames<ArchiveDB>[], 'items', IDBTransactionMode>;

/** One copy of each item, the newest where the input repeats an id. */
function newestCopies(items: readonly Item[]): Item[] {
  const byId = new Map<string, Item>();
  for (const item of items) {
    const seen = byId.get(item.id);
    if (!seen || compareInstants(seen.modified, item.modified) < 0) byId.set(item.id, item);
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
 * A store of posting lists: the entities' (`postings`); the search index's (`search`) has the same form and
 * is passed as one (`asPostingsStore`).
 */
export type PostingsStore<Mode extends IDBTransactionMode> = IDBPObjectStore<ArchiveDB, StoreNames<ArchiveDB>[], 'postings', Mode>;

/** The search index's store, typed as the posting lists it holds (the same records, keys and code). */
export function asPostingsStore<Mode extends IDBTransactionMode>(
  store: IDBPObjectStore<ArchiveDB, StoreNames<ArchiveDB>[], 'search', Mode>,
): PostingsStore<Mode> {
  return store as unknown as PostingsStore<Mode>;
}

/** The list's blocks: from the key after its name to one past every date (an array sorts after any string). */
export function listRange(list: string, before?: string): IDBKeyRange {
  return IDBKeyRange.bound([list], before === undefined ? [list, []] : [list, before], false, true);
}

/**
 * Adds items that are in no list yet to their lists: the upgrade from version 1, page by page, into a
 * postings store made empty in the same transaction (so `known` starts as `noListsYet()`).
 */
export async function addToLists(
  store: PostingsStore<'readwrite' | 'versionchange'>,
  items: readonly Item[],
  known: KnownTails,
): Promise<void> {
  const changes: ListChanges = new Map();
  for (const item of items) diffItem(changes, undefined, item);
  await writeListChanges(store, changes, known);
}

export function noListsYet(): KnownTails {
  return { blocks: new Map(), othersEmpty: true };
}

/**
 * What one import knows of its lists' last blocks: those it wrote itself in an earlier batch, and, when
 * it began on an empty archive, that every other list is empty. Writes take turns (`oneWriterAtATime`),
 * so nothing else changes the lists between its batches; this spares a read per list per batch.
 */
export interface KnownTails {
  blocks: Map<string, PostingBlock | undefined>;
  othersEmpty: boolean;
  /**
   * The block keys, in order, of lists whose keys a write read (a change fell before the list's last block)
   * and kept up to date through its own writes since: a feed's run of slices reads them once, not every
   * slice (items a few days out of date order land in the same lists' earlier blocks slice after slice).
   */
  keys?: Map<string, BlockKey[]>;
  /**
   * The blocks this writer wrote (a feed's run of slices keeps them, `heldBlocks()`), by list and key: a later
   * slice whose items land in one of them, before its list's last block, rebuilds it without reading it.
   * Trusted on the same terms as `blocks`, and bounded (HELD_BLOCKS, the oldest written forgotten first).
   */
  held?: Map<string, PostingBlock>;
}

/** The most blocks `KnownTails.held` keeps: a run's recent weeks of its lists (about 2 MB at most). */
const HELD_BLOCKS = 2048;

/** An empty `KnownTails.held`, for a writer whose later writes land in the blocks its earlier ones wrote. */
export function heldBlocks(): Map<string, PostingBlock> {
  return new Map();
}

function heldId([list, published, itemId]: BlockKey): string {
  return `${list}\u0000${published}\u0000${itemId}`;
}

/**
 * Applies changes to the lists. Each change goes to the block it falls in, and only those blocks are
 * read and written again (split when full, re-keyed when their first posting changed, deleted when
 * empty). News comes in date order, so most changes extend a list at its end: the list's last block is
 * read first, and only a change before it makes the list's block keys be read. Every read is made
 * before any write, so the browser stores while this worker sends.
 */
export async function writeListChanges(
  store: PostingsStore<'readwrite' | 'versionchange'>,
  changes: ListChanges,
  known: KnownTails,
): Promise<void> {
  const writes = await planListWrites(() => store, changes, known);
  putListWrites(store, writes);
  learnWrites(known, writes);
}

/** What a write that has committed (or will, in the same transaction) tells of its lists: their last blocks and block keys. */
export function learnWrites(known: KnownTails, writes: readonly ListWrite[]): void {
  const { held } = known;
  for (const write of writes) {
    known.blocks.set(write.list, write.tail);
    if (!write.keys) known.keys?.delete(write.list);
    else {
      known.keys ??= new Map();
      known.keys.set(write.list, write.keys);
    }
    if (!held) continue;
    for (const key of write.drops) held.delete(heldId(key));
    for (const block of write.tail ? [...write.puts, write.tail] : write.puts) {
      // Written again, it is the newest: deleted first so the map's order stays the order of writing.
      const id = heldId(block.key);
      held.delete(id);
      held.set(id, block);
    }
  }
  if (held) trimHeld(held);
}

/** Forgets the blocks held longest, past HELD_BLOCKS. */
function trimHeld(held: Map<string, PostingBlock>): void {
  for (const id of held.keys()) {
    if (held.size <= HELD_BLOCKS) break;
    held.delete(id);
  }
}

/**
 * What a change writes in one list: the block keys to delete, the blocks to put, and the list's last block
 * after it (with the list's length, `total`), put last; or none, when the change emptied the list.
 */
export interface ListWrite {
  list: string;
  drops: BlockKey[];
  puts: PostingBlock[];
  tail: PostingBlock | undefined;
  /** The list's block keys after it, in order, where the write knew them before (`KnownTails.keys`). */
  keys?: BlockKey[];
}

/**
 * Reads into `known` what a writer will need of these lists to add these postings, all at once: the lists'
 * last blocks it does not hold; where a posting falls before its list's last block, the list's block keys,
 * and (with `known.held`) the block it falls in. A feed page's first slice reads them for the whole page,
 * so that its later slices, each touching a few lists for the first time or landing a few days back in
 * one, read nothing. What is read in this writer's turn holds for the rest of it, as what it wrote does:
 * only writers that take turns (`oneWriterAtATime`) write the lists.
 */
export async function knowListBlocks(
  store: PostingsStore<IDBTransactionMode>,
  postings: ReadonlyMap<string, readonly Posting[]>,
  known: KnownTails,
): Promise<void> {
  if (known.othersEmpty) return;
  const unknown = [...postings.keys()].filter((list) => !known.blocks.has(list));
  const tails = await Promise.all(unknown.map(async (list) => (await lastBlocks(store, listRange(list), 1))[0]));
  const { held } = known;
  unknown.forEach((list, i) => {
    const tail = tails[i];
    known.blocks.set(list, tail);
    known.keys?.delete(list);
    // Held too: once a fresh block follows it, it is a block before the last that a later posting may land in.
    if (tail) held?.set(heldId(tail.key), tail);
  });
  // The lists a posting falls in before their last block: their keys, then the blocks those postings fall in.
  const before = [...postings].filter(([list, added]) => {
    const last = known.blocks.get(list);
    return last !== undefined && added.some((posting) => comparePostings(posting, [last.key[1], last.key[2]]) < 0);
  });
  const keyless = before.filter(([list]) => !known.keys?.has(list));
  const keys = await Promise.all(keyless.map(([list]) => store.getAllKeys(listRange(list)) as Promise<BlockKey[]>));
  keyless.forEach(([list], i) => {
    known.keys ??= new Map();
    known.keys.set(list, keys[i] as BlockKey[]);
  });
  if (!held) return;
  const wanted = new Map<string, BlockKey>();
  for (const [list, added] of before) {
    const listKeys = known.keys?.get(list) ?? [];
    for (const posting of added) {
      const key = listKeys[blockIndexOf(listKeys, posting)];
      // The last block is known apart (`blocks`).
      if (key && key !== listKeys[listKeys.length - 1] && !held.has(heldId(key))) wanted.set(heldId(key), key);
    }
  }
  const blocks = await Promise.all([...wanted.values()].map((key) => blockAt(store, key)));
  for (const block of blocks) if (block) held.set(heldId(block.key), block);
  trimHeld(held);
}

/**
 * The writes of changes to the lists, worked out from reads alone (the blocks the changes fall in, and the
 * lists' last blocks `known` does not hold): so the reads can run in a transaction of their own, before
 * the write (feed-apply.ts), or in the write's own before any put. `store` is asked for only when something
 * must be read: where `known` holds every block a change falls in, no transaction is needed at all.
 */
export async function planListWrites(
  store: () => PostingsStore<IDBTransactionMode>,
  changes: ListChanges,
  known: KnownTails,
): Promise<ListWrite[]> {
  const plans = await Promise.all([...changes].map(([list, change]) => planList(store, list, change, known)));
  return Promise.all(plans.map((plan) => listWrite(store, plan)));
}

/** Puts what `planListWrites` worked out (every delete before the puts: a list's blocks never share a key). */
export function putListWrites(store: PostingsStore<'readwrite' | 'versionchange'>, writes: readonly ListWrite[]): void {
  const raw = unwrap(store);
  for (const { drops, puts, tail } of writes) {
    for (const key of drops) raw.delete(key);
    for (const block of puts) raw.put(packBlock(block));
    if (tail) raw.put(packBlock(tail));
  }
}

/** The blocks of a list that a write changes, each with its share of the changes; and the list's last block. */
interface ListPlan {
  list: string;
  last: PostingBlock | undefined;
  blocks: { old: PostingBlock | undefined; change: Changes }[];
  /** The list's block keys before the write, where known. */
  keys?: readonly BlockKey[];
}

async function planList(
  store: () => PostingsStore<IDBTransactionMode>,
  list: string,
  change: Changes,
  known: KnownTails,
): Promise<ListPlan> {
  const knownLast = known.blocks.has(list) || known.othersEmpty;
  const last = knownLast ? known.blocks.get(list) : (await lastBlocks(store(), listRange(list), 1))[0];
  // Keys are trusted only beside a known last block: both are what this writer's own writes left.
  const knownKeys = knownLast ? known.keys?.get(list) : undefined;
  const earliest = [...change.add, ...change.remove].reduce((a, b) => (comparePostings(a, b) <= 0 ? a : b));
  if (!last || comparePostings(earliest, [last.key[1], last.key[2]]) >= 0) {
    return { list, last, blocks: [{ old: last, change }], ...(knownKeys ? { keys: knownKeys } : {}) };
  }
  const keys = knownKeys ?? ((await store().getAllKeys(listRange(list))) as BlockKey[]);
  // Blocks this writer wrote are held only beside its known keys (the same writes kept both).
  const held = knownKeys ? known.held : undefined;
  const byBlock = new Map<number, Changes>();
  for (const posting of change.add) changesAt(byBlock, blockIndexOf(keys, posting)).add.push(posting);
  for (const posting of change.remove) changesAt(byBlock, blockIndexOf(keys, posting)).remove.push(posting);
  const blocks = await Promise.all(
    [...byBlock].map(async ([index, share]) => ({
      old:
        index === keys.length - 1
          ? last
          : (held?.get(heldId(keys[index] as BlockKey)) ?? (await blockAt(store(), keys[index] as BlockKey))),
      change: share,
    })),
  );
  return { list, last, blocks, keys };
}

/**
 * A list's changed blocks rebuilt, and its last block after the change with its new length (`total`): the
 * old last block's rebuilt end, or the old last block itself when the change fell before it, or, when the
 * change emptied the last block, the newest block before it (read here; the rebuilt one where the change
 * rebuilt it too).
 */
async function listWrite(store: () => PostingsStore<IDBTransactionMode>, { list, last, blocks, keys }: ListPlan): Promise<ListWrite> {
  let total = last?.total ?? 0;
  let tail: PostingBlock | undefined;
  let lastRebuilt = false;
  const drops: BlockKey[] = [];
  const puts: PostingBlock[] = [];
  for (const { old, change } of blocks) {
    const { put, drop, untouched } = rebuildBlock(list, old, change.add, change.remove, old !== undefined && old === last);
    total += put.reduce((n, block) => n + block.postings.length, 0) - (untouched ? 0 : (old?.postings.length ?? 0));
    if (drop) drops.push(drop);
    if (old === last) {
      lastRebuilt = true;
      tail = put.pop();
    }
    puts.push(...put);
  }
  if (!lastRebuilt) tail = last;
  else if (!tail && total > 0 && last) {
    // The blocks before the emptied one: as many as the change rebuilt, and one more, hold the newest that stays.
    const changed = new Set(blocks.map(({ old }) => old?.key.join('\u0000')));
    const before = await lastBlocks(store(), IDBKeyRange.bound([list], last.key, false, true), blocks.length + 1);
    const kept = [...puts, ...before.filter((block) => !changed.has(block.key.join('\u0000')))];
    tail = kept.reduce<PostingBlock | undefined>(
      (a, b) => (!a || comparePostings([a.key[1], a.key[2]], [b.key[1], b.key[2]]) < 0 ? b : a),
      undefined,
    );
  }
  const after = tail && { ...tail, total };
  return { list, drops, puts, tail: after, ...(keys ? { keys: keysAfter(keys, drops, [...puts, ...(after ? [after] : [])]) } : {}) };
}

/**
 * A list's block keys after a write dropped some and put others (a put may keep a key it had). The keys are in
 * order and a write changes a few, so the put ones are merged in, not every key sorted again: a sync's run keeps
 * the keys of its longest lists, hundreds of blocks, and sorted them for every slice (docs/benchmarks.md).
 */
function keysAfter(keys: readonly BlockKey[], drops: readonly BlockKey[], puts: readonly PostingBlock[]): BlockKey[] {
  const order = (a: BlockKey, b: BlockKey) => comparePostings([a[1], a[2]], [b[1], b[2]]);
  const dropped = (key: BlockKey) => drops.some((drop) => order(drop, key) === 0);
  const added = puts.map((block) => block.key).sort(order);
  const out: BlockKey[] = [];
  let i = 0;
  for (const key of added) {
    for (; i < keys.length && order(keys[i] as BlockKey, key) < 0; i++) if (!dropped(keys[i] as BlockKey)) out.push(keys[i] as BlockKey);
    // A block put again under a key it had: the one key.
    if (i < keys.length && order(keys[i] as BlockKey, key) === 0) i++;
    if (out.length === 0 || order(out[out.length - 1] as BlockKey, key) !== 0) out.push(key);
  }
  for (; i < keys.length; i++) if (!dropped(keys[i] as BlockKey)) out.push(keys[i] as BlockKey);
  return out;
}

/** Whether this browser's getAll takes `{ query, count, direction }` (Chrome 141+). */
const HAS_GET_ALL_OPTIONS = typeof IDBObjectStore !== 'undefined' && 'getAllRecords' in IDBObjectStore.prototype;

/** A store or index that idb wraps: what a backwards read needs of it. */
interface Backwards<V> {
  openCursor(range: IDBKeyRange, direction: 'prev'): Promise<{ value: V; continue(): Promise<unknown> } | null>;
}

/**
 * Up to `count` values in a range of a store or an index, last first: one request, or where getAll cannot
 * read backwards (before Chrome 141, Firefox), a cursor, one request a value.
 */
export async function lastValues<V>(source: Backwards<V>, range: IDBKeyRange, count: number, options = HAS_GET_ALL_OPTIONS): Promise<V[]> {
  if (options) {
    const raw = unwrap(source as never) as unknown as {
      getAll(options: { query: IDBKeyRange; count: number; direction: IDBCursorDirection }): IDBRequest<V[]>;
    };
    const request = raw.getAll({ query: range, count, direction: 'prev' });
    return new Promise((done, fail) => {
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
  }
  const out: V[] = [];
  let cursor = await source.openCursor(range, 'prev');
  while (cursor && out.length < count) {
    out.push(cursor.value);
    if (out.length < count) cursor = (await cursor.continue()) as typeof cursor;
  }
  return out;
}

/** Up to `count` blocks in a range, last first. */
export function lastBlocks(
  store: PostingsStore<IDBTransactionMode>,
  range: IDBKeyRange,
  count: number,
  options = HAS_GET_ALL_OPTIONS,
): Promise<PostingBlock[]> {
  return lastValues<BlockRecord>(store as unknown as Backwards<BlockRecord>, range, count, options).then((records) =>
    records.map(unpackBlock),
  );
}

/** The block under a key, if any. */
export async function blockAt(store: PostingsStore<IDBTransactionMode>, key: BlockKey): Promise<PostingBlock | undefined> {
  const record = await store.get(key);
  return record && unpackBlock(record);
}

/** The blocks in a range, first first, up to `count`. */
export async function blocksIn(store: PostingsStore<IDBTransactionMode>, range: IDBKeyRange, count?: number): Promise<PostingBlock[]> {
  return (await store.getAll(range, count)).map(unpackBlock);
}

/** The most blocks one backwards read asks for (an entity card's 500 newest need 17). */
const BLOCKS_PER_READ = 64;

/**
 * A list's newest postings (before a date, when given), newest first: its last blocks, read backwards
 * a few at a time. A block holds at least half of BLOCK_MAX unless deletions thinned it, so one read
 * usually does.
 */
export async function newestPostings(
  store: PostingsStore<IDBTransactionMode>,
  list: string,
  limit: number,
  before?: string,
): Promise<Posting[]> {
  const out: Posting[] = [];
  let range = listRange(list, before);
  while (out.length < limit) {
    const want = Math.min(BLOCKS_PER_READ, Math.ceil((limit - out.length) / (BLOCK_MAX / 2)) + 1);
    const blocks = await lastBlocks(store, range, want);
    for (const block of blocks) {
      for (let i = block.postings.length - 1; i >= 0 && out.length < limit; i--) {
        const posting = block.postings[i] as Posting;
        if (before === undefined || posting[0] < before) out.push(posting);
      }
    }
    const last = blocks[blocks.length - 1];
    if (!last || blocks.length < want) break;
    range = IDBKeyRange.bound([list], last.key, false, true);
  }
  return out;
}

/**
 * The items that mention any of these entities: for each entity its `perEntity` newest, of which the
 * `limit` that share the most of the entities (then the most recent for their entity) are read whole.
 * Reading postings first and only `limit` records keeps the sidebar's query fast on a large archive,
 * where a common entity has hundreds of thousands of items. `before` (a date) reads from there back: the
 * items around an older article. Returned newest first.
 */
export async function candidatesForEntities(
  db: ArchiveDatabase,
  entityIds: readonly string[],
  perEntity = 30,
  limit = 40,
  before?: string,
): Promise<Candidate[]> {
  const tx = db.transaction(['postings', 'items', 'itemTerms']);
  const postings = tx.objectStore('postings');
  const lists = await Promise.all(entityIds.map((entityId) => newestPostings(postings, entityId, perEntity, before)));
  return readCandidates(tx, chooseCandidates(lists, limit));
}

/** Of each list's postings (newest first), the `limit` items that are in the most lists, then the most recent for their list. */
export function chooseCandidates(lists: readonly (readonly Posting[])[], limit: number): string[] {
  const score = new Map<string, { shared: number; rank: number }>();
  for (const list of lists) {
    list.forEach(([, id], rank) => {
      const seen = score.get(id);
      if (seen) {
        seen.shared++;
        seen.rank = Math.min(seen.rank, rank);
      } else score.set(id, { shared: 1, rank });
    });
  }
  return [...score]
    .sort(([, a], [, b]) => b.shared - a.shared || a.rank - b.rank)
    .slice(0, limit)
    .map(([id]) => id);
}

/** An item as read for the ranking: its record and its terms as stored (either absent when it is not there). */
export type StoredCandidate = readonly [item: StoredItem | undefined, terms: string | undefined];

/** The stores an item is read from for the ranking: its record and its terms. */
type CandidateStores = { objectStore(name: 'items' | 'itemTerms'): { get(id: string): Promise<unknown> } };

/** An item's record and its terms, as stored. */
export function readStoredCandidate(tx: CandidateStores, id: string): Promise<StoredCandidate> {
  return Promise.all([tx.objectStore('items').get(id), tx.objectStore('itemTerms').get(id)]).then(
    ([item, terms]) => [item as StoredItem | undefined, terms as string | undefined] as const,
  );
}

/** The live ones of these items with their terms, newest first; `known` gives those read already (an entity's digest). */
export async function readCandidates(
  tx: CandidateStores,
  ids: readonly string[],
  known: ReadonlyMap<string, StoredCandidate> = new Map(),
): Promise<Candidate[]> {
  const found = await Promise.all(ids.map((id) => known.get(id) ?? readStoredCandidate(tx, id)));
  return found
    .flatMap(([stored, terms]) => (isLive(stored) ? [{ item: asItem(stored), terms: splitTerms(terms) }] : []))
    .sort((a, b) => newestFirst(a.item, b.item));
}

/** The same items without their terms. */
export async function itemsForEntities(...args: Parameters<typeof candidatesForEntities>): Promise<Item[]> {
  return (await candidatesForEntities(...args)).map((c) => c.item);
}

/** An item read for the ranking, with its terms as stored (never stemmed again on the panel's path). */
export interface Candidate {
  item: Item;
  terms: string[];
}

/** The entities whose parent is each of these (their children), by the index on `parent`. */
export async function childrenOf(db: ArchiveDatabase, ids: readonly string[]): Promise<Map<string, string[]>> {
  const index = db.transaction('entities').store.index('by-parent');
  const found = await Promise.all(ids.map((id) => index.getAllKeys(id)));
  return new Map(ids.map((id, i) => [id, found[i] as string[]]));
}

/** An entity's newest postings (date and item id), up to `cap`: its item count and dates without reading an item. */
export async function postingsOfEntity(db: ArchiveDatabase, entityId: string, cap: number): Promise<Posting[]> {
  return newestPostings(db.transaction('postings').store, entityId, cap);
}

/** What an entity's list's last block says: how many items mention it, and the newest one's date. */
export interface ListTail {
  items: number;
  newest?: string;
}

/** Each entity's list tail (one read each, in one transaction): its last block keeps the total, and its last posting is the newest. */
export async function listTails(db: ArchiveDatabase, entityIds: readonly string[]): Promise<ListTail[]> {
  const store = db.transaction('postings').store;
  return Promise.all(
    entityIds.map(async (id) => {
      const [block] = await lastBlocks(store, listRange(id), 1);
      const newest = block?.postings[block.postings.length - 1]?.[0];
      return { items: block?.total ?? 0, ...(newest !== undefined ? { newest } : {}) };
    }),
  );
}

/** How many items mention each entity: the total its list's last block keeps (one read each). */
export async function itemCounts(db: ArchiveDatabase, entityIds: readonly string[]): Promise<number[]> {
  return (await listTails(db, entityIds)).map((tail) => tail.items);
}

/** One entity's items by date, newest first; `before` (a date) pages back. */
export async function itemsOfEntity(db: ArchiveDatabase, entityId: string, limit = 20, before?: string): Promise<Item[]> {
  return itemsOfList(db, entityId, limit, before);
}

async function itemsOfList(db: ArchiveDatabase, list: string, limit: number, before?: string): Promise<Item[]> {
  const tx = db.transaction(['postings', 'items']);
  const postings = await newestPostings(tx.objectStore('postings'), list, limit, before);
  const items = await Promise.all(postings.map(([, id]) => tx.objectStore('items').get(id)));
  return items.filter(isLive).map(asItem);
}

/** The item about this very article, found by its normalised address: its own, or that of the one report it draws on. */
export async function itemByUrl(db: ArchiveDatabase, url: string): Promise<Item | undefined> {
  const key = normalizeUrl(url);
  if (key === undefined) return undefined;
  const items = db.transaction('items').store;
  const [own, covering] = await Promise.all([items.index('by-url').getAll(key), items.index('by-coverage').getAll(key)]);
  // The item at this address; else the one item that draws on this report (a report two items draw on is
  // neither's own story).
  const live = covering.filter(isLive);
  const found = own.find(isLive) ?? (live.length === 1 ? live[0] : undefined);
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
  return itemsOfList(db, EVERY_ITEM, limit);
}

/**
 * What the ranking keeps of the frequencies: each term's folded count, and the sum of the deltas not folded
 * yet, up to the last delta key read. Item writes only add deltas (read on, from that key, by the next
 * call), so this holds across a sync's pages; a fold (fold.ts, `termFoldCount`) moves counts from the
 * deltas to `terms`, and the service then starts a new one.
 */
export interface TermStatsCache {
  counts: Map<string, number | undefined>;
  pending?: TermChanges;
  /** The key of the last delta summed into `pending`. */
  pendingTo?: number;
  /** The folded totals as last read, and `writeCount()` then: with no write since, no delta and no total moved. */
  totals?: TermTotals;
  readAt?: number;
}

export function emptyTermStatsCache(): TermStatsCache {
  return { counts: new Map() };
}

/**
 * The archive's statistics for these terms: their document frequencies, and the totals. The folded
 * counts (a read per term not cached) plus every delta not yet folded, so a write counts at once, as it
 * did when the counts were written with the items.
 */
export async function termStats(
  db: ArchiveDatabase,
  terms: Iterable<string>,
  cache: TermStatsCache = emptyTermStatsCache(),
): Promise<TermStats> {
  const wanted = [...new Set(terms)];
  const missing = wanted.filter((term) => !cache.counts.has(term));
  if (missing.length === 0 && cache.totals && cache.pending && cache.readAt === writeCount()) return statsOf(wanted, cache, cache.totals);
  const readAt = writeCount();
  const tx = db.transaction(['terms', 'meta', 'termDeltas']);
  const deltaStore = tx.objectStore('termDeltas');
  const since = cache.pendingTo === undefined ? null : IDBKeyRange.lowerBound(cache.pendingTo, true);
  const [read, kept, deltaKeys, deltas] = await Promise.all([
    Promise.all(missing.map((term) => tx.objectStore('terms').get(term))),
    tx.objectStore('meta').get(TERM_TOTALS),
    deltaStore.getAllKeys(since),
    deltaStore.getAll(since),
  ]);
  for (const [i, term] of missing.entries()) cache.counts.set(term, read[i]);
  const added = sumDeltas(deltas);
  if (!cache.pending) cache.pending = added;
  else {
    cache.pending.docs += added.docs;
    cache.pending.length += added.length;
    for (const [term, n] of added.df) cache.pending.df.set(term, (cache.pending.df.get(term) ?? 0) + n);
  }
  if (deltaKeys.length > 0) cache.pendingTo = deltaKeys[deltaKeys.length - 1] as number;
  cache.totals = totalsIn(kept);
  cache.readAt = readAt;
  return statsOf(wanted, cache, cache.totals);
}

/** The statistics of these terms from what the cache holds: folded counts plus the deltas not folded yet. */
function statsOf(wanted: readonly string[], cache: TermStatsCache, totals: TermTotals): TermStats {
  const pending = cache.pending ?? noTermChanges();
  const df = new Map<string, number>();
  for (const term of wanted) {
    const count = (cache.counts.get(term) ?? 0) + (pending.df.get(term) ?? 0);
    if (count > 0) df.set(term, count);
  }
  const docs = totals.docs + pending.docs;
  const length = totals.length + pending.length;
  return { docs, avgLength: docs > 0 ? length / docs : 0, df };
}

/** How many entities and live items the archive holds, as its writes keep count. */
export async function counts(db: ArchiveDatabase): Promise<ArchiveCounts> {
  return countsIn(await db.get('meta', ARCHIVE_COUNTS));
}

function isLive(item: StoredItem | undefined): item is StoredItem {
  return item !== undefined && !item.deleted;
}

function newestFirst(a: Item, b: Item): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.id.localeCompare(b.id);
}

function withoutStorageFields({ surfaceKeys: _, ...entity }: StoredEntity): Entity {
  return entity;
}

/** An item as the archive's readers see it, without its storage key. */
export function asItem({ urlKey: _, coverageKeys: __, ...item }: StoredItem): Item {
  return item;
}

/**
 * Empties every store of the archive in one transaction, for "Delete everything": the bundled snapshot is
 * then imported again. The counters in `meta` go too: each reads a missing record as zero (`countsIn`,
 * `totalsIn`, the headline count), as on a new install. It takes a writer's turn like any write: a feed's
 * run of pages then knows someone else wrote, and forgets the lists' blocks it kept (they are gone).
 */
export function clearArchive(db: ArchiveDatabase): Promise<void> {
  return oneWriterAtATime(db, async () => {
    const names = [...db.objectStoreNames] as StoreNames<ArchiveDB>[];
    const tx = db.transaction(names, 'readwrite');
    await writing(tx, async () => {
      await Promise.all(names.map((name) => tx.objectStore(name).clear()));
    });
  });
}
