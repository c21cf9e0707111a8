/**
 * The browser half of `npm run bench`: what only real Chromium with the built extension can time.
 * Prints Markdown rows (median and p95 in milliseconds).
 */
import { join } from 'node:path';
import { launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { row, summarize } from './lib/stats';

const ARTICLE_URL = 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/';
const ARTICLE_FILE = join(ROOT, 'tests/fixtures/articles/techcrunch-alibaba-claude-code/source.html');
const LOADS = 15;
const ROUND_TRIPS = 200;

const server = await startSiteServer(['techcrunch.com'], { [ARTICLE_URL]: { file: ARTICLE_FILE } });
const browser = await launchBackstory({ server });
const rows: string[] = [];
try {
  await waitForBackstory(browser);

  // Page load to the Backstory tab showing, timed in the page's own clock from navigation start.
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_changes, observer) => {
      if (document.querySelector('backstory-host')) {
        (window as unknown as { backstoryTabAt: number }).backstoryTabAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const tabTimes: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(ARTICLE_URL);
    await page.waitForFunction(() => 'backstoryTabAt' in window);
    tabTimes.push(await page.evaluate(() => (window as unknown as { backstoryTabAt: number }).backstoryTabAt));
  }
  rows.push(row('page load → Backstory tab shown (worker warm)', summarize(tabTimes), 'demo article, from navigation start'));

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
