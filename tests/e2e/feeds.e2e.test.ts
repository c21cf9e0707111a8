/**
 * Feeds in real Chromium: a feed added in the options page, synced by the worker, its items in the
 * panel; a 304 on the next run; a worker stopped in the middle of a sync that resumes with every item
 * exactly once; a broken feed afterwards that leaves everything in place; the official feed's signatures;
 * and a news headline linked to the curated item the official feed brings after it.
 *
 * The build is a test build with the feed's host granted at install (BACKSTORY_GRANT_HOSTS): no test
 * can answer a permission prompt, and `permissions.request` for a host already granted answers yes
 * without one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedView } from '../../lib/sync/feeds';
import { publishFeed } from '../../lib/sync/publish';
import { generateKeyPair } from '../../lib/sync/signature';
import {
  type BackstoryBrowser,
  launchBackstory,
  ROOT,
  type SiteServer,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';
import { createFeedServer, DEMO_FEED_ARTICLE, demoFeedRecords, type FeedServer } from '../../scripts/lib/feed-server';
import { type Headline, toRss } from '../news-fixtures';
import { feedViews, stopWorkers, waitFor } from './helpers';

const FEED_BASE = 'https://feeds.example.org/demo/';
/** The official feed this test build names, with a key pair made for the run. */
const OFFICIAL_BASE = 'https://feeds.example.org/official/';
const OFFICIAL_INDEX = `${OFFICIAL_BASE}index.json`;
const INDEX = `${FEED_BASE}index.json`;
const OUT_DIR = '.output/e2e-feeds';
const NOW = new Date('2026-12-05T06:00:00Z');

let server: SiteServer;
let feed: FeedServer;
let official: FeedServer;
let news: FeedServer;
let keys: { privateKey: string; publicKey: string };
let browser: BackstoryBrowser;
let options: Page;

/** A headline TechCrunch's feed carries before the official feed brings the item it is a coverage row of. */
const PRESS: Headline = {
  title: 'Anthropic opens a Tokyo office for Claude Code customers',
  url: 'https://techcrunch.com/2026/12/04/anthropic-tokyo-office-claude-code/',
  published: 'Fri, 04 Dec 2026 09:00:00 +0000',
  lede: 'Anthropic’s first office in Japan will serve enterprise customers of Claude Code.',
};

/** An item only the official feed brings, with this id and title. */
function officialItem(id: string, title: string) {
  const [first] = demoFeedRecords().items;
  return {
    ...(first as NonNullable<typeof first>),
    id,
    title,
    url: `https://feeds.example.org/official/${id}`,
    modified: '2026-12-04T09:00:00Z',
  };
}

beforeAll(async () => {
  keys = await generateKeyPair();
  const build = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      BACKSTORY_OUT_DIR: OUT_DIR,
      BACKSTORY_GRANT_HOSTS: 'https://feeds.example.org/*',
      BACKSTORY_FEED_URL: OFFICIAL_INDEX,
      BACKSTORY_FEED_PUBLIC_KEY: keys.publicKey,
    },
  });
  if (build.status !== 0) throw new Error('the test build failed');
  const { entities, items } = demoFeedRecords();
  feed = createFeedServer(FEED_BASE, await publishFeed(entities, items, { title: 'Demo feed', now: NOW }));
  official = createFeedServer(
    OFFICIAL_BASE,
    await publishFeed([], [officialItem('2026-12-04-official-signed', 'Official feed: a signed item')], {
      title: 'Official',
      privateKey: keys.privateKey,
      now: NOW,
    }),
  );
  news = createFeedServer('https://techcrunch.com/', [{ path: 'feed/', bytes: new TextEncoder().encode(toRss([PRESS])) }]);
  server = await startSiteServer(['techcrunch.com', 'feeds.example.org'], {
    [DEMO_FEED_ARTICLE.url]: { html: DEMO_FEED_ARTICLE.html },
    ...feed.routes(),
    ...official.routes(),
    ...news.routes(),
  });
  browser = await launchBackstory({ server, extensionDir: join(ROOT, OUT_DIR, 'chrome-mv3') });
  await waitForBackstory(browser);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The feed as the worker reports it, asked from the options page. */
async function feedStatus(url = INDEX): Promise<FeedView | undefined> {
  return (await feedViews(options)).find((f) => f.url === url);
}

