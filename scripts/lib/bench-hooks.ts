/**
 * Benchmark hooks, compiled into the service worker only in a bench build (BACKSTORY_BENCH=1, see
 * wxt.config.ts), so that the browser benchmarks time the worker's real code on its real IndexedDB.
 */
import { unwrap } from 'idb';
import { type ArchiveConnection, type ArchiveDatabase, createArchiveConnection, openArchiveDb } from '../../lib/archive/db';
import { applyFeedPage } from '../../lib/archive/feed-apply';
import { foldAll, foldTermDeltas } from '../../lib/archive/fold';
import { diffItem, EVERY_ITEM, type ListChanges, packBlock, rebuildBlock, unpackBlock } from '../../lib/archive/postings';
import { newSearchMemory, searchArchive } from '../../lib/archive/search';
import { ensureSeeded } from '../../lib/archive/seed';
import { type ArchiveService, createArchiveService } from '../../lib/archive/service';
import { ARCHIVE_COUNTS, counts, itemCounts, putEntities, putItems, toStoredItem, WRITE_BATCH } from '../../lib/archive/store';
import { type IndexChange, type IndexWork, indexedDoc, splitTerms } from '../../lib/archive/term-stats';
import type { ArticleAnalysis } from '../../lib/entities/analysis';
import { applyPages, createFeedBenchHooks, feedPages } from './bench-feed-hooks';
import { createNewsBenchHooks } from './bench-news-hooks';
import { type SynthOptions, synthEntities, synthItems } from './synth-archive';

type SynthOrder = SynthOptions['order'];

/**
 * Items made and imported at a time: a 100k import is one import of 100k items (as of a document),
 * and the 1M-item archive is built by ten of them.
 */
const PAGE = 100_000;

async function fresh(name: string): Promise<ArchiveDatabase> {
  await new Promise<void>((done, fail) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => done();
    request.onerror = () => fail(request.error);
  });
  return openArchiveDb(name);
}

