/**
 * The fold job: applies the delta records that item writes leave (term-stats.ts) to the term frequencies
 * and to the search index, in its own short transactions after the items'. Each transaction applies
 * records and deletes them together, so a record is applied exactly once: a worker stopped at any moment
 * leaves it either applied and gone, or unapplied and still there, and the next run (the worker's start,
 * or its next write) carries on. The records are the durable marker; nothing else needs to be.
 *
 * Why after, not in, the items' transaction: a feed page's term counts and index lists touch thousands of
 * records, and the panel's reads wait for any write transaction that covers a store they read. Split off,
 * the page's own transaction writes a hundred items and two small records (docs/benchmarks.md).
 */
import { unwrap } from 'idb';
import type { ArchiveDatabase } from './db';
import type { ListChanges } from './postings';
import { changesAt } from './postings';
import { asPostingsStore, BULK, writeListChanges, writing } from './store';
import {
  headlineTermOf,
  type IndexChange,
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
const TERMS_PER_FOLD = 256;
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
      const [keys, deltas] = await Promise.all([queue.getAllKeys(null, DELTAS_PER_FOLD), queue.getAll(null, DELTAS_PER_FOLD)]);
      if (keys.length === 0) return;
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

/** How many records of document changes one conversion merges at most, and how many documents' changes. */
const QUEUE_PER_FOLD = 10;
const CHANGES_PER_FOLD = 2000;
/**
 * A share of list changes applied in one transaction: at most this many lists and postings. Each list costs
 * a read and a write of its last block; kept small so that a reader never waits long behind the fold.
 */
const LISTS_PER_SHARE = 48;
const POSTINGS_PER_SHARE = 4000;

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

/** List changes cut into shares of at most LISTS_PER_SHARE lists and POSTINGS_PER_SHARE postings (a long list alone). */
export function shareLists(changes: ListChanges, empty: boolean): IndexListWork[] {
  const shares: IndexListWork[] = [];
  let current: IndexListWork = { lists: [], empty };
  let postings = 0;
  for (const [list, { add, remove }] of [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const size = add.length + remove.length;
    if (current.lists.length > 0 && (current.lists.length >= LISTS_PER_SHARE || postings + size > POSTINGS_PER_SHARE)) {
      shares.push(current);
      current = { lists: [], empty };
      postings = 0;
    }
    current.lists.push([list, add, remove]);
    postings += size;
  }
  if (current.lists.length > 0) shares.push(current);
  return shares;
}

function isListWork(work: QueuedIndexWork): work is IndexListWork {
  return 'lists' in work;
}

/**
 * One step of the index's fold, in one short transaction. When the oldest record is a share of list
 * changes, it is applied to the index and deleted. Otherwise the oldest records of document changes (a
 * few, merged) are turned into such shares, put in their place (fractional keys after the last one taken,
 * before any record still to come), and the records deleted: so a stop at any moment loses nothing and
 * applies nothing twice. Returns how many records of document changes it took (a share applied counts 0),
 * or undefined when nothing was pending.
 */
export async function foldSearchQueue(db: ArchiveDatabase): Promise<number | undefined> {
  const tx = db.transaction(['searchQueue', 'search', 'headlineTerms'], 'readwrite', BULK);
  let folded: number | undefined;
  let touchedVocabulary = false;
  await writing(
    tx,
    async () => {
      const queue = tx.objectStore('searchQueue');
      const search = tx.objectStore('search');
      const [keys, records] = await Promise.all([queue.getAllKeys(null, QUEUE_PER_FOLD), queue.getAll(null, QUEUE_PER_FOLD)]);
      const head = records[0];
      if (!head) return;
      if (isListWork(head)) {
        const changes: ListChanges = new Map(head.lists.map(([list, add, remove]) => [list, { add, remove }]));
        const known = { blocks: new Map(), othersEmpty: head.empty };
        await writeListChanges(asPostingsStore(search), changes, known);
        // A headline list's length is its term's count in the headlines' vocabulary (items' are in `terms`).
        const vocabulary = unwrap(tx.objectStore('headlineTerms'));
        for (const list of changes.keys()) {
          const term = headlineTermOf(list);
          if (term === undefined) continue;
          touchedVocabulary = true;
          const total = known.blocks.get(list)?.total ?? 0;
          if (total > 0) vocabulary.put(total, term);
          else vocabulary.delete(term);
        }
        unwrap(queue).delete(keys[0] as number);
        folded = 0;
        return;
      }
      // The first record always; more while they stay under the bound of changes.
      let taken = 0;
      let changes = 0;
      while (taken < records.length) {
        const record = records[taken] as QueuedIndexWork;
        if (isListWork(record) || (taken > 0 && changes + record.changes.length > CHANGES_PER_FOLD)) break;
        changes += record.changes.length;
        taken++;
      }
      // Into an empty index (the upgrade's first record, a first install) no list has a block to read.
      const empty = (await search.getKey(IDBKeyRange.lowerBound(['']))) === undefined;
      const shares = shareLists(indexListChanges(mergeWork(records.slice(0, taken) as IndexWork[])), empty);
      const last = keys[taken - 1] as number;
      const raw = unwrap(queue);
      raw.delete(IDBKeyRange.bound(keys[0] as number, last));
      // Keys of document records are whole numbers: last + i / n stays before the next one.
      for (const [i, share] of shares.entries()) raw.put(share, last + i / shares.length);
      folded = taken;
    },
    // The lists are read by no memory (the ranking's counts, entities and frequencies are elsewhere): the
    // index catching up after an upgrade does not make the panel read everything again.
    false,
  );
  if (touchedVocabulary) headlineVocabularyFolds++;
  return folded;
}

/** Everything pending folded, the frequencies first (the ranking reads them; the index can wait). `stop`: checked between transactions. */
export async function foldAll(
  db: ArchiveDatabase,
  between: () => Promise<boolean> = async () => true,
): Promise<{ deltas: number; index: number }> {
  let deltas = 0;
  let index = 0;
  for (;;) {
    if (!(await between())) break;
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
  const [deltas, index] = await Promise.all([tx.objectStore('termDeltas').count(), tx.objectStore('searchQueue').count()]);
  return { deltas, index };
}
