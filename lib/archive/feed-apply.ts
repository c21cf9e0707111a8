/**
 * Applying one validated feed page to the archive: its entities, items and deletions, and the feed's
 * cursor, in one transaction. A worker stopped at any moment leaves either the whole page and the cursor
 * past it, or neither; the next run fetches the page again and applies it (every write is by id and
 * newest-wins, so applying twice changes nothing the second time).
 *
 * The trust rules (which surfaces a feed may add, which ids it may touch) are lib/sync/trust.ts's; this
 * gathers what they need from the archive within the same transaction, so nothing changes in between.
 */
import { type IDBPObjectStore, type IDBPTransaction, unwrap } from 'idb';
import type { FeedCursor, FeedPage } from '../sync/feed-format';
import { advanceCursor, cursorCovers, FEED_LIMITS } from '../sync/feed-format';
import { admitEntity, NAMESPACE_SEPARATOR, namespaced } from '../sync/trust';
import { compareInstants } from './dates';
import type { ArchiveDatabase, ArchiveDB } from './db';
import { foldSurface } from './integrity';
import { comparePostings, EVERY_ITEM, type Posting } from './postings';
import type { Entity, Item, Signal } from './schema';
import {
  ARCHIVE_COUNTS,
  type ArchiveCounts,
  asItem,
  BULK,
  commitNow,
  countsIn,
  type DocChanges,
  diffDoc,
  docStores,
  HEADLINE_COUNT,
  headlineCountIn,
  heldBlocks,
  ITEM_WRITE_STORES,
  type ItemWriteStores,
  type KnownTails,
  knowListBlocks,
  type ListWrite,
  learnWrites,
  liveTerms,
  noDocChanges,
  oneWriterAtATime,
  type PostingsStore,
  planListWrites,
  presentIds,
  putListWrites,
  storedCopies,
  toStoredEntity,
  writeDocs,
  writeListChanges,
  writesBegun,
  writing,
} from './store';
import { splitTerms } from './term-stats';

/** One page to apply, and where the feed's cursor goes with it. */
export interface FeedPageWrite {
  /** '' for the official feed (the archive's own ids); else the feed's namespace (lib/sync/trust.ts). */
  namespace: string;
  /** The meta record that holds this feed's cursor. */
  cursorKey: string;
  /** The page as the index lists it: the cursor moves past it. */
  ref: { key: string; sha256: string };
  page: FeedPage;
}

/** An item a page added, as stored (namespaced id, resolved entities): what follows are told of. */
export interface ArrivedItem {
  id: string;
  title: string;
  published: string;
  entities: string[];
}

/** What a page changed, and what of it was left out and why. */
export interface PageApplied {
  /** `already`: the cursor was at or past this page (another run applied it): nothing was written. */
  state: 'applied' | 'already';
  added: number;
  updated: number;
  removed: number;
  /** Signals an update settled (open before, confirmed or refuted now). */
  settled: number;
  /** Copies no newer than what the archive holds. */
  unchanged: number;
  entities: number;
  /** A line for every record left out: the page's own skips, refused names, deletions of unknown ids. */
  skipped: string[];
  /** The items added (as stored: namespaced ids, resolved entities), for the follows (lib/settings/follows.ts). */
  arrived: ArrivedItem[];
}

/**
 * A run of pages from one feed. Between its own pages a run knows the posting lists' last blocks it
 * wrote (so a page extends them without reading them again), as long as nothing else wrote in between.
 */
export interface FeedWriteSession {
  known?: KnownTails;
  /** Awaited between two slices of a page: the service lets the readers under way go first. */
  between?: () => Promise<void>;
  /**
   * Awaited before the next slice is worked out while the last one commits: false when readers are being
   * answered (the service's), whose results would wait for that work; the slice is then worked out after the
   * commit and `between`, as it always was.
   */
  workAhead?: () => Promise<boolean>;
  /** How many items and deletions one transaction takes: PAGE_SLICE, unless a benchmark measures another. */
  slice?: number;
  /**
   * Whether readers are being answered, or were a moment ago (the service's): the next slice is then of one item,
   * the shortest write transaction there is, which the next question waits behind (docs/benchmarks.md).
   */
  readersNear?: () => boolean;
}

