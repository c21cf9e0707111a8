/**
 * The reader's controls in real Chromium: the first-run page a new install opens, the global pause
 * (popup and options: no page read, no sync, said plainly), and "Delete everything Backstory stored"
 * (settings, feeds and their items gone, the archive back to the bundled snapshot). Each is confirmed
 * before it acts, and a Cancel changes nothing.
 *
 * The shipped build with the feed host granted at install (`withHostsGranted`): no test can answer a
 * permission prompt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_RESULTS_KEY } from '../../lib/search/first-results';
import { OFFERED_FEEDS } from '../../lib/sync/offered-feeds';
import { publishFeed } from '../../lib/sync/publish';
import { type BackstoryBrowser, launchBackstory, type SiteServer, startSiteServer, waitForBackstory } from '../../scripts/lib/browser';
import { createFeedServer, demoFeedRecords } from '../../scripts/lib/feed-server';
import { type Headline, toRss } from '../news-fixtures';
import {
  axeViolations,
  DEMO_FILE,
  DEMO_URL,
  feedViews,
  pauseFrom,
  pointAndClick,
  readArchive,
  scriptSites,
  withHostsGranted,
} from './helpers';

const FEED_INDEX = 'https://feeds.example.org/demo/index.json';

const HEADLINE: Headline = {
  title: 'Alibaba widens its Claude Code ban to contractors',
  url: 'https://techcrunch.com/2026/07/20/alibaba-widens-claude-code-ban/',
  published: 'Mon, 20 Jul 2026 14:00:00 +0000',
  lede: 'Alibaba now bars contractors from using Claude Code as well.',
};

let server: SiteServer;
let browser: BackstoryBrowser;
let extensionDir = '';
let welcome: Page;
/** The profile is the test's own, so that it can start the browser again on it. */
const profileDir = mkdtempSync(join(tmpdir(), 'backstory-control-'));

