/**
 * Feed benchmark hooks, compiled into the worker only in a bench build (beside bench-hooks.ts): applying
 * synthetic feed pages through the archive's own write path, the same records with a bare idb put loop,
 * and the sidebar's archive work while a sync writes.
 */
import { unwrap } from 'idb';
import type { ArchiveDatabase } from '../../lib/archive/db';
import {
  applyFeedPage,
  createFeedWriteSession,
  cursorKeyOf,
  type FeedPageWrite,
  type FeedWriteSession,
  PAGE_SLICE,
} from '../../lib/archive/feed-apply';
import { packBlock, rebuildBlock } from '../../lib/archive/postings';
import type { Item } from '../../lib/archive/schema';
import {
  ARCHIVE_COUNTS,
  diffDoc,
  docStores,
  ITEM_WRITE_STORES,
  liveTerms,
  noDocChanges,
  observeWrites,
  putEntities,
  writeDocs,
} from '../../lib/archive/store';
import { compileMatcher, matcherFromBytes } from '../../lib/entities/matcher';
import type { FeedPage } from '../../lib/sync/feed-format';
import { compileSyncedMatcher, type SyncedMatcherRecord } from '../../lib/sync/synced-matcher';
import { synthEntities, synthItems } from './synth-archive';

/** Items on one feed page (FEED_LIMITS.pageItems at most). */
export const BENCH_PAGE_ITEMS = 100;

/** n synthetic items, dated after everything a large archive of `after` items holds, in pages. */
export function feedPages(n: number, after: number, entities: number, pageItems: number): FeedPage[] {
  const items = synthItems({ items: n, offset: after, seed: after + 7, entities });
  const pages: FeedPage[] = [];
  for (let i = 0; i < n; i += pageItems) {
    const key = `2027-01-01-${String(pages.length + 1).padStart(3, '0')}`;
    pages.push({ key, entities: [], items: items.slice(i, i + pageItems), deletions: [], skipped: [] });
  }
  return pages;
}

export type Apply = (write: FeedPageWrite, session: FeedWriteSession) => Promise<unknown>;

