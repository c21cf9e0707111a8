/**
 * Posting lists: for each entity, its items as (date, id) pairs in date order, stored in blocks of at
 * most BLOCK_MAX pairs, each block keyed by its first pair. This is the archive's mentions store.
 *
 * Why blocks, not a record per pair or an index: measured in Chromium (docs/benchmarks.md), reading an
 * index costs a random lookup per entry (the browser checks each entry against its record), so the
 * sidebar's ten entities × 30 newest took 11 ms on a 1M-item archive, while a range of records is read
 * in one sequential pass; and a record per pair made every import write four records per item. A block
 * holds up to 64 pairs, so "an entity's 30 newest items" is one read of its last two blocks, and an
 * import writes about one block per entity it touches, not one record per mention.
 *
 * Pure: the store (store.ts) reads the blocks a change falls in, and writes what this returns.
 */
import type { Item } from './schema';

/** An item in a list: its date, then its id (the tie-break), so a list sorts as its pairs do. */
export type Posting = readonly [published: string, itemId: string];

/** A block's key: its list, then its first posting. Blocks of one list hold disjoint, ordered runs. */
export type BlockKey = [list: string, published: string, itemId: string];

export interface PostingBlock {
  key: BlockKey;
  /** Ascending, 1 to BLOCK_MAX pairs; the first is the key's. */
  postings: Posting[];
  /**
   * On a list's last block: how many postings the whole list holds. A block that was the last once and had
   * a fresh block written after it keeps the total it had then (rewriting it to drop that would cost the
   * write it spares): only the last block's total is ever read.
   */
  total?: number;
}

export const BLOCK_MAX = 64;

/**
 * A block as stored: its postings packed in one string, a line a posting (the date, a space, the id). Cloning a
 * value into a put walks it whole, and a block as arrays is 64 arrays and 128 strings: in Chromium's worker a put
 * of a block of 40 pairs took 47-68 µs so, 37-40 µs packed (packing included), and a sync's slice puts about 19
 * blocks, most of them whole blocks rewritten (docs/benchmarks.md). A date has no space (YYYY-MM-DD), and an id
 * has neither a space nor a line break (item ids are kebab-case, a feed's with "~"; headline keys are normalised
 * URLs, which the URL parser leaves without either).
 */
export interface StoredBlock {
  key: BlockKey;
  packed: string;
  total?: number;
}

/** A block as stored by an earlier version (its pairs as arrays), still read as it is. */
export type BlockRecord = StoredBlock | PostingBlock;

export function packBlock({ key, postings, total }: PostingBlock): StoredBlock {
  const packed = postings.map(([published, itemId]) => `${published} ${itemId}`).join('\n');
  return total === undefined ? { key, packed } : { key, packed, total };
}

export function unpackBlock(record: BlockRecord): PostingBlock {
  if (!('packed' in record)) return record;
  const { key, packed, total } = record;
  const postings: Posting[] = packed.split('\n').map((line) => {
    const space = line.indexOf(' ');
    return [line.slice(0, space), line.slice(space + 1)];
  });
  return total === undefined ? { key, postings } : { key, postings, total };
}

/** The list every live item is in: "the archive's items by date". Entity ids are kebab-case, never empty. */
export const EVERY_ITEM = '';

export function comparePostings(a: Posting, b: Posting): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The lists an item is in: each entity it mentions, and every item's. None once deleted. */
function listsOf(item: Pick<Item, 'entities' | 'deleted'>): string[] {
  return item.deleted ? [] : [EVERY_ITEM, ...new Set(item.entities)];
}

/** Postings to add and to remove, in a list or one of its blocks. */
export interface Changes {
  add: Posting[];
  remove: Posting[];
}

/** What a write changes in each list. */
export type ListChanges = Map<string, Changes>;

/** The changes recorded under a key, made empty the first time. */
export function changesAt<K>(map: Map<K, Changes>, key: K): Changes {
  const found = map.get(key);
  if (found) return found;
  const made: Changes = { add: [], remove: [] };
  map.set(key, made);
  return made;
}

/** Records in `changes` how replacing `before` (absent for a new item) with `after` moves its postings. */
export function diffItem(
  changes: ListChanges,
  before: Pick<Item, 'id' | 'published' | 'entities' | 'deleted'> | undefined,
  after: Item,
): void {
  const was = new Set(before ? listsOf(before) : []);
  const is = new Set(listsOf(after));
  const moved = before !== undefined && before.published !== after.published;
  for (const list of was) {
    if (!is.has(list) || moved) changesAt(changes, list).remove.push([(before as Item).published, after.id]);
  }
  for (const list of is) {
    if (!was.has(list) || moved) changesAt(changes, list).add.push([after.published, after.id]);
  }
}

