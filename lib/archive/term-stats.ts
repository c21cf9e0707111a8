/**
 * The archive's document frequencies (for each term, how many live items hold it) and the search index's
 * work, as a write records them. Schema 5 takes both off the items' write transaction: a write stores a
 * small delta record beside the items (`termDeltas` for the frequencies, `searchQueue` for the index), and a
 * fold job (fold.ts) applies them in its own short transactions afterwards. Readers of the frequencies add
 * the deltas not yet folded, so the relevance ranking sees every write at once.
 *
 * Schema 3 kept the frequencies in 512 hashed buckets rewritten by every write: a feed page of 100 items
 * read and wrote several hundred buckets, each a map of hundreds of terms, inside the page's transaction
 * (414 ms median, docs/benchmarks.md). Now each term is its own record in `terms` (key: the term, value: its
 * count), which also makes the store's keys the search's vocabulary: prefixes are key ranges.
 *
 * Pure: the store reads and writes the records.
 */
import { itemText, terms } from '../search/terms';
import type { Posting } from './postings';
import type { Item } from './schema';

/** The meta record with the totals BM25 needs beside the frequencies. */
export const TERM_TOTALS = 'term-totals';
export interface TermTotals {
  /** Live items counted. */
  docs: number;
  /** Their terms, summed (repeats kept): the average length is length / docs. */
  length: number;
}

/** An item's terms as the statistics and the index count them (repeats kept): none once deleted. */
export function termsOfItem(item: Pick<Item, 'title' | 'summary' | 'take' | 'deleted'>): string[] {
  return item.deleted ? [] : terms(itemText(item));
}

/** An item's terms as `itemTerms` stores them: joined by spaces (no term holds one). */
export function joinTerms(list: readonly string[]): string {
  return list.join(' ');
}

export function splitTerms(text: string | undefined): string[] {
  return text ? text.split(' ') : [];
}

/** What one write batch changes in the frequencies: a record of `termDeltas`. */
export interface TermDelta {
  /** [term, change in its count], each term once. */
  terms: [string, number][];
  docs: number;
  length: number;
}

/** A delta being gathered. */
export interface TermChanges {
  df: Map<string, number>;
  docs: number;
  length: number;
}

export function noTermChanges(): TermChanges {
  return { df: new Map(), docs: 0, length: 0 };
}

/** Records a document's change from its old terms (absent: it was not live) to its new ones (absent: it is not now). */
export function diffTerms(changes: TermChanges, before: readonly string[] | undefined, after: readonly string[] | undefined): void {
  const add = (list: readonly string[] | undefined, sign: 1 | -1) => {
    if (!list) return;
    changes.docs += sign;
    changes.length += sign * list.length;
    for (const term of new Set(list)) changes.df.set(term, (changes.df.get(term) ?? 0) + sign);
  };
  add(before, -1);
  add(after, 1);
}

/** The delta record to store, or undefined when the write changed nothing the frequencies count. */
export function toDelta(changes: TermChanges): TermDelta | undefined {
  const list = [...changes.df].filter(([, n]) => n !== 0);
  if (list.length === 0 && changes.docs === 0 && changes.length === 0) return undefined;
  return { terms: list, docs: changes.docs, length: changes.length };
}

/** Deltas summed: what the pending records add to the folded counts. */
export function sumDeltas(deltas: readonly TermDelta[]): TermChanges {
  const out = noTermChanges();
  for (const delta of deltas) {
    out.docs += delta.docs;
    out.length += delta.length;
    for (const [term, n] of delta.terms) out.df.set(term, (out.df.get(term) ?? 0) + n);
  }
  return out;
}

export function totalsIn(record: unknown): TermTotals {
  const { docs = 0, length = 0 } = (record ?? {}) as Partial<TermTotals>;
  return { docs, length };
}

/**
 * The kinds of document the search index holds: curated items, and news feeds' headlines (headlines.ts),
 * each kind in lists of its own, so the two never mix in a list and the items' lists are as before.
 */
export type DocKind = 'item' | 'headline';

/** A document as the index places it: its date (lists are in date order) and its distinct terms. */
export interface IndexedDoc {
  published: string;
  terms: string[];
}

/** One document's change, as a record of `searchQueue` lists it. */
export interface IndexChange {
  kind: DocKind;
  id: string;
  /** Its place in the index before the write (absent: it was in none). */
  before?: IndexedDoc;
  /** After (absent: it leaves the index). */
  after?: IndexedDoc;
}

/** A record of `searchQueue`: one write batch's changes to the index. */
export interface IndexWork {
  changes: IndexChange[];
}

/**
 * A record of `searchQueue` that the fold job before 2026-12-05's evening wrote: a share of document changes
 * turned into list changes. No longer made (the fold keeps them in memory and marks its place instead,
 * `IndexFoldMark`), but one may be waiting in a queue a stopped worker left, and is applied as before.
 * `empty`: the index was empty when these were made, and no list here has a block to read.
 */
export interface IndexListWork {
  lists: [list: string, add: Posting[], remove: Posting[]][];
  empty: boolean;
}

/**
 * The fold job's place in a group of document records it applies in several transactions (fold.ts): the
 * group is every record keyed up to `through`, and the lists up to `after` (in key order) are written.
 * Kept under key 0 of `searchQueue` (the records' own keys start at 1), and changed in the same
 * transaction as the lists, so a stopped worker resumes where the last transaction ended.
 */
export interface IndexFoldMark {
  through: number;
  after: string;
}

/** What `searchQueue` holds: a write batch's document changes, an old share of list changes, or the fold's mark. */
export type QueuedIndexWork = IndexWork | IndexListWork | IndexFoldMark;

/** A live document's place in the index: its distinct terms. */
export function indexedDoc(published: string, list: readonly string[] | undefined): IndexedDoc | undefined {
  return list ? { published, terms: [...new Set(list)] } : undefined;
}

/** The posting list of a term for documents of a kind (a term never holds ':'). */
export function searchList(kind: DocKind, term: string): string {
  return `${kind === 'item' ? 'i' : 'h'}:${term}`;
}

/** The term a headline's list is of, or undefined for an item's list. */
export function headlineTermOf(list: string): string | undefined {
  return list.startsWith('h:') ? list.slice(2) : undefined;
}
