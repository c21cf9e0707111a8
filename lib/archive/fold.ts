/**
 * The fold job: applies the delta records that item writes leave (term-stats.ts) to the term frequencies
 * and to the search index, in its own short transactions after the items'. Each transaction applies a
 * share of the records and, in the same transaction, deletes (or shortens) them or moves the index's mark
 * past what it wrote, so every change is applied exactly once: a worker stopped at any moment leaves a
 * share either applied and marked, or unapplied, and the next run (the worker's start, or its next write)
 * carries on. The records and the mark are the durable marker.
 *
 * Why after, not in, the items' transaction: a feed page's term counts and index lists touch thousands of
 * records, and the panel's reads wait for any write transaction that covers a store they read. Split off,
 * the page's own transaction writes a hundred items and two small records (docs/benchmarks.md).
 */
import { unwrap } from 'idb';
import type { ArchiveDatabase } from './db';
import { linkCoveredHeadlines, queueEveryHeadlineOnce } from './headlines';
import type { Changes, ListChanges, PostingBlock } from './postings';
import { changesAt } from './postings';
import { asPostingsStore, BULK, blocksIn, lastBlocks, listRange, type PostingsStore, writeListChanges, writing } from './store';
import {
  headlineTermOf,
  type IndexChange,
  type IndexFoldMark,
  type IndexListWork,
  type IndexWork,
  type QueuedIndexWork,
  searchList,
  sumDeltas,
  TERM_TOTALS,
  type TermDelta,
  type TermTotals,
  totalsIn,
} from './term-stats';

/**
 * How many terms one fold of the frequencies applies at most. A feed page's delta names a thousand terms or
 * more; the panel reads `terms`, so a fold transaction must stay short: a record longer than this is applied
 * in shares, the rest put back under its key (docs/benchmarks.md).
 */
const TERMS_PER_FOLD = 1024;
/** How many delta records one fold reads to fill its share of terms. */
const DELTAS_PER_FOLD = 8;

/**
 * Counts the folds of the frequencies (each moves counts from pending deltas to `terms`): a reader that keeps
 * both in memory (the ranking's statistics) starts again when this moves. Such a fold changes nothing else a
 * reader keeps, so it does not count as a write (`writing`'s `seen`).
 */
let termFolds = 0;
export function termFoldCount(): number {
  return termFolds;
}

/**
 * Counts the folds that changed the headlines' vocabulary (`headlineTerms`): a search memory that keeps its
 * terms starts again when this moves. They are no write either: nothing else a reader keeps changes.
 */
let headlineVocabularyFolds = 0;
export function headlineVocabularyFoldCount(): number {
  return headlineVocabularyFolds;
}

/**
 * Applies up to TERMS_PER_FOLD pending frequency changes in one transaction: how many delta records it
 * finished (0 when it applied a share of one), or undefined when none was pending.
 */
export async function foldTermDeltas(db: ArchiveDatabase): Promise<number | undefined> {
  const tx = db.transaction(['termDeltas', 'terms', 'meta'], 'readwrite', BULK);
  let folded = 0;
  let applied = false;
  await writing(
    tx,
    async () => {
      const queue = tx.objectStore('termDeltas');
      // The oldest record alone first: an import's is thousands of terms, of which this takes a share, and
      // reading the next ones too (to leave them be) was most of the fold's time (docs/benchmarks.md).
      let [keys, deltas] = await Promise.all([queue.getAllKeys(null, 1), queue.getAll(null, 1)]);
      if (keys.length === 0) return;
      if ((deltas[0] as TermDelta).terms.length < TERMS_PER_FOLD)
        [keys, deltas] = await Promise.all([queue.getAllKeys(null, DELTAS_PER_FOLD), queue.getAll(null, DELTAS_PER_FOLD)]);
      // Whole records while they fit, and a share of the next: its rest goes back under its own key.
      const taken: TermDelta[] = [];
      let room = TERMS_PER_FOLD;
      let rest: { key: number; delta: TermDelta } | undefined;
      for (const [i, delta] of deltas.entries()) {
        if (delta.terms.length <= room) {
          taken.push(delta);
          room -= delta.terms.length;
          folded++;
          continue;
        }
        if (taken.length === 0 || room > 0) {
          taken.push({ ...delta, terms: delta.terms.slice(0, room) });
          rest = { key: keys[i] as number, delta: { terms: delta.terms.slice(room), docs: 0, length: 0 } };
        }
        break;
      }
      const sum = sumDeltas(taken);
      const terms = tx.objectStore('terms');
      const changed = [...sum.df].filter(([, n]) => n !== 0);
      const [counts, kept] = await Promise.all([
        Promise.all(changed.map(([term]) => terms.get(term))),
        tx.objectStore('meta').get(TERM_TOTALS),
      ]);
      const raw = unwrap(terms);
      changed.forEach(([term, n], i) => {
        const count = (counts[i] ?? 0) + n;
        if (count > 0) raw.put(count, term);
        else raw.delete(term);
      });
      const totals = totalsIn(kept);
      unwrap(tx.objectStore('meta')).put(
        { docs: totals.docs + sum.docs, length: totals.length + sum.length } satisfies TermTotals,
        TERM_TOTALS,
      );
      if (folded > 0) unwrap(queue).delete(IDBKeyRange.bound(keys[0] as number, keys[folded - 1] as number));
      if (rest) unwrap(queue).put(rest.delta, rest.key);
      applied = true;
    },
    false,
  );
  if (!applied) return undefined;
  termFolds++;
  return folded;
}