/**
 * The block each posting falls in, given a list's block keys in order: the last block keyed at or
 * before it, or the first block for a posting before them all. -1 when the list has no blocks.
 */
export function blockIndexOf(keys: readonly BlockKey[], posting: Posting): number {
  let lo = 0;
  let hi = keys.length - 1;
  let found = keys.length > 0 ? 0 : -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const key = keys[mid] as BlockKey;
    if (comparePostings([key[1], key[2]], posting) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * One block after a change: its pairs less `remove`, plus `add`, split into the fewest blocks of at most
 * BLOCK_MAX pairs, as even as can be (so an appended-to block splits into two half-full ones). Returns
 * the blocks to write and the old key to delete when no new block has it.
 *
 * Except at a list's end (`last`): postings that only append to a last block already at least half full
 * go into fresh blocks after it, and the old block is not written again (`untouched`). A sync appends a
 * few postings to each of many lists per transaction, and rewriting each list's last block whole (32 to
 * 64 pairs for one new one) was most of the bytes its write transaction put (docs/benchmarks.md). The
 * blocks keep their shape for the readers: ordered, disjoint runs, every block but a list's last at least
 * half full (so a list's newest 30 are still in its last two blocks); only the last block is small, as it
 * could always be.
 */
export function rebuildBlock(
  list: string,
  old: PostingBlock | undefined,
  add: readonly Posting[],
  remove: readonly Posting[],
  last = false,
): { put: PostingBlock[]; drop?: BlockKey; untouched?: true } {
  const kept = old?.postings ?? [];
  const appending = remove.length === 0 && appends(kept, add);
  if (last && old && appending && kept.length >= BLOCK_MAX / 2) return { put: split(list, add), untouched: true };
  const put = split(list, appending ? [...kept, ...add] : merge(old, add, remove));
  const keptOldKey = old && put.some((block) => block.key[1] === old.key[1] && block.key[2] === old.key[2]);
  return old && !keptOldKey ? { put, drop: old.key } : { put };
}

/** Postings in order, in the fewest blocks of at most BLOCK_MAX, as even as can be (each at least half full when more than one). */
function split(list: string, merged: readonly Posting[]): PostingBlock[] {
  const parts = Math.ceil(merged.length / BLOCK_MAX);
  const put: PostingBlock[] = [];
  for (let i = 0; i < parts; i++) {
    const postings = merged.slice(Math.floor((i * merged.length) / parts), Math.floor(((i + 1) * merged.length) / parts));
    const [published, itemId] = postings[0] as Posting;
    put.push({ key: [list, published, itemId], postings });
  }
  return put;
}

/** Whether `add` is in order and after everything in `postings` (news in date order): nothing to sort. */
function appends(postings: readonly Posting[], add: readonly Posting[]): boolean {
  const last = postings[postings.length - 1];
  if (last && add[0] && comparePostings(last, add[0]) >= 0) return false;
  return add.every((posting, i) => i === 0 || comparePostings(add[i - 1] as Posting, posting) < 0);
}

/**
 * `old`'s postings less `remove`, with `add`, in order and each once. A block's postings are in order already
 * and a change brings a few, so the two runs are merged, not sorted together: a sync's slice merges a posting
 * or two into blocks of up to 64, and sorting them all was the most of its planning (docs/benchmarks.md).
 */
function merge(old: PostingBlock | undefined, add: readonly Posting[], remove: readonly Posting[]): Posting[] {
  const gone = remove.length > 0 ? new Set(remove.map(([published, id]) => `${published} ${id}`)) : undefined;
  const kept = old?.postings ?? [];
  const added = add.length > 1 ? [...add].sort(comparePostings) : add;
  const out: Posting[] = [];
  const push = (posting: Posting) => {
    const last = out[out.length - 1];
    if (!last || comparePostings(last, posting) !== 0) out.push(posting);
  };
  const keep = (posting: Posting) => {
    if (!gone?.has(`${posting[0]} ${posting[1]}`)) push(posting);
  };
  let i = 0;
  for (const posting of added) {
    for (; i < kept.length && comparePostings(kept[i] as Posting, posting) <= 0; i++) keep(kept[i] as Posting);
    push(posting);
  }
  for (; i < kept.length; i++) keep(kept[i] as Posting);
  return out;
}
