/**
 * The archive's document frequencies: for each term, how many live items hold it, kept in step by every
 * write, so the relevance ranking (and the popup's search to come) weigh a word by how rare it is in the
 * whole archive, not in the few items a query reads.
 *
 * The counts live in TERM_BUCKETS records, each term in the bucket its hash names. A record per term
 * would make a 5,000-item batch read and write some 20,000 records; one record for all would make every
 * small write rewrite the whole vocabulary. Buckets bound both: a batch touches at most TERM_BUCKETS
 * records, and a query reads one bucket per query term. Pure: the store reads and writes the buckets.
 */
import { itemText, terms } from '../search/terms';
import type { Item } from './schema';

export const TERM_BUCKETS = 512;

/** One bucket: its terms' document frequencies. */
export type TermBucket = Map<string, number>;

/** The meta record with the totals BM25 needs beside the frequencies. */
export const TERM_TOTALS = 'term-totals';
export interface TermTotals {
  /** Live items counted. */
  docs: number;
  /** Their terms, summed (repeats kept): the average length is length / docs. */
  length: number;
}

/** FNV-1a over the term's UTF-16 code units: stable across versions, as the stored buckets need. */
export function bucketOf(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % TERM_BUCKETS;
}

/** An item's terms as the statistics count them: none once deleted. The stored copy's own when it has them. */
export function termsOfItem(item: Pick<Item, 'title' | 'summary' | 'take' | 'deleted'> & { termText?: string }): string[] {
  if (item.deleted) return [];
  if (item.termText !== undefined) return item.termText === '' ? [] : item.termText.split(' ');
  return terms(itemText(item));
}

/** What a write changes: per bucket, per term, the change in its count; and the change in the totals. */
export interface TermChanges {
  buckets: Map<number, Map<string, number>>;
  docs: number;
  length: number;
}

export function noTermChanges(): TermChanges {
  return { buckets: new Map(), docs: 0, length: 0 };
}

/** Records an item's change from its stored copy (if any) to its new one. */
export function diffTerms(
  changes: TermChanges,
  before: (Item & { termText?: string }) | undefined,
  after: (Item & { termText?: string }) | undefined,
): void {
  const add = (item: (Item & { termText?: string }) | undefined, sign: 1 | -1) => {
    if (!item || item.deleted) return;
    const list = termsOfItem(item);
    changes.docs += sign;
    changes.length += sign * list.length;
    for (const term of new Set(list)) {
      const bucket = bucketOf(term);
      let counts = changes.buckets.get(bucket);
      if (!counts) {
        counts = new Map();
        changes.buckets.set(bucket, counts);
      }
      counts.set(term, (counts.get(term) ?? 0) + sign);
    }
  };
  add(before, -1);
  add(after, 1);
}

/** A bucket with the changes applied; terms whose count falls to zero are dropped. */
export function applyToBucket(bucket: TermBucket | undefined, changes: ReadonlyMap<string, number>): TermBucket {
  const out = new Map(bucket ?? []);
  for (const [term, delta] of changes) {
    const count = (out.get(term) ?? 0) + delta;
    if (count > 0) out.set(term, count);
    else out.delete(term);
  }
  return out;
}

export function totalsIn(record: unknown): TermTotals {
  const { docs = 0, length = 0 } = (record ?? {}) as Partial<TermTotals>;
  return { docs, length };
}
