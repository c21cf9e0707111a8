/**
 * The search benchmarks (issue 13), in Chromium with the bench build, on an archive of 100k synthetic
 * items stored under the real database name (so the popup page reads it as it reads the reader's):
 * indexing (the fold job) for the whole archive and for 10k new items beside the sync's own rate; the
 * index's size on disk; query times in the worker; and the first results in the popup from its
 * navigation start, with the worker warm and with it stopped (cold). Prints Markdown rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCall } from './lib/bench-call';
import { launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';

const ITEMS = Number(process.env.BENCH_SEARCH_ITEMS ?? 100_000);
/** BENCH_SEARCH_NEW=0 leaves out the 10k new items (and their fold), the longest part. */
const NEW_ITEMS = Number(process.env.BENCH_SEARCH_NEW ?? 10_000);
const POPUP_RUNS = 5;
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

const server = await startSiteServer(['techcrunch.com']);
const profileDir = mkdtempSync(join(tmpdir(), 'backstory-bench-search-'));
// BACKSTORY_EXTENSION_DIR: another bench build to measure (before and after a change, in the same conditions).
const browser = await launchBackstory({
  server,
  profileDir,
  extensionDir: process.env.BACKSTORY_EXTENSION_DIR ?? join(ROOT, '.output/bench/chrome-mv3'),
});
const rows: string[] = [];
const note = (line: string) => console.error(line);
/** The profile's IndexedDB on disk (every database of the extension's origin: here, the archive alone). */
const diskBytes = (): number =>
  Number(
    execFileSync('du', ['-sb', join(profileDir, 'Default', 'IndexedDB')])
      .toString()
      .split('\t')[0],
  );
/** The service worker's JS heap in use (CDP's Runtime.getHeapUsage through a page's session), or undefined. */
const workerHeap = async (): Promise<number | undefined> => {
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(browser.extensionId));
    if (!worker) return undefined;
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
    const reply = new Promise<string>((done) => {
      cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
        // The worker's own events come first (Inspector.workerScriptLoaded): the answer is the one with our id.
        if (event.sessionId === sessionId && (JSON.parse(event.message) as { id?: number }).id === 1) done(event.message);
      });
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    const answer = JSON.parse(await Promise.race([reply, new Promise<string>((done) => setTimeout(() => done('{}'), 5000))]));
    return answer.result?.usedSize;
  } catch (error) {
    console.error('worker heap not read:', error);
    return undefined;
  } finally {
    await page.close();
  }
};
try {
  await waitForBackstory(browser);
  const call = benchCall(await browser.worker());
  note(`building a ${ITEMS}-item archive under the real name…`);
  await call((h, n: number) => h.ensureLarge('backstory-archive', n), ITEMS);
  // The worker's own service folds after its seeding; let it, then time a full fold of what is left.
  await new Promise((wait) => setTimeout(wait, 2000));
  note('folding…');
  const before = diskBytes();
  const whole = await call((h) => h.foldIndex('backstory-archive'));
  await new Promise((wait) => setTimeout(wait, 5000));
  const after = diskBytes();
  rows.push(
    `| index the whole ${ITEMS / 1000}k-item archive (the fold job after an import or the upgrade; items/s) | ${(ITEMS / (whole.ms / 1000)).toFixed(0)} | — | 1 | ${(whole.ms / 1000).toFixed(1)} s, ${whole.index} queue records, ${whole.deltas} deltas |`,
    `| the archive's IndexedDB on disk, before → after the index is built (MiB) | ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} | — | 1 | the index and the frequencies: about ${((after - before) / 2 ** 20).toFixed(0)} MiB (LevelDB, compacted lazily: rough) |`,
  );
  if (NEW_ITEMS > 0) {
    note('10k new items…');
    const fresh = await call((h, n: number) => h.applyThenFold('backstory-archive', n), NEW_ITEMS);
    rows.push(
      `| ${NEW_ITEMS / 1000}k new items on the ${ITEMS / 1000}k archive: the sync's pages, then the fold (items/s) | ${(NEW_ITEMS / (fresh.applyMs / 1000)).toFixed(0)} | — | 1 | fold (terms and index): ${(NEW_ITEMS / (fresh.foldMs / 1000)).toFixed(0)} items/s, ${(fresh.foldMs / 1000).toFixed(1)} s |`,
    );
  }
  note('queries…');
  const { times, results } = await call((h, a: { queries: string[] }) => h.searchTimes('backstory-archive', a.queries, 20), {
    queries: QUERIES,
  });
  rows.push(
    row(
      `search query in the worker, ${ITEMS / 1000}k items, ${QUERIES.length} queries × 20`,
      summarize(times.slice(QUERIES.length)),
      `first round discarded; results per query: ${results.join(', ')}`,
    ),
  );

  const heap = await workerHeap();
  rows.push(
    `| the worker's JS heap in use after the queries (MiB) | ${heap === undefined ? 'not read' : (heap / 2 ** 20).toFixed(1)} | — | 1 | CDP Runtime.getHeapUsage; the search keeps the entities and the vocabulary's shards it read |`,
  );

  // The popup: from its navigation start to the first results on screen (the component's mark).
  const firstResults = async (): Promise<{ ms: number; via: string }> => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.waitForFunction(() => document.documentElement.dataset.firstResults !== undefined, undefined, { timeout: 30_000 });
    const found = await page.evaluate(() => ({
      ms: performance.getEntriesByName('backstory-first-results')[0]?.startTime ?? Number.NaN,
      via: document.documentElement.dataset.firstResults ?? '',
    }));
    await page.close();
    return found;
  };
  note('popup…');
  const warm: number[] = [];
  const warmVia = new Set<string>();
  for (let i = 0; i < POPUP_RUNS + 1; i++) {
    await call((h) => h.foldIndex('backstory-archive')); // wakes the worker (and keeps it awake)
    const { ms, via } = await firstResults();
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
  const cold: number[] = [];
  const coldVia = new Set<string>();
  for (let i = 0; i < POPUP_RUNS; i++) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.close();
    const { ms, via } = await firstResults();
    cold.push(ms);
    coldVia.add(via);
  }
  rows.push(
    row(`popup: first results from navigation start, worker stopped (cold)`, summarize(cold), `answered by: ${[...coldVia].join(', ')}`),
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
  rmSync(profileDir, { recursive: true, force: true });
}
console.log(rows.join('\n'));