/** Applies pages as a sync does (one transaction per page, with the cursor); ms per page. */
export async function applyPages(apply: Apply, pages: readonly FeedPage[], feed: string, slice?: number): Promise<number[]> {
  const session: FeedWriteSession = { ...createFeedWriteSession(), ...(slice ? { slice } : {}) };
  const times: number[] = [];
  for (const page of pages) {
    const start = performance.now();
    await apply({ namespace: '', cursorKey: cursorKeyOf(feed), ref: { key: page.key, sha256: page.key }, page }, session);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * A bare idb put loop writing what ours writes of a page, in the same batches: each slice of the page (PAGE_SLICE
 * items, or `slice`) as stored, fresh posting blocks, the items' terms and the two delta records as if nothing
 * were stored yet, the count and the cursor, put in one transaction, nothing read and nothing checked. `page`
 * returns its ms; `transactions` collects each transaction's (from its making to its commit, as ours are timed).
 */
function bareWriter(target: ArchiveDatabase, slice: number, entities: number) {
  let written = 0;
  const transactions: number[] = [];
  return {
    transactions,
    async page(whole: FeedPage): Promise<number> {
      let ms = 0;
      for (let at = 0; at < whole.items.length; at += slice) {
        const start = performance.now();
        const items = whole.items.slice(at, at + slice) as Item[];
        const changes = noDocChanges();
        const stemmed = items.map((item) => ({ item, terms: liveTerms(item) }));
        for (const { item, terms } of stemmed) diffDoc(changes, undefined, undefined, item, terms);
        const blocks = [...changes.lists].flatMap(([list, { add }]) => rebuildBlock(list, undefined, add, []).put);
        const made = performance.now();
        const tx = target.transaction(ITEM_WRITE_STORES, 'readwrite', { durability: 'relaxed' });
        const postings = unwrap(tx.objectStore('postings'));
        const meta = unwrap(tx.objectStore('meta'));
        writeDocs(docStores(tx), stemmed, changes);
        for (const block of blocks) postings.put(packBlock(block));
        written += items.length;
        meta.put({ entities, items: written }, ARCHIVE_COUNTS);
        meta.put({ key: whole.key, seen: [whole.key] }, cursorKeyOf('bench-feed'));
        await tx.done;
        transactions.push(performance.now() - made);
        ms += performance.now() - start;
      }
      return ms;
    },
  };
}

export function createFeedBenchHooks(fresh: (name: string) => Promise<ArchiveDatabase>) {
  return {
    /** n new items from feed pages through the archive's write path; items/s and each page's ms. */
    async applyFeed(
      name: string,
      n: number,
      pageItems = BENCH_PAGE_ITEMS,
      entities = 2000,
      slice = PAGE_SLICE,
    ): Promise<{ rate: number; pages: number[]; transactions: number[] }> {
      const target = await fresh(name);
      await putEntities(target, synthEntities(entities));
      const pages = feedPages(n, 0, entities, pageItems);
      const transactions: number[] = [];
      observeWrites((ms) => transactions.push(ms));
      const times = await applyPages((write, session) => applyFeedPage(target, write, session), pages, 'bench-feed', slice).finally(() =>
        observeWrites(undefined),
      );
      target.close();
      return { rate: n / (times.reduce((a, b) => a + b, 0) / 1000), pages: times, transactions };
    },
    /**
     * The same records with a bare idb put loop in the same batches (`barePage`); items/s, and each
     * transaction's ms (from its making to its commit, as ours are timed).
     */
    async bareFeed(
      name: string,
      n: number,
      pageItems = BENCH_PAGE_ITEMS,
      entities = 2000,
      slice = PAGE_SLICE,
    ): Promise<{ rate: number; transactions: number[] }> {
      const target = await fresh(name);
      await putEntities(target, synthEntities(entities));
      const bare = bareWriter(target, slice, entities);
      let ms = 0;
      for (const page of feedPages(n, 0, entities, pageItems)) ms += await bare.page(page);
      target.close();
      return { rate: n / (ms / 1000), transactions: bare.transactions };
    },
    /**
     * Ours and the bare loop on the same pages, taking turns page by page (which goes first alternating), each on
     * its own archive: so a slow spell of the browser's storage (a compaction, another process) falls on both
     * alike, where two runs one after the other each met their own. Items/s each way, and their transactions' and
     * pages' ms.
     */
    async feedPair(
      name: string,
      n: number,
      pageItems = BENCH_PAGE_ITEMS,
      entities = 2000,
      slice = PAGE_SLICE,
    ): Promise<{ ours: number; bare: number; transactions: number[]; bareTransactions: number[]; pages: number[] }> {
      const [target, bareTarget] = [await fresh(name), await fresh(`${name}-bare`)];
      await putEntities(target, synthEntities(entities));
      await putEntities(bareTarget, synthEntities(entities));
      const bare = bareWriter(bareTarget, slice, entities);
      const session: FeedWriteSession = { ...createFeedWriteSession(), slice };
      const transactions: number[] = [];
      const pages: number[] = [];
      let bareMs = 0;
      const ours = async (page: FeedPage) => {
        observeWrites((ms) => transactions.push(ms));
        const start = performance.now();
        const write = { namespace: '', cursorKey: cursorKeyOf('bench-feed'), ref: { key: page.key, sha256: page.key }, page };
        await applyFeedPage(target, write, session).finally(() => observeWrites(undefined));
        pages.push(performance.now() - start);
      };
      for (const [i, page] of feedPages(n, 0, entities, pageItems).entries()) {
        if (i % 2 === 0) {
          await ours(page);
          bareMs += await bare.page(page);
        } else {
          bareMs += await bare.page(page);
          await ours(page);
        }
      }
      target.close();
      bareTarget.close();
      const oursMs = pages.reduce((a, b) => a + b, 0);
      return { ours: n / (oursMs / 1000), bare: n / (bareMs / 1000), transactions, bareTransactions: bare.transactions, pages };
    },
    /** The synced-entity matcher for `count` entities (two surfaces each): ms to compile it, and ms to load its bytes. */
    syncedMatcher(count: number): { patterns: number; compileMs: number; loadMs: number } {
      const none = compileMatcher([]);
      const record = compileSyncedMatcher(synthEntities(count), none, 'bench') as SyncedMatcherRecord;
      const start = performance.now();
      matcherFromBytes(record.bytes);
      return { patterns: record.patterns, compileMs: record.compileMs, loadMs: performance.now() - start };
    },
    /**
     * Applies n new items from feed pages through `apply` (the archive service's, as the worker's sync
     * does) while `query` runs the sidebar's work over and over; the query's ms while the sync wrote.
     */
    async queryDuringSync(
      n: number,
      apply: Apply,
      query: () => Promise<number>,
      entities = 2000,
    ): Promise<{ times: number[]; pages: number }> {
      const pages = feedPages(n, 10_000_000, entities, BENCH_PAGE_ITEMS);
      let done = false;
      const sync = applyPages(apply, pages, `bench-sync-${Date.now()}`).finally(() => {
        done = true;
      });
      const times: number[] = [];
      while (!done) times.push(await query());
      await sync;
      return { times, pages: pages.length };
    },
  };
}
