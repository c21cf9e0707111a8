/**
 * The search benchmarks (issue 13), in Chromium with the bench build, on an archive of 100k synthetic
 * items stored under the real database name (so the popup page reads it as it reads the reader's):
 * indexing (the fold job) for the whole archive and for 10k new items beside the sync's own rate; the
 * index's size on disk; query times in the worker; and the first results in the popup from its
 * navigation start, with the worker warm and with it stopped (cold). Prints Markdown rows.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCall } from './lib/bench-call';
import { startBenchSession } from './lib/bench-session';
import { waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';
import { attachWorker, type CpuProfile, selfTimes } from './lib/worker-profile';

const ITEMS = Number(process.env.BENCH_SEARCH_ITEMS ?? 100_000);
/**
 * BENCH_SEARCH_NEW=0 leaves out the 10k new items (and their fold), the longest part. The new items are the same
 * on every run: on a kept profile (BENCH_PROFILE_DIR) that has them already nothing is new, so use a fresh copy.
 */
const NEW_ITEMS = Number(process.env.BENCH_SEARCH_NEW ?? 10_000);
const POPUP_RUNS = Number(process.env.BENCH_SEARCH_POPUP_RUNS ?? 5);
/**
 * BENCH_SEARCH_REFOLD=1: the index emptied and every item queued again before the fold is timed, so that a kept
 * profile (BENCH_PROFILE_DIR, the archive built once) times the whole fold again. BENCH_SEARCH_ONLY=fold: the
 * fold's rows alone; =queries, the queries' rows; =popup, the popup's. BENCH_SEARCH_PROFILE=1 profiles the worker during the queries, =fold during the fold, =new during the new items' pages and fold.
 */
const REFOLD = process.env.BENCH_SEARCH_REFOLD === '1';
const ONLY = process.env.BENCH_SEARCH_ONLY;
const ONLY_FOLD = ONLY === 'fold';
const PROFILE = process.env.BENCH_SEARCH_PROFILE;
/** Prefixes, typos, two words, a ticker-like made-up word, an entity's name: what a reader types. */
const QUERIES = [
  'funding rou',
  'chips export ',
  'lawsut ',
  'valuation billion ',
  'data cen',
  'securty breach ',
  'synth entity 12',
  'antitrust probe ',
  'w1a',
  'reasoning model ',
];

const session = await startBenchSession('bench-search');
const { profileDir, extensionDir, browser, rows, note } = session;
/** The profile's IndexedDB on disk (every database of the extension's origin: here, the archive alone). */
const diskBytes = (): number =>
  Number(
    execFileSync('du', ['-sb', join(profileDir, 'Default', 'IndexedDB')])
      .toString()
      .split('\t')[0],
  );
