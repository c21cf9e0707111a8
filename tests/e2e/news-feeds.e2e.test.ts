/**
 * A news site's RSS feed in real Chromium: the offered TechCrunch feed turned on in the options page,
 * served by the local feed server as techcrunch.com (a default site, so no new permission), synced by
 * the worker; a headline found in the panel's timeline as coverage, with its link; and a 304 on the next run.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedView } from '../../lib/sync/feeds';
import { OFFERED_FEEDS } from '../../lib/sync/offered-feeds';
import {
  type BackstoryBrowser,
  DEMO_FILE,
  DEMO_URL,
  launchBackstory,
  type SiteServer,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';
import { createFeedServer, type FeedServer } from '../../scripts/lib/feed-server';
import { type Headline, newsHeadlines, toRss } from '../news-fixtures';
import { feedViews, waitFor } from './helpers';

const FEED_URL = 'https://techcrunch.com/feed/';
/** A later report on the demo article's story (the demo is Alibaba's Claude Code ban, 4 July 2026). */
const LATER: Headline = {
  title: 'Alibaba widens its Claude Code ban to contractors',
  url: 'https://techcrunch.com/2026/07/20/alibaba-widens-claude-code-ban/',
  published: 'Mon, 20 Jul 2026 14:00:00 +0000',
  lede: 'Alibaba now bars contractors from using Anthropic’s Claude Code as well, citing the same security review.',
};

let server: SiteServer;
let feed: FeedServer;
let browser: BackstoryBrowser;
let options: Page;

beforeAll(async () => {
  const { headlines, fromCorpus } = newsHeadlines();
  if (!fromCorpus) console.log('news-feeds.e2e: the shared corpus is absent; the feed carries the written headlines only');
  const rss = toRss([LATER, ...headlines.slice(0, 60)]);
  feed = createFeedServer('https://techcrunch.com/', [{ path: 'feed/', bytes: new TextEncoder().encode(rss) }]);
  server = await startSiteServer(['techcrunch.com'], { [DEMO_URL]: { file: DEMO_FILE }, ...feed.routes() });
  browser = await launchBackstory({ server });
  await waitForBackstory(browser);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function feedStatus(): Promise<FeedView | undefined> {
  return (await feedViews(options)).find((f) => f.url === FEED_URL);
}

describe('an offered news feed', () => {
  it('is off until turned on; turned on, it syncs, and a headline shows in the panel’s timeline with its link', async () => {
    expect(OFFERED_FEEDS.map((f) => f.url)).toContain(FEED_URL);
    const box = options.locator('.offered-feeds').getByRole('checkbox', { name: /TechCrunch/ });
    // A column of checkboxes: no list bullet before each.
    const markers = await options
      .locator('.offered-feeds li')
      .evaluateAll((items) => items.map((li) => getComputedStyle(li).listStyleType));
    expect(markers.length).toBe(OFFERED_FEEDS.length);
    expect(new Set(markers)).toEqual(new Set(['none']));
    expect(await box.isChecked()).toBe(false);
    expect(await feedStatus()).toBeUndefined();
    await box.click();
    const synced = await waitFor('the first sync', async () => {
      const status = await feedStatus();
      return status?.state.lastSuccess ? status : undefined;
    });
    expect(synced).toMatchObject({ kind: 'news', title: 'TechCrunch' });
    expect(synced.state.last?.added).toBeGreaterThan(0);
    expect(await box.isChecked()).toBe(true);

    const tab = await browser.context.newPage();
    await tab.goto(DEMO_URL);
    const button = tab.getByRole('button', { name: /^Backstory/ });
    await button.waitFor();
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const panel = tab.frameLocator('backstory-host iframe');
    const link = panel.locator('.press-entry a', { hasText: LATER.title });
    await link.waitFor({ timeout: 15_000 }).catch(async (error) => {
      console.log(await panel.locator('body').textContent());
      throw error;
    });
    expect(await link.getAttribute('href')).toBe(LATER.url);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const entry = panel.locator('.press-entry', { hasText: LATER.title });
    expect(await entry.textContent()).toMatch(/Coverage\s*TechCrunch/);
    // In the timeline's Since then section, and never as the panel's take.
    expect(await panel.locator('section[aria-labelledby="since-heading"] .press-entry', { hasText: LATER.title }).count()).toBe(1);
    expect(await panel.locator('.take', { hasText: LATER.title }).count()).toBe(0);
    await tab.close();
  });

  it('the next run is a conditional request answered 304', async () => {
    feed.log.length = 0;
    const last = (await feedStatus())?.state.lastSuccess;
    await options.bringToFront();
    await options.getByRole('button', { name: 'Sync now' }).click();
    await waitFor('the second sync', async () => (await feedStatus())?.state.lastSuccess !== last);
    expect(feed.log).toEqual([{ path: '/feed/', status: 304, conditional: true }]);
  });

  it('whose last success is over a week old makes the options page say so, once', async () => {
    // A week cannot pass in a test: the feed's stored state is made to say its last success was ten days ago.
    const longAgo = new Date(Date.now() - 10 * 24 * 3600_000).toISOString();
    await options.evaluate(
      async ([url, at]) => {
        type States = Record<string, { lastSuccess?: string }>;
        type Chrome = { storage: { local: { get(key: string): Promise<{ feedStates: States }>; set(items: object): Promise<void> } } };
        const { storage } = (globalThis as unknown as { chrome: Chrome }).chrome;
        const { feedStates } = await storage.local.get('feedStates');
        await storage.local.set({ feedStates: { ...feedStates, [url]: { ...feedStates[url], lastSuccess: at } } });
      },
      [FEED_URL, longAgo] as const,
    );
    await options.reload();
    const warning = options.getByText(/^No sync has succeeded since .*: the archive may be missing recent news\.$/);
    await warning.first().waitFor();
    expect(await warning.count()).toBe(1);
  });
});