export function createFeedWriteSession(): FeedWriteSession {
  return {};
}

/** The meta key of a feed's cursor. */
export function cursorKeyOf(feedUrl: string): string {
  return `feed-cursor:${feedUrl}`;
}

export async function readFeedCursor(db: ArchiveDatabase, feedUrl: string): Promise<FeedCursor | undefined> {
  return (await db.get('meta', cursorKeyOf(feedUrl))) as FeedCursor | undefined;
}

/** The signals of `after` that were open in `before` and are settled now (matched by their claim). */
function settledSignals(before: readonly Signal[], after: readonly Signal[]): number {
  const open = new Set(before.filter((s) => s.status === 'open').map((s) => s.claim));
  return after.filter((s) => s.status !== 'open' && open.has(s.claim)).length;
}

function forget(session: FeedWriteSession): void {
  session.known = undefined;
}

export function applyFeedPage(db: ArchiveDatabase, write: FeedPageWrite, session: FeedWriteSession = {}): Promise<PageApplied> {
  return oneWriterAtATime(
    db,
    async (continuing) => {
      if (!continuing) forget(session);
      try {
        return await writePage(db, write, session);
      } catch (error) {
        // The transaction is undone: what the session learnt of the lists and buckets may not be so.
        forget(session);
        throw error;
      }
    },
    session,
  );
}

/**
 * How many of a page's items and deletions one transaction writes. A page of 100 in one transaction held
 * the panel's reads up for 170 ms (p95 414) on this machine; a slice stays short (docs/benchmarks.md). Each
 * slice advances the cursor within the page (`partial`), so a stop between two loses nothing and the page,
 * fetched again, goes on where it stopped. 4: the write transaction (what the panel's reads wait behind) is
 * about 5 ms median, 11 p95, against 7.5 / 14 at 8, at the same rate against the bare put loop in the same
 * batches now that the next slice is worked out while one commits (before that, 4 fell behind it); a sync of 10k
 * items takes about 17 s rather than 13 (docs/benchmarks.md, BENCH_FEED_SLICE). While readers are near (the
 * session's `readersNear`: a panel's questions come in bursts), a slice is one item, the shortest transaction there
 * is for the next question to wait behind: the sidebar's p95 during a sync fell by about a sixth (docs/benchmarks.md).
 */
export const PAGE_SLICE = 4;

async function writePage(db: ArchiveDatabase, unordered: FeedPageWrite, session: FeedWriteSession): Promise<PageApplied> {
  const write = inDateOrder(unordered);
  const { page } = write;
  const result: PageApplied = { state: 'applied', ...nothingApplied(), skipped: [...page.skipped] };
  const known: KnownTails = session.known ?? { blocks: new Map(), othersEmpty: false, held: heldBlocks() };
  // Each item's terms, stemmed as its slice is worked out: for all but the first slice, while the slice before it
  // commits (stemming the whole page first held its first slice up: about 7% of the page's time, docs/benchmarks.md).
  const termsById: TermsById = new Map();
  const work = page.items.length + page.deletions.length;
  const size = session.slice ?? PAGE_SLICE;
  let at: SliceStart = { done: undefined, facts: undefined };
  // The next slice, worked out while the last one commits.
  let ahead: Ahead | undefined;
  do {
    if (at.done !== undefined) await session.between?.();
    const issued = await writeSlice(db, write, at, termsById, known, result, session.readersNear?.() ? 1 : size, ahead);
    at = issued.next;
    const more = at.done !== undefined && at.done < work;
    // (A hook that fails only means nothing is worked out ahead: the slice's commit is what the page waits for.)
    const mayWorkAhead = more && ((await session.workAhead?.().catch(() => false)) ?? true);
    ahead = mayWorkAhead ? prepareAhead(db, write, at, termsById, known, size) : undefined;
    await issued.committed;
  } while (at.done !== undefined && at.done < work);
  if (result.state === 'applied') session.known = known;
  return result;
}

