import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArchiveDatabase, openArchiveDb } from '../../lib/archive/db';
import {
  applyFeedPage,
  createFeedWriteSession,
  cursorKeyOf,
  type FeedPageWrite,
  PAGE_SLICE,
  type PageApplied,
  readFeedCursor,
} from '../../lib/archive/feed-apply';
import {
  clearArchive,
  counts,
  entitiesByAlias,
  getItems,
  importDocument,
  itemCounts,
  itemsOfEntity,
  observeWrites,
  putEntities,
  putItems,
  recentItems,
  termStats,
} from '../../lib/archive/store';
import { terms } from '../../lib/search/terms';
import { type FeedCursor, type FeedPage, parseFeedIndex, parseFeedPage, parseJson } from '../../lib/sync/feed-format';
import { namespaced, namespaceOf } from '../../lib/sync/trust';
import { fillDisk, freeDisk } from './fake-disk';
import { feedEntity, feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

let db: ArchiveDatabase | undefined;
afterEach(() => db?.close());

const OFFICIAL = 'https://feed.backstory.example/';
const OTHER = 'https://other.example/feed/';

async function seededDb(): Promise<ArchiveDatabase> {
  db = await openArchiveDb(freshDbName());
  await importDocument(db, miniArchive());
  return db;
}

function parsed(raw: unknown): FeedPage {
  const page = parseFeedPage(raw, NOW);
  if (!page.ok) throw new Error(page.error);
  return page.value;
}

let sha = 0;
/** Applies a raw page as the given feed would (the official one writes the archive's own ids). */
async function apply(d: ArchiveDatabase, raw: unknown, feed = OFFICIAL): Promise<PageApplied> {
  const page = parsed(raw);
  const namespace = feed === OFFICIAL ? '' : await namespaceOf(feed);
  sha += 1;
  return applyFeedPage(d, {
    namespace,
    cursorKey: cursorKeyOf(feed),
    ref: { key: page.key, sha256: String(sha).padStart(64, '0') },
    page,
  });
}

describe('parsing a page', () => {
  it('takes every valid record and skips each bad one with its reason', () => {
    const page = parsed(
      feedPage('2026-11-20', {
        items: [feedItem('good-one'), feedItem('bad-link', { url: 'javascript:alert(1)' }), { id: 'Not An Id' }, feedItem('good-two')],
      }),
    );
    expect(page.items.map((i) => i.id)).toEqual(['good-one', 'good-two']);
    expect(page.skipped).toHaveLength(2);
    expect(page.skipped[0]).toMatch(/^items\.1: url: must be an http\(s\) URL/);
  });

  it('accepts any minor version of its major, ignores fields it does not know, and refuses another major', () => {
    const future = parseFeedPage(
      feedPage('2026-11-20', { items: [{ ...feedItem('a'), mood: 'new field' }] }, { version: '1.7', extra: {} }),
      NOW,
    );
    expect(future.ok && future.value.items[0]).not.toHaveProperty('mood');
    expect(future.ok && future.value.items).toHaveLength(1);
    const next = parseFeedPage(feedPage('2026-11-20', {}, { version: '2.0' }), NOW);
    expect(next).toEqual({ ok: false, error: expect.stringContaining('this Backstory reads version 1.x') });
  });

  it('clamps a modified date beyond tomorrow and writes every date in one spelling', () => {
    const page = parsed(
      feedPage('2026-11-20', {
        items: [feedItem('far', { modified: '2099-01-01T00:00:00Z' }), feedItem('offset', { modified: '2026-11-20T12:00:00+02:00' })],
      }),
    );
    expect(page.items.map((i) => i.modified)).toEqual(['2026-12-06T08:00:00Z', '2026-11-20T10:00:00Z']);
  });

  it('says plainly that a document is not JSON, and where when the engine says, not in the engine’s own words', () => {
    const broken = parseJson('{"format": "backstory-feed-page",\n "items": [ }');
    expect(broken).toEqual({ ok: false, error: expect.stringMatching(/^not valid JSON( \(line 2, column \d+\))?$/) });
    expect(parseJson('hello world')).toEqual({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(JSON.stringify(parseJson('hello world'))).not.toMatch(/Unexpected|token|position/);
  });

  it('keeps the newest copy of an id repeated on a page', () => {
    const page = parsed(
      feedPage('2026-11-20', {
        items: [feedItem('twice', { title: 'new', modified: '2026-11-21T00:00:00Z' }), feedItem('twice', { title: 'old' })],
      }),
    );
    expect(page.items.map((i) => i.title)).toEqual(['new']);
    expect(page.skipped).toEqual(['items.1: twice repeated']);
  });

  it('parses an index and refuses pages out of order', () => {
    const ref = (key: string) => ({ key, url: `pages/${key}.json`, sha256: 'a'.repeat(64) });
    const index = {
      format: 'backstory-feed-index',
      version: '1.0',
      title: 'T',
      generated: '2026-11-20T00:00:00Z',
      pages: [ref('2026-11-01'), ref('2026-11-02')],
    };
    expect(parseFeedIndex(index).ok).toBe(true);
    expect(parseFeedIndex({ ...index, pages: [ref('2026-11-02'), ref('2026-11-01')] })).toEqual({
      ok: false,
      error: expect.stringContaining('in order'),
    });
  });
});

describe('applying pages', () => {
  it('adds new items to every query and moves the cursor with them', async () => {
    const d = await seededDb();
    const result = await apply(
      d,
      feedPage('2026-11-20', { items: [feedItem('2026-11-20-new-model', { entities: ['openai', 'anthropic'] })] }),
    );
    expect(result).toMatchObject({ state: 'applied', added: 1, updated: 0, removed: 0 });
    expect((await itemsOfEntity(d, 'anthropic')).map((i) => i.id)[0]).toBe('2026-11-20-new-model');
    expect((await recentItems(d, 1)).map((i) => i.id)).toEqual(['2026-11-20-new-model']);
    expect(await counts(d)).toEqual({ entities: 8, items: 5 });
    expect((await readFeedCursor(d, OFFICIAL))?.key).toBe('2026-11-20');
  });

  it('updates by id (the newer modified wins) and a newer copy settles a signal', async () => {
    const d = await seededDb();
    const [bundled] = await getItems(d, ['2026-07-04-alibaba-bans-claude-code']);
    const settled = {
      ...bundled,
      signals: [
        {
          claim: 'Two more firms follow within 60 days.',
          by: '2026-09-02',
          status: 'confirmed',
          resolvedBy: '2026-06-10-distillation-letter',
        },
      ],
      modified: '2026-09-03T00:00:00Z',
    };
    const result = await apply(d, feedPage('2026-09-03', { items: [settled] }));
    expect(result).toMatchObject({ updated: 1, settled: 1 });
    expect((await getItems(d, ['2026-07-04-alibaba-bans-claude-code']))[0]?.signals[0]?.status).toBe('confirmed');
    // An older copy, arriving later, changes nothing.
    const stale = await apply(d, feedPage('2026-09-04', { items: [{ ...bundled, title: 'stale' }] }));
    expect(stale).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await getItems(d, ['2026-07-04-alibaba-bans-claude-code']))[0]?.title).toBe(bundled?.title);
  });

  it('a copy a fraction of a second newer wins over one on the whole second (copies are ordered by time, not spelling)', async () => {
    const d = await seededDb();
    await apply(d, feedPage('2026-11-20', { items: [feedItem('x', { title: 'First version', modified: '2026-11-20T10:00:00Z' })] }));
    const later = await apply(
      d,
      feedPage('2026-11-21', { items: [feedItem('x', { title: 'Corrected', modified: '2026-11-20T10:00:00.250Z' })] }),
    );
    expect(later).toMatchObject({ updated: 1, unchanged: 0 });
    // And back: the copy on the whole second is the older one now.
    const earlier = await apply(
      d,
      feedPage('2026-11-22', { items: [feedItem('x', { title: 'First version', modified: '2026-11-20T10:00:00Z' })] }),
    );
    expect(earlier).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await getItems(d, ['x']))[0]?.title).toBe('Corrected');
  });

  it('a deletion on the page that brings its item removes it however the page is cut into slices', async () => {
    for (const fillers of [0, PAGE_SLICE * 2]) {
      const d = await seededDb();
      const items = [
        feedItem('retracted-story', { published: '2026-11-01', modified: '2026-11-20T10:00:00Z' }),
        ...Array.from({ length: fillers }, (_, i) => feedItem(`filler-${i}`, { published: '2026-11-02' })),
      ];
      const result = await apply(
        d,
        feedPage('2026-11-20', { items, deletions: [{ id: 'retracted-story', modified: '2026-11-20T11:00:00Z' }] }),
      );
      expect(result.skipped).toEqual([]);
      expect(await getItems(d, ['retracted-story'])).toEqual([]);
      expect((await counts(d)).items).toBe(4 + fillers);
      d.close();
    }
  });

  it('a deletion removes an item from every query and the count; one of an unknown id is reported', async () => {
    const d = await seededDb();
    const result = await apply(
      d,
      feedPage('2026-11-20', {
        deletions: [
          { id: '2026-06-10-distillation-letter', modified: '2026-11-20T00:00:00Z' },
          { id: 'never-was', modified: '2026-11-20T00:00:00Z' },
        ],
      }),
    );
    expect(result).toMatchObject({ removed: 1 });
    expect(result.skipped).toEqual(["deletions: never-was is not in this feed's archive"]);
    expect((await itemsOfEntity(d, 'anthropic')).map((i) => i.id)).not.toContain('2026-06-10-distillation-letter');
    expect((await counts(d)).items).toBe(3);
  });

  it("keeps the terms' statistics in step: a new item counts, a deletion uncounts", async () => {
    const d = await seededDb();
    const [term] = terms('Zanzibarian');
    const df = async () => (await termStats(d, [term as string])).df.get(term as string) ?? 0;
    const docs = (await termStats(d, [])).docs;
    await apply(d, feedPage('2026-11-20', { items: [feedItem('zanzi', { title: 'Zanzibarian robots' })] }));
    expect(await df()).toBe(1);
    expect((await termStats(d, [])).docs).toBe(docs + 1);
    await apply(d, feedPage('2026-11-21', { deletions: [{ id: 'zanzi', modified: '2026-11-21T00:00:00Z' }] }));
    expect(await df()).toBe(0);
    expect((await termStats(d, [])).docs).toBe(docs);
  });

  it('applying the same page twice changes nothing the second time', async () => {
    const d = await seededDb();
    const page = parsed(feedPage('2026-11-20', { items: [feedItem('once')] }));
    const write = { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key: page.key, sha256: 'b'.repeat(64) }, page };
    expect((await applyFeedPage(d, write)).state).toBe('applied');
    expect((await applyFeedPage(d, write)).state).toBe('already');
    expect((await counts(d)).items).toBe(5);
  });
});

