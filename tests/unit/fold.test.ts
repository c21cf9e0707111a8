import { unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARCHIVE_DB_VERSION, type ArchiveDatabase, openArchiveDb } from '../../lib/archive/db';
import { foldAll, foldSearchQueue, foldTermDeltas, pendingFolds } from '../../lib/archive/fold';
import { comparePostings, type Posting, unpackBlock } from '../../lib/archive/postings';
import type { Item } from '../../lib/archive/schema';
import {
  childrenOf,
  counts,
  emptyTermStatsCache,
  itemByUrl,
  itemsForEntities,
  putItems,
  recentItems,
  termStats,
} from '../../lib/archive/store';
import { type IndexListWork, searchList } from '../../lib/archive/term-stats';
import { itemText, terms } from '../../lib/search/terms';
import { random, synthItems } from '../../scripts/lib/synth-archive';
import { writeVersion3 } from '../archive-v3';
import { version3Archive } from '../archive-v3-records';
import { freshDbName, miniArchive } from './helpers';

const open: ArchiveDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
async function openDb(name = freshDbName()): Promise<ArchiveDatabase> {
  const db = await openArchiveDb(name);
  open.push(db);
  return db;
}

/** The search index as stored: each list's postings in order. */
async function searchLists(db: ArchiveDatabase): Promise<Map<string, Posting[]>> {
  const out = new Map<string, Posting[]>();
  for (const block of (await db.getAll('search')).map(unpackBlock))
    out.set(block.key[0], [...(out.get(block.key[0]) ?? []), ...block.postings]);
  return out;
}

/** The index the live items call for: every term's items, by date. */
function expectedLists(items: readonly Item[]): Map<string, Posting[]> {
  const newest = new Map<string, Item>();
  for (const item of items) if (!newest.has(item.id) || (newest.get(item.id) as Item).modified < item.modified) newest.set(item.id, item);
  const out = new Map<string, Posting[]>();
  for (const item of newest.values()) {
    if (item.deleted) continue;
    for (const term of new Set(terms(itemText(item)))) {
      const list = searchList('item', term);
      out.set(list, [...(out.get(list) ?? []), [item.published, item.id]]);
    }
  }
  for (const list of out.values()) list.sort(comparePostings);
  return out;
}