/** The feed's items in the archive, read directly: their ids, and how often each is in the list of every item. */
async function feedItems(): Promise<{ ids: string[]; listed: Record<string, number> }> {
  return options.evaluate(
    () =>
      new Promise<{ ids: string[]; listed: Record<string, number> }>((done, fail) => {
        const open = indexedDB.open('backstory-archive');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['items', 'postings']);
          const keys = tx.objectStore('items').getAllKeys();
          const blocks = tx.objectStore('postings').getAll(IDBKeyRange.bound([''], ['', []]));
          tx.oncomplete = () => {
            open.result.close();
            const listed: Record<string, number> = {};
            // Blocks as stored: a line a posting, "date id" (lib/archive/postings.ts, packBlock).
            for (const block of blocks.result as { packed: string }[]) {
              for (const line of block.packed.split('\n')) {
                const id = line.slice(line.indexOf(' ') + 1);
                if (id.includes('~')) listed[id] = (listed[id] ?? 0) + 1;
              }
            }
            done({ ids: (keys.result as string[]).filter((id) => id.includes('~')), listed });
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
  );
}

async function syncNow(): Promise<void> {
  await options.bringToFront();
  await options.getByRole('button', { name: 'Sync now' }).click();
}

describe('a feed added in the options page', () => {
  it('is asked for, previewed, synced, and its items show in the panel', async () => {
    await options.getByLabel('Feed URL').fill(INDEX);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await options.getByText(/Added “Demo feed”: \d+ pages/).waitFor();
    const synced = await waitFor('the first sync', async () => {
      const status = await feedStatus();
      return status?.state.lastSuccess ? status : undefined;
    });
    expect(synced.state.last).toMatchObject({ added: 3, skipped: 0 });
    expect((await feedItems()).ids).toHaveLength(3);

    const tab = await browser.context.newPage();
    await tab.goto(DEMO_FEED_ARTICLE.url);
    const button = tab.getByRole('button', { name: /^Backstory/ });
    await button.waitFor();
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const panel = tab.frameLocator('backstory-host iframe');
    await panel
      .getByText('Demo feed: Alibaba reviews its Claude Code ban')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(async (error) => {
        console.log(await panel.locator('body').textContent());
        throw error;
      });
    await expect(panel.locator('.archive-footer').textContent()).resolves.toMatch(/Archive as of Dec \d{1,2}, 2026/);
    await tab.close();
    // The options page says how old the archive is once (its Archive section), and when the feeds last synced.
    await options.bringToFront();
    await options.getByText(/^Last sync /).waitFor();
    await expect(options.getByText(/Archive as of/i).count()).resolves.toBe(1);
    await expect(options.getByText(/Archive as of Dec \d{1,2}, 2026/).count()).resolves.toBe(1);
  });

  it('the next run is a conditional request answered 304, and changes nothing', async () => {
    const before = await feedItems();
    feed.log.length = 0;
    const last = (await feedStatus())?.state.lastSuccess;
    await syncNow();
    await waitFor('the second sync', async () => (await feedStatus())?.state.lastSuccess !== last);
    expect(feed.log).toEqual([{ path: '/demo/index.json', status: 304, conditional: true }]);
    expect(await feedItems()).toEqual(before);
  });

  it('a worker stopped in the middle of a sync resumes, with every item exactly once', async () => {
    const { entities, items } = demoFeedRecords();
    const more = Array.from({ length: 20 }, (_, i) => ({
      ...(items[0] as (typeof items)[0]),
      id: `2026-12-03-demo-more-${i}`,
      url: `https://feeds.example.org/demo/more-${i}`,
      title: `Demo feed: more news ${i}`,
      modified: `2026-12-0${3 + Math.floor(i / 5)}T09:00:${String(i).padStart(2, '0')}Z`,
    }));
    const files = await publishFeed(entities, [...items, ...more], { title: 'Demo feed', now: NOW });
    for (const [url, page] of Object.entries(feed.publish(files))) server.route(url, page);
    // The third new page is held: by then two pages of the run are applied.
    const held = files.map((f) => f.path).filter((p) => p.startsWith('pages/2026-12-05'))[0] as string;
    feed.stall = (path) => path.endsWith(held);
    feed.log.length = 0;
    await syncNow();
    await waitFor('the run to reach the held page', async () => feed.requested.some((path) => path.endsWith(held)));
    await waitFor('the pages before it to be applied', async () => (await feedItems()).ids.length === 3 + 10);
    await stopWorkers(browser, options);
    feed.stall = undefined;
    feed.release();
    const cut = await feedItems();
    expect(cut.ids.length).toBeLessThan(23);

    await options.reload();
    await syncNow();
    await waitFor('the resumed sync', async () => (await feedItems()).ids.length === 23);
    const after = await feedItems();
    expect(Object.values(after.listed).every((n) => n === 1)).toBe(true);
    expect(Object.keys(after.listed)).toHaveLength(23);
    // Pages applied before the stop were not fetched again.
    const fetched = feed.log.filter((r) => r.path.includes('/pages/2026-12-03')).length;
    expect(fetched).toBe(1);
  });

  it('a broken feed afterwards leaves everything in place, and says what is wrong', async () => {
    const before = await feedItems();
    feed.broken.set('/demo/index.json', '{"format": "backstory-feed-index", "version": "1.0", "pages": [');
    await syncNow();
    const failed = await waitFor('the failure', async () => (await feedStatus())?.state.lastError);
    expect(failed).toMatch(/The feed's index is unreadable: not valid JSON/);
    // Worded in the reader's language from the failure's problem (English here: the test browser's).
    await options.getByText(/Last error: The feed's index is unreadable: not valid JSON/).waitFor();
    expect(await feedItems()).toEqual(before);
    feed.broken.clear();
  });

  it("the official feed's signed pages are checked in the worker (WebCrypto Ed25519): a good signature applies, a bad one is rejected", async () => {
    const synced = await waitFor('the official feed to be synced', async () => {
      const status = await feedStatus(OFFICIAL_INDEX);
      return status?.state.lastSuccess ? status : undefined;
    });
    expect(synced.official).toBe(true);
    const has = (id: string) =>
      options.evaluate(
        (key) =>
          new Promise<boolean>((done) => {
            const open = indexedDB.open('backstory-archive');
            open.onsuccess = () => {
              const get = open.result.transaction('items').objectStore('items').getKey(key);
              get.onsuccess = () => {
                open.result.close();
                done(get.result !== undefined);
              };
            };
          }),
        id,
      );
    expect(await has('2026-12-04-official-signed')).toBe(true);
    await options.getByText('Official', { exact: true }).first().waitFor();

    // A new page signed with another key: rejected, and nothing of it applied.
    const forged = await publishFeed(
      [],
      [officialItem('2026-12-04-official-signed', 'Official feed: a signed item'), officialItem('2026-12-05-forged', 'Forged')],
      { title: 'Official', privateKey: (await generateKeyPair()).privateKey, now: new Date('2026-12-05T07:00:00Z') },
    );
    for (const [url, page] of Object.entries(official.publish(forged))) server.route(url, page);
    await syncNow();
    const failed = await waitFor('the rejection', async () => (await feedStatus(OFFICIAL_INDEX))?.state.lastError);
    expect(failed).toMatch(/signature does not match the official key: rejected/);
    expect(await has('2026-12-05-forged')).toBe(false);
  });

  it('a headline the press carried before the official feed brought its curated item is linked to that item once it comes', async () => {
    const headline = () =>
      options.evaluate(
        (key) =>
          new Promise<{ curated?: string } | undefined>((done) => {
            const open = indexedDB.open('backstory-archive');
            open.onsuccess = () => {
              const get = open.result.transaction('headlines').objectStore('headlines').get(key);
              get.onsuccess = () => {
                open.result.close();
                done(get.result as { curated?: string } | undefined);
              };
            };
          }),
        'techcrunch.com/2026/12/04/anthropic-tokyo-office-claude-code',
      );
    await options.bringToFront();
    await options
      .locator('.offered-feeds')
      .getByRole('checkbox', { name: /TechCrunch/ })
      .click();
    await waitFor('the news feed’s first sync', async () => (await feedStatus('https://techcrunch.com/feed/'))?.state.lastSuccess);
    expect(await headline()).toEqual(expect.objectContaining({ url: PRESS.url }));
    expect((await headline())?.curated).toBeUndefined();

    // The official feed's next page brings the curated item whose coverage row is that headline.
    const covering = {
      ...officialItem('2026-12-05-anthropic-tokyo', 'Anthropic opens in Tokyo, with Claude Code as its lead'),
      published: '2026-12-04',
      coverage: [{ outlet: 'TechCrunch', headline: PRESS.title, published: '2026-12-04', url: PRESS.url, checked: 'seed' as const }],
    };
    const page = await publishFeed([], [officialItem('2026-12-04-official-signed', 'Official feed: a signed item'), covering], {
      title: 'Official',
      privateKey: keys.privateKey,
      now: new Date('2026-12-05T08:00:00Z'),
    });
    for (const [url, route] of Object.entries(official.publish(page))) server.route(url, route);
    await syncNow();
    // Linked by the fold job once the writes pause: found through the item, never on its own.
    const linked = await waitFor('the headline linked to the item', async () => (await headline())?.curated);
    expect(linked).toBe('2026-12-05-anthropic-tokyo');
  });
});

describe('a feed removed in the options page', () => {
  it('by keyboard: its row and its items go, and focus goes on from the feeds heading', async () => {
    await options.bringToFront();
    expect((await feedItems()).ids.length).toBeGreaterThan(0);
    const row = options.locator('li.feed', { hasText: 'Demo feed' });
    await row.getByRole('button', { name: 'Remove' }).focus();
    await options.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => options.evaluate(() => document.activeElement?.id)).toBe('feeds-heading');
    await expect.poll(async () => (await feedItems()).ids).toEqual([]);
  });
});