/**
 * The page with its items by date (then id), the order its slices take them in (`partial.order`): a slice
 * then holds items of neighbouring dates, whose postings fall in the same few blocks of each date-ordered
 * list, where a slice of the page's own order (a feed lists by modification) lands all along them and
 * rewrites a block for nearly every item. Deletions stay after the items, as listed.
 */
function inDateOrder(write: FeedPageWrite): FeedPageWrite {
  const items = [...write.page.items].sort((a, b) => comparePostings([a.published, a.id], [b.published, b.id]));
  return { ...write, page: { ...write.page, items } };
}

/** A page's or a slice's changes before any. */
function nothingApplied(): Omit<PageApplied, 'state'> {
  return { added: 0, updated: 0, removed: 0, settled: 0, unchanged: 0, entities: 0, skipped: [], arrived: [] };
}

/** The stores a slice reads and writes. */
const PAGE_STORES: PageStores = ['entities', ...ITEM_WRITE_STORES];
/** The stores a slice reads: a write begun on one of them between its read and its write makes it read again. */
const READ_STORES: PageStores = ['entities', 'items', 'itemTerms', 'postings', 'meta'];
/** How many times a slice reads again after a write came between its read and its own, before it reads within its write. */
const READ_AGAIN = 2;

/**
 * What a page's slices know of the archive: read by its first slice, then kept up to date by each slice's
 * own write. The feed's cursor and the counts; the stored copy of each item the page names (absent: not
 * stored), with its terms; how the page's entity references resolve. With the lists' blocks the run keeps
 * (`KnownTails`), a slice after the first then reads nothing, and makes its write transaction alone, as a
 * bare put loop would: its read-only transaction (the cursor, the counts, the ids present, the blocks) was
 * half the time a slice took (docs/benchmarks.md).
 */
interface PageFacts {
  cursor: FeedCursor | undefined;
  counts: ArchiveCounts;
  /** Whether any headline is held: then the addresses whose coverage changes are recorded for them (`HEADLINE_LINKS`). */
  headlinesHeld: boolean;
  copies: Map<string, { item: Item; terms: string[] | undefined }>;
  resolve: (id: string) => string;
}

/**
 * Where the next slice of a page starts (undefined: where the cursor says), and what the slices before it
 * knew, with `writesBegun(READ_STORES)` as their write was made: it holds while that has not moved (no other
 * write has begun over the stores it came from since).
 */
interface SliceStart {
  done: number | undefined;
  facts: (PageFacts & { version: number }) | undefined;
}

/**
 * One slice of a page: from where the cursor says the page stands (or where the last slice of this run
 * ended), up to `size` (PAGE_SLICE) items and deletions, the page's entities with the first; the cursor
 * moved past them (past the page with its last). Where the page now is, or `done` undefined when the cursor
 * had the page already.
 *
 * Everything the slice reads (the cursor, the counts, the stored copies, the lists' blocks), and did not
 * know from the slices before it, is read, and everything it writes worked out, in a read-only transaction
 * first; the write transaction then only puts, so the panel's reads wait for puts alone (issue 11: ≤ 8 ms
 * p95). It is made only if no write over what was read or known began in between (`writesBegun`: what was
 * read still holds); else the slice reads again, and after READ_AGAIN tries reads within its own write
 * transaction, as one transaction, where nothing can come between.
 */
async function writeSlice(
  db: ArchiveDatabase,
  write: FeedPageWrite,
  at: SliceStart,
  termsById: TermsById,
  known: KnownTails,
  result: PageApplied,
  size: number,
  ahead: Ahead | undefined,
): Promise<IssuedSlice> {
  for (let tries = 0; tries < READ_AGAIN; tries++) {
    const version = writesBegun(READ_STORES);
    const facts = at.facts?.version === version ? at.facts : undefined;
    // Worked out ahead from what still holds (no write began since the last slice's), at this size: that is this slice.
    const slice =
      tries === 0 && facts && ahead?.version === version && ahead.size === size
        ? await ahead.slice
        : await prepareSlice(readsOf(db), write, at.done, facts, termsById, known, size);
    // Nothing awaited between this check and the write transaction's making: no other write can begin in between.
    if (writesBegun(READ_STORES) !== version) continue;
    return issueSlice(db.transaction(PAGE_STORES, 'readwrite', BULK), slice, known, result);
  }
  const tx = db.transaction(PAGE_STORES, 'readwrite', BULK);
  const next = await commitSlice(tx, () => prepareSlice(() => tx, write, at.done, undefined, termsById, known, size), known, result);
  return { next, committed: Promise.resolve() };
}