describe('namespaces', () => {
  it("another feed's items live in its namespace: it cannot overwrite or delete the official ones", async () => {
    const d = await seededDb();
    const ns = await namespaceOf(OTHER);
    const [bundled] = await getItems(d, ['2026-07-04-alibaba-bans-claude-code']);
    const result = await apply(
      d,
      feedPage('2026-11-20', {
        items: [{ ...bundled, title: 'Hijacked', modified: '2026-11-20T00:00:00Z' }],
        deletions: [{ id: '2026-06-10-distillation-letter', modified: '2026-11-20T00:00:00Z' }],
      }),
      OTHER,
    );
    expect(result).toMatchObject({ added: 1, removed: 0 });
    const [official, copy, letter] = await getItems(d, [
      '2026-07-04-alibaba-bans-claude-code',
      namespaced(ns, '2026-07-04-alibaba-bans-claude-code'),
      '2026-06-10-distillation-letter',
    ]);
    expect(official?.title).toBe(bundled?.title);
    expect(copy?.title).toBe('Hijacked');
    expect(letter).toBeDefined();
  });

  it("another feed's entities cannot take a known name, a common word or a short alias; its items still reach the known entity", async () => {
    const d = await seededDb();
    const ns = await namespaceOf(OTHER);
    const result = await apply(
      d,
      feedPage('2026-11-20', {
        entities: [feedEntity('openai', 'OpenAI'), feedEntity('newco', 'NewCo Robotics', { aliases: ['the', 'NC', 'Claude', 'NewCo'] })],
        items: [feedItem('story', { entities: ['openai', 'newco'] })],
      }),
      OTHER,
    );
    expect(result.entities).toBe(1);
    expect(result.skipped).toEqual([
      'entity openai: "OpenAI" is already another entity\'s name',
      'entity newco: alias "the" is a common word',
      'entity newco: alias "NC" is shorter than three letters',
      'entity newco: alias "Claude" is already another entity\'s name',
    ]);
    expect((await entitiesByAlias(d, 'newco')).map((e) => e.id)).toEqual([namespaced(ns, 'newco')]);
    expect((await entitiesByAlias(d, 'OpenAI')).map((e) => e.id)).toEqual(['openai']);
    const [story] = await getItems(d, [namespaced(ns, 'story')]);
    expect(story?.entities).toEqual(['openai', namespaced(ns, 'newco')]);
  });

  it('the official feed may add an alias to a bundled entity, but not a common word', async () => {
    const d = await seededDb();
    const result = await apply(
      d,
      feedPage('2026-11-20', { entities: [feedEntity('openai', 'OpenAI', { aliases: ['Open AI', 'about'] })] }),
    );
    expect(result.skipped).toEqual(['entity openai: alias "about" is a common word']);
    expect((await entitiesByAlias(d, 'open ai')).map((e) => e.id)).toEqual(['openai']);
  });
});

