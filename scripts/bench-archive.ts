/**
 * The archive benchmarks, in Chromium, through the service worker's own code (a bench build carries
 * hooks for it): import of the bundled snapshot; import of 100k items against a bare idb put loop;
 * the sidebar's query for 10 entities on a 1M-item archive, warm and cold. Prints Markdown rows.
 *
 * The imports run in a fresh profile, as on a new install: all of an origin's databases share one
 * LevelDB in Chromium, and next to the kept 1M-item archive (and its compactions) they ran up to a
 * third slower.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchCall, QUERY_ENTITIES } from './lib/bench-call';
import { type BackstoryBrowser, launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';

/** BENCH_IMPORT_ITEMS: items of each import run; 0 skips the import rows (only the sidebar query on the kept archive). */
const IMPORT_ITEMS = Number(process.env.BENCH_IMPORT_ITEMS ?? 100_000);
const LARGE_ITEMS = Number(process.env.BENCH_LARGE_ITEMS ?? 1_000_000);
const QUERY_RUNS = 60;

const server = await startSiteServer(['techcrunch.com']);
// The large archive is kept between runs in its own profile: building it takes minutes.
const profileDir = join(ROOT, '.bench/profile-archive');
mkdirSync(profileDir, { recursive: true });
const extensionDir = process.env.BACKSTORY_EXTENSION_DIR ?? join(ROOT, '.output/bench/chrome-mv3');
/** Rows are printed as they are measured: a stopped run keeps what it measured. */
const rows = { push: (...lines: string[]) => console.log(lines.join('\n')) };
const note = (line: string) => console.error(line);
let browser: BackstoryBrowser = await launchBackstory({ server, extensionDir });
try {
  await waitForBackstory(browser);
  let call = benchCall(await browser.worker());

  if (IMPORT_ITEMS > 0) {
    const snapshotTimes: number[] = [];
    for (let i = 0; i < 5; i++) snapshotTimes.push(await call((h) => h.importSnapshot()));
    rows.push(row('import the bundled snapshot into an empty archive', summarize(snapshotTimes)));

    note(`importing ${IMPORT_ITEMS} items four times each way…`);
    const ours: number[] = [];
    const bare: number[] = [];
    // Alternating which goes first, so neither always pays for the other's cleanup.
    for (let i = 0; i < 4; i++) {
      const runBare = async () => bare.push(await call((h, n: number) => h.bareImport('bench-bare', n), IMPORT_ITEMS));
      const runOurs = async () => ours.push(await call((h, n: number) => h.importSynth('bench-import', n), IMPORT_ITEMS));
      if (i % 2 === 0) await runBare().then(runOurs);
      else await runOurs().then(runBare);
    }
    // The worst case for the posting lists: ten imports of items dated any day of the span (a feed's pages
    // out of date order), so every import after the first lands all along the lists.
    const randomBare = await call((h, n: number) => h.bareImport('bench-bare', n, 'random', n / 10), IMPORT_ITEMS);
    const randomOurs = await call((h, n: number) => h.importSynth('bench-import', n, 'random', n / 10), IMPORT_ITEMS);
    const ourRate = summarize(ours).median;
    const bareRate = summarize(bare).median;
    rows.push(
      `| import ${IMPORT_ITEMS / 1000}k items in date order, every index (items/s, median of 4) | ${ourRate.toFixed(0)} | — | 4 | bare idb put loop: ${bareRate.toFixed(0)} items/s; ratio ${(ourRate / bareRate).toFixed(2)}× |`,
      `| import ${IMPORT_ITEMS / 1000}k items dated at random, in 10 imports (items/s) | ${randomOurs.toFixed(0)} | — | 1 | bare idb put loop: ${randomBare.toFixed(0)} items/s; ratio ${(randomOurs / randomBare).toFixed(2)}× |`,
    );
  }

  await browser.close();
  // A kept profile keeps the extension's service worker script too, and Chromium would run that stale
  // copy rather than the one just built: the worker is dropped, the database kept.
  for (const cache of ['Service Worker', 'Code Cache']) rmSync(join(profileDir, 'Default', cache), { recursive: true, force: true });
  browser = await launchBackstory({ server, profileDir, extensionDir });
  call = benchCall(await browser.worker());
  note(`building (once) the ${LARGE_ITEMS}-item archive…`);
  const size = await call((h, n: number) => h.ensureLarge('bench-large', n), LARGE_ITEMS);
  // The fold job's catch-up of the term frequencies (the ranking reads them, with any deltas not yet folded) is
  // done before the timing; the search index's is not: the sidebar never reads it.
  const folded = await call((h) => h.foldTerms('bench-large'));
  note(`term frequencies folded: ${folded.deltas} delta records in ${(folded.ms / 1000).toFixed(0)} s`);
  // After a write of items there are no digests, and the panel reads the lists and the records until they are
  // made again (once readers and writes are quiet): both are timed, without them first.
  const warm = async (digests: 'made' | 'none') =>
    (
      await call((h, a: { ids: string[]; runs: number; digests: 'made' | 'none' }) => h.query('bench-large', a.ids, a.runs, a.digests), {
        ids: QUERY_ENTITIES,
        runs: QUERY_RUNS,
        digests,
      })
    ).slice(5);
  const none = await warm('none');
  rows.push(
    row(
      `sidebar query, 10 entities incl. the commonest, ${size} items (worker warm), no digests`,
      summarize(none),
      'first 5 runs discarded',
    ),
  );
  rows.push(row(`same, digests made (worker warm)`, summarize(await warm('made')), 'first 5 runs discarded'));

  // Cold: restart the browser (a fresh worker, nothing cached), then time the first query.
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    await browser.close();
    browser = await launchBackstory({ server, profileDir, extensionDir });
    call = benchCall(await browser.worker());
    const [first] = await call((h, a: { ids: string[] }) => h.query('bench-large', a.ids, 1), { ids: QUERY_ENTITIES });
    cold.push(first as number);
  }
  rows.push(
    row(
      `sidebar query, same, first query in a freshly started worker (cold), digests made`,
      summarize(cold),
      'includes opening the database',
    ),
  );
} finally {
  await browser.close();
  await server.close();
}