/** A read-only transaction over what a slice reads, made only when something must be read. */
function readsOf(db: ArchiveDatabase): () => PageReads {
  let read: PageReads | undefined;
  return () => {
    if (!read) {
      read = db.transaction(READ_STORES, 'readonly');
      read.done.catch(() => undefined); // A failed read fails the preparing itself.
    }
    return read;
  };
}

/**
 * The slice after one whose write was just made, worked out while that write commits (from what it will have
 * written: `issueSlice` learnt it). Used only if no other write began over what it read or knew since (`version`,
 * that write's); if the write fails, the page fails with it and this is dropped.
 */
interface Ahead {
  version: number;
  size: number;
  slice: Promise<SliceWrite>;
}

function prepareAhead(
  db: ArchiveDatabase,
  write: FeedPageWrite,
  at: SliceStart,
  termsById: TermsById,
  known: KnownTails,
  size: number,
): Ahead | undefined {
  const { facts } = at;
  if (!facts) return undefined;
  const slice = prepareSlice(readsOf(db), write, at.done, facts, termsById, known, size);
  // Not written if the last slice's commit fails (the page fails with that) or a write comes between: then unread.
  slice.catch(() => undefined);
  return { version: facts.version, size, slice };
}

/** A slice whose puts are made and whose transaction is asked to commit; where the next starts, and its commit. */
interface IssuedSlice {
  next: SliceStart;
  committed: Promise<void>;
}

/**
 * Puts a prepared slice and asks its transaction to commit at once (`putSlice`), and counts it in `result`
 * and learns from it before the commit is done, so that the next slice can be worked out meanwhile. A commit
 * asked for does not wait for this worker to take its requests' results: the worker computes the next slice
 * while the browser stores this one (docs/benchmarks.md). If the commit fails, the page fails with its error,
 * and the run forgets what it learnt (`applyFeedPage`).
 */
async function issueSlice(tx: PageTransaction, slice: SliceWrite, known: KnownTails, result: PageApplied): Promise<IssuedSlice> {
  // `writing` makes every put before its first await: the slice is sent when this returns.
  const committed = writing(tx, async () => {
    if (!slice.already) putSlice(tx, slice);
  });
  // Awaited by the page once the next slice is worked out: a failure meanwhile is not one nobody heard.
  committed.catch(() => undefined);
  // The write transaction is made (`writing` counts it before its first await): a write begun after this is another's.
  const version = writesBegun(READ_STORES);
  if (slice.already) {
    await committed;
    result.state = 'already';
    return { next: { done: undefined, facts: undefined }, committed };
  }
  return { next: learnSlice(slice, version, known, result), committed };
}

/** Writes a slice prepared within the transaction itself and, once committed, counts it in `result`. */
async function commitSlice(
  tx: PageTransaction,
  prepare: () => Promise<SliceWrite>,
  known: KnownTails,
  result: PageApplied,
): Promise<SliceStart> {
  let slice: SliceWrite | undefined;
  const committed = writing(tx, async () => {
    slice = await prepare();
    if (slice.already) return;
    putSlice(tx, slice);
  });
  const version = writesBegun(READ_STORES);
  await committed;
  if (!slice || slice.already) {
    result.state = 'already';
    return { done: undefined, facts: undefined };
  }
  return learnSlice(slice, version, known, result);
}

/** What a slice's write tells the slices after it (its lists' blocks, the copies, the cursor and counts), and its changes counted. */
function learnSlice(slice: SliceWrite, version: number, known: KnownTails, result: PageApplied): SliceStart {
  learnWrites(known, slice.lists);
  const { applied, facts } = slice;
  for (const { item, terms } of slice.docs) facts.copies.set(item.id, { item, terms });
  if (slice.start === 0) result.entities = applied.entities;
  result.added += applied.added;
  result.updated += applied.updated;
  result.removed += applied.removed;
  result.settled += applied.settled;
  result.unchanged += applied.unchanged;
  result.skipped.push(...applied.skipped);
  result.arrived.push(...applied.arrived);
  return { done: slice.end, facts: { ...facts, cursor: slice.cursor, counts: slice.counts, version } };
}