/** The posting-list changes of a batch of index work: each document leaves the lists it left and joins the new ones. */
export function indexListChanges(work: IndexWork): ListChanges {
  const changes: ListChanges = new Map();
  for (const { kind, id, before, after } of work.changes) {
    const moved = before !== undefined && after !== undefined && before.published !== after.published;
    const was = new Set(before?.terms ?? []);
    const is = new Set(after?.terms ?? []);
    if (before)
      for (const term of was) if (moved || !is.has(term)) changesAt(changes, searchList(kind, term)).remove.push([before.published, id]);
    if (after)
      for (const term of is) if (moved || !was.has(term)) changesAt(changes, searchList(kind, term)).add.push([after.published, id]);
  }
  return changes;
}

/**
 * How many documents' changes one group of the index's fold merges at most (its first record always): each
 * list the group touches has its last block read and written once per group, so a larger group touches a
 * rare word's list less often; the group's changes are held in memory while it is applied.
 */
const GROUP_DOCS = 10_000;
/** The bounds of a group and of a transaction of the index's fold (tests make them small). */
export interface FoldBounds {
  groupDocs: number;
  listsPerTx: number;
  postingsPerTx: number;
}
/** How many records a group is read at most at a time (a feed page's slices are a few documents each). */
const GROUP_RECORDS = 512;
/**
 * What one transaction of the index's fold writes at most: this many lists, and this many postings (a long
 * list alone). The panel and the popup read `search`: a transaction must stay short (docs/benchmarks.md).
 */
const LISTS_PER_TX = 512;
const POSTINGS_PER_TX = 16_000;
const BOUNDS: FoldBounds = { groupDocs: GROUP_DOCS, listsPerTx: LISTS_PER_TX, postingsPerTx: POSTINGS_PER_TX };
/** Key of the fold's mark in `searchQueue` (`IndexFoldMark`); the records' own keys start at 1. */
const MARK = 0;

/**
 * Records of index work merged into one: each document's first place before and last place after, so a
 * document written twice (two feed pages, a rewrite) moves once, and a list touched by several records is
 * read and written once.
 */
export function mergeWork(records: readonly IndexWork[]): IndexWork {
  const byDoc = new Map<string, IndexChange>();
  for (const record of records) {
    for (const change of record.changes) {
      const key = `${change.kind}:${change.id}`;
      const seen = byDoc.get(key);
      if (!seen) byDoc.set(key, { ...change });
      else {
        const { before } = seen;
        byDoc.set(key, {
          kind: change.kind,
          id: change.id,
          ...(before ? { before } : {}),
          ...(change.after ? { after: change.after } : {}),
        });
      }
    }
  }
  return { changes: [...byDoc.values()] };
}

function isListWork(work: QueuedIndexWork): work is IndexListWork {
  return 'lists' in work;
}
function isDocWork(work: QueuedIndexWork): work is IndexWork {
  return 'changes' in work;
}

/** A group of document records being folded: the records keyed from `first` to `through`, and their list changes in key order. */
interface Group {
  first: number;
  through: number;
  records: number;
  lists: [list: string, change: Changes][];
}

/**
 * The group each connection's fold is applying, kept between its transactions so that its records are read
 * and merged once, not once a transaction. Valid while the mark names the same last record: records are
 * never changed, only deleted (a whole group at once, with the mark), and new ones are keyed after.
 */
const groups = new WeakMap<ArchiveDatabase, Group>();

/** Where the fold stands: its group (undefined: nothing pending), `after` the lists written so far, and whether a mark says so. */
type Place = { group: Group; after: string | undefined; marked: boolean } | { legacy: number } | undefined;