describe('the cursor across a run of pages', () => {
  it('a session that keeps what it knows of the lists writes the same as fresh ones, and yields to other writers', async () => {
    const d = await seededDb();
    const session = createFeedWriteSession();
    const items = Array.from({ length: 30 }, (_, i) =>
      feedItem(`item-${String(i).padStart(2, '0')}`, {
        entities: ['openai', 'anthropic'],
        published: `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
      }),
    );
    for (let p = 0; p < 3; p++) {
      const page = parsed(feedPage(`2026-11-2${p}`, { items: items.slice(p * 10, p * 10 + 10) }));
      await applyFeedPage(
        d,
        { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key: page.key, sha256: `${p}`.repeat(64) }, page },
        session,
      );
      if (p === 1) await importDocument(d, miniArchive()); // another writer between two pages
    }
    expect((await itemsOfEntity(d, 'openai', 100)).length).toBe(31);
    expect((await counts(d)).items).toBe(34);
    // The term statistics too, with the buckets the session kept between its pages.
    const [term] = terms('Title');
    expect((await termStats(d, [term as string])).df.get(term as string)).toBe(30);
    expect((await termStats(d, [])).docs).toBe(34);
  });
});

describe("a run's posting lists", () => {
  it("reads a list's block keys once, where new items fall before its last block slice after slice, and keeps every list exact", async () => {
    const d = await seededDb();
    const session = createFeedWriteSession();
    // 144 items, three pages of three slices, dated all over November (a feed's items come a few days out of order).
    const items = Array.from({ length: 144 }, (_, i) =>
      feedItem(`jitter-${String(i).padStart(3, '0')}`, {
        entities: ['openai'],
        published: `2026-11-${String(1 + ((i * 37) % 28)).padStart(2, '0')}`,
      }),
    );
    const reads: string[] = [];
    const getAllKeys = IDBObjectStore.prototype.getAllKeys;
    IDBObjectStore.prototype.getAllKeys = function (this: IDBObjectStore, ...args: Parameters<typeof getAllKeys>) {
      const range = args[0];
      if (this.name === 'postings' && range instanceof IDBKeyRange) reads.push(String((range.lower as string[])[0]));
      return getAllKeys.apply(this, args);
    };
    try {
      for (let p = 0; p < 3; p++) {
        const page = parsed(feedPage(`2026-11-2${p}`, { items: items.slice(p * 48, p * 48 + 48) }));
        await applyFeedPage(
          d,
          { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key: page.key, sha256: `${p}`.repeat(64) }, page },
          session,
        );
      }
    } finally {
      IDBObjectStore.prototype.getAllKeys = getAllKeys;
    }
    // Each list's keys read once (the items' list and OpenAI's), not once a slice.
    expect(reads.sort()).toEqual(['', 'openai']);
    // And the lists are whole and in order, however the cached keys placed each posting.
    const all = await itemsOfEntity(d, 'openai', 1000);
    expect(all.filter((item) => item.id.startsWith('jitter-'))).toHaveLength(144);
    const dates = all.map((item) => `${item.published} ${item.id}`);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(await itemCounts(d, ['openai'])).toEqual([all.length]);
    expect((await recentItems(d, 1000)).length).toBe((await counts(d)).items);
  });
  it('after Delete everything, goes on writing lists that hold its own items only (what it kept of them was cleared)', async () => {
    const d = await seededDb();
    const session = createFeedWriteSession();
    const pageOf = (key: string, ids: string[]) => {
      const page = parsed(feedPage(key, { items: ids.map((id) => feedItem(id, { entities: ['openai'], published: key })) }));
      return { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key, sha256: key.replace(/-/g, '').padEnd(64, '0') }, page };
    };
    const first = Array.from({ length: 40 }, (_, i) => `before-clear-${String(i).padStart(2, '0')}`);
    await applyFeedPage(d, pageOf('2026-11-20', first), session);
    // "Delete everything" while the run goes on: the archive is emptied between two of its pages.
    await clearArchive(d);
    await applyFeedPage(d, pageOf('2026-11-21', ['after-clear-a', 'after-clear-b']), session);
    expect((await itemsOfEntity(d, 'openai', 100)).map((item) => item.id)).toEqual(['after-clear-b', 'after-clear-a']);
    expect(await itemCounts(d, ['openai'])).toEqual([2]);
    expect((await recentItems(d, 100)).map((item) => item.id)).toEqual(['after-clear-b', 'after-clear-a']);
  });
});

describe("a page's slices after its first", () => {
  /** The database, counting the read-only transactions made on it. */
  function countingReads(d: ArchiveDatabase): { db: ArchiveDatabase; reads: () => number } {
    let reads = 0;
    const db = new Proxy(d, {
      get(target, property) {
        if (property !== 'transaction') return Reflect.get(target, property, target);
        return (names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) => {
          if ((mode ?? 'readonly') === 'readonly') reads++;
          return target.transaction(names as never, mode, options);
        };
      },
    });
    return { db, reads: () => reads };
  }
  /** A page of `n` items dated over a few days of November (a feed's come out of date order), in OpenAI's list and others'. */
  function datedPage(key: string, n: number, from: number): FeedPageWrite {
    const items = Array.from({ length: n }, (_, i) =>
      feedItem(`later-${String(from + i).padStart(3, '0')}`, {
        entities: i % 2 ? ['openai'] : ['openai', 'anthropic'],
        published: `2026-11-${String(10 + ((i * 7) % 5)).padStart(2, '0')}`,
      }),
    );
    const page = parsed(feedPage(key, { items }));
    return { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key, sha256: key.replace(/-/g, '').padEnd(64, '0') }, page };
  }

  /** The archive holds `before`'s items and `n` of the pages', each in OpenAI's and the other lists once, in order, counted exactly. */
  async function expectListsExact(d: ArchiveDatabase, before: { items: number; entities: number }, n: number): Promise<void> {
    expect(await counts(d)).toEqual({ ...before, items: before.items + n });
    for (const entity of ['openai', 'anthropic']) {
      const all = await itemsOfEntity(d, entity, 1000);
      const keys = all.map((item) => `${item.published} ${item.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
      expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
      expect(await itemCounts(d, [entity])).toEqual([all.length]);
    }
    expect((await itemsOfEntity(d, 'openai', 1000)).filter((item) => item.id.startsWith('later-'))).toHaveLength(n);
    expect((await recentItems(d, 1000)).length).toBe(before.items + n);
  }

  it('read nothing the first read for the page: one read-only transaction a page, and every list exact', async () => {
    const d = await seededDb();
    const before = await counts(d);
    const { db: counted, reads } = countingReads(d);
    const session = createFeedWriteSession();
    for (const [p, key] of ['2026-11-20', '2026-11-21', '2026-11-22'].entries()) {
      const applied = await applyFeedPage(counted, datedPage(key, 5 * PAGE_SLICE, p * 100), session);
      expect(applied).toMatchObject({ state: 'applied', added: 5 * PAGE_SLICE });
    }
    expect(reads()).toBe(3);
    await expectListsExact(d, before, 15 * PAGE_SLICE);
  });

  it('a slice that fails to commit after the next was worked out ahead: the page stops there, and the run goes on with every list exact', async () => {
    const name = freshDbName();
    db = await openArchiveDb(name);
    await importDocument(db, miniArchive());
    const d = db;
    const before = await counts(d);
    const session = createFeedWriteSession();
    // A page the run wrote whole: it keeps what it knows of the lists for the next.
    await applyFeedPage(d, datedPage('2026-11-19', 2 * PAGE_SLICE, 200), session);
    const next = datedPage('2026-11-20', 5 * PAGE_SLICE, 0);
    // Room for a slice or two: the slice after the last that fits was worked out while that one committed.
    fillDisk(name, 12_000);
    await expect(applyFeedPage(d, next, session)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    const done = (await readFeedCursor(d, OFFICIAL))?.partial?.done ?? 0;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(5 * PAGE_SLICE);
    expect((await counts(d)).items).toBe(before.items + 2 * PAGE_SLICE + done);
    freeDisk(name);
    // The same run goes on, with another page whose items fall among the others' (nothing of the failed slice is
    // in the lists), then the page from where it stopped.
    // (Under a cursor of its own, so that the page stopped part way is not passed by it.)
    const among = { ...datedPage('2026-11-21', 3 * PAGE_SLICE, 100), cursorKey: cursorKeyOf(OTHER) };
    expect(await applyFeedPage(d, among, session)).toMatchObject({ added: 3 * PAGE_SLICE });
    await expectListsExact(d, before, 5 * PAGE_SLICE + done);
    expect(await applyFeedPage(d, next, session)).toMatchObject({ state: 'applied', added: 5 * PAGE_SLICE - done });
    await expectListsExact(d, before, 10 * PAGE_SLICE);
  });

  it('write one item a transaction while readers are near, and whole slices once they are quiet, every list exact', async () => {
    const d = await seededDb();
    const before = await counts(d);
    // Readers near for the page's first two slices, and again for its fifth: by then the next slice had been worked
    // out ahead at the whole size (none were near as the fourth was written), and is not the one written.
    const near = [true, true, false, false, true];
    let asked = 0;
    const written: number[] = [];
    observeWrites(() => written.push(written.length));
    try {
      const applied = await applyFeedPage(d, datedPage('2026-11-20', 3 * PAGE_SLICE, 0), {
        readersNear: () => near[asked++] ?? false,
      });
      expect(applied).toMatchObject({ state: 'applied', added: 3 * PAGE_SLICE });
    } finally {
      observeWrites(undefined);
    }
    // Two items alone, two whole slices, one item alone, then the PAGE_SLICE − 3 left in one more.
    expect(written.length).toBe(2 + 2 + 1 + Math.ceil((PAGE_SLICE - 3) / PAGE_SLICE));
    const cursor = await readFeedCursor(d, OFFICIAL);
    expect(cursor?.partial).toBeUndefined();
    await expectListsExact(d, before, 3 * PAGE_SLICE);
  });

  it("read again after another's write between two of them, and count what it wrote", async () => {
    const d = await seededDb();
    const before = await counts(d);
    const { db: counted, reads } = countingReads(d);
    let others = 0;
    const applied = await applyFeedPage(counted, datedPage('2026-11-20', 3 * PAGE_SLICE, 0), {
      // A write that takes no turn (the bundled snapshot's entities are stored so) moves the counts a slice knew.
      between: async () => {
        if (others > 0) return;
        others++;
        await putEntities(d, [
          { id: 'between-slices', name: 'Between Slices', type: 'company', aliases: [], ambiguous: [], description: '' },
        ]);
      },
    });
    expect(applied).toMatchObject({ state: 'applied', added: 3 * PAGE_SLICE });
    expect(reads()).toBe(2);
    expect(await counts(d)).toEqual({ entities: before.entities + 1, items: before.items + 3 * PAGE_SLICE });
  });
});

describe("a page's slices", () => {
  /** A page of 32 items listed out of date order (as a feed lists by modification), dated all over November. */
  function shuffledPage(key: string): FeedPageWrite {
    const items = Array.from({ length: 32 }, (_, i) =>
      feedItem(`shuffled-${String(i).padStart(2, '0')}`, { published: `2026-11-${String(1 + ((i * 11) % 28)).padStart(2, '0')}` }),
    );
    const page = parsed(feedPage(key, { items }));
    return { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key, sha256: 'd'.repeat(64) }, page };
  }
  const byDate = (items: { published: string; id: string }[]) =>
    [...items].sort((a, b) => (a.published === b.published ? (a.id < b.id ? -1 : 1) : a.published < b.published ? -1 : 1));

  it('take its items by date, so each writes items of neighbouring dates; a run stopped after one goes on from there', async () => {
    const d = await seededDb();
    const before = (await counts(d)).items;
    const write = shuffledPage('2026-11-30');
    const stop = new Error('the worker stopped');
    await expect(
      applyFeedPage(d, write, {
        between: async () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    // The first slice holds the page's oldest items, not its first listed.
    const oldest = byDate(write.page.items).slice(0, PAGE_SLICE);
    const stored = await getItems(
      d,
      write.page.items.map((item) => item.id),
    );
    expect(stored.map((item) => item.id).sort()).toEqual(oldest.map((item) => item.id).sort());
    expect((await readFeedCursor(d, OFFICIAL))?.partial).toEqual({ sha256: write.ref.sha256, done: PAGE_SLICE, order: 'date', of: 32 });

    const rest = await applyFeedPage(d, write);
    expect(rest).toMatchObject({ state: 'applied', added: 32 - PAGE_SLICE, unchanged: 0 });
    expect((await counts(d)).items).toBe(before + 32);
  });

  it('a page applied in part that holds one more item when read again (its date has come) starts over and loses none', async () => {
    const d = await seededDb();
    const gone = Array.from({ length: PAGE_SLICE + 2 }, (_, i) => `gone-${i}`);
    await apply(d, feedPage('2026-11-20', { items: gone.map((id) => feedItem(id, { modified: '2026-11-20T10:00:00Z' })) }));
    const deletions = gone.map((id) => ({ id, modified: '2026-11-21T10:00:00Z' }));
    const now = parsed(feedPage('2026-11-21', { items: [feedItem('dated-ahead', { published: '2026-11-21' })], deletions }));
    // The day before, its item was dated beyond tomorrow and refused: the page was read without it.
    const then = { ...now, items: [] };
    const write = (page: FeedPage): FeedPageWrite => ({
      namespace: '',
      cursorKey: cursorKeyOf(OFFICIAL),
      ref: { key: page.key, sha256: 'e'.repeat(64) },
      page,
    });
    const stop = new Error('the worker stopped');
    await expect(
      applyFeedPage(d, write(then), {
        between: async () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    await applyFeedPage(d, write(now));
    expect((await getItems(d, ['dated-ahead'])).map((item) => item.id)).toEqual(['dated-ahead']);
    expect(await getItems(d, gone)).toEqual([]);
  });

  it('a page an earlier version applied in part, counted in the order the page lists them, starts over and loses none', async () => {
    const d = await seededDb();
    const before = (await counts(d)).items;
    const write = shuffledPage('2026-11-30');
    // The earlier version wrote the page's first listed items and counted them in its cursor.
    const firstListed = write.page.items.slice(0, PAGE_SLICE);
    await putItems(d, firstListed);
    const cursor: FeedCursor = { key: '2026-11-29', seen: [], partial: { sha256: write.ref.sha256, done: PAGE_SLICE } };
    const tx = d.transaction('meta', 'readwrite');
    await tx.store.put(cursor, cursorKeyOf(OFFICIAL));
    await tx.done;

    const applied = await applyFeedPage(d, write);
    expect(applied).toMatchObject({ state: 'applied', added: 32 - PAGE_SLICE, unchanged: PAGE_SLICE });
    expect((await counts(d)).items).toBe(before + 32);
    expect(
      (
        await getItems(
          d,
          write.page.items.map((item) => item.id),
        )
      ).length,
    ).toBe(32);
  });
});

describe('a slice read before it is written', () => {
  /**
   * The database as the feed's write sees it, with another writer that begins a write transaction right after
   * each of the first `times` read-only transactions over the items (so between a slice's read and its write):
   * it stores a new entity, which moves the count the slice read.
   */
  function withWriterBetween(d: ArchiveDatabase, times: number): { db: ArchiveDatabase; writes: Promise<void>[] } {
    const writes: Promise<void>[] = [];
    const db = new Proxy(d, {
      get(target, property) {
        if (property !== 'transaction') return Reflect.get(target, property, target);
        return (names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) => {
          const tx = target.transaction(names as never, mode, options);
          if ((mode ?? 'readonly') === 'readonly' && [names].flat().includes('items') && writes.length < times) {
            const n = writes.length;
            writes.push(
              putEntities(target, [
                { id: `between-${n}`, name: `Between ${n}`, type: 'company', aliases: [], ambiguous: [], description: '' },
              ]),
            );
          }
          return tx;
        };
      },
    });
    return { db, writes };
  }

  for (const [times, how] of [
    [1, 'reads again'],
    [5, 'after two tries reads within its write'],
  ] as const) {
    it(`a write begun between its read and its write is not lost: the slice ${how}`, async () => {
      const d = await seededDb();
      const before = await counts(d);
      const { db: racing, writes } = withWriterBetween(d, times);
      const items = Array.from({ length: 20 }, (_, i) => feedItem(`raced-${String(i).padStart(2, '0')}`, { entities: ['openai'] }));
      const result = await apply(racing, feedPage('2026-11-20', { items }));
      await Promise.all(writes);
      expect(result).toMatchObject({ state: 'applied', added: 20 });
      // The other writer's entities are counted, and so is every item of the page, once.
      expect(writes.length).toBeGreaterThan(0);
      expect(await counts(d)).toEqual({ entities: before.entities + writes.length, items: before.items + 20 });
      expect((await itemsOfEntity(d, 'openai', 100)).filter((item) => item.id.startsWith('raced-'))).toHaveLength(20);
    });
  }
});

describe('properties', () => {
  const LINK_FIELDS = (page: FeedPage) => [
    ...page.items.flatMap((item) => [item.url, ...item.coverage.flatMap((row) => [row.url, row.source])]),
    ...page.entities.map((entity) => entity.homepage),
  ];
  const link = fc.oneof(
    fc.webUrl(),
    fc.constantFrom(
      'javascript:alert(1)',
      'data:text/html,<b>',
      'JAVASCRIPT:x',
      ' https://x.com',
      'ftp://x.com',
      'file:///etc/passwd',
      'vbscript:x',
    ),
    fc.string(),
  );

  it('the page parser never throws, on any JSON at all', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parseFeedPage(value, NOW);
        parseFeedPage(
          { format: 'backstory-feed-page', version: '1.0', key: '2026-11-20', items: [value], entities: [value], deletions: [value] },
          NOW,
        );
        parseFeedIndex(value);
      }),
    );
  });

  it('the page parser never keeps a link that is not http(s)', () => {
    fc.assert(
      fc.property(link, link, link, (url, coverage, homepage) => {
        const result = parseFeedPage(
          feedPage('2026-11-20', {
            items: [
              feedItem('a', {
                url,
                coverage: [{ outlet: 'O', headline: 'H', published: '2026-11-20', checked: 'checked', url: coverage, source: coverage }],
              }),
            ],
            entities: [feedEntity('e', 'Entity', { homepage })],
          }),
          NOW,
        );
        if (!result.ok) return;
        for (const kept of LINK_FIELDS(result.value)) if (kept !== undefined) expect(kept).toMatch(/^https?:\/\//i);
      }),
    );
  });
});