/** Everything one slice writes, worked out from what it read; and what it changed, counted once it is written. */
interface SliceWrite {
  already: boolean;
  start: number;
  end: number;
  entities: Entity[];
  docs: { item: Item; terms: string[] | undefined }[];
  changes: DocChanges;
  lists: ListWrite[];
  counts: ArchiveCounts;
  cursorKey: string;
  cursor: FeedCursor;
  applied: Omit<PageApplied, 'state'>;
  /** What the slice knew of the archive before it: its write brings the cursor, the counts and the copies up to date. */
  facts: PageFacts;
}

/** A transaction over the page's stores: the read-only one a slice is prepared in, or its write transaction. */
type PageReads = IDBPTransaction<ArchiveDB, PageStores, IDBTransactionMode>;

async function prepareSlice(
  reads: () => PageReads,
  write: FeedPageWrite,
  from: number | undefined,
  knownFacts: PageFacts | undefined,
  termsById: TermsById,
  known: KnownTails,
  size: number,
): Promise<SliceWrite> {
  const { namespace, cursorKey, ref, page } = write;
  const applied = nothingApplied();
  const work = page.items.length + page.deletions.length;
  const read = knownFacts && from !== undefined ? undefined : await readPage(reads(), write, from, known, applied);
  const none = { start: 0, end: 0, entities: [], docs: [], changes: noDocChanges(), lists: [], applied, cursorKey };
  if (read?.already)
    return { ...none, already: true, counts: read.facts.counts, cursor: read.facts.cursor as FeedCursor, facts: read.facts };
  const facts = read?.facts ?? (knownFacts as PageFacts);
  const start = read?.start ?? (from as number);
  const end = Math.min(work, start + size);
  const { resolve, copies } = facts;
  const entities = (read?.admitted ?? []).map((entity) => {
    const parent = entity.parent === undefined ? undefined : resolve(entity.parent);
    return parent === undefined ? entity : { ...entity, parent };
  });

  // Items and deletions, in the feed's namespace; a deletion is the stored copy made a tombstone (an item of
  // this page written by an earlier slice is that copy, and one in this slice is too: the newer of the two
  // stays, however the page is cut into slices).
  const incoming = new Map<string, Item>();
  for (const item of page.items.slice(start, end)) incoming.set(namespaced(namespace, item.id), inNamespace(item, namespace, resolve));
  for (const deletion of page.deletions.slice(Math.max(0, start - page.items.length), Math.max(0, end - page.items.length))) {
    const id = namespaced(namespace, deletion.id);
    const stored = copies.get(id)?.item ?? incoming.get(id);
    if (!stored) {
      applied.skipped.push(`deletions: ${deletion.id} is not in this feed's archive`);
      continue;
    }
    const tombstone: Item = { ...stored, deleted: true, modified: deletion.modified };
    const seen = incoming.get(stored.id);
    if (!seen || compareInstants(seen.modified, tombstone.modified) < 0) incoming.set(stored.id, tombstone);
  }
  const batch = [...incoming.values()];
  const { docs, changes, lists } =
    batch.length > 0
      ? await prepareItems(() => reads().objectStore('postings'), batch, facts, termsById, known, applied)
      : { docs: [], changes: noDocChanges(), lists: [] };
  const base = facts.cursor ?? { key: ref.key, seen: [] };
  const cursor: FeedCursor =
    end >= work ? advanceCursor(facts.cursor, ref) : { ...base, partial: { sha256: ref.sha256, done: end, order: 'date', of: work } };
  return {
    already: false,
    start,
    end,
    entities,
    docs,
    changes,
    lists,
    counts: { entities: facts.counts.entities, items: facts.counts.items + applied.added - applied.removed },
    cursorKey,
    cursor,
    applied,
    facts,
  };
}

