/**
 * The browser half of `npm run bench`: what only real Chromium with the built extension can time.
 * Prints Markdown rows (median and p95 in milliseconds).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';

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
const ROUND_TRIPS = 200;

const server = await startSiteServer(
  ['techcrunch.com', 'theverge.com', 'arstechnica.com', 'venturebeat.com'],
  Object.fromEntries(PAGES.map((p) => [p.url, { file: p.file }])),
);
const browser = await launchBackstory({ server });
const rows: string[] = [];

/** Loads a page and waits for the Backstory tab; returns when it showed, from navigation start. */
async function loadAndTimeTab(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => 'backstoryTabAt' in window);
  return page.evaluate(() => (window as unknown as { backstoryTabAt: number }).backstoryTabAt);
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  args?: { data?: { url?: string; scriptName?: string } };
}

/**
 * The main-thread time spent in the extension's code during one page load, from a Chromium trace: the
 * top-level script tasks (evaluating the content script, and its callbacks) whose script is the extension's.
 */
async function extensionMainThread(page: Page, url: string): Promise<{ total: number; longest: number }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
  await page.goto(url);
  await page.getByRole('button', { name: /^Backstory/ }).waitFor();
  await page.waitForTimeout(300);
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const ours = events.filter(
    (e) =>
      e.ph === 'X' &&
      (e.name === 'EvaluateScript' || e.name === 'FunctionCall' || e.name === 'v8.callFunction') &&
      (e.args?.data?.url ?? e.args?.data?.scriptName ?? '').startsWith('chrome-extension://'),
  );
  const durations = ours.map((e) => (e.dur ?? 0) / 1000);
  return { total: durations.reduce((a, b) => a + b, 0), longest: Math.max(0, ...durations) };
}

try {
  await waitForBackstory(browser);
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_changes, observer) => {
      if (document.querySelector('backstory-host')) {
        (window as unknown as { backstoryTabAt: number }).backstoryTabAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });

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
  rows.push(row('page load → Backstory tab shown, worker cold', summarize(cold), 'demo article, from navigation start'));
  rows.push(row('page load → Backstory tab shown, worker warm', summarize(warm), 'demo article, from navigation start'));

  // The extension's own main-thread time on real article pages, by extraction path.
  for (const { path, url } of PAGES) {
    const totals: number[] = [];
    let longest = 0;
    for (let i = 0; i < LOADS; i++) {
      const t = await extensionMainThread(page, url);
      totals.push(t.total);
      longest = Math.max(longest, t.longest);
    }
    rows.push(
      row(
        `extension main-thread time per page load (${path}): ${new URL(url).hostname}`,
        summarize(totals),
        `longest task ${longest.toFixed(1)} ms`,
      ),
    );
  }

  // Painting 500 highlights, the way the article script does.
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
  rows.push(row('paint 500 highlights (Highlight + registry + style flush)', summarize(paint)));

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
  rows.push(row('protocol round trip: getArchiveStatus (popup → worker)', summarize(trips)));
} finally {
  await browser.close();
  await server.close();
}
console.log(rows.join('\n'));
