/**
 * Benchmark hooks, compiled into the service worker only in a bench build (BACKSTORY_BENCH=1, see
 * wxt.config.ts), so that the browser benchmarks time the worker's real code on its real IndexedDB.
 */
import { unwrap } from 'idb';
import { type ArchiveDatabase, openArchiveDb } from '../../lib/archive/db';
import { ensureSeeded } from '../../lib/archive/seed';
import { counts, itemsForEntities, putEntities, putItems, toStoredItem } from '../../lib/archive/store';
import { synthEntities, synthItems } from './synth-archive';

const PAGE = 10_000;

async function fresh(name: string): Promise<ArchiveDatabase> {
  await new Promise<void>((done, fail) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => done();
    request.onerror = () => fail(request.error);
  });
  return openArchiveDb(name);
}

export function createBenchHooks(loadSnapshot: () => Promise<unknown>) {
  const open = new Map<string, Promise<ArchiveDatabase>>();
  const db = (name: string) => {
    let found = open.get(name);
    if (!found) {
      found = openArchiveDb(name);
      open.set(name, found);
    }
    return found;
  };
  return {
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
    async importSynth(name: string, n: number, entities = 2000): Promise<number> {
      const target = await fresh(name);
      await putEntities(target, synthEntities(entities));
      let ms = 0;
      for (let offset = 0; offset < n; offset += PAGE) {
        const items = synthItems({ items: Math.min(PAGE, n - offset), offset, seed: offset + 1, entities });
        const start = performance.now();
        await putItems(target, items);
        ms += performance.now() - start;
      }
      target.close();
      return n / (ms / 1000);
    },
    /** The same items with a bare idb put loop on the same schema (no freshness check); items per second. */
    async bareImport(name: string, n: number, entities = 2000): Promise<number> {
      const target = await fresh(name);
      let ms = 0;
      for (let offset = 0; offset < n; offset += PAGE) {
        const items = synthItems({ items: Math.min(PAGE, n - offset), offset, seed: offset + 1, entities });
        const start = performance.now();
        for (let i = 0; i < items.length; i += 1000) {
          const tx = target.transaction('items', 'readwrite', { durability: 'relaxed' });
          const raw = unwrap(tx.store);
          for (const item of items.slice(i, i + 1000)) raw.put(toStoredItem(item));
          await tx.done;
        }
        ms += performance.now() - start;
      }
      target.close();
      return n / (ms / 1000);
    },
    /** Builds (once) a large archive under a name; returns its item count. */
    async ensureLarge(name: string, n: number, entities = 2000): Promise<number> {
      const target = await db(name);
      const have = (await counts(target)).items;
      if (have >= n) return have;
      await putEntities(target, synthEntities(entities));
      for (let offset = have - (have % PAGE); offset < n; offset += PAGE) {
        await putItems(target, synthItems({ items: Math.min(PAGE, n - offset), offset, seed: offset + 1, entities }));
      }
      return (await counts(target)).items;
    },
    /** The sidebar's query for a set of entities; ms for each of `runs` runs. */
    async query(name: string, entityIds: string[], runs: number): Promise<number[]> {
      const target = await db(name);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await itemsForEntities(target, entityIds);
        times.push(performance.now() - start);
      }
      return times;
    },
  };
}

export type BenchHooks = ReturnType<typeof createBenchHooks>;
