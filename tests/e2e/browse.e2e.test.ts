/**
 * Browse, follow and export in real Chromium: the entity page opened from a panel chip with the pointer
 * (and checked with axe-core), an entity followed there, a sync from the local feed server bringing an
 * item for it, that item marked new in the popup and in the panel; the entity's items saved as a feed file
 * and imported again in the options page (a malformed file changing nothing); the feed list as OPML.
 *
 * The shipped build with the feed's host granted at install (`withHostsGranted`): no test can answer a
 * permission prompt, and `permissions.request` for a host already granted answers yes without one.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFeed } from '../../lib/sync/publish';
import { type BackstoryBrowser, launchBackstory, type SiteServer, startSiteServer, waitForBackstory } from '../../scripts/lib/browser';
import { createFeedServer, DEMO_FEED_ARTICLE, demoFeedRecords } from '../../scripts/lib/feed-server';
import { feedViews, pointAndClick, withHostsGranted } from './helpers';

const FEED_BASE = 'https://feeds.example.org/demo/';
const INDEX = `${FEED_BASE}index.json`;
const NOW = new Date('2026-12-05T06:00:00Z');
const SYNCED_TITLE = 'Demo feed: Alibaba reviews its Claude Code ban';

let server: SiteServer;
let browser: BackstoryBrowser;
let extensionDir = '';

beforeAll(async () => {
  extensionDir = withHostsGranted(['https://feeds.example.org/*']);
  const { entities, items } = demoFeedRecords();
  const feed = createFeedServer(FEED_BASE, await publishFeed(entities, items, { title: 'Demo feed', now: NOW }));
  server = await startSiteServer(['techcrunch.com', 'feeds.example.org'], {
    [DEMO_FEED_ARTICLE.url]: { html: DEMO_FEED_ARTICLE.html },
    ...feed.routes(),
  });
  browser = await launchBackstory({ server, extensionDir });
  await waitForBackstory(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

async function openPanel(): Promise<{ tab: Page; panel: ReturnType<Page['frameLocator']> }> {
  const tab = await browser.context.newPage();
  await tab.goto(DEMO_FEED_ARTICLE.url);
  const button = tab.getByRole('button', { name: /^Backstory/ });
  await button.waitFor();
  await expect
    .poll(
      async () => {
        if ((await button.getAttribute('aria-expanded')) !== 'true') await pointAndClick(tab, button);
        return button.getAttribute('aria-expanded');
      },
      { interval: 500, timeout: 15_000 },
    )
    .toBe('true');
  return { tab, panel: tab.frameLocator('backstory-host iframe') };
}

/** How many live items the archive holds, read directly. */
async function itemCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done, fail) => {
        const open = indexedDB.open('backstory-archive');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('meta').objectStore('meta').get('counts');
          get.onsuccess = () => {
            open.result.close();
            done((get.result as { items: number }).items);
          };
        };
      }),
  );
}

let entityPage: Page;