/** The service worker's JS heap in use (CDP's Runtime.getHeapUsage), or undefined. */
const workerHeap = async (): Promise<number | undefined> => {
  const worker = await attachWorker(browser).catch(() => undefined);
  try {
    return ((await worker?.send('Runtime.getHeapUsage')) as { usedSize?: number } | undefined)?.usedSize;
  } catch (error) {
    console.error('worker heap not read:', error);
    return undefined;
  } finally {
    await worker?.close();
  }
};
/** The worker's CPU profiler started (a sample every 200 µs), and stopped with its self times printed. */
const startProfile = async (interval = 200) => {
  const profiler = await attachWorker(browser);
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.setSamplingInterval', { interval });
  await profiler?.send('Profiler.start');
  return profiler;
};
const stopProfile = async (profiler: NonNullable<Awaited<ReturnType<typeof attachWorker>>>, title: string): Promise<void> => {
  const { profile } = (await profiler.send('Profiler.stop')) as { profile: CpuProfile };
  note(title);
  for (const line of selfTimes(profile)) note(line);
  await profiler.close();
};
/** Thrown to end the run early with the rows so far (BENCH_SEARCH_ONLY). */
class Done extends Error {}
try {
  await waitForBackstory(browser);
  const call = benchCall(await browser.worker());
  note(`building a ${ITEMS}-item archive under the real name…`);
  await call((h, n: number) => h.ensureLarge('backstory-archive', n), ITEMS);
  // The worker's own service folds after its seeding; let it, then time a full fold of what is left.
  await new Promise((wait) => setTimeout(wait, 2000));
  if (REFOLD) note(`queued again for the index: ${await call((h) => h.reindex('backstory-archive'))} items`);
  note('folding…');
  const before = diskBytes();
  const foldProfiler = PROFILE === 'fold' ? await startProfile(1000) : undefined;
  const whole = await call((h) => h.foldIndex('backstory-archive'));
  if (foldProfiler) await stopProfile(foldProfiler, `the worker's self time during the fold (${whole.ms.toFixed(0)} ms):`);
  await new Promise((wait) => setTimeout(wait, 5000));
  const after = diskBytes();
  rows.push(
    `| index the whole ${ITEMS / 1000}k-item archive (the fold job after an import or the upgrade; items/s) | ${(ITEMS / (whole.ms / 1000)).toFixed(0)} | — | 1 | ${(whole.ms / 1000).toFixed(1)} s, ${whole.index} queue records, ${whole.deltas} deltas |`,
    `| the archive's IndexedDB on disk, before → after the index is built (MiB) | ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} | — | 1 | the index and the frequencies: about ${((after - before) / 2 ** 20).toFixed(0)} MiB (LevelDB, compacted lazily: rough) |`,
  );
  if (NEW_ITEMS > 0) {
    note('10k new items…');
    const newProfiler = PROFILE === 'new' ? await startProfile(1000) : undefined;
    const fresh = await call((h, n: number) => h.applyThenFold('backstory-archive', n), NEW_ITEMS);
    if (newProfiler)
      await stopProfile(
        newProfiler,
        `the worker's self time during the sync's pages and their fold (${((fresh.applyMs + fresh.foldMs) / 1000).toFixed(0)} s):`,
      );
    rows.push(
      `| ${NEW_ITEMS / 1000}k new items on the ${ITEMS / 1000}k archive: the sync's pages, then the fold (items/s) | ${(NEW_ITEMS / (fresh.applyMs / 1000)).toFixed(0)} | — | 1 | fold (terms and index): ${(NEW_ITEMS / (fresh.foldMs / 1000)).toFixed(0)} items/s, ${(fresh.foldMs / 1000).toFixed(1)} s |`,
    );
  }
  if (ONLY_FOLD) throw new Done();
  if (ONLY !== 'popup') {
    note('queries…');
    const profiler = PROFILE === '1' ? await startProfile() : undefined;
    const { times, results } = await call((h, a: { queries: string[] }) => h.searchTimes('backstory-archive', a.queries, 20), {
      queries: QUERIES,
    });
    if (profiler)
      await stopProfile(
        profiler,
        `the worker's self time during the queries (${times.reduce((a, b) => a + b, 0).toFixed(0)} ms of queries):`,
      );
    rows.push(
      row(
        `search query in the worker, ${ITEMS / 1000}k items, ${QUERIES.length} queries × 20`,
        summarize(times.slice(QUERIES.length)),
        `first round discarded; results per query: ${results.join(', ')}`,
      ),
      ...QUERIES.map((query, q) =>
        row(
          `  the query "${query}"`,
          summarize(times.filter((_, i) => i >= QUERIES.length && i % QUERIES.length === q)),
          `${results[q]} results`,
        ),
      ),
      row(
        'the same, the first round alone (the memory fresh: the vocabulary shards read, the typo scans made)',
        summarize(times.slice(0, QUERIES.length)),
        'each query once',
      ),
    );

    const heap = await workerHeap();
    rows.push(
      `| the worker's JS heap in use after the queries (MiB) | ${heap === undefined ? 'not read' : (heap / 2 ** 20).toFixed(1)} | — | 1 | CDP Runtime.getHeapUsage; the search keeps the entities and the vocabulary's shards it read |`,
    );
  }
  if (ONLY === 'queries') throw new Done();
  // The popup: from its navigation start to the first results on screen (the component's mark).
  // With where the time went: the page's own load (its HTML answered, its scripts read), the database opened
  // (the popup's marks, lib/search/popup-search.ts), the first read done, the results rendered.
  type PopupKind = 'warm' | 'cold' | 'cold, nothing kept';
  const phases: Record<PopupKind, Record<string, number[]>> = { warm: {}, cold: {}, 'cold, nothing kept': {} };
  const firstResults = async (kind: PopupKind): Promise<{ ms: number; via: string }> => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.waitForFunction(() => document.documentElement.dataset.firstResults !== undefined, undefined, { timeout: 30_000 });
    // The database's own answer too, when the kept one came first (its time is a phase below).
    await page
      .waitForFunction(() => performance.getEntriesByName('backstory-first-read').length > 0, undefined, { timeout: 10_000 })
      .catch(() => undefined);
    // A string, not a function: tsx would name the helpers inside with a `__name` the page does not have.
    const found = (await page.evaluate(`(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ms: at('backstory-first-results'),
        via: document.documentElement.dataset.firstResults ?? '',
        phases: {
          'HTML answered': nav?.responseEnd ?? Number.NaN,
          'the kept first results read (lib/search/first-results.ts)': at('backstory-kept-read'),
          'first script runs (database opening)': at('backstory-db-opening'),
          'database open': at('backstory-db-opened'),
          'first read done': at('backstory-first-read'),
          'first results rendered': at('backstory-first-results'),
        },
      };
    })()`)) as { ms: number; via: string; phases: Record<string, number> };
    for (const [phase, ms] of Object.entries(found.phases)) phases[kind][phase] = [...(phases[kind][phase] ?? []), ms];
    await page.close();
    return { ms: found.ms, via: found.via };
  };
  const phaseRows = (kind: PopupKind): string[] =>
    Object.entries(phases[kind]).map(([phase, times]) =>
      row(`popup, ${kind}: ${phase} (ms from navigation start)`, summarize(times), 'phase'),
    );
  /**
   * The browser's floor under the popup's figures: a page of the extension with nothing but a one-line script
   * (written beside the build, as no build has such a page), opened as the popup is, warm and with the worker
   * stopped; when its script runs, from navigation start. No page of the extension can show anything sooner.
   */
  const floorRows = async (): Promise<string[]> => {
    writeFileSync(join(extensionDir, 'bench-floor.js'), `performance.mark('bench-floor');\n`);
    writeFileSync(
      join(extensionDir, 'bench-floor.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title><script src="/bench-floor.js"></script></head><body></body></html>\n',
    );
    const open = async (): Promise<number> => {
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/bench-floor.html`);
      await page.waitForFunction(() => performance.getEntriesByName('bench-floor').length > 0, undefined, { timeout: 30_000 });
      const ms = (await page.evaluate(`performance.getEntriesByName('bench-floor')[0].startTime`)) as number;
      await page.close();
      return ms;
    };
    const warm: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < POPUP_RUNS + 1; i++) {
      await call((h) => h.foldIndex('backstory-archive')); // wakes the worker
      const ms = await open();
      if (i > 0) warm.push(ms);
    }
    for (let i = 0; i < POPUP_RUNS; i++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await page.close();
      cold.push(await open());
    }
    return [
      row(
        "the browser's floor: an empty page of the extension, its one-line script runs (ms from navigation start), worker warm",
        summarize(warm),
        'first run discarded',
      ),
      row("the browser's floor, worker stopped (cold)", summarize(cold), ''),
    ];
  };
  note('popup…');
  const warm: number[] = [];
  const warmVia = new Set<string>();
  for (let i = 0; i < POPUP_RUNS + 1; i++) {
    await call((h) => h.foldIndex('backstory-archive')); // wakes the worker (and keeps it awake)
    const { ms, via } = await firstResults('warm');
    if (i > 0) warm.push(ms);
    warmVia.add(via);
  }
  rows.push(
    row(
      `popup: first results from navigation start, worker warm, ${ITEMS / 1000}k items`,
      summarize(warm),
      `answered by: ${[...warmVia].join(', ')}; first run discarded`,
    ),
  );
  /**
   * Cold: the worker stopped (and with it, when no other page holds it, the database's files closed). `forget`:
   * the popup's kept first results removed too (lib/search/first-results.ts), as after a browser restart.
   */
  const coldRuns = async (kind: 'cold' | 'cold, nothing kept', forget: boolean): Promise<string> => {
    const cold: number[] = [];
    const coldVia = new Set<string>();
    for (let i = 0; i < POPUP_RUNS; i++) {
      if (forget) {
        // In a page of the extension's origin (its localStorage), closed before the worker is stopped.
        const forgetting = await browser.context.newPage();
        await forgetting.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
        await forgetting.evaluate(`localStorage.removeItem('backstory-popup-first-results')`);
        await forgetting.close();
      }
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await page.close();
      const { ms, via } = await firstResults(kind);
      cold.push(ms);
      coldVia.add(via);
    }
    return row(
      `popup: first results from navigation start, worker stopped (${kind})`,
      summarize(cold),
      `answered by: ${[...coldVia].join(', ')}`,
    );
  };
  rows.push(await coldRuns('cold', false), await coldRuns('cold, nothing kept', true));
  rows.push(...phaseRows('warm'), ...phaseRows('cold'), ...phaseRows('cold, nothing kept'));
  rows.push(...(await floorRows()));
} catch (error) {
  if (!(error instanceof Done)) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  await session.close();
}
console.log(rows.join('\n'));