beforeAll(async () => {
  extensionDir = withHostsGranted(['https://feeds.example.org/*']);
  const { entities, items } = demoFeedRecords();
  const feed = createFeedServer('https://feeds.example.org/demo/', await publishFeed(entities, items, { title: 'Demo feed' }));
  // The offered TechCrunch feed, with one headline.
  const news = createFeedServer('https://techcrunch.com/', [{ path: 'feed/', bytes: new TextEncoder().encode(toRss([HEADLINE])) }]);
  server = await startSiteServer(['techcrunch.com', 'feeds.example.org'], {
    [DEMO_URL]: { file: DEMO_FILE },
    ...feed.routes(),
    ...news.routes(),
  });
  browser = await launchBackstory({ server, extensionDir, profileDir, firstRun: 'keep' });
  if (!browser.firstRunPage) throw new Error('no first-run page');
  welcome = browser.firstRunPage;
  await waitForBackstory(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(profileDir, { recursive: true, force: true });
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

async function extensionPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return page;
}

/** What the worker has: its stored settings, its registered article script's sites, the toolbar badge. */
async function workerState(): Promise<{ local: Record<string, unknown>; scriptSites: string[]; badge: string; shortcut: string }> {
  const state = await (await browser.worker()).evaluate(async () => {
    type Chrome = {
      storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
      action: { getBadgeText(details: object): Promise<string> };
      commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
    };
    const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
    const commands = await chrome.commands.getAll();
    return {
      local: await chrome.storage.local.get(null),
      badge: await chrome.action.getBadgeText({}),
      shortcut: commands.find((c) => c.name === 'toggle-panel')?.shortcut ?? '',
    };
  });
  return { ...state, scriptSites: await scriptSites(browser) };
}

/** Whether Backstory read the article: its tab on the page, within a few seconds of loading it. */
async function readsArticle(page: Page): Promise<boolean> {
  await page.goto(DEMO_URL);
  return page
    .getByRole('button', { name: /^Backstory/ })
    .waitFor({ timeout: 4000 })
    .then(
      () => true,
      () => false,
    );
}

describe('the first-run page', () => {
  it('opens on install and says what Backstory does, what stays on the machine, the key, the sites and the feeds', async () => {
    await welcome.getByRole('heading', { name: 'Welcome to Backstory' }).waitFor();
    for (const heading of ['What stays on your machine', 'The keyboard', 'Where it runs', 'Feeds'])
      expect(await welcome.getByRole('heading', { name: heading, exact: true }).isVisible()).toBe(true);
    // The key the browser has bound now, not the manifest's suggestion.
    // (Chromium leaves the suggested key unbound for an extension loaded from the command line.)
    const { shortcut } = await workerState();
    if (shortcut) await expect(welcome.locator('.shortcut kbd').textContent()).resolves.toBe(shortcut);
    else await expect(welcome.locator('.shortcut').textContent()).resolves.toMatch(/^No key is set to open the panel/);
    await expect(welcome.locator('.shortcut').textContent()).resolves.toContain('chrome://extensions/shortcuts');
    expect(await welcome.locator('.sites li').count()).toBe(18);
    // The feeds to sync: the news sites' feeds Backstory offers, each a switch, off.
    for (const offered of OFFERED_FEEDS) await expect(welcome.getByLabel(offered.name).isChecked()).resolves.toBe(false);
    await expect(welcome.getByText('TechCrunch').first().isVisible()).resolves.toBe(true);
  });

  it('finds no accessibility violations (axe-core)', async () => {
    expect(await axeViolations(welcome)).toEqual([]);
  });

  it('does not open again when the browser starts with the same profile', async () => {
    await welcome.close();
    await browser.close();
    browser = await launchBackstory({ server, extensionDir, profileDir });
    await waitForBackstory(browser);
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      browser.context
        .pages()
        .map((p) => p.url())
        .filter((url) => url.includes('welcome')),
    ).toEqual([]);
  });
});

describe('the global pause', () => {
  it('is confirmed in the popup; then no page is read, nothing syncs, and both pages say so until resumed', async () => {
    const article = await browser.context.newPage();
    expect(await readsArticle(article)).toBe(true);
    const popup = await extensionPage('popup.html');
    // Asked, then cancelled: nothing changes.
    await pointAndClick(popup, popup.getByRole('button', { name: 'Pause Backstory…' }));
    await popup.getByText('Pause Backstory everywhere?').waitFor();
    await pointAndClick(popup, popup.getByRole('button', { name: 'Cancel' }));
    expect((await workerState()).local.paused).toBeUndefined();
    // Asked and confirmed.
    await pointAndClick(popup, popup.getByRole('button', { name: 'Pause Backstory…' }));
    await pointAndClick(popup, popup.getByRole('button', { name: 'Pause', exact: true }));
    await popup.getByRole('status').filter({ hasText: 'Backstory is paused: it reads no pages and syncs nothing.' }).waitFor();
    await expect.poll(async () => (await workerState()).badge, { timeout: 10_000 }).toBe('off');
    const paused = await workerState();
    expect(paused.local.paused).toBe(true);
    expect(paused.scriptSites).toEqual([]);
    expect(paused.badge).toBe('off');
    // The open article loses what Backstory added; a new load of it is not read.
    await expect.poll(() => article.locator('backstory-host').count(), { timeout: 10_000 }).toBe(0);
    expect(await readsArticle(article)).toBe(false);
    // The options page says so too, and refuses to sync.
    const options = await extensionPage('options.html');
    await options.getByRole('status').filter({ hasText: 'Backstory is paused' }).waitFor();
    await pointAndClick(options, options.getByRole('button', { name: 'Sync now' }));
    await options.getByRole('alert').filter({ hasText: 'paused' }).waitFor({ timeout: 10_000 });
    // Resumed from the options page: the popup shows it at once, and pages are read again.
    await pointAndClick(options, options.getByRole('button', { name: 'Resume Backstory' }));
    await popup.getByRole('button', { name: 'Pause Backstory…' }).waitFor();
    await expect.poll(async () => (await workerState()).badge, { timeout: 10_000 }).toBe('');
    expect((await workerState()).scriptSites).toContain('https://*.techcrunch.com/*');
    expect(await readsArticle(article)).toBe(true);
    for (const page of [article, popup, options]) await page.close();
  });
});

/** The toolbar button's badge text: on the button, or as one tab shows it (its own text, else the button's). */
async function badge(tabId?: number): Promise<string> {
  return (await browser.worker()).evaluate(async (tab) => {
    const chrome = (globalThis as unknown as { chrome: { action: { getBadgeText(details: object): Promise<string> } } }).chrome;
    return chrome.action.getBadgeText(tab === undefined ? {} : { tabId: tab });
  }, tabId);
}

/** Writes to storage.local as a page of the extension would (the entity page's Follow button, the options' badge mode). */
async function setLocal(values: Record<string, unknown>): Promise<void> {
  await (await browser.worker()).evaluate(async (v) => {
    const chrome = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome;
    await chrome.storage.local.set(v);
  }, values);
}

describe('the toolbar button while paused', () => {
  let options: Page;
  const ANTHROPIC = { entityId: 'anthropic', name: 'Anthropic', since: '2026-07-01T00:00:00.000Z' };
  const ARRIVAL = { itemId: 'x', title: 'New', published: '2026-07-09', entities: ['anthropic'], arrived: '2026-07-09T00:00:00.000Z' };

  beforeAll(async () => {
    options = await extensionPage('options.html');
  });

  afterAll(async () => {
    await pauseFrom(options, false);
    await (await browser.worker()).evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { storage: { local: { remove(k: string[]): Promise<void> } } } }).chrome;
      await chrome.storage.local.remove(['badgeMode', 'follows', 'followArrivals']);
    });
    await options.close();
  });

  it('still says off after the reader follows an entity, or an item arrives, while paused', async () => {
    await pauseFrom(options, true);
    await expect.poll(() => badge(), { timeout: 10_000 }).toBe('off');
    await setLocal({ follows: [ANTHROPIC] });
    await setLocal({ followArrivals: [ARRIVAL] });
    // The watchers answer within a moment; give them longer than that.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badge()).toBe('off');
    await pauseFrom(options, false);
    await setLocal({ follows: [], followArrivals: [] });
  });

  it('still says off after the reader switches the badge to count new items while paused', async () => {
    await pauseFrom(options, true);
    await expect.poll(() => badge(), { timeout: 10_000 }).toBe('off');
    await setLocal({ badgeMode: 'new' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badge()).toBe('off');
    await pauseFrom(options, false);
    await setLocal({ badgeMode: 'entities' });
  });

  it('counts the new items again once resumed, in the badge mode that counts them, on the button and each tab', async () => {
    const article = await browser.context.newPage();
    expect(await readsArticle(article)).toBe(true);
    await setLocal({ badgeMode: 'new', follows: [ANTHROPIC], followArrivals: [ARRIVAL] });
    await expect.poll(() => badge(), { timeout: 10_000, message: 'before pausing' }).toBe('1');
    await pauseFrom(options, true);
    await expect.poll(() => badge(), { timeout: 10_000 }).toBe('off');
    await pauseFrom(options, false);
    await expect.poll(() => badge(), { timeout: 5_000, message: 'after resuming' }).toBe('1');
    // The article's tab shows the button's count, not the empty text the pause left on it.
    const tabId = await (await browser.worker()).evaluate(async (url) => {
      const chrome = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }).chrome;
      return (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id;
    }, DEMO_URL);
    expect(tabId).toBeDefined();
    await expect.poll(() => badge(tabId), { timeout: 5_000, message: "the article's tab" }).toBe('1');
    await article.close();
  });
});