describe('the entity page', () => {
  it('opens from a panel chip with the pointer, in a tab of its own, with its card, relatives and items', async () => {
    const { tab, panel } = await openPanel();
    const chip = panel.getByRole('button', { name: /^Anthropic/ });
    await pointAndClick(tab, chip);
    const card = panel.getByRole('region', { name: 'About Anthropic' });
    await card.waitFor();
    const opened = browser.context.waitForEvent('page');
    // The link says how many of its items the archive holds: the panel shows only those about this story.
    await pointAndClick(tab, card.getByRole('link', { name: /^All \d+ of its archive items, on its page$/ }));
    entityPage = await opened;
    await entityPage.waitForLoadState();
    expect(new URL(entityPage.url()).pathname).toBe('/entity.html');
    expect(new URL(entityPage.url()).searchParams.get('id')).toBe('anthropic');
    await entityPage.getByRole('heading', { level: 1, name: 'Anthropic' }).waitFor();
    await expect(entityPage.title()).resolves.toBe('Anthropic · Backstory');
    const relatives = entityPage.getByRole('region', { name: 'Relatives' });
    await expect(relatives.getByRole('link', { name: 'Claude Code' }).isVisible()).resolves.toBe(true);
    const items = entityPage.locator('.entity-items > li');
    expect(await items.count()).toBeGreaterThan(1);
    const days = await entityPage
      .locator('.entity-items > li > time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
    expect(days).toEqual([...days].sort().reverse());
    await tab.close();
  });

  it('says on a person’s page where they work, not that they are "part of" it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/entity.html?id=thariq-shihipar`);
    await page.getByRole('heading', { level: 1, name: 'Thariq Shihipar' }).waitFor();
    await expect(page.locator('.entity-head .type').textContent()).resolves.toMatch(/^person · at Anthropic$/i);
    await expect(page.getByRole('region', { name: 'Relatives' }).locator('li').first().textContent()).resolves.toMatch(
      /^Works at: Anthropic/,
    );
    // A company's parent is still what it is part of.
    await page.goto(`chrome-extension://${browser.extensionId}/entity.html?id=google-cloud`);
    await page.getByRole('heading', { level: 1, name: 'Google Cloud' }).waitFor();
    await expect(page.locator('.entity-head .type').textContent()).resolves.toMatch(/part of Google$/);
    await page.close();
  });

  it('says plainly on the page of an entity no item names that there are none, with no empty list to filter', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/entity.html?id=ramp`);
    await page.getByRole('heading', { level: 1, name: 'Ramp' }).waitFor();
    await expect(page.getByText('0 items in the archive').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Items by date' }).count()).resolves.toBe(0);
    await expect(page.locator('input[type="date"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('opens from the mention card, reached with the pointer', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(DEMO_FEED_ARTICLE.url);
    await tab.getByRole('button', { name: /^Backstory: \d+ entit/ }).waitFor();
    const mark = await tab.evaluate(() => {
      const text = document.querySelector('.article-content p')?.firstChild as Text;
      const at = text.data.indexOf('Anthropic');
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 'Anthropic'.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    const button = tab.getByRole('button', { name: 'Entity page' });
    // The marks are painted a little after the tab shows: hover again until the card comes.
    await expect
      .poll(
        async () => {
          await tab.mouse.move(mark.x, mark.y - 60, { steps: 5 });
          await tab.mouse.move(mark.x, mark.y, { steps: 20 });
          return button.waitFor({ timeout: 1500 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const opened = browser.context.waitForEvent('page');
    await pointAndClick(tab, button);
    const page = await opened;
    await page.getByRole('heading', { level: 1, name: 'Anthropic' }).waitFor();
    expect(new URL(page.url()).searchParams.get('id')).toBe('anthropic');
    await page.close();
    await tab.close();
  });

  it('filters by a co-named entity and by dates, in its address', async () => {
    const all = await entityPage.locator('.entity-items > li').count();
    const select = entityPage.getByRole('combobox', { name: /^Also naming/ });
    // The least named of the entities its items also name: fewer items than all of them.
    const values = await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const chosen = values.at(-1) as string;
    await select.selectOption(chosen);
    await expect.poll(() => entityPage.locator('.entity-items > li').count()).toBeLessThan(all);
    expect(new URL(entityPage.url()).searchParams.get('related')).toBe(chosen);
    await entityPage.getByRole('button', { name: 'Clear filters' }).click();
    await entityPage.getByLabel('From', { exact: true }).fill('2026-07-01');
    const shownDays = () =>
      entityPage.locator('.entity-items > li > time').evaluateAll((t) => t.map((e) => e.getAttribute('datetime') ?? ''));
    await expect.poll(async () => (await shownDays()).length > 0 && (await shownDays()).every((day) => day >= '2026-07-01')).toBe(true);
    expect(new URL(entityPage.url()).searchParams.get('from')).toBe('2026-07-01');
    // Dates that leave no day between them say so, as the popup does.
    await entityPage.getByLabel('From', { exact: true }).fill('2026-03-15');
    await entityPage.getByLabel('To', { exact: true }).fill('2025-01-01');
    await entityPage.getByText('The “from” date is after the “to” date: no day lies between them.', { exact: false }).waitFor();
    // Cleared by keyboard: the button goes, and the keyboard goes on from the form's first field, not the page's body.
    await entityPage.getByRole('button', { name: 'Clear filters' }).focus();
    await entityPage.keyboard.press('Enter');
    await expect.poll(() => entityPage.locator('.entity-items > li').count()).toBe(all);
    await expect.poll(() => entityPage.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('date');
    // A day that is none, in the address, filters nothing (its box could not show it).
    const address = new URL(entityPage.url());
    address.searchParams.set('from', '2026-13-45');
    address.searchParams.set('to', '2026-02-30');
    await entityPage.goto(address.href);
    await entityPage.locator('.entity-items > li').first().waitFor();
    await expect.poll(() => entityPage.locator('.entity-items > li').count()).toBe(all);
  });

  it('filters by a date typed key by key only once its year is whole', async () => {
    await entityPage.goto(`chrome-extension://${browser.extensionId}/entity.html?id=anthropic`);
    const from = entityPage.getByLabel('From', { exact: true });
    await from.waitFor();
    // Every address the page writes for its filters.
    await entityPage.evaluate(() => {
      const written: string[] = [];
      const replace = history.replaceState.bind(history);
      history.replaceState = (data, unused, url) => {
        written.push(String(url));
        replace(data, unused, url);
      };
      Object.assign(window, { written });
    });
    // Month, day, then the year: Chromium's field holds 0002-07-04, 0020-07-04, 0202-07-04 on the way to 2026.
    await from.focus();
    for (const key of '07042026') await entityPage.keyboard.press(key);
    await expect.poll(() => new URL(entityPage.url()).searchParams.get('from')).toBe('2026-07-04');
    await expect(entityPage.evaluate(() => (window as unknown as { written: string[] }).written)).resolves.toEqual([
      '?id=anthropic&from=2026-07-04',
    ]);
  });

  it('finds no accessibility violations (axe-core)', async () => {
    await entityPage.locator('.entity-items details summary').first().click();
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await entityPage.evaluate(axeSource);
    const violations = await entityPage.evaluate(async () => {
      type Axe = { run(context: Document): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
      const result = await (window as unknown as { axe: Axe }).axe.run(document);
      return result.violations.map((v) => `${v.id} (${v.nodes.length}: ${JSON.stringify(v.nodes[0]?.target)})`);
    });
    expect(violations).toEqual([]);
  });
});