/**
 * What a page's slices need to know of the archive, read where the page starts (or again, after another's
 * write): the cursor, the counts, and from where the cursor says the page stands, the entities it admits (its
 * first slice's), how its references resolve, and the stored copy of every item it names from there on.
 */
async function readPage(
  tx: PageReads,
  { namespace, cursorKey, ref, page }: FeedPageWrite,
  from: number | undefined,
  known: KnownTails,
  applied: Pick<PageApplied, 'skipped' | 'entities'>,
): Promise<{ already: true; facts: PageFacts } | { already: false; facts: PageFacts; start: number; admitted: Entity[] }> {
  const meta = tx.objectStore('meta');
  const [current, counted, headlines] = (await Promise.all([meta.get(cursorKey), meta.get(ARCHIVE_COUNTS), meta.get(HEADLINE_COUNT)])) as [
    FeedCursor | undefined,
    unknown,
    unknown,
  ];
  const kept = countsIn(counted);
  const headlinesHeld = headlineCountIn(headlines) > 0;
  if (cursorCovers(current, ref))
    return { already: true, facts: { cursor: current, counts: kept, headlinesHeld, copies: new Map(), resolve: (id) => id } };
  // A part counted in another order (by an earlier version, in the page's own), or of a page read then with another
  // number of records, is not this reading's part: the page starts over, which changes nothing it applied already
  // (newest wins).
  const partial = current?.partial;
  const work = page.items.length + page.deletions.length;
  const same = partial?.sha256 === ref.sha256 && partial.order === 'date' && (partial.of ?? work) === work;
  const start = from ?? (same ? partial.done : 0);
  const entityStore = tx.objectStore('entities');
  const admitted = start === 0 ? await admitEntities(entityStore, namespace, page, applied) : [];
  const items = page.items.slice(start);
  const resolve = await entityResolver(entityStore, namespace, admitted, [
    ...items.flatMap((item) => item.entities),
    ...admitted.flatMap((entity) => (entity.parent ? [entity.parent] : [])),
  ]);
  const ids = [
    ...new Set([
      ...items.map((item) => namespaced(namespace, item.id)),
      ...page.deletions.slice(Math.max(0, start - page.items.length)).map((deletion) => namespaced(namespace, deletion.id)),
    ]),
  ];
  const itemStore = tx.objectStore('items');
  // What the slices will need of the lists the page's items are in, read beside the stored copies (the lists a
  // stored copy is in, where it moves or goes, are read by the slice that moves it: an update is rarer than a new item).
  const postings = new Map<string, Posting[]>();
  for (const item of items) {
    const posting: Posting = [item.published, namespaced(namespace, item.id)];
    for (const list of new Set([EVERY_ITEM, ...item.entities.map(resolve)])) {
      const seen = postings.get(list);
      if (seen) seen.push(posting);
      else postings.set(list, [posting]);
    }
  }
  const [present] = await Promise.all([
    ids.length > 0 ? presentIds(itemStore, ids) : new Set<string>(),
    knowListBlocks(tx.objectStore('postings'), postings, known),
  ]);
  const { stored, terms } = await storedCopies({ items: itemStore, itemTerms: tx.objectStore('itemTerms') }, ids, present);
  const copies = new Map<string, { item: Item; terms: string[] | undefined }>();
  ids.forEach((id, i) => {
    const copy = stored[i];
    if (copy) copies.set(id, { item: asItem(copy), terms: terms[i] });
  });
  // The entities are counted only where some were written (a count reads the whole store's keys): those
  // stored now, and the admitted ones not stored yet.
  const entities = admitted.length > 0 ? sum(await Promise.all([entityStore.count(), newEntities(entityStore, admitted)])) : kept.entities;
  return { already: false, start, admitted, facts: { cursor: current, counts: { ...kept, entities }, headlinesHeld, copies, resolve } };
}

function sum(numbers: readonly number[]): number {
  return numbers.reduce((a, b) => a + b, 0);
}

/** How many of these entities are not stored yet. */
async function newEntities(store: EntityReads, entities: readonly Entity[]): Promise<number> {
  const keys = await Promise.all(entities.map((entity) => store.getKey(entity.id)));
  return keys.filter((key) => key === undefined).length;
}

