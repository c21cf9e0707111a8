/**
 * The browser half of `npm run bench`: what only real Chromium with the built extension can time.
 * Prints Markdown rows (median and p95 in milliseconds). `-- --pages` runs only the rows of the
 * extension's cost to pages (the fixtures, the hostile pages, the corpus's real pages); `--only=TEXT`
 * only the rows of those whose name contains TEXT.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { defaultSitePages } from './lib/corpus-pages';
import { hostilePages } from './lib/hostile-pages';
import { row, summarize } from './lib/stats';
import { type ExtensionCost, extensionCost, TRACE_CATEGORIES, type TraceEvent, UNSAMPLED_TRACE_CATEGORIES } from './lib/trace';

const fixture = (slug: string) => join(ROOT, 'tests/fixtures/articles', slug, 'source.html');
/** One page for each extraction path, served as a default site. */
const PAGES = [
  {
    path: 'structured data',
    url: 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/',
    file: fixture('techcrunch-alibaba-claude-code'),
  },
  {
    path: 'structured data',
    url: 'https://www.theverge.com/ai-artificial-intelligence/812345/openai-chatgpt-codex-sora-explained',
    file: fixture('theverge-jsonld-openai'),
  },
  {
    path: 'selectors',
    url: 'https://arstechnica.com/ai/2026/05/why-nvidias-software-matters-as-much-as-its-chips/',
    file: fixture('arstechnica-selectors-nvidia'),
  },
  { path: 'Readability', url: 'https://venturebeat.com/2026/04/a-week-with-le-chat/', file: fixture('blog-readability-mistral') },
];
const LOADS = 12;
/** Loads of each hostile page (the changing one takes 12 s a load). */
const HOSTILE_LOADS = 5;
/** Loads of each real page after its first (cold) one (BENCH_REAL_LOADS: more, for a steadier p95). */
const REAL_LOADS = Number(process.env.BENCH_REAL_LOADS ?? 10);
/**
 * Loads of each real page in a tab of its own (BENCH_NEW_TAB_LOADS): a new tab is a new renderer process, whose V8
 * has compiled none of the article script, as for a reader who opens each article in a new tab.
 */
const NEW_TAB_LOADS = Number(process.env.BENCH_NEW_TAB_LOADS ?? 5);
const ROUND_TRIPS = 200;
/** Loads of a page on a site Backstory does not read. */
const ELSEWHERE_LOADS = 12;
const PAGES_ONLY = process.argv.includes('--pages');
/** `--only=TEXT`: of the page-cost rows, only those whose name contains TEXT. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
/** `--explain`: after each cost row, what the longest task of each load spent its time on (trace events). */
const EXPLAIN = process.argv.includes('--explain');
/** `--traces=DIR`: each load's trace events written to DIR (one JSON file a load), to be read apart. */
const TRACES = process.argv.find((a) => a.startsWith('--traces='))?.slice('--traces='.length);
let traceCount = 0;

/** A page on a site Backstory does not read: browsing there must not wake the extension. */
const ELSEWHERE_URL = 'https://example.org/2026/12/07/elsewhere/';
const HOSTILE = hostilePages().map((p) => ({ ...p, url: `https://techcrunch.com${p.path}` }));
const corpus = defaultSitePages();
/** One saved page of each default site the corpus has (the first listed), served as its real address. */
const REAL = [...new Map((corpus ?? []).map((p) => [p.site, p])).values()];

const server = await startSiteServer(
  [...new Set(['techcrunch.com', 'theverge.com', 'arstechnica.com', 'venturebeat.com', 'example.org', ...REAL.map((p) => p.site)])],
  Object.fromEntries([
    [ELSEWHERE_URL, { html: '<!doctype html><html lang="en"><title>Elsewhere</title><p>A page on another site.</p></html>' }],
    ...PAGES.map((p) => [p.url, { file: p.file }]),
    ...HOSTILE.map((p) => [p.url, { html: p.html }]),
    ...REAL.map((p) => [p.url, { file: p.file }]),
  ]),
);
// BACKSTORY_EXTENSION_DIR: another build to measure (before and after a change, in the same conditions).
const browser = await launchBackstory({
  server,
  ...(process.env.BACKSTORY_EXTENSION_DIR ? { extensionDir: process.env.BACKSTORY_EXTENSION_DIR } : {}),
});
const rows: string[] = [];
/** Rows are printed as they come too (on stderr), so that a long run shows its progress. */
const emit = (line: string): void => {
  rows.push(line);
  console.error(line);
};