describe('asking before a step, by keyboard', () => {
  it('puts focus on Cancel when it asks, Esc cancels back to the asking button, and the button that replaces the used one takes focus', async () => {
    const options = await extensionPage('options.html');
    const focused = () => options.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    const ask = options.getByRole('button', { name: 'Pause Backstory…' });
    await ask.focus();
    await options.keyboard.press('Enter');
    await options.getByText('Pause Backstory everywhere?').waitFor();
    await expect.poll(focused).toBe('Cancel');
    await options.keyboard.press('Escape');
    await ask.waitFor();
    expect(await focused()).toBe('Pause Backstory…');
    // Asked again, and the step taken from the keyboard: focus goes to Resume, then back to the asking button.
    await options.keyboard.press('Enter');
    await options.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Pause');
    await options.keyboard.press('Enter');
    await expect.poll(focused, { timeout: 10_000 }).toBe('Resume Backstory');
    await options.keyboard.press('Enter');
    await expect.poll(focused, { timeout: 10_000 }).toBe('Pause Backstory…');
    expect((await workerState()).local.paused).not.toBe(true);
    // The same question before deleting everything: Cancel first, Esc back.
    await options.getByRole('button', { name: 'Delete everything Backstory stored…' }).focus();
    await options.keyboard.press('Enter');
    expect(await focused()).toBe('Cancel');
    await options.keyboard.press('Escape');
    expect(await focused()).toBe('Delete everything Backstory stored…');
    await options.close();
  });
});