/** The fold's place, read in a short read-only transaction; a group's records are read and merged outside any transaction. */
async function placeOf(db: ArchiveDatabase, groupDocs: number): Promise<Place> {
  const records = () => IDBKeyRange.lowerBound(MARK, true);
  const peek = db.transaction('searchQueue').store;
  const mark = (await peek.get(MARK)) as IndexFoldMark | undefined;
  const cached = groups.get(db);
  if (mark && cached?.through === mark.through) return { group: cached, after: mark.after, marked: true };
  let keys: number[];
  let found: QueuedIndexWork[];
  if (mark) {
    const range = IDBKeyRange.bound(MARK, mark.through, true, false);
    [keys, found] = await Promise.all([peek.getAllKeys(range), peek.getAll(range)]);
  } else {
    [keys, found] = await Promise.all([peek.getAllKeys(records(), 1), peek.getAll(records(), 1)]);
    const head = found[0];
    if (!head) return undefined;
    if (isListWork(head)) return { legacy: keys[0] as number };
    // Small records (a feed page's slices): as many more as the group holds, read in one request.
    const size = isDocWork(head) ? Math.max(1, head.changes.length) : 1;
    if (size < groupDocs) {
      const more = Math.min(GROUP_RECORDS, Math.floor(groupDocs / size));
      if (more > 1) [keys, found] = await Promise.all([peek.getAllKeys(records(), more), peek.getAll(records(), more)]);
    }
  }
  // The first record always; more while they are document records within the bound.
  const taken: IndexWork[] = [];
  let docs = 0;
  for (const record of found) {
    if (!isDocWork(record) || (taken.length > 0 && !mark && docs + record.changes.length > groupDocs)) break;
    taken.push(record);
    docs += record.changes.length;
  }
  const changes = indexListChanges(mergeWork(taken));
  const group: Group = {
    first: keys[0] as number,
    through: mark?.through ?? (keys[taken.length - 1] as number),
    records: taken.length,
    lists: [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  groups.set(db, group);
  return { group, after: mark?.after, marked: mark !== undefined };
}

/** The index of the first list after `after` in a group's sorted lists. */
function firstAfter(lists: Group['lists'], after: string | undefined): number {
  if (after === undefined) return 0;
  let lo = 0;
  let hi = lists.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lists[mid] as [string, Changes])[0] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The last block of each of these lists (sorted), read by range where that is short: the keys of the blocks
 * from the first list to the last, at most four a list (one request), then those blocks in one range read.
 * Where the range holds more (a common word's list of thousands of blocks: reading its keys every group made
 * the fold slow down as the index grew), each list's last block is read backwards by itself, one request each.
 */
async function lastBlocksOf(store: PostingsStore<'readwrite'>, lists: readonly string[]): Promise<Map<string, PostingBlock | undefined>> {
  const out = new Map<string, PostingBlock | undefined>(lists.map((list) => [list, undefined]));
  const range = IDBKeyRange.bound([lists[0] as string], [lists[lists.length - 1] as string, []]);
  const cap = 4 * lists.length;
  const keys = await store.getAllKeys(range, cap);
  if (keys.length === 0) return out;
  if (keys.length < cap) {
    for (const block of await blocksIn(store, range)) if (out.has(block.key[0])) out.set(block.key[0], block);
    return out;
  }
  const tails = await Promise.all(lists.map((list) => lastBlocks(store, listRange(list), 1)));
  lists.forEach((list, i) => {
    out.set(list, tails[i]?.[0]);
  });
  return out;
}

/**
 * One step of the index's fold, in one short transaction: the next share of the oldest records' list
 * changes (at most LISTS_PER_TX lists and POSTINGS_PER_TX postings) written, and the mark moved past them
 * in the same transaction; with the group's last share, its records and the mark are deleted. So a stop
 * at any moment loses nothing and applies nothing twice: the next run reads the mark and the same records,
 * merges them the same way, and goes on after the mark. Returns how many records it finished (0 for a
 * share before a group's last), or undefined when nothing was pending.
 */
export async function foldSearchQueue(db: ArchiveDatabase, bounds = BOUNDS): Promise<number | undefined> {
  const place = await placeOf(db, bounds.groupDocs);
  if (place === undefined) return undefined;
  if ('legacy' in place) return foldOldShare(db, place.legacy);
  const { group, after, marked } = place;
  const start = firstAfter(group.lists, after);
  const share: [string, Changes][] = [];
  let postings = 0;
  for (let i = start; i < group.lists.length; i++) {
    const [list, change] = group.lists[i] as [string, Changes];
    const size = change.add.length + change.remove.length;
    if (share.length > 0 && (share.length >= bounds.listsPerTx || postings + size > bounds.postingsPerTx)) break;
    share.push([list, change]);
    postings += size;
  }
  const done = start + share.length >= group.lists.length;
  const tx = db.transaction(['searchQueue', 'search', 'headlineTerms'], 'readwrite', BULK);
  let folded: number | undefined = 0;
  let touchedVocabulary = false;
  await writing(
    tx,
    async () => {
      const queue = tx.objectStore('searchQueue');
      // Nothing moved since the place was read (another connection's fold may have gone on meanwhile).
      const [mark, head] = await Promise.all([
        queue.get(MARK) as Promise<IndexFoldMark | undefined>,
        queue.getKey(IDBKeyRange.lowerBound(MARK, true)),
      ]);
      const same = marked ? mark?.through === group.through && mark.after === after : mark === undefined && head === group.first;
      if (!same) {
        groups.delete(db);
        return;
      }
      if (share.length > 0) {
        const search = asPostingsStore(tx.objectStore('search'));
        const known = {
          blocks: await lastBlocksOf(
            search,
            share.map(([list]) => list),
          ),
          othersEmpty: false,
        };
        await writeListChanges(search, new Map(share), known);
        touchedVocabulary = countHeadlineTerms(
          unwrap(tx.objectStore('headlineTerms')),
          share.map(([list]) => list),
          known.blocks,
        );
      }
      const raw = unwrap(queue);
      if (done) {
        raw.delete(IDBKeyRange.bound(MARK, group.through));
        folded = group.records;
      } else raw.put({ through: group.through, after: (share[share.length - 1] as [string, Changes])[0] } satisfies IndexFoldMark, MARK);
    },
    // The lists are read by no memory (the ranking's counts, entities and frequencies are elsewhere): the
    // index catching up after an upgrade does not make the panel read everything again.
    false,
  );
  if (done && folded) groups.delete(db);
  if (touchedVocabulary) headlineVocabularyFolds++;
  return folded;
}

/** A headline list's length is its term's count in the headlines' vocabulary (the items' are in `terms`): whether any changed. */
function countHeadlineTerms(
  vocabulary: IDBObjectStore,
  lists: readonly string[],
  tails: ReadonlyMap<string, PostingBlock | undefined>,
): boolean {
  let touched = false;
  for (const list of lists) {
    const term = headlineTermOf(list);
    if (term === undefined) continue;
    touched = true;
    const total = tails.get(list)?.total ?? 0;
    if (total > 0) vocabulary.put(total, term);
    else vocabulary.delete(term);
  }
  return touched;
}

/** A share of list changes that the fold before the mark left in the queue, applied and deleted in one transaction. */
async function foldOldShare(db: ArchiveDatabase, key: number): Promise<number> {
  const tx = db.transaction(['searchQueue', 'search', 'headlineTerms'], 'readwrite', BULK);
  let touchedVocabulary = false;
  await writing(
    tx,
    async () => {
      const queue = tx.objectStore('searchQueue');
      const share = await queue.get(key);
      if (!share || !isListWork(share)) return;
      const changes: ListChanges = new Map(share.lists.map(([list, add, remove]) => [list, { add, remove }]));
      const known = { blocks: new Map(), othersEmpty: share.empty };
      await writeListChanges(asPostingsStore(tx.objectStore('search')), changes, known);
      touchedVocabulary = countHeadlineTerms(unwrap(tx.objectStore('headlineTerms')), [...changes.keys()], known.blocks);
      unwrap(queue).delete(key);
    },
    false,
  );
  if (touchedVocabulary) headlineVocabularyFolds++;
  return 0;
}

/**
 * Everything pending folded: the headlines a write of items covered or uncovered first (`linkCoveredHeadlines`:
 * their index changes then fold with the rest), the frequencies next (the ranking reads them; the index can
 * wait). `between`: checked before each transaction; false stops.
 */
export async function foldAll(
  db: ArchiveDatabase,
  between: () => Promise<boolean> = async () => true,
): Promise<{ deltas: number; index: number }> {
  let deltas = 0;
  let index = 0;
  let linking = true;
  let queued = false;
  for (;;) {
    if (!(await between())) break;
    if (linking) {
      if (!queued) await queueEveryHeadlineOnce(db);
      queued = true;
      if ((await linkCoveredHeadlines(db)) !== undefined) continue;
      linking = false;
    }
    const n = await foldTermDeltas(db);
    if (n !== undefined) {
      deltas += n;
      continue;
    }
    const n2 = await foldSearchQueue(db);
    if (n2 === undefined) break;
    index += n2;
  }
  return { deltas, index };
}

/** How many records wait to be folded (the bench and the tests read it). */
export async function pendingFolds(db: ArchiveDatabase): Promise<{ deltas: number; index: number }> {
  const tx = db.transaction(['termDeltas', 'searchQueue']);
  const [deltas, index] = await Promise.all([
    tx.objectStore('termDeltas').count(),
    tx.objectStore('searchQueue').count(IDBKeyRange.lowerBound(MARK, true)),
  ]);
  return { deltas, index };
}