/** Puts a prepared slice: only puts and deletes, nothing read. */
function putSlice(tx: PageTransaction, slice: SliceWrite): void {
  const rawEntities = unwrap(tx.objectStore('entities'));
  for (const entity of slice.entities) rawEntities.put(toStoredEntity(entity));
  putListWrites(tx.objectStore('postings'), slice.lists);
  writeDocs(docStores(tx), slice.docs, slice.changes);
  const meta = unwrap(tx.objectStore('meta'));
  meta.put(slice.counts satisfies ArchiveCounts, ARCHIVE_COUNTS);
  meta.put(slice.cursor satisfies FeedCursor, slice.cursorKey);
  // Nothing more is asked of it: committed without waiting for this worker to take the results.
  commitNow(tx);
}
/** The page's entities that the trust rules admit, with what is stored of each; the refusals go to `result`. */
async function admitEntities(
  entityStore: EntityReads,
  namespace: string,
  page: FeedPage,
  result: Pick<PageApplied, 'skipped' | 'entities'>,
): Promise<Entity[]> {
  const surfaces = entityStore.index('by-surface');
  const facts = await Promise.all(
    page.entities.map(async (entity) => {
      const stored = await entityStore.get(namespaced(namespace, entity.id));
      const owners = new Map<string, string[]>();
      if (namespace) {
        const folded = [...new Set([entity.name, ...entity.aliases].map(foldSurface))];
        const keys = await Promise.all(folded.map((surface) => surfaces.getAllKeys(surface)));
        for (const [i, surface] of folded.entries()) owners.set(surface, keys[i] as string[]);
      }
      return { stored, owners };
    }),
  );
  const budget = { aliases: FEED_LIMITS.pageAliases };
  const admitted: Entity[] = [];
  page.entities.forEach((entity, i) => {
    const admission = admitEntity(entity, facts[i] as { stored?: Entity; owners: Map<string, string[]> }, namespace, budget);
    if (!admission.ok) result.skipped.push(admission.reason);
    else {
      admitted.push(admission.entity);
      result.skipped.push(...admission.dropped);
    }
  });
  result.entities = admitted.length;
  return admitted;
}

type PageStores = ('entities' | ItemWriteStores)[];
type PageTransaction = IDBPTransaction<ArchiveDB, PageStores, 'readwrite'>;
type EntityReads = IDBPObjectStore<ArchiveDB, PageStores, 'entities', IDBTransactionMode>;

/**
 * Which id a reference of the feed's names: for the official feed, the id as written; for another, its
 * own entity when it has one of that id (on this page or stored), else the archive's entity of that id.
 */
async function entityResolver(
  store: EntityReads,
  namespace: string,
  admitted: readonly Entity[],
  references: readonly string[],
): Promise<(id: string) => string> {
  if (!namespace) return (id) => id;
  const own = new Set(admitted.map((entity) => entity.id));
  const asked = [...new Set(references)].map((id) => namespaced(namespace, id)).filter((id) => !own.has(id));
  const found = await Promise.all(asked.map((id) => store.getKey(id)));
  for (const key of found) if (key !== undefined) own.add(key);
  return (id) => (own.has(namespaced(namespace, id)) ? namespaced(namespace, id) : id);
}

/** An item's ids in the feed's namespace: its own, what it follows, what settled its signals, its entities. */
function inNamespace(item: Item, namespace: string, resolve: (id: string) => string): Item {
  if (!namespace) return item;
  return {
    ...item,
    id: namespaced(namespace, item.id),
    follows: item.follows.map((id) => namespaced(namespace, id)),
    entities: [...new Set(item.entities.map(resolve))],
    signals: item.signals.map((signal) =>
      signal.resolvedBy ? { ...signal, resolvedBy: namespaced(namespace, signal.resolvedBy) } : signal,
    ),
  };
}

/** The page's items' terms, by id, as they were stemmed (a slice worked out ahead and then dropped does not stem its items again). */
type TermsById = Map<string, string[] | undefined>;

function termsOf(termsById: TermsById, item: Item): string[] | undefined {
  if (termsById.has(item.id)) return termsById.get(item.id);
  const terms = liveTerms(item);
  termsById.set(item.id, terms);
  return terms;
}

