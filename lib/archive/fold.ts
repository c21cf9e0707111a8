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
import { type IndexChange, type IndexWork, searchList, sumDeltas, TERM_TOTALS, type TermTotals, totalsIn } from './term-stats';

/** How many delta records one fold of the frequencies takes at most (each is one write batch's). */
const DELTAS_PER_FOLD = 8;

/** Applies up to DELTAS_PER_FOLD pending frequency deltas in one transaction; how many it applied. */
export async function foldTermDeltas(db: ArchiveDatabase): Promise<number> {
  const tx = db.transaction(['termDeltas', 'terms', 'meta'], 'readwrite', BULK);
  let folded = 0;
  await writing(tx, async () => {
    const queue = tx.objectStore('termDeltas');
    const [keys, deltas] = await Promise.all([queue.getAllKeys(null, DELTAS_PER_FOLD), queue.getAll(null, DELTAS_PER_FOLD)]);
    if (keys.length === 0) return;
    const sum = sumDeltas(deltas);
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
    unwrap(queue).delete(IDBKeyRange.bound(keys[0] as number, keys[keys.length - 1] as number));
    folded = keys.length;
  });
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

/** How many records of index work one fold takes at most, and how many documents' changes. */
const QUEUE_PER_FOLD = 10;
const CHANGES_PER_FOLD = 2000;

/**
 * Records of index work merged into one: each document's first place before and last place after, so a
 * document written twice (two feed pages, a rewrite) moves once, and a list touched by several records is
 * read and written once. That is where the fold's time goes: a read and a write of each touched list's last block.
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

/** Applies the oldest pending records of index work (a few, merged) in one transaction; how many it applied. */
export async function foldSearchQueue(db: ArchiveDatabase): Promise<number> {
  const tx = db.transaction(['searchQueue', 'search'], 'readwrite', BULK);
  let folded = 0;
  await writing(
    tx,
    async () => {
      const queue = tx.objectStore('searchQueue');
      const search = tx.objectStore('search');
      const [keys, records, any] = await Promise.all([
        queue.getAllKeys(null, QUEUE_PER_FOLD),
        queue.getAll(null, QUEUE_PER_FOLD),
        search.getKey(IDBKeyRange.lowerBound([''])),
      ]);
      // The first record always; more while they stay under the bound of changes.
      let taken = 0;
      let changes = 0;
      while (taken < records.length && (taken === 0 || changes + (records[taken] as IndexWork).changes.length <= CHANGES_PER_FOLD)) {
        changes += (records[taken] as IndexWork).changes.length;
        taken++;
      }
      if (taken === 0) return;
      // Into an empty index (the upgrade's first record, a first install) no list has a block to read.
      await writeListChanges(asPostingsStore(search), indexListChanges(mergeWork(records.slice(0, taken))), {
        blocks: new Map(),
        othersEmpty: any === undefined,
      });
      unwrap(queue).delete(IDBKeyRange.bound(keys[0] as number, keys[taken - 1] as number));
      folded = taken;
      // The lists are read by no memory (the ranking's counts, entities and frequencies are elsewhere): the
      // index catching up after an upgrade does not make the panel read everything again.
    },
    false,
  );
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
    if (n > 0) {
      deltas += n;
      continue;
    }
    const n2 = await foldSearchQueue(db);
    if (n2 === 0) break;
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