export function createBenchHooks(loadSnapshot: () => Promise<unknown>) {
  /** One connection per archive for the worker's lifetime, as the background keeps its own. */
  const connections = new Map<string, ArchiveConnection>();
  const connection = (name: string): ArchiveConnection => {
    let found = connections.get(name);
    if (!found) {
      found = createArchiveConnection(name);
      connections.set(name, found);
    }
    return found;
  };
  /** One archive service per archive, as the worker keeps one: the sidebar's reads and a sync's pages meet in it. */
  const services = new Map<string, ArchiveService>();
  const serviceFor = (name: string): ArchiveService => {
    let found = services.get(name);
    if (!found) {
      found = createArchiveService(connection(name), { snapshotId: 'bench', loadSnapshot });
      services.set(name, found);
    }
    return found;
  };
  const feedHooks = createFeedBenchHooks(fresh);
  const hooks = {
    ...feedHooks,
    ...createNewsBenchHooks(fresh, loadSnapshot),
    /** The sidebar's archive work (as `query`, one run at a time) over and over while a sync applies n items to the same archive. */
    queryWhileSyncing(name: string, entityIds: string[], n: number) {
      return feedHooks.queryDuringSync(
        n,
        (write, session) => serviceFor(name).applyFeedPage(write, session),
        async () => (await hooks.query(name, entityIds, 1))[0] as number,
      );
    },
    /** Imports the bundled snapshot into an empty database; ms. */
    async importSnapshot(): Promise<number> {
      const target = await fresh('bench-snapshot');
      const start = performance.now();
      const outcome = await ensureSeeded(target, 'bench', loadSnapshot);
      const ms = performance.now() - start;
      target.close();
      if (outcome.state === 'failed') throw new Error(outcome.error);
      return ms;
    },
    /** Imports n synthetic items through the archive's own write path; items per second. */
    async importSynth(name: string, n: number, order: SynthOrder = 'chronological', page = PAGE, entities = 2000): Promise<number> {
      const target = await fresh(name);
      await putEntities(target, synthEntities(entities));
      let ms = 0;
      for (let offset = 0; offset < n; offset += page) {
        const items = synthItems({ items: Math.min(page, n - offset), offset, seed: offset + 1, entities, order });
        const start = performance.now();
        await putItems(target, items);
        ms += performance.now() - start;
      }
      target.close();
      return n / (ms / 1000);
    },
    /**
     * The same items with a bare idb put loop on the same schema: each batch's records made as simply as
     * can be (the items as stored, and fresh posting blocks as if no list had any yet) and put with the
     * count in one transaction, nothing read and nothing checked; items per second.
     */
    async bareImport(name: string, n: number, order: SynthOrder = 'chronological', page = PAGE, entities = 2000): Promise<number> {
      const target = await fresh(name);
      let ms = 0;
      for (let offset = 0; offset < n; offset += page) {
        const items = synthItems({ items: Math.min(page, n - offset), offset, seed: offset + 1, entities, order });
        for (let i = 0; i < items.length; i += WRITE_BATCH) {
          const batch = items.slice(i, i + WRITE_BATCH);
          const start = performance.now();
          const changes: ListChanges = new Map();
          for (const item of batch) diffItem(changes, undefined, item);
          const blocks = [...changes].flatMap(([list, { add }]) => rebuildBlock(list, undefined, add, []).put);
          const tx = target.transaction(['items', 'postings', 'meta'], 'readwrite', { durability: 'relaxed' });
          const itemStore = unwrap(tx.objectStore('items'));
          const postings = unwrap(tx.objectStore('postings'));
          for (const item of batch) itemStore.put(toStoredItem(item));
          for (const block of blocks) postings.put(packBlock(block));
          unwrap(tx.objectStore('meta')).put({ items: offset + i + batch.length }, ARCHIVE_COUNTS);
          await tx.done;
          ms += performance.now() - start;
        }
      }
      target.close();
      return n / (ms / 1000);
    },
    /**
     * Empties the search index and queues every live item for it again, in records of `page` items (an
     * import's batch, WRITE_BATCH): what an upgrade or a large import leaves the fold job. So the fold is
     * timed again on a kept profile (BENCH_PROFILE_DIR) without building the archive again. Returns the items queued.
     */
    async reindex(name: string, page = WRITE_BATCH): Promise<number> {
      const target = await connection(name)();
      while ((await foldTermDeltas(target)) !== undefined); // the frequencies first: only the index is rebuilt
      const clear = target.transaction(['search', 'searchQueue'], 'readwrite');
      await Promise.all([clear.objectStore('search').clear(), clear.objectStore('searchQueue').clear(), clear.done]);
      // In date order, as an import writes (its batches sorted by date): the every-item list's blocks, in turn.
      const blocks = (await target.getAll('postings', IDBKeyRange.bound([EVERY_ITEM], [EVERY_ITEM, []]))).map(unpackBlock);
      const postings = blocks.flatMap((block) => block.postings);
      let queued = 0;
      for (let at = 0; at < postings.length; at += page) {
        const ids = postings.slice(at, at + page).map(([, id]) => id);
        const read = target.transaction(['items', 'itemTerms']);
        const [items, texts] = await Promise.all([
          Promise.all(ids.map((id) => read.objectStore('items').get(id))),
          Promise.all(ids.map((id) => read.objectStore('itemTerms').get(id))),
        ]);
        const changes: IndexChange[] = [];
        ids.forEach((id, i) => {
          const item = items[i];
          const doc = item && !item.deleted ? indexedDoc(item.published, splitTerms(texts[i])) : undefined;
          if (doc) changes.push({ kind: 'item', id, after: doc });
        });
        const write = target.transaction('searchQueue', 'readwrite');
        await Promise.all([write.store.add({ changes } satisfies IndexWork), write.done]);
        queued += changes.length;
      }
      return queued;
    },
    /**
     * Only the term frequencies folded (what the sidebar's ranking reads), the search index left queued: the
     * sidebar never reads the index, and folding 1M items' index before timing the sidebar would take hours.
     */
    async foldTerms(name: string): Promise<{ ms: number; deltas: number }> {
      const start = performance.now();
      const db = await connection(name)();
      let deltas = 0;
      for (let n = await foldTermDeltas(db); n !== undefined; n = await foldTermDeltas(db)) deltas += n;
      return { ms: performance.now() - start, deltas };
    },
    /** Runs the fold job until nothing is pending: ms, and how many records it folded. */
    async foldIndex(name: string): Promise<{ ms: number; deltas: number; index: number }> {
      const start = performance.now();
      const folded = await foldAll(await connection(name)());
      return { ms: performance.now() - start, ...folded };
    },
    /**
     * n new items from feed pages applied to an archive (as a sync does, the fold left for after), then
     * the fold job that counts their terms and indexes them: ms for each.
     */
    async applyThenFold(name: string, n: number, entities = 2000): Promise<{ applyMs: number; foldMs: number }> {
      const target = await connection(name)();
      const pages = feedPages(n, 20_000_000, entities, 100);
      const times = await applyPages((write, session) => applyFeedPage(target, write, session), pages, `bench-index-${Date.now()}`);
      const start = performance.now();
      await foldAll(target);
      return { applyMs: times.reduce((a, b) => a + b, 0), foldMs: performance.now() - start };
    },
    /** Each query searched `runs` times in turn (the memory of the vocabulary kept, as a popup keeps it); ms of each. */
    async searchTimes(name: string, queries: string[], runs: number): Promise<{ times: number[]; results: number[] }> {
      const target = await connection(name)();
      const memory = newSearchMemory();
      const times: number[] = [];
      const results: number[] = [];
      for (let i = 0; i < runs; i++) {
        for (const query of queries) {
          const start = performance.now();
          const found = await searchArchive(target, query, { memory });
          times.push(performance.now() - start);
          if (i === 0) results.push(found.items.length + found.entities.length);
        }
      }
      return { times, results };
    },
    /** Builds (once) a large archive under a name; returns its item count. */
    async ensureLarge(name: string, n: number, entities = 2000): Promise<number> {
      const target = await connection(name)();
      const have = (await counts(target)).items;
      if (have >= n) return have;
      await putEntities(target, synthEntities(entities));
      for (let offset = have - (have % PAGE); offset < n; offset += PAGE) {
        await putItems(target, synthItems({ items: Math.min(PAGE, n - offset), offset, seed: offset + 1, entities }));
      }
      return (await counts(target)).items;
    },
    /**
     * The sidebar's archive work for an article naming these entities, through the archive service: the
     * entities' item counts (what `analyze` adds to the spotting) and the panel's context (candidates,
     * this article's own item, its status); ms for each of `runs` runs.
     */
    /**
     * The sidebar's archive work `runs` times in turn; ms of each. `digests`: 'made', the entities' digests made
     * first (a query, then the quiet the service waits for); 'none', every digest dropped before each run (as a
     * write of items drops them); absent, as they stand.
     */
    async query(name: string, entityIds: string[], runs: number, digests?: 'made' | 'none'): Promise<number[]> {
      const connect = connection(name);
      // The service seeds the bundled snapshot into the archive once (as on install), before the timing.
      const service = serviceFor(name);
      await service.seeded;
      const analysis: ArticleAnalysis = {
        url: 'https://techcrunch.com/2026/11/20/synthetic-story/',
        title: 'Synthetic story',
        headline: 'Synthetic story: the entities raise a funding round at a billion valuation for data center chips',
        lede: 'The entities named here raise money, ship models and face regulators over export controls and security, as the synthetic archive says they do.',
        body: 'The round values the startup at several billion, and the chips go to cloud customers under an export licence.',
        entities: entityIds.map((id, i) => ({
          id,
          name: id,
          type: 'company',
          description: '',
          count: 1,
          weight: 10 - i,
          central: i < 3,
          surfaces: [id],
        })),
        mentions: [],
      };
      const times: number[] = [];
      const ask = async () => {
        const found = await itemCounts(await connect(), entityIds);
        return service.panelContext({ ...analysis, entities: analysis.entities.map((e, j) => ({ ...e, items: found[j] ?? 0 })) });
      };
      if (digests === 'made') {
        await ask();
        const db = await connect();
        for (let waited = 0; (await Promise.all(entityIds.map((id) => db.getKey('digests', id)))).includes(undefined); waited += 100) {
          if (waited > 30_000) throw new Error('the digests were not made within 30 s');
          await new Promise((done) => setTimeout(done, 100));
        }
      }
      for (let i = 0; i < runs; i++) {
        if (digests === 'none') await (await connect()).clear('digests');
        const start = performance.now();
        const panel = await ask();
        times.push(performance.now() - start);
        if (panel.status.error) throw new Error(panel.status.error);
      }
      return times;
    },
  };
  return hooks;
}

export type BenchHooks = ReturnType<typeof createBenchHooks>;
