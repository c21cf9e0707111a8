/** What the end-to-end tests share: the demo article, a browser with Backstory for a file's tests, text boxes. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { FeedView } from '../../lib/sync/feeds';
import {
  type BackstoryBrowser,
  launchBackstory,
  type Page as ServedPage,
  type SiteServer,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';

export { DEMO_FILE, DEMO_URL } from '../../scripts/lib/browser';

/** Serves the routes as their hosts and starts Chromium with Backstory for the tests of one file. */
export function withBackstory(hosts: string[], routes: Record<string, ServedPage>): { server: SiteServer; browser: BackstoryBrowser } {
  const env = {} as { server: SiteServer; browser: BackstoryBrowser };
  beforeAll(async () => {
    env.server = await startSiteServer(hosts, routes);
    env.browser = await launchBackstory({ server: env.server });
    await waitForBackstory(env.browser);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** The viewport box of the first occurrence of some text in the article body, scrolled into view. */
export async function textBox(page: Page, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.evaluate((needle) => {
    const walker = document.createTreeWalker(document.querySelector('.entry-content') as Node, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return null;
  }, text);
  if (!box) throw new Error(`"${text}" is not on the page`);
  return box;
}

/** What the worker's archive database holds, read directly (not through Backstory): its seeding record and item count. */
export async function readArchive(target: BackstoryBrowser): Promise<{ seed: unknown; items: number }> {
  return (await target.worker()).evaluate(
    () =>
      new Promise<{ seed: unknown; items: number }>((done, fail) => {
        const open = indexedDB.open('backstory-archive');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['meta', 'items']);
          const seed = tx.objectStore('meta').get('seed');
          const items = tx.objectStore('items').count();
          tx.oncomplete = () => {
            open.result.close();
            done({ seed: seed.result, items: items.result });
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
  );
}

/** The feeds as the worker reports them, asked from an extension page (the options page). */
export async function feedViews(page: Page): Promise<FeedView[]> {
  const reply = await page.evaluate(async () => {
    type Chrome = { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value: unknown }> } };
    return (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ backstory: 1, type: 'getFeeds', data: {} });
  });
  return reply.value as FeedView[];
}

/** Polls until `probe` gives a value (errors count as not yet), or fails naming what it waited for. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
