import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_DB_VERSION, type ArchiveDatabase, createArchiveConnection, openArchiveDb } from '../../lib/archive/db';
import {
  BLOCK_MAX,
  type BlockKey,
  type BlockRecord,
  comparePostings,
  EVERY_ITEM,
  type Posting,
  type PostingBlock,
  packBlock,
  rebuildBlock,
  unpackBlock,
} from '../../lib/archive/postings';
import type { Item } from '../../lib/archive/schema';
import { readSeedState } from '../../lib/archive/seed';
import {
  childrenOf,
  counts,
  itemByUrl,
  itemCounts,
  itemsForEntities,
  itemsOfEntity,
  lastBlocks,
  listTails,
  newestPostings,
  putItems,
  recentItems,
  termStats,
} from '../../lib/archive/store';
import { normalizeUrl } from '../../lib/archive/url';
import { random } from '../../scripts/lib/synth-archive';
import { version1Archive, writeVersion1 } from '../archive-v1';
import { freshDbName, miniArchive } from './helpers';

let db: ArchiveDatabase | undefined;
afterEach(() => db?.close());

const ENTITIES = ['common', 'frequent', 'rare-a', 'rare-b', 'rare-c'];

function makeItem(rand: () => number, id: string, modified: string): Item {
  const day = 1 + Math.floor(rand() * 28);
  const month = 1 + Math.floor(rand() * 12);
  const entities = ENTITIES.filter((_, i) => rand() < [0.8, 0.4, 0.1, 0.05, 0.02][i]!);
  return {
    id,
    title: id,
    published: `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    summary: 's',
    take: 't',
    signals: [],
    coverage: [{ outlet: 'Test', headline: id, published: '2025-01-01', checked: 'recall' }],
    entities,
    follows: [],
    modified,
    deleted: rand() < 0.05,
  };
}

/** Every block of the archive, by list. */
async function blocksByList(d: ArchiveDatabase): Promise<Map<string, PostingBlock[]>> {
  const out = new Map<string, PostingBlock[]>();
  for (const block of (await d.getAll('postings')).map(unpackBlock)) {
    const list = out.get(block.key[0]) ?? [];
    list.push(block);
    out.set(block.key[0], list);
  }
  return out;
}

describe('posting lists', () => {
  it('rebuild a block as its postings less the removed, with the added, in order and each once, whatever the change', () => {
    const posting = fc.tuple(fc.constantFrom('2025-01-01', '2025-01-02', '2025-01-03'), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'));
    const sorted = (postings: readonly Posting[]) =>
      [...new Map(postings.map((p) => [p.join(' '), p])).values()].sort(comparePostings) as Posting[];
    fc.assert(
      fc.property(
        fc.array(posting, { maxLength: 18 }),
        fc.array(posting, { maxLength: 8 }),
        fc.array(posting, { maxLength: 8 }),
        (stored, add, remove) => {
          const postings = sorted(stored);
          const old = postings.length > 0 ? { key: ['x', ...(postings[0] as Posting)] as BlockKey, postings } : undefined;
          const { put } = rebuildBlock('x', old, add, remove);
          const gone = new Set(remove.map((p) => p.join(' ')));
          const expected = sorted([...postings.filter((p) => !gone.has(p.join(' '))), ...add]);
          expect(put.flatMap((block) => block.postings)).toEqual(expected);
          for (const block of put) expect(block.key).toEqual(['x', ...(block.postings[0] as Posting)]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stay equal to the live items after any sequence of imports, updates, moves and deletions', async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(42);
    /** The model: the newest copy of every item, as the archive must answer. */
    const model = new Map<string, Item>();
    for (let round = 0; round < 12; round++) {
      const batch: Item[] = [];
      const size = round === 0 ? 400 : 10 + Math.floor(rand() * 120);
      for (let i = 0; i < size; i++) {
        // Mostly new items early on, then mostly rewrites of stored ones (new dates, entities, deletion).
        const id = round > 0 && rand() < 0.6 ? `item-${Math.floor(rand() * model.size)}` : `item-${model.size + i}`;
        const modified = `2026-01-${String(1 + round).padStart(2, '0')}T00:00:00Z`;
        batch.push(makeItem(rand, id, rand() < 0.1 ? '2025-12-01T00:00:00Z' : modified));
      }
      // In small write batches, so that one call spans many (each trusting what the one before wrote).
      await putItems(db, batch, 1 + Math.floor(rand() * 60));
      for (const item of batch) {
        const seen = model.get(item.id);
        if (!seen || seen.modified < item.modified) model.set(item.id, item);
      }
    }
    const live = [...model.values()].filter((item) => !item.deleted);
    const newestFirst = (items: Item[]): Posting[] =>
      items.map((item): Posting => [item.published, item.id]).sort((a, b) => comparePostings(b, a));

    // Every list holds exactly its live items, newest first, however far back it is read.
    const store = db.transaction('postings').store;
    for (const entity of ENTITIES) {
      const expected = newestFirst(live.filter((item) => item.entities.includes(entity)));
      expect(await newestPostings(store, entity, 10_000)).toEqual(expected);
      expect(await newestPostings(store, entity, 7)).toEqual(expected.slice(0, 7));
      const before = '2025-07-01';
      expect(await newestPostings(store, entity, 50, before)).toEqual(expected.filter(([published]) => published < before).slice(0, 50));
    }
    expect(await newestPostings(store, EVERY_ITEM, 10_000)).toEqual(newestFirst(live));
    expect((await counts(db)).items).toBe(live.length);
    // Each entity's count is exact, read from one block.
    expect(await itemCounts(db, [...ENTITIES, 'nobody'])).toEqual([
      ...ENTITIES.map((entity) => live.filter((item) => item.entities.includes(entity)).length),
      0,
    ]);
    // And its newest item's date, from the same block (what a signal's status compares with).
    expect(await listTails(db, [...ENTITIES, 'nobody'])).toEqual([
      ...ENTITIES.map((entity) => {
        const mine = live.filter((item) => item.entities.includes(entity));
        return {
          items: mine.length,
          newest: mine
            .map((item) => item.published)
            .sort()
            .at(-1),
        };
      }),
      { items: 0 },
    ]);

    // The blocks keep their shape: 1 to BLOCK_MAX postings in order, keyed by the first, runs disjoint.
    const blocks = await blocksByList(db);
    expect([...blocks.keys()].sort()).toEqual([EVERY_ITEM, ...ENTITIES].sort());
    for (const [list, run] of blocks) {
      let previous: Posting | undefined;
      // The last block carries the list's total.
      expect(run[run.length - 1]?.total).toBe(run.reduce((n, block) => n + block.postings.length, 0));
      for (const block of run) {
        expect(block.postings.length).toBeGreaterThan(0);
        expect(block.postings.length).toBeLessThanOrEqual(BLOCK_MAX);
        expect(block.key).toEqual([list, ...(block.postings[0] as Posting)] as BlockKey);
        for (const posting of block.postings) {
          if (previous) expect(comparePostings(previous, posting)).toBeLessThan(0);
          previous = posting;
        }
      }
    }
    // The common entity's list, hundreds long, was split: no block is left nearly empty by appends.
    expect((blocks.get('common') ?? []).length).toBeGreaterThan(4);
  }, 30_000);

  it("keeps a list's count exact when a change falls before its last block, or empties that block", async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(5);
    const dated = (i: number, changes: Partial<Item> = {}): Item => ({
      ...makeItem(rand, `item-${String(i).padStart(3, '0')}`, '2026-01-01T00:00:00Z'),
      published: `2025-01-${String(1 + Math.floor(i / 4)).padStart(2, '0')}`,
      entities: ['common'],
      deleted: false,
      ...changes,
    });
    await putItems(
      db,
      Array.from({ length: 100 }, (_, i) => dated(i)),
    );
    const blocks = async () => (await blocksByList(db as ArchiveDatabase)).get('common') ?? [];
    expect((await blocks()).map((block) => block.postings.length)).toEqual([50, 50]);

    // A deletion in the first block only: the last block is rewritten with the new total.
    await putItems(db, [dated(0, { deleted: true, modified: '2026-02-01T00:00:00Z' })]);
    expect(await itemCounts(db, ['common'])).toEqual([99]);

    // Every item of the last block deleted: the block before it becomes the last, with the total.
    await putItems(
      db,
      Array.from({ length: 50 }, (_, i) => dated(50 + i, { deleted: true, modified: '2026-02-01T00:00:00Z' })),
    );
    expect(await itemCounts(db, ['common'])).toEqual([49]);
    expect((await blocks()).map((block) => [block.postings.length, block.total])).toEqual([[49, 49]]);
  });

  it("appends to a list's end without writing its last block again, once that block is half full", async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(9);
    const dated = (i: number): Item => ({
      ...makeItem(rand, `item-${String(i).padStart(3, '0')}`, '2026-01-01T00:00:00Z'),
      published: `2025-01-${String(1 + Math.floor(i / 4)).padStart(2, '0')}`,
      entities: ['common'],
      deleted: false,
    });
    await putItems(
      db,
      Array.from({ length: 100 }, (_, i) => dated(i)),
    );
    const blocks = async () => (await blocksByList(db as ArchiveDatabase)).get('common') ?? [];
    const [, full] = await blocks();
    expect(full?.postings).toHaveLength(50);

    // Three later items, one write each: a fresh block after the half-full one takes them, and the old block
    // is not written again (a sync appends a few postings to many lists in every transaction).
    const puts: PostingBlock[] = [];
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'postings' && (value as BlockRecord).key[0] === 'common') puts.push(unpackBlock(value as BlockRecord));
      return put.call(this, value, key);
    };
    try {
      for (const i of [100, 101, 102]) await putItems(db, [dated(i)]);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(puts.map((block) => block.postings.length)).toEqual([1, 2, 3]);
    expect((await blocks()).map((block) => block.postings.length)).toEqual([50, 50, 3]);
    expect((await blocks())[1]).toEqual(full);
    // Read as before: the count from the last block, the newest items across both.
    expect(await itemCounts(db, ['common'])).toEqual([103]);
    const newest = await newestPostings(db.transaction('postings').store, 'common', 30);
    expect(newest.map(([, id]) => id)).toEqual(Array.from({ length: 30 }, (_, i) => `item-${String(102 - i).padStart(3, '0')}`));

    // A block that is not yet half full is extended (so no block before the last holds fewer than half).
    expect((await blocks()).slice(0, -1).every((block) => block.postings.length >= BLOCK_MAX / 2)).toBe(true);
  });

  it('loses nothing when two imports run at once (writes take turns)', async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(11);
    const make = (from: number) =>
      Array.from({ length: 150 }, (_, i) => ({ ...makeItem(rand, `item-${from + i}`, '2026-01-01T00:00:00Z'), deleted: false }));
    const [first, second] = [make(0), make(1000)];
    await Promise.all([putItems(db, first, 20), putItems(db, second, 20)]);
    const all = [...first, ...second];
    expect(await itemCounts(db, ENTITIES)).toEqual(ENTITIES.map((entity) => all.filter((item) => item.entities.includes(entity)).length));
    expect((await newestPostings(db.transaction('postings').store, EVERY_ITEM, 10_000)).length).toBe(all.length);
  });

  it('reads the same blocks with getAll backwards as with a cursor (browsers without getAll options)', async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(7);
    await putItems(
      db,
      Array.from({ length: 300 }, (_, i) => makeItem(rand, `item-${i}`, '2026-01-01T00:00:00Z')),
    );
    const store = db.transaction('postings').store;
    const range = IDBKeyRange.bound(['common'], ['common', []]);
    const withOptions = await lastBlocks(store, range, 3, true);
    expect(withOptions).toHaveLength(3);
    expect(await lastBlocks(store, range, 3, false)).toEqual(withOptions);
  });

  it('packs a block into one string and reads back the same postings, for any dates and ids the archive stores', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const kebab = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    // Item ids (kebab-case, a feed's namespaced with "~") and headline keys (normalised URLs).
    const id = fc.oneof(
      kebab,
      fc.tuple(kebab, kebab).map(([feed, item]) => `${feed}~${item}`),
      fc.webUrl({ withQueryParameters: true }).map((url) => normalizeUrl(url) ?? url),
    );
    const block = fc
      .tuple(fc.array(fc.tuple(day, id), { minLength: 1, maxLength: BLOCK_MAX }), fc.option(fc.nat(), { nil: undefined }))
      .map(([pairs, total]): PostingBlock => {
        const postings = pairs.map(([published, itemId]): Posting => [published, itemId]).sort(comparePostings);
        const [published, itemId] = postings[0] as Posting;
        return { key: ['list', published, itemId], postings, ...(total === undefined ? {} : { total }) };
      });
    fc.assert(
      fc.property(block, (original) => {
        const stored = packBlock(original);
        expect(typeof stored.packed).toBe('string');
        expect(unpackBlock(stored)).toEqual(original);
      }),
    );
  });

  it('reads and extends lists an earlier version stored with their pairs as arrays', async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(23);
    const live = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...makeItem(rand, `item-${from + i}`, '2026-01-01T00:00:00Z'), deleted: false }));
    const first = live(0, 300);
    await putItems(db, first);
    // Every block as an earlier version wrote it.
    const all = (await db.getAll('postings')).map(unpackBlock);
    const tx = db.transaction('postings', 'readwrite');
    for (const block of all) tx.store.put(block);
    await tx.done;
    expect((await db.getAll('postings')).every((record) => !('packed' in record))).toBe(true);

    // New items, dated all along the lists: some blocks are rewritten (and packed), others stay as they were.
    const second = live(1000, 40);
    await putItems(db, second, 7);
    const records = await db.getAll('postings');
    expect(records.some((record) => 'packed' in record)).toBe(true);
    expect(records.some((record) => !('packed' in record))).toBe(true);
    const items = [...first, ...second];
    const store = db.transaction('postings').store;
    for (const entity of ENTITIES) {
      const expected = items
        .filter((item) => item.entities.includes(entity))
        .map((item): Posting => [item.published, item.id])
        .sort((a, b) => comparePostings(b, a));
      expect(await newestPostings(store, entity, 10_000)).toEqual(expected);
    }
    expect(await itemCounts(db, ENTITIES)).toEqual(ENTITIES.map((entity) => items.filter((item) => item.entities.includes(entity)).length));
  });

  it("pages an entity's items back by date", async () => {
    db = await openArchiveDb(freshDbName());
    const rand = random(3);
    const items = Array.from({ length: 200 }, (_, i) => ({ ...makeItem(rand, `item-${i}`, '2026-01-01T00:00:00Z'), deleted: false }));
    await putItems(db, items);
    const page = await itemsOfEntity(db, 'common', 10);
    const next = await itemsOfEntity(db, 'common', 10, page[page.length - 1]!.published);
    expect(next.every((item) => item.published < page[page.length - 1]!.published)).toBe(true);
  });
});

describe('upgrade', () => {
  it('gives way to a newer version: the open connection closes, and the next use opens again', async () => {
    const name = freshDbName();
    const connect = createArchiveConnection(name);
    const first = await connect();
    await new Promise<void>((done, fail) => {
      const remove = indexedDB.deleteDatabase(name);
      remove.onsuccess = () => done();
      remove.onerror = () => fail(remove.error);
    });
    db = await connect();
    expect(db).not.toBe(first);
    expect(await counts(db)).toEqual({ entities: 0, items: 0 });
  });

  it('from version 1: the archive answers every query as before, with nothing lost', async () => {
    const name = freshDbName();
    const doc = miniArchive();
    const [first] = doc.items;
    // Version 1 also held a tombstone: it must stay out of every answer.
    const tombstone = { ...first!, id: 'gone-item', url: 'https://example.com/gone', deleted: true };
    await writeVersion1(
      version1Archive(name, { ...doc, items: [...doc.items, tombstone] }, { snapshot: 'v1', complete: true, asOf: doc.asOf }),
    );

    db = await openArchiveDb(name);
    expect(db.version).toBe(ARCHIVE_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'digests',
      'entities',
      'headlineTerms',
      'headlines',
      'itemTerms',
      'items',
      'meta',
      'postings',
      'search',
      'searchQueue',
      'termDeltas',
      'terms',
    ]);
    expect([...db.transaction('items').store.indexNames].sort()).toEqual(['by-coverage', 'by-url']);
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
    expect((await readSeedState(db))?.complete).toBe(true);
    expect((await itemsForEntities(db, ['alibaba', 'anthropic', 'openai'])).map((i) => i.id)).toEqual([
      '2026-07-04-alibaba-bans-claude-code',
      '2026-06-10-distillation-letter',
      '2026-05-01-openai-update',
    ]);
    expect((await recentItems(db, 10)).map((i) => i.id)).toEqual(
      [...doc.items].sort((a, b) => (a.published < b.published ? 1 : -1)).map((i) => i.id),
    );
    expect((await itemByUrl(db, first!.url!))?.id).toBe(first!.id);
    expect(await itemByUrl(db, 'https://example.com/gone')).toBeUndefined();
    // Version 1's storage field is gone from the records.
    expect((await db.getAll('items')).some((item) => 'mentionKeys' in item)).toBe(false);
    // The terms are counted as a fresh import of the same live items counts them (the tombstone not at all).
    const fresh = await openArchiveDb(freshDbName());
    await putItems(fresh, doc.items);
    const words = ['alibaba', 'ban', 'claud', 'distil', 'gone'];
    expect(await termStats(db, words)).toEqual(await termStats(fresh, words));
    expect((await termStats(db, words)).docs).toBe(4);
    // Entities are found by their parent after the upgrade too.
    expect((await childrenOf(db, ['anthropic'])).get('anthropic')?.sort()).toEqual(['claude', 'claude-code']);
    fresh.close();
  });

  it('from a version 1 archive larger than one page of the walk, with every list whole', async () => {
    const name = freshDbName();
    const rand = random(9);
    const items = Array.from({ length: 2300 }, (_, i) => makeItem(rand, `item-${i}`, '2026-01-01T00:00:00Z'));
    await writeVersion1(version1Archive(name, { ...miniArchive(), items }, { snapshot: 'v1', complete: true }));
    db = await openArchiveDb(name);
    const live = items.filter((item) => !item.deleted);
    expect(await counts(db)).toEqual({ entities: 8, items: live.length });
    expect(await itemCounts(db, ENTITIES)).toEqual(ENTITIES.map((entity) => live.filter((item) => item.entities.includes(entity)).length));
    const every = await newestPostings(db.transaction('postings').store, EVERY_ITEM, 10_000);
    expect(every).toEqual(live.map((item): Posting => [item.published, item.id]).sort((a, b) => comparePostings(b, a)));
  }, 30_000);
});