/** The page's items against their stored copies: the newer wins, and the postings move with them. */
async function prepareItems(
  postings: () => PostingsStore<IDBTransactionMode>,
  batch: readonly Item[],
  { copies, headlinesHeld }: Pick<PageFacts, 'copies' | 'headlinesHeld'>,
  termsById: TermsById,
  known: KnownTails,
  result: Omit<PageApplied, 'state'>,
): Promise<{ docs: { item: Item; terms: string[] | undefined }[]; changes: DocChanges; lists: ListWrite[] }> {
  const changes = noDocChanges(headlinesHeld);
  const docs: { item: Item; terms: string[] | undefined }[] = [];
  for (const item of batch) {
    const copy = copies.get(item.id);
    const old = copy?.item;
    if ((old && compareInstants(old.modified, item.modified) >= 0) || (item.deleted && (!old || old.deleted))) {
      result.unchanged++;
      continue;
    }
    // A deletion's tombstone was made here from the stored copy: it has no terms to count.
    const itemTerms = item.deleted ? undefined : termsOf(termsById, item);
    docs.push({ item, terms: itemTerms });
    diffDoc(changes, old, copy?.terms, item, itemTerms);
    if (item.deleted) result.removed++;
    else if (old && !old.deleted) {
      result.updated++;
      result.settled += settledSignals(old.signals, item.signals);
    } else {
      result.added++;
      result.arrived.push({ id: item.id, title: item.title, published: item.published, entities: item.entities });
    }
  }
  const lists = await planListWrites(postings, changes.lists, known);
  return { docs, changes, lists };
}

/** How many of a removed feed's items one transaction takes away. */
const REMOVE_BATCH = 500;

/**
 * Takes a feed that is not official out of the archive: its items (and their postings), its entities, its
 * cursor. In short transactions; a stop part way leaves fewer of its items, all whole, and running it
 * again finishes. The official feed's records are the archive's own and stay.
 */
export async function removeFeedRecords(db: ArchiveDatabase, namespace: string, cursorKey: string): Promise<number> {
  if (!namespace) throw new Error('The official feed is part of the archive; it cannot be removed.');
  const range = IDBKeyRange.bound(`${namespace}${NAMESPACE_SEPARATOR}`, `${namespace}${NAMESPACE_SEPARATOR}\uffff`);
  let removed = 0;
  for (;;) {
    const done = await oneWriterAtATime(db, async () => {
      const tx = db.transaction(['entities', ...ITEM_WRITE_STORES], 'readwrite', BULK);
      let last = false;
      await writing(tx, async () => {
        const [items, headlines] = await Promise.all([
          tx.objectStore('items').getAll(range, REMOVE_BATCH),
          tx.objectStore('meta').get(HEADLINE_COUNT),
        ]);
        const texts = await Promise.all(items.map((item) => tx.objectStore('itemTerms').get(item.id)));
        const changes = noDocChanges(headlineCountIn(headlines) > 0);
        items.forEach((item, i) => {
          diffDoc(changes, item, texts[i] === undefined ? undefined : splitTerms(texts[i]), { ...item, deleted: true }, undefined);
        });
        await writeListChanges(tx.objectStore('postings'), changes.lists, { blocks: new Map(), othersEmpty: false });
        writeDocs(docStores(tx), [], changes);
        for (const item of items) {
          unwrap(tx.objectStore('items')).delete(item.id);
          unwrap(tx.objectStore('itemTerms')).delete(item.id);
        }
        const live = items.filter((item) => !item.deleted).length;
        removed += live;
        last = items.length < REMOVE_BATCH;
        if (last) {
          unwrap(tx.objectStore('entities')).delete(range);
          unwrap(tx.objectStore('meta')).delete(cursorKey);
        }
        const kept = countsIn(await tx.objectStore('meta').get(ARCHIVE_COUNTS));
        const entities = last ? await tx.objectStore('entities').count() : kept.entities;
        unwrap(tx.objectStore('meta')).put({ entities, items: kept.items - live } satisfies ArchiveCounts, ARCHIVE_COUNTS);
      });
      return last;
    });
    if (done) return removed;
  }
}