describe('Sync now with nothing to sync', () => {
  it('says so, where a click seemed to do nothing', async () => {
    const options = await extensionPage('options.html');
    expect(await feedViews(options)).toEqual([]);
    await pointAndClick(options, options.getByRole('button', { name: 'Sync now' }));
    await options.getByRole('status').filter({ hasText: 'No feed to sync: add one below, or turn on a news site’s feed.' }).waitFor();
    await options.close();
  });
});

describe('delete everything Backstory stored', () => {
  it('is confirmed, then forgets settings and feeds and takes the archive back to the bundled snapshot', async () => {
    const bundled = await readArchive(browser);
    const options = await extensionPage('options.html');
    // A reader's state: a feed added and synced, a site turned off, another interval.
    await options.getByLabel('Feed URL').fill(FEED_INDEX);
    await pointAndClick(options, options.getByRole('button', { name: 'Add feed' }));
    await expect
      .poll(async () => JSON.stringify((await feedViews(options)).find((f) => f.url === FEED_INDEX)?.state), { timeout: 30_000 })
      .toMatch(/lastSuccess/);
    await pointAndClick(options, options.getByLabel('TechCrunch (techcrunch.com)'));
    await options.getByLabel(/Sync every/).fill('12');
    await options.getByLabel(/Sync every/).press('Tab');
    await expect.poll(async () => (await workerState()).local.syncIntervalHours, { timeout: 10_000 }).toBe(12);
    expect((await readArchive(browser)).items).toBeGreaterThan(bundled.items);
    // A popup opened: it keeps the newest items it showed, for the next popup to show at once.
    const popup = await extensionPage('popup.html');
    await popup.getByText('The newest items').waitFor();
    await expect
      .poll(() => options.evaluate((key) => localStorage.getItem(key) !== null, FIRST_RESULTS_KEY), { timeout: 10_000 })
      .toBe(true);
    await popup.close();
    await expect.poll(async () => (await workerState()).scriptSites, { timeout: 10_000 }).not.toContain('https://*.techcrunch.com/*');

    // Asked, then cancelled: nothing is deleted.
    await pointAndClick(options, options.getByRole('button', { name: 'Delete everything Backstory stored…' }));
    await pointAndClick(options, options.getByRole('button', { name: 'Cancel' }));
    expect((await feedViews(options)).map((f) => f.url)).toEqual([FEED_INDEX]);

    await pointAndClick(options, options.getByRole('button', { name: 'Delete everything Backstory stored…' }));
    await options.getByText('This cannot be undone.').waitFor();
    await pointAndClick(options, options.getByRole('button', { name: 'Delete everything', exact: true }));
    await options.getByRole('status').filter({ hasText: 'Deleted.' }).waitFor({ timeout: 60_000 });

    expect((await workerState()).local).toEqual({});
    expect(await options.evaluate((key) => localStorage.getItem(key), FIRST_RESULTS_KEY)).toBeNull();
    await expect.poll(async () => (await workerState()).scriptSites, { timeout: 10_000 }).toContain('https://*.techcrunch.com/*');
    expect(await readArchive(browser)).toMatchObject({ items: bundled.items, seed: { complete: true } });
    await options.getByText('No feeds yet').waitFor();
    await expect(options.getByLabel('TechCrunch (techcrunch.com)').isChecked()).resolves.toBe(true);
    const article = await browser.context.newPage();
    expect(await readsArticle(article)).toBe(true);
    await article.close();
    await options.close();
  });
});
