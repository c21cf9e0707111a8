/**
 * The news feed benchmarks, in Chromium's service worker, through the worker's own code (a bench build
 * carries the hooks): a 100-item RSS page (real TechCrunch headlines from the shared corpus, else the
 * written fixtures) parsed, cleaned and spotted with the bundled gazetteer; and 10k headlines applied
 * against a bare idb put loop of the same records in the same batches (median of 5 each); and the same 10k applied
 * again, all held (a feed fetched again), reported. Prints Markdown rows.
 * BENCH_NEWS_HEADLINES: how many headlines (10k); BENCH_NEWS_PROFILE=1: the worker's CPU profile of one run each way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newsHeadlines, toRss } from '../tests/news-fixtures';
import { benchCall } from './lib/bench-call';
import { launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';
import { startWorkerProfile } from './lib/worker-profile';

const HEADLINES = Number(process.env.BENCH_NEWS_HEADLINES ?? 10_000);
const RUNS = 5;

const { headlines, fromCorpus } = newsHeadlines();
if (!fromCorpus) console.error('bench-news: ../shared/corpus is absent; the page is built from the written fixtures, repeated');
const page = Array.from({ length: 100 }, (_, i) => {
  const h = headlines[i % headlines.length] as (typeof headlines)[0];
  return i < headlines.length ? h : { ...h, url: `${h.url}?n=${i}` };
});
const rss = toRss(page);

const server = await startSiteServer(['techcrunch.com']);
const profileDir = mkdtempSync(join(tmpdir(), 'backstory-bench-news-'));
// BACKSTORY_EXTENSION_DIR: another bench build to measure (before and after a change), as the other benches take it.
const extensionDir = process.env.BACKSTORY_EXTENSION_DIR ?? join(ROOT, '.output/bench/chrome-mv3');
const browser = await launchBackstory({ server, profileDir, extensionDir });
const rows: string[] = [];
try {
  await waitForBackstory(browser);
  const call = benchCall(await browser.worker());
  const read = await call((h, text: string) => h.newsPage(text, 30), rss);
  rows.push(
    row(
      `a 100-item RSS page (${Math.round(rss.length / 1024)} KB) parsed, cleaned and spotted, in the worker`,
      summarize(read.times.slice(5)),
      `${read.entries} headlines, ${read.spotted} with names spotted; fastest run ${Math.min(...read.times.slice(5)).toFixed(1)} ms; first 5 runs discarded; target ≤50 ms`,
    ),
  );
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const runOurs = async () => ours.push(await call((h, n: number) => h.applyHeadlines('bench-news', n), HEADLINES));
    const runBare = async () => bare.push(await call((h, n: number) => h.bareHeadlines('bench-news-bare', n), HEADLINES));
    if (i % 2 === 0) await runBare().then(runOurs);
    else await runOurs().then(runBare);
  }
  const ourRate = summarize(ours).median;
  const bareRate = summarize(bare).median;
  // BENCH_NEWS_PROFILE=1: after the timed runs, one more of each way with the worker's CPU sampled (where the time goes).
  if (process.env.BENCH_NEWS_PROFILE) {
    for (const way of ['applyHeadlines', 'bareHeadlines'] as const) {
      const profiler = await startWorkerProfile(browser, 30);
      const started = performance.now();
      await call((h, a: { way: typeof way; n: number }) => h[a.way](`bench-news-profile-${a.way}`, a.n), { way, n: HEADLINES });
      console.error(`the worker's self time during ${way} (${(performance.now() - started).toFixed(0)} ms):`);
      for (const line of (await profiler?.stop()) ?? []) console.error(line);
    }
  }
  rows.push(
    `| apply ${HEADLINES / 1000}k headlines in pages of 100 (headlines/s, median of ${RUNS}) | ${ourRate.toFixed(0)} | — | ${RUNS} | bare idb put loop, same records and batches: ${bareRate.toFixed(0)} headlines/s; ratio ${(ourRate / bareRate).toFixed(2)}× |`,
  );
  // A feed fetched again: every headline of its pages held already, so each one's record is read to merge.
  const held: number[] = [];
  for (let i = 0; i < 3; i++) held.push(await call((h, n: number) => h.applyHeadlines('bench-news-held', n, true), HEADLINES));
  const heldRate = summarize(held).median;
  rows.push(
    `| the same ${HEADLINES / 1000}k headlines applied again, all held (headlines/s, median of 3) | ${heldRate.toFixed(0)} | — | 3 | reported (the target is for new headlines): ${(heldRate / bareRate).toFixed(2)}× the bare loop's rate above |`,
  );
} finally {
  await browser.close();
  await server.close();
  rmSync(profileDir, { recursive: true, force: true });
}
console.log(rows.join('\n'));
