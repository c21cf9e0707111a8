/**
 * The feed benchmarks, in Chromium, through the service worker's own code (a bench build carries the
 * hooks): applying 10k new items from feed pages against a bare idb put loop writing the same records
 * in the same batches (median of 5 each); each page's write transaction; the sidebar's archive work
 * while a sync writes, against idle; the synced-entity matcher's compile and load. Prints Markdown rows.
 * BENCH_FEED_PUTS=1 adds a run with the worker's puts counted and timed by store, each way.
 */
import { rmSync } from 'node:fs';
import { benchCall, QUERY_ENTITIES } from './lib/bench-call';
import { startBenchSession } from './lib/bench-session';
import { waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';
import { startWorkerProfile } from './lib/worker-profile';

const ITEMS = Number(process.env.BENCH_FEED_ITEMS ?? 10_000);
/** BENCH_FEED_BASE: items of the archive the sidebar query runs on while a sync writes; 0 skips those rows. */
const BASE_ITEMS = Number(process.env.BENCH_FEED_BASE ?? 100_000);
/** BENCH_FEED_RUNS: runs each way (the issue's figure is the median of 5). */
const RUNS = Number(process.env.BENCH_FEED_RUNS ?? 5);
/** BENCH_FEED_SLICE: items a transaction takes, ours and the bare loop's alike (the archive's PAGE_SLICE when unset). */
const SLICE = process.env.BENCH_FEED_SLICE ? Number(process.env.BENCH_FEED_SLICE) : undefined;
/** BENCH_FEED_PAGE: items a feed page holds (100 when unset): how much of the rate a page's start costs. */
const PAGE = process.env.BENCH_FEED_PAGE ? Number(process.env.BENCH_FEED_PAGE) : undefined;
/**
 * BENCH_FEED_SEPARATE=1: each run one way then the other, 10k items each (as before 2026-12-07), rather than the
 * two taking turns page by page.
 */
const SEPARATE = Boolean(process.env.BENCH_FEED_SEPARATE);

const { server, profileDir, browser, note } = await startBenchSession('bench-feed');
/** Rows are printed as they are measured: the 100k archive for the query takes long to build, and a stopped run keeps what it measured. */
const rows = { push: (...lines: string[]) => console.log(lines.join('\n')) };
try {
  await waitForBackstory(browser);
  const call = benchCall(await browser.worker());
  /** One run taking turns page by page into the archive `name` (and its bare twin), at the pages and slices asked for. */
  const feedPair = (name: string) =>
    call((h, a: { name: string; n: number; page?: number; slice?: number }) => h.feedPair(a.name, a.n, a.page, undefined, a.slice), {
      name,
      n: ITEMS,
      page: PAGE,
      slice: SLICE,
    });

  // BENCH_FEED_QUERY_ONLY=1: only the sidebar's work while a sync writes (and the matcher), not the throughput runs.
  if (!process.env.BENCH_FEED_QUERY_ONLY) {
    note(
      `applying ${ITEMS} feed items ${RUNS} times each way${SEPARATE ? ', one way after the other' : ', the two taking turns page by page'}…`,
    );
    const ours: number[] = [];
    const bare: number[] = [];
    const pageMs: number[] = [];
    const txMs: number[] = [];
    const bareTxMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (!SEPARATE) {
        // A run: the same pages each way, taking turns page by page (what the issue's figure is read from).
        const run = await feedPair('bench-feed');
        ours.push(run.ours);
        bare.push(run.bare);
        pageMs.push(...run.pages);
        txMs.push(...run.transactions);
        bareTxMs.push(...run.bareTransactions);
        continue;
      }
      const runOurs = async () => {
        const { rate, pages, transactions } = await call(
          (h, a: { n: number; slice?: number }) => h.applyFeed('bench-feed', a.n, undefined, undefined, a.slice),
          {
            n: ITEMS,
            slice: SLICE,
          },
        );
        ours.push(rate);
        pageMs.push(...pages);
        txMs.push(...transactions);
      };
      const runBare = async () => {
        const { rate, transactions } = await call(
          (h, a: { n: number; slice?: number }) => h.bareFeed('bench-feed-bare', a.n, undefined, undefined, a.slice),
          { n: ITEMS, slice: SLICE },
        );
        bare.push(rate);
        bareTxMs.push(...transactions);
      };
      // Alternating which goes first, so neither always pays for the other's cleanup.
      if (i % 2 === 0) await runBare().then(runOurs);
      else await runOurs().then(runBare);
    }
    const ourRate = summarize(ours).median;
    const bareRate = summarize(bare).median;
    // A pair is one run each way, on the same pages at the same time: how far its ratio moves from pair to pair is how far one set can be trusted.
    const pairs = ours.map((rate, i) => rate / (bare[i] as number));
    note(
      `each run, items/s: ours ${ours.map((r) => r.toFixed(0)).join(', ')}; bare ${bare.map((r) => r.toFixed(0)).join(', ')}; ` +
        `ratio pair by pair ${pairs.map((r) => r.toFixed(2)).join(', ')} (median ${summarize(pairs).median.toFixed(2)})`,
    );
    rows.push(
      `| apply ${ITEMS / 1000}k new items from feed pages of ${PAGE ?? 100} (items/s, median of ${RUNS}) | ${ourRate.toFixed(0)} | — | ${RUNS} | bare idb put loop, same records and batches: ${bareRate.toFixed(0)} items/s; ratio ${(ourRate / bareRate).toFixed(2)}× |`,
      row(
        'one write transaction of a feed page (a slice of its items, their postings and terms, the two delta records, the cursor)',
        summarize(txMs),
        `${txMs.length} transactions${SLICE ? ` (slices of ${SLICE})` : ''}`,
      ),
      row(
        "the bare put loop's write transaction, the same slices (its floor: the same records put, nothing read)",
        summarize(bareTxMs),
        `${bareTxMs.length} transactions`,
      ),
      row(`one feed page of ${PAGE ?? 100} applied, all its slices (stemming included)`, summarize(pageMs), `${pageMs.length} pages`),
    );
  }
  // BENCH_FEED_PROFILE=1: after the timed runs, one more of each way with the worker's CPU sampled (where the time goes).
  if (process.env.BENCH_FEED_PROFILE) {
    for (const way of ['applyFeed', 'bareFeed'] as const) {
      const profiler = await startWorkerProfile(browser, 40);
      const started = performance.now();
      const { rate } = await call(
        (h, a: { way: typeof way; n: number }) => h[a.way](`bench-feed-profile-${a.way}`, a.n) as Promise<{ rate: number }>,
        { way, n: ITEMS },
      );
      note(`the worker's self time during ${way} (${(performance.now() - started).toFixed(0)} ms, ${rate.toFixed(0)} items/s):`);
      for (const line of (await profiler?.stop()) ?? []) note(line);
    }
  }
  // BENCH_FEED_PUTS=1: one more run taking turns, with every put, add and delete of the worker counted and timed by
  // store, each way (what the browser's IndexedDB costs a call: a put's clone and its message, not its commit).
  if (process.env.BENCH_FEED_PUTS) {
    const worker = await browser.worker();
    // A string, not a function: evaluated as it is in the worker (the script's transform would add its own helpers).
    await worker.evaluate(`(() => {
      const calls = (globalThis.__benchStoreCalls = {});
      const originals = (globalThis.__benchStoreOriginals = {});
      for (const method of ['put', 'add', 'delete']) {
        const original = (originals[method] = IDBObjectStore.prototype[method]);
        IDBObjectStore.prototype[method] = function (...args) {
          const start = performance.now();
          try {
            return original.apply(this, args);
          } finally {
            const way = this.transaction.db.name.endsWith('-bare') ? 'bare' : 'ours';
            const entry = (calls[way + ' ' + this.name + '.' + method] ??= { n: 0, ms: 0 });
            entry.n++;
            entry.ms += performance.now() - start;
          }
        };
      }
    })()`);
    await feedPair('bench-feed-puts');
    const calls = (await worker.evaluate(`(() => {
      Object.assign(IDBObjectStore.prototype, globalThis.__benchStoreOriginals);
      return globalThis.__benchStoreCalls;
    })()`)) as Record<string, { n: number; ms: number }>;
    note(`the worker's IndexedDB calls during one more run of ${ITEMS} items each way (calls, ms, µs a call):`);
    for (const [name, { n, ms }] of Object.entries(calls).sort()) {
      note(`  ${name.padEnd(28)} ${String(n).padStart(7)} ${ms.toFixed(0).padStart(6)} ms ${((ms / n) * 1000).toFixed(1).padStart(6)} µs`);
    }
  }
  if (BASE_ITEMS > 0) {
    note(`building a ${BASE_ITEMS}-item archive for the query…`);
    await call((h, n: number) => h.ensureLarge('bench-feed-base', n), BASE_ITEMS);
    // The fold job's catch-up after the import (the search index of every item) is done before the timing.
    await call((h) => h.foldIndex('bench-feed-base'));
    const idle = await call((h, a: { ids: string[] }) => h.query('bench-feed-base', a.ids, 65), { ids: QUERY_ENTITIES });
    const during: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { times } = await call((h, a: { ids: string[]; n: number }) => h.queryWhileSyncing('bench-feed-base', a.ids, a.n), {
        ids: QUERY_ENTITIES,
        n: ITEMS,
      });
      during.push(...times);
    }
    const idleStats = summarize(idle.slice(5));
    const duringStats = summarize(during);
    rows.push(
      row(`sidebar's archive work, ${BASE_ITEMS / 1000}k items, idle`, idleStats, 'first 5 runs discarded'),
      row(
        `sidebar's archive work, same, while a sync applies ${ITEMS / 1000}k items`,
        duringStats,
        `p95 ${(duringStats.p95 / idleStats.p95).toFixed(2)}× idle`,
      ),
    );
  }

  const matcher = await call((h, n: number) => h.syncedMatcher(n), 25_000);
  rows.push(
    `| synced-entity matcher, ${matcher.patterns} aliases: compile (ms, in the worker after a sync) | ${matcher.compileMs.toFixed(1)} | — | 1 | load from its bytes: ${matcher.loadMs.toFixed(1)} ms |`,
  );
} finally {
  await browser.close();
  await server.close();
  rmSync(profileDir, { recursive: true, force: true });
}