/** Loads a page and waits for the Backstory tab; returns when it showed, from navigation start. */
async function loadAndTimeTab(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => 'backstoryTabAt' in window);
  return page.evaluate(() => (window as unknown as { backstoryTabAt: number }).backstoryTabAt);
}

/**
 * Long Animation Frames the page saw, as its own script records them (set up by an init script). Chromium
 * attributes no extension script in them (a content script's work shows as a long frame with no script
 * named, or with the page's), so the cross-check is the longest frame of a load against the trace's
 * longest task: on the hostile pages, whose own scripts are trivial, the two should agree.
 */
interface LoafSummary {
  /** The longest frame of the load (ms), whatever ran in it. */
  longest: number;
  /** Frames that named an extension script. */
  ours: number;
}

/**
 * The main-thread tasks of one page load that contain extension work (scripts/lib/trace.ts), watched
 * until the Backstory tab shows (or `settleMs` if it never does) and `settleMs` after; with the load's
 * Long Animation Frames, to cross-check.
 */
async function extensionCostOfLoad(
  page: Page,
  url: string,
  settleMs: number,
  categories = TRACE_CATEGORIES,
): Promise<ExtensionCost & { loaf: LoafSummary }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  // The host element, by the page's own querySelector: Playwright's selectors (even CSS) walk the whole
  // tree, shadow roots included, on the same main thread, which on a page of 100,000 elements would be
  // much of what is measured.
  await page
    .waitForFunction(() => document.querySelector('backstory-host') !== null, null, { polling: 250, timeout: Math.max(settleMs, 20_000) })
    .catch(() => undefined);
  await page.waitForTimeout(settleMs);
  const loaf = await page.evaluate((origin) => {
    type Script = { sourceURL: string; duration: number };
    const frames = (window as unknown as { backstoryLoaf?: { duration: number; scripts: Script[] }[] }).backstoryLoaf ?? [];
    return {
      longest: Math.max(0, ...frames.map((f) => f.duration)),
      ours: frames.filter((f) => f.scripts.some((s) => s.sourceURL.startsWith(origin))).length,
    };
  }, `chrome-extension://${browser.extensionId}/`);
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  if (TRACES) {
    mkdirSync(TRACES, { recursive: true });
    writeFileSync(join(TRACES, `${String(++traceCount).padStart(3, '0')}-${new URL(url).hostname}.json`), JSON.stringify(events));
  }
  return { ...extensionCost(events, isOurs), loaf };
}

/** The extension's page-side scripts (not its worker, which runs in a process of its own). */
const isOurs = (url: string): boolean => url.startsWith(`chrome-extension://${browser.extensionId}/`) && !url.endsWith('/background.js');