const WORDS = ['zebra', 'quantum', 'lawsuit', 'chip', 'model', 'funding', 'robot', 'policy', 'export', 'datacenter'];
function makeItems(seed: number, n: number, modified: string, ids = n): Item[] {
  const rand = random(seed);
  const base = miniArchive().items[0] as Item;
  return Array.from({ length: n }, (_, i) => {
    const pick = () => WORDS[Math.floor(rand() * WORDS.length)] as string;
    return {
      ...base,
      id: `item-${Math.floor(rand() * ids)}-${i < ids ? i : 0}`,
      url: undefined,
      title: `${pick()} ${pick()} news`,
      summary: `A ${pick()} story about ${pick()}.`,
      take: `${pick()}.`,
      published: `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
      modified,
      deleted: rand() < 0.1,
    };
  });
}

describe('the ranking’s kept statistics', () => {
  it('answer from memory until the archive is written, then count the write at once', async () => {
    const db = await openDb(freshDbName());
    await putItems(db, makeItems(1, 50, '2026-08-01T00:00:00Z'));
    const words = terms(WORDS.join(' '));
    const cache = emptyTermStatsCache();
    const first = await termStats(db, words, cache);
    // Nothing written: the same answer, without a transaction.
    const transactions = vi.spyOn(Object.getPrototypeOf(unwrap(db)) as IDBDatabase, 'transaction');
    expect(await termStats(db, words, cache)).toEqual(first);
    expect(transactions).not.toHaveBeenCalled();
    transactions.mockRestore();
    // A write adds a delta: the kept statistics read it on the next use.
    await putItems(db, makeItems(2, 10, '2026-08-02T00:00:00Z', 50));
    const after = await termStats(db, words, cache);
    expect(after.docs).toBeGreaterThan(first.docs);
    expect(after).toEqual(await termStats(db, words));
    db.close();
  });
});

describe('the fold job', () => {
  it('catches up after the worker stopped right after the items’ transaction, applying each delta exactly once', async () => {
    const name = freshDbName();
    const first = makeItems(1, 300, '2026-08-01T00:00:00Z');
    const second = makeItems(2, 200, '2026-08-02T00:00:00Z', 300);
    let db = await openDb(name);
    // Written in small batches: one delta record per batch, none folded (the worker "stopped" here).
    await putItems(db, first, 40);
    await putItems(db, second, 40);
    const pending = await pendingFolds(db);
    expect(pending.deltas).toBeGreaterThan(5);
    expect(pending.index).toBeGreaterThan(5);
    // The ranking sees the writes at once, pending deltas included.
    const words = terms(WORDS.join(' '));
    const before = await termStats(db, words);
    db.close();

    db = await openDb(name);
    // A fold stopped after two of its transactions, then the worker stopped again.
    let steps = 0;
    await foldAll(db, async () => steps++ < 2);
    db.close();
    db = await openDb(name);
    expect(await termStats(db, words)).toEqual(before);
    await foldAll(db);
    expect(await pendingFolds(db)).toEqual({ deltas: 0, index: 0 });
    expect(await foldAll(db)).toEqual({ deltas: 0, index: 0 });
    // Exactly once: the counts are what a fresh count of the live items gives, and so is the index.
    expect(await termStats(db, words)).toEqual(before);
    const all = [...first, ...second];
    const fresh = await openDb();
    await putItems(fresh, all);
    await foldAll(fresh);
    expect(await termStats(db, words)).toEqual(await termStats(fresh, words));
    expect(await searchLists(db)).toEqual(expectedLists(all));
    const live = new Set((await recentItems(db, 10_000)).map((item) => item.id));
    expect((await termStats(db, [])).docs).toBe(live.size);
  });

  it('moves and removes an item’s postings when it is rewritten with other words or another date, or deleted', async () => {
    const db = await openDb();
    const [a] = makeItems(3, 1, '2026-08-01T00:00:00Z');
    const item = { ...(a as Item), deleted: false, title: 'Zebra lawsuit', summary: 'About a zebra.', take: 'Zebra.' };
    await putItems(db, [item]);
    await foldAll(db);
    expect((await searchLists(db)).get(searchList('item', 'zebra'))).toEqual([[item.published, item.id]]);
    const moved = {
      ...item,
      title: 'Quantum lawsuit',
      summary: 'About a quantum chip.',
      published: '2025-01-02',
      modified: '2026-08-02T00:00:00Z',
    };
    await putItems(db, [moved]);
    await foldAll(db);
    expect(await searchLists(db)).toEqual(expectedLists([moved]));
    await putItems(db, [{ ...moved, deleted: true, modified: '2026-08-03T00:00:00Z' }]);
    await foldAll(db);
    expect(await searchLists(db)).toEqual(new Map());
    expect((await termStats(db, ['lawsuit'])).df.get('lawsuit')).toBeUndefined();
  });
  it('folds several pending records at once, a document written in each moving once to where it ends', async () => {
    const db = await openDb();
    const [a, b] = makeItems(4, 2, '2026-08-01T00:00:00Z');
    const first = { ...(a as Item), deleted: false, title: 'Zebra lawsuit', summary: 'About a zebra.', take: 'Zebra.' };
    const other = { ...(b as Item), id: 'other', deleted: false, title: 'Robot policy', summary: 'Robots.', take: 'Policy.' };
    const moved = {
      ...first,
      title: 'Quantum chip',
      summary: 'Quantum.',
      take: 'Chip.',
      published: '2025-02-03',
      modified: '2026-08-02T00:00:00Z',
    };
    const back = {
      ...moved,
      title: 'Zebra export',
      summary: 'Export of a zebra.',
      published: '2026-03-04',
      modified: '2026-08-03T00:00:00Z',
    };
    await putItems(db, [first]);
    await putItems(db, [other]);
    await putItems(db, [moved]);
    await putItems(db, [back]);
    await putItems(db, [{ ...other, deleted: true, modified: '2026-08-04T00:00:00Z' }]);
    expect((await pendingFolds(db)).index).toBe(5);
    // One fold transaction takes all five records.
    expect(await foldAll(db, async () => true)).toMatchObject({ index: 5 });
    expect(await searchLists(db)).toEqual(expectedLists([back]));
  });
});

describe('the fold job in short steps', () => {
  it('applies a large write in shares, one short transaction each, and a stop between any two loses and repeats nothing', async () => {
    const name = freshDbName();
    // Real-length text over a 20k-word vocabulary: each batch names well over a share's terms and lists.
    const first = synthItems({ items: 120, seed: 5, entities: 50 });
    const rewritten = synthItems({ items: 60, seed: 6, entities: 50 }).map((item) => ({ ...item, modified: '2027-01-01T00:00:00Z' }));
    const gone = first.slice(60, 80).map((item) => ({ ...item, deleted: true, modified: '2027-01-02T00:00:00Z' }));
    let db = await openDb(name);
    await putItems(db, first, 60);
    await putItems(db, [...rewritten, ...gone], 50);
    const words = [...new Set(first.flatMap((item) => terms(itemText(item))))].slice(0, 400);
    const before = await termStats(db, words);
    const pending = await pendingFolds(db);
    // One step at a time, the worker stopped (the database closed) after each.
    let steps = 0;
    for (;;) {
      let ran = 0;
      await foldAll(db, async () => ran++ < 1);
      steps++;
      db.close();
      db = await openDb(name);
      expect(await termStats(db, words)).toEqual(before);
      const left = await pendingFolds(db);
      if (left.deltas === 0 && left.index === 0) break;
    }
    // More steps than records: the records were applied in shares.
    expect(steps).toBeGreaterThan(pending.deltas + pending.index);
    const all = [...first, ...rewritten, ...gone];
    expect(await searchLists(db)).toEqual(expectedLists(all));
    const fresh = await openDb();
    await putItems(fresh, all);
    await foldAll(fresh);
    expect(await termStats(db, words)).toEqual(await termStats(fresh, words));
  });
});

describe('the index’s fold in groups, its place marked', () => {
  /** Items over a 20k-word vocabulary: a group names thousands of lists, more than one transaction writes. */
  const many = () => synthItems({ items: 400, seed: 7, entities: 50 });
  async function foldTerms(db: ArchiveDatabase): Promise<void> {
    while ((await foldTermDeltas(db)) !== undefined);
  }

  it('marks its place in a group, and a worker stopped there goes on from the mark, each list written once', async () => {
    const name = freshDbName();
    const items = many();
    let db = await openDb(name);
    await putItems(db, items, 100);
    await foldTerms(db);
    // Two transactions of the index's fold, then the worker stops.
    expect(await foldSearchQueue(db)).toBe(0);
    expect(await foldSearchQueue(db)).toBe(0);
    const mark = await db.get('searchQueue', 0);
    expect(mark).toMatchObject({ through: expect.any(Number), after: expect.any(String) });
    // The records of the group wait, and the mark is not counted as work.
    expect((await pendingFolds(db)).index).toBe(4);
    db.close();
    db = await openDb(name);
    let steps = 0;
    let records = 0;
    for (;;) {
      const n = await foldSearchQueue(db);
      if (n === undefined) break;
      records += n;
      steps++;
    }
    expect(records).toBe(4);
    expect(steps).toBeGreaterThan(1);
    expect(await db.get('searchQueue', 0)).toBeUndefined();
    expect(await searchLists(db)).toEqual(expectedLists(items));
  });

  it('extends long lists group after group, reading each list’s last block by itself where a range would be long', async () => {
    const db = await openDb();
    // Ten words in 1,200 items: each list is hundreds of postings, many blocks; groups of 200, two lists a transaction.
    const items = makeItems(10, 1200, '2026-08-01T00:00:00Z').map((item) => ({ ...item, deleted: false }));
    await putItems(db, items, 200);
    await foldTerms(db);
    const small = { groupDocs: 200, listsPerTx: 2, postingsPerTx: 100_000 };
    while ((await foldSearchQueue(db, small)) !== undefined);
    const expected = expectedLists(items);
    expect(await searchLists(db)).toEqual(expected);
    // Each list's last block counts the whole list (the headlines' vocabulary is read from it).
    for (const [list, postings] of expected) {
      const blocks = await db.getAll('search', IDBKeyRange.bound([list], [list, []]));
      expect(blocks[blocks.length - 1]?.total).toBe(postings.length);
    }
  });

  it('applies a share of list changes that the fold before the mark left in the queue', async () => {
    const db = await openDb();
    const [first] = makeItems(9, 1, '2026-08-01T00:00:00Z');
    const item = { ...(first as Item), deleted: false, title: 'Zebra lawsuit', summary: 'About a zebra.', take: 'Zebra.' };
    await putItems(db, [item]);
    await foldAll(db);
    // As the earlier fold left it: a share with the list changes of a document, between its records.
    const share: IndexListWork = { lists: [[searchList('item', 'quantum'), [[item.published, item.id]], []]], empty: false };
    await db.put('searchQueue', share, 0.5);
    expect((await pendingFolds(db)).index).toBe(1);
    await foldAll(db);
    expect(await pendingFolds(db)).toEqual({ deltas: 0, index: 0 });
    expect((await searchLists(db)).get(searchList('item', 'quantum'))).toEqual([[item.published, item.id]]);
  });
});

describe('upgrade from version 3 (through 4)', () => {
  it('moves the items’ terms apart, counts them per term, and builds the search index', async () => {
    const name = freshDbName();
    const doc = miniArchive();
    const [first] = doc.items;
    const tombstone = { ...first!, id: 'gone-item', url: 'https://example.com/gone', deleted: true };
    const all = [...doc.items, tombstone];
    await writeVersion3(version3Archive(name, { ...doc, items: all }, { snapshot: 'v3', complete: true, asOf: doc.asOf }));

    const db = await openDb(name);
    expect(db.version).toBe(ARCHIVE_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toContain('itemTerms');
    expect([...db.objectStoreNames].sort()).toEqual(expect.arrayContaining(['search', 'searchQueue', 'termDeltas', 'terms']));
    expect((await db.getAll('items')).some((item) => 'termText' in item)).toBe(false);
    expect(await db.count('itemTerms')).toBe(4);
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
    expect((await itemsForEntities(db, ['alibaba', 'anthropic', 'openai'])).map((i) => i.id)).toEqual([
      '2026-07-04-alibaba-bans-claude-code',
      '2026-06-10-distillation-letter',
      '2026-05-01-openai-update',
    ]);
    expect((await itemByUrl(db, first!.url!))?.id).toBe(first!.id);
    expect((await childrenOf(db, ['anthropic'])).get('anthropic')?.sort()).toEqual(['claude', 'claude-code']);
    // The same frequencies as a fresh import counts, before and after the fold.
    const fresh = await openDb();
    await putItems(fresh, doc.items);
    const words = ['alibaba', 'ban', 'claud', 'distil', 'gone'];
    expect(await termStats(db, words)).toEqual(await termStats(fresh, words));
    await foldAll(db);
    await foldAll(fresh);
    expect(await termStats(db, words)).toEqual(await termStats(fresh, words));
    expect(await searchLists(db)).toEqual(expectedLists(doc.items));
    expect(await searchLists(db)).toEqual(await searchLists(fresh));
  });
});