describe('following', () => {
  it('follows an entity from its page; a sync brings an item for it, marked new in the popup and the panel', async () => {
    const follow = entityPage.getByRole('button', { name: 'Follow' });
    await pointAndClick(entityPage, follow);
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    // Said in words, not only by the check mark: a pressed "Follow" read as an offer to follow.
    await expect(follow.textContent()).resolves.toBe('Following');

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByLabel('Feed URL').fill(INDEX);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await options.getByText(/Added “Demo feed”/).waitFor();
    await expect
      .poll(async () => (await feedViews(options)).find((f) => f.url === INDEX)?.state.lastSuccess, {
        timeout: 30_000,
      })
      .toBeTruthy();
    await options.close();

    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const followed = popup.getByRole('region', { name: /^Following/ });
    await expect.poll(() => followed.getByRole('heading').textContent()).toBe('Following · 2 new');
    const fresh = followed.locator('.followed-news li');
    await expect(fresh.allTextContents()).resolves.toContainEqual(expect.stringContaining(SYNCED_TITLE));
    await expect(fresh.first().locator('.new-mark').textContent()).resolves.toBe('New');
    // The sync line: how current the archive is, with the feed's sync.
    await expect(popup.locator('.sync-line').textContent()).resolves.toMatch(/Archive as of Dec \d{1,2}, 2026 · last sync/);
    await popup.close();

    const { tab, panel } = await openPanel();
    const shown = panel.locator('.lead, .timeline > li').filter({ hasText: SYNCED_TITLE }).first();
    await shown.waitFor({ timeout: 15_000 });
    await expect(shown.locator('.new-mark').textContent()).resolves.toBe('New');
    // The entity's card in the panel says it is followed, as its page does.
    await pointAndClick(tab, panel.getByRole('button', { name: /^Anthropic/ }));
    const following = panel.getByRole('region', { name: 'About Anthropic' }).getByRole('button', { name: 'Following', exact: true });
    await expect(following.getAttribute('aria-pressed')).resolves.toBe('true');
    await tab.close();

    // Opening the entity's page is looking: what was new there is seen from then on.
    await entityPage.reload();
    await entityPage.getByRole('heading', { level: 1, name: 'Anthropic' }).waitFor();
    await expect.poll(() => entityPage.locator('.entity-items .new-mark').count()).toBe(2);
    const again = await browser.context.newPage();
    await again.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect.poll(() => again.getByRole('heading', { name: /^Following/ }).textContent()).toBe('Following');
    await again.close();
  });
  it('lists three new items an entity, and says how many more its page has', async () => {
    const worker = await browser.worker();
    await worker.evaluate(async () => {
      const arrivals = [1, 2, 3, 4, 5].map((n) => ({
        itemId: `arrival-${n}`,
        title: `New item ${n} on Anthropic`,
        published: `2026-12-0${n}`,
        entities: ['anthropic'],
        arrived: '2026-12-05T06:00:00Z',
      }));
      type Chrome = { storage: { local: { set(v: object): Promise<void> } } };
      await (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.set({
        follows: [{ entityId: 'anthropic', name: 'Anthropic', since: '2026-12-01T00:00:00Z' }],
        followArrivals: arrivals,
      });
    });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const followed = popup.getByRole('region', { name: /^Following/ });
    await expect.poll(() => followed.getByRole('heading').textContent()).toBe('Following · 5 new');
    await expect.poll(() => followed.locator('.followed-news li .new-mark').count()).toBe(3);
    const more = followed.getByRole('link', { name: "2 more on Anthropic's page" });
    const opened = browser.context.waitForEvent('page');
    await pointAndClick(popup, more);
    const page = await opened;
    await page.getByRole('heading', { level: 1, name: 'Anthropic' }).waitFor();
    await page.close();
    await popup.close().catch(() => undefined);
  });
});

describe('export and import', () => {
  it("saves an entity's items as a feed file and imports it in the options, as a source of its own", async () => {
    const downloading = entityPage.waitForEvent('download');
    await pointAndClick(entityPage, entityPage.getByRole('button', { name: 'Save as feed file' }));
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^backstory-anthropic-\d{4}-\d{2}-\d{2}\.backstory\.json$/);
    const text = readFileSync((await download.path()) as string, 'utf8');
    const file = JSON.parse(text) as { format: string; pages: { items: { id: string }[] }[] };
    expect(file.format).toBe('backstory-feed-file');
    const exported = file.pages.flatMap((p) => p.items).length;
    await entityPage.getByText(`Saved ${exported} items`).waitFor();

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const before = await itemCount(options);
    // A malformed file: a clear error, and nothing changes.
    await options.getByLabel('Import a feed file').setInputFiles({
      name: 'broken.backstory.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text.slice(0, Math.floor(text.length / 2))),
    });
    await expect(options.locator('.import-error').textContent()).resolves.toMatch(
      /^Nothing was imported: the file is not a Backstory feed file: not valid JSON/,
    );
    expect(await itemCount(options)).toBe(before);

    await options
      .getByLabel('Import a feed file')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) });
    await options.getByText(new RegExp(`^Imported “Backstory: Anthropic”: ${exported} new`)).waitFor();
    expect(await itemCount(options)).toBe(before + exported);
    await options.close();
  });

  it('saves the feed list as OPML and reads it back', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const downloading = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Save the feed list as OPML' }).click();
    const opml = readFileSync((await (await downloading).path()) as string, 'utf8');
    expect(opml).toContain(`xmlUrl="${INDEX}"`);
    await options.getByLabel('Import OPML').setInputFiles({ name: 'feeds.opml', mimeType: 'text/xml', buffer: Buffer.from(opml) });
    await options.getByText('The file lists 1 feed').waitFor();
    await expect(options.locator('.opml-preview').textContent()).resolves.toContain(INDEX);
    await options.getByRole('button', { name: 'Add these feeds' }).click();
    await expect(options.locator('.import-error').textContent()).resolves.toMatch(/Added 0 of 1 feed\. .*That feed is in the list already/);
    // A file far larger than any list of feeds is refused before it is read.
    await options
      .getByLabel('Import OPML')
      .setInputFiles({ name: 'huge.opml', mimeType: 'text/xml', buffer: Buffer.alloc(3 * 1024 * 1024, ' ') });
    await expect.poll(() => options.locator('.import-error').textContent()).toBe('Nothing was imported: the file is larger than 2 MiB.');
    expect(await options.locator('.opml-preview').count()).toBe(0);
    await options.close();
  });
});