try {
  await waitForBackstory(browser);
  // On every tab of the context: the new-tab rows open one a load.
  await browser.context.addInitScript(() => {
    // When the host goes in (first in <html>). Only <html>'s own children are watched, and only the added nodes
    // looked at: the callback runs in the task that made the change, often Backstory's, where the trace counts it
    // as Backstory's. Watching the whole document and querying it on each change, as this did, cost 0.2-1.4 ms of
    // CPU (median 0.6) in Backstory's tasks a load on businessinsider's page; now 0.1-0.6 (median 0.15).
    // (No named function in here: tsx would wrap it in a helper the page does not have.)
    const watch = new MutationObserver((changes, observer) => {
      for (const change of changes)
        for (const node of change.addedNodes) {
          if (node === document.documentElement) observer.observe(node, { childList: true });
          if (node.nodeName === 'BACKSTORY-HOST' || (node instanceof HTMLElement && node.dataset.backstory === 'host')) {
            (window as unknown as { backstoryTabAt: number }).backstoryTabAt = performance.now();
            observer.disconnect();
            return;
          }
        }
    });
    watch.observe(document, { childList: true });
    if (document.documentElement) watch.observe(document.documentElement, { childList: true });
    // Long Animation Frames with their scripts, kept for the cost rows to cross-check the trace.
    const frames: { duration: number; scripts: { sourceURL: string; duration: number }[] }[] = [];
    (window as unknown as { backstoryLoaf: typeof frames }).backstoryLoaf = frames;
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { duration: number; scripts: { sourceURL: string; duration: number }[] }[])
          frames.push({ duration: entry.duration, scripts: entry.scripts.map((x) => ({ sourceURL: x.sourceURL, duration: x.duration })) });
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // no Long Animation Frames in this browser
    }
  });
  const page = await browser.context.newPage();

  if (!PAGES_ONLY) {
    // Page load to the tab: with the worker cold (stopped just before) and warm.
    const cold: number[] = [];
    const warm: number[] = [];
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    for (let i = 0; i < LOADS; i++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      cold.push(await loadAndTimeTab(page, PAGES[0]?.url as string));
      warm.push(await loadAndTimeTab(page, PAGES[0]?.url as string));
    }
    emit(row('page load → Backstory tab shown, worker cold', summarize(cold), 'demo article, from navigation start'));
    emit(row('page load → Backstory tab shown, worker warm', summarize(warm), 'demo article, from navigation start'));

    // Browsing elsewhere: how often the worker starts over page loads on a site Backstory does not read (none is
    // right: each start is the extension's CPU and memory on a page it never reads). The worker is stopped after
    // every third load, as the browser stops an idle one.
    const starts: number[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { runningStatus: string }[] }) => {
      for (const v of versions) if (v.runningStatus === 'starting') starts.push(Date.now());
    });
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(1000);
    starts.length = 0;
    for (let i = 0; i < ELSEWHERE_LOADS; i++) {
      await page.goto(`${ELSEWHERE_URL}?${i}`);
      await page.waitForTimeout(300);
      if (i % 3 === 2) await cdp.send('ServiceWorker.stopAllWorkers');
    }
    await page.waitForTimeout(1500);
    emit(
      `| page loads on a site Backstory does not read: times the worker started | ${starts.length} | — | ${ELSEWHERE_LOADS} | the worker stopped after every third load |`,
    );
  }

  /** One load, traced: in the bench's tab, or in a tab of its own closed after (`newTab`). */
  const loadOnce = async (url: string, settleMs: number, newTab: boolean, categories?: string) => {
    if (!newTab) return extensionCostOfLoad(page, url, settleMs, categories);
    const tab = await browser.context.newPage();
    try {
      return await extensionCostOfLoad(tab, url, settleMs, categories);
    } finally {
      await tab.close();
    }
  };

  /**
   * Loads a page `loads` times; one row of the extension's time per load, noting the longest task and LoAF. `newTab`:
   * each load in a tab of its own, closed after (the bench's tab left on a blank page, so no renderer of the site is
   * kept).
   */
  const costRow = async (name: string, url: string, loads: number, settleMs: number, newTab = false): Promise<void> => {
    if (ONLY && !name.includes(ONLY)) return;
    const totals: number[] = [];
    const cpus: number[] = [];
    let longest = 0;
    let loafLongest = 0;
    let loafOurs = 0;
    if (newTab) await page.goto('about:blank');
    for (let i = 0; i < loads; i++) {
      const cost = await loadOnce(url, settleMs, newTab);
      totals.push(cost.total);
      cpus.push(cost.cpu);
      longest = Math.max(longest, cost.longest);
      loafLongest = Math.max(loafLongest, cost.loaf.longest);
      loafOurs += cost.loaf.ours;
      if (EXPLAIN)
        console.error(
          `  load ${i + 1}: ${cost.total.toFixed(1)} ms (CPU ${cost.cpu.toFixed(1)}) in ${cost.tasks.length} tasks; longest ${cost.longest.toFixed(1)}: ${cost.longestParts.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`,
        );
    }
    emit(
      row(
        name,
        summarize(totals),
        `CPU median ${summarize(cpus).median.toFixed(1)} ms; longest task ${longest.toFixed(1)} ms; longest LoAF ${loafLongest.toFixed(0)} ms (${loafOurs} naming the extension)`,
      ),
    );
    if (!newTab) return;
    // The same cold loads traced without the sampling profiler: the longest task a script event of the extension's
    // names (its evaluation, mostly), at the browser's own cost; the work resumed after an await is not seen.
    const named: number[] = [];
    const namedCpu: number[] = [];
    for (let i = 0; i < loads; i++) {
      const cost = await loadOnce(url, settleMs, true, UNSAMPLED_TRACE_CATEGORIES);
      named.push(cost.longest);
      namedCpu.push(cost.cpu);
    }
    emit(
      row(
        `${name}: longest task naming the extension, traced without the profiler`,
        summarize(named),
        `CPU of the tasks named, median ${summarize(namedCpu).median.toFixed(1)} ms`,
      ),
    );
  };

  // The extension's time on the main thread per page load, by extraction path (the project's fixtures).
  for (const { path, url } of PAGES) {
    await costRow(`extension main-thread time per page load (${path}): ${new URL(url).hostname}`, url, LOADS, 300);
  }

  // Pages built to be hard on it.
  for (const hostile of HOSTILE) {
    await costRow(`extension time per load, hostile page: ${hostile.name}`, hostile.url, HOSTILE_LOADS, hostile.watchMs);
  }

  // Real saved pages of the default sites: the first load of each apart (nothing cached, code compiled cold).
  if (!corpus) console.error(`notice: the shared corpus is absent: the real-page rows are skipped.`);
  for (const real of REAL) {
    await costRow(`extension time, first load of a real page: ${real.site}`, real.url, 1, 500);
    await costRow(`extension time per load, real page: ${real.site}`, real.url, REAL_LOADS, 500);
    await costRow(`extension time per load, real page, each in a new tab: ${real.site}`, real.url, NEW_TAB_LOADS, 500, true);
  }

  if (!PAGES_ONLY) {
    // Painting 500 highlights, the way the article script does, on the demo article.
    await page.goto(PAGES[0]?.url as string);
    const paint = await page.evaluate(() => {
      const article = document.querySelector('article') ?? document.body;
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.length > 20) nodes.push(n as Text);
      const times: number[] = [];
      for (let run = 0; run < 40; run++) {
        const ranges: Range[] = [];
        for (let i = 0; i < 500; i++) {
          const node = nodes[i % nodes.length] as Text;
          const r = document.createRange();
          const at = (i * 7) % Math.max(1, node.data.length - 8);
          r.setStart(node, at);
          r.setEnd(node, at + 6);
          ranges.push(r);
        }
        const start = performance.now();
        CSS.highlights.set('bench-paint', new Highlight(...ranges));
        document.body.getBoundingClientRect(); // flush style
        times.push(performance.now() - start);
        CSS.highlights.delete('bench-paint');
      }
      return times;
    });
    emit(row('paint 500 highlights (Highlight + registry + style flush)', summarize(paint)));

    // One protocol round trip from an extension page to the worker and back.
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const trips = await popup.evaluate(async (n) => {
      type Chrome = { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      const { runtime } = (globalThis as unknown as { chrome: Chrome }).chrome;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        await runtime.sendMessage({ backstory: 1, type: 'getArchiveStatus', data: {} });
        times.push(performance.now() - start);
      }
      return times;
    }, ROUND_TRIPS);
    emit(row('protocol round trip: getArchiveStatus (popup → worker)', summarize(trips)));
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(rows.join('\n'));
