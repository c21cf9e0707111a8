/**
 * The popup's search in real Chromium, the popup opened as a page of the built extension on the bundled
 * archive: the box is focused, results come as the reader types (matched words marked), filters narrow
 * them, arrow keys move, Enter opens an item's link in a new tab, or its detail when it has no link; a
 * headline synced from a news site's RSS feed (served as techcrunch.com) is found as items are. A popup opened
 * again may show the newest items kept from the last one before its database answers: an item imported in
 * between still comes to the top, and the keys work on the list shown.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../lib/archive/schema';
import { buildFeedFile } from '../../lib/sync/feed-file';
import { createFeedServer } from '../../scripts/lib/feed-server';
import { toRss } from '../news-fixtures';
import { DEMO_FILE, DEMO_URL, feedViews, pointAndClick, waitFor, withBackstory } from './helpers';

/** A headline no curated item covers, in the offered TechCrunch feed. */
const HEADLINE = {
  title: 'Quokka Robotics raises a seed round for warehouse arms',
  url: 'https://techcrunch.com/2026/07/21/quokka-robotics-warehouse-arms/',
  published: 'Tue, 21 Jul 2026 09:00:00 +0000',
  lede: 'The startup builds picking arms for small warehouses.',
};
const feed = createFeedServer('https://techcrunch.com/', [{ path: 'feed/', bytes: new TextEncoder().encode(toRss([HEADLINE])) }]);
const env = withBackstory(['techcrunch.com'], {
  [DEMO_URL]: { file: DEMO_FILE },
  [HEADLINE.url]: { html: `<!doctype html><title>${HEADLINE.title}</title><h1>${HEADLINE.title}</h1>` },
  ...feed.routes(),
});

/** Waits until the worker's fold job has built the search index (no queued work left). */
async function indexBuilt(): Promise<void> {
  const worker = await env.browser.worker();
  for (let i = 0; i < 100; i++) {
    const pending = await worker.evaluate(
      () =>
        new Promise<number>((done, fail) => {
          const open = indexedDB.open('backstory-archive');
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('searchQueue')) return done(1);
            const count = db.transaction('searchQueue').objectStore('searchQueue').count();
            count.onsuccess = () => {
              db.close();
              done(count.result);
            };
          };
        }),
    );
    if (pending === 0) return;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error('The search index was not built.');
}

async function openPopup(): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 600 });
  await page.goto(`chrome-extension://${env.browser.extensionId}/popup.html`);
  return page;
}

const rows = (page: Page) => page.locator('#archive-search-results [role="option"]');

describe('searching the archive from the popup', () => {
  beforeAll(indexBuilt);

  it('focuses the box, shows the newest items, and answers as the reader types, words marked', async () => {
    const page = await openPopup();
    const box = page.getByLabel('Search the archive');
    await page.getByText('The newest items').waitFor();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await rows(page).count()).toBeGreaterThan(5);
    // Typed as a person types, one key at a time: the last word is a prefix.
    await page.keyboard.type('claude cod', { delay: 30 });
    await page.getByText('Alibaba reportedly bans employees from using', { exact: false }).first().waitFor();
    // The last key's answer (an earlier prefix's, "clau", may be on screen a moment before, under load).
    await page
      .locator('#archive-search-results .search-item mark', { hasText: /^Code$/ })
      .first()
      .waitFor();
    const marked = await page.locator('#archive-search-results .search-item mark').allTextContents();
    expect(marked).toEqual(expect.arrayContaining(['Claude', 'Code']));
    // The entity of that name comes first, with its type and item count.
    await expect(rows(page).first().textContent()).resolves.toMatch(/^Claude Code\s*product\s*· \d+ items/);
    await page.close();
  });

  it('leaves the results list out of the Tab order: its keys are the search box’s, where arrows and Enter work', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('anthropic ', { delay: 20 });
    await page.locator('.search-heading', { hasText: /items/ }).waitFor();
    const stops: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName ?? ''));
    }
    expect(stops).not.toContain('listbox');
    await page.close();
  });

  it('says why nothing matches when the From date is after the To date', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('anthropic ', { delay: 20 });
    await page.getByLabel('From').fill('2026-06-01');
    await page.getByLabel('To', { exact: true }).fill('2026-01-01');
    await page.getByText('The “from” date is after the “to” date: no day lies between them.').waitFor();
    await page.getByLabel('To', { exact: true }).fill('2026-07-01');
    await page.getByText('The “from” date is after the “to” date', { exact: false }).waitFor({ state: 'detached' });
    await page.close();
  });

  it('says which filters it took from the words typed, the entity by its name (the controls above do not show them)', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('entity:anthropic from:2026-06 ', { delay: 20 });
    await page.locator('.typed-filters', { hasText: 'Filtered as typed: Anthropic · From 2026-06' }).waitFor();
    for (const date of await page.locator('.search-item time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime'))))
      expect(date && date >= '2026-06').toBe(true);
    await page.getByLabel('Search the archive').fill('');
    await page.locator('.typed-filters').waitFor({ state: 'detached' });
    await page.close();
  });

  it('says when more items match than it shows, and not when it shows them all', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('anthropic ', { delay: 20 });
    await page.locator('.search-heading', { hasText: /^The first 20 items; more match/ }).waitFor();
    await page.getByLabel('Search the archive').fill('');
    await page.keyboard.type('pentagon classified ', { delay: 20 });
    await page.locator('.search-heading', { hasText: /^\d+ items?$/ }).waitFor();
    await page.close();
  });

  it('forgives a typo, and filters by date and by an entity chosen from the results', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('Nvida ', { delay: 30 });
    const nvidiaEntity = rows(page).filter({ hasText: /^Nvidia\s*company/ });
    await nvidiaEntity.first().waitFor();
    await page.getByText('Nvidia loses about $589 billion', { exact: false }).waitFor();
    // From 2026 on: the 2025 item goes.
    await page.getByLabel('From').fill('2026-01-01');
    await page.getByText('Nvidia loses about $589 billion', { exact: false }).waitFor({ state: 'detached' });
    const days = await page
      .locator('#archive-search-results .search-item time')
      .evaluateAll((els) => els.map((el) => el.getAttribute('datetime')));
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((day) => (day as string) >= '2026-01-01')).toBe(true);
    await page.getByLabel('From').fill('');
    // Choosing the entity makes it a filter (a chip that removes it), and the query starts again.
    const box = await nvidiaEntity.first().boundingBox();
    await page.mouse.move((box?.x ?? 0) + 20, (box?.y ?? 0) + 8, { steps: 20 });
    await page.mouse.down();
    await page.mouse.up();
    await page.getByRole('button', { name: 'Entity: Nvidia. Remove this filter' }).waitFor();
    await page.getByText('Nvidia loses about $589 billion', { exact: false }).waitFor();
    // That item was on screen before the filter too: the filtered answer is waited for, not the first look after the click.
    const metas = () => page.locator('#archive-search-results .search-meta').allTextContents();
    await expect.poll(async () => (await metas()).every((line) => line.includes('Nvidia'))).toBe(true);
    expect((await metas()).length).toBeGreaterThan(2);
    // Beside the filter, outside the list of results: the entity's own page, in a new tab.
    const link = page.getByRole('link', { name: "Open Nvidia's page" });
    const linkBox = await link.boundingBox();
    const opened = env.browser.context.waitForEvent('page');
    await page.mouse.move((linkBox?.x ?? 0) + 10, (linkBox?.y ?? 0) + 5, { steps: 20 });
    await page.mouse.down();
    await page.mouse.up();
    const tab = await opened;
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`chrome-extension://${env.browser.extensionId}/entity.html?id=nvidia`);
    await tab.close();
    await page.close();
  });

  it('keeps the search box where it first showed while the rest of the popup comes', async () => {
    const page = await openPopup();
    const box = page.getByRole('searchbox');
    await box.waitFor();
    const first = (await box.boundingBox())?.y;
    // The lines above it: this tab's and the archive's, filled in once the rest of the popup is loaded.
    await page.getByText('No article read on this tab.').waitFor();
    await page.getByText(/^Archive as of/).waitFor();
    expect((await box.boundingBox())?.y).toBe(first);
    await page.close();
  });

  it('keeps the date range whole: From and To on one line, under the type', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    const top = async (field: Locator) => ((await field.boundingBox()) as { y: number }).y;
    const from = await top(page.getByLabel('From', { exact: true }));
    expect(await top(page.getByLabel('To', { exact: true }))).toBe(from);
    expect(from).toBeGreaterThan(await top(page.getByRole('combobox')));
    await page.close();
  });

  it('moves with the arrow keys; Enter opens the link in a new tab, or the detail when there is none', async () => {
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('pentagon classified ', { delay: 30 });
    await page.getByText('Pentagon signs deals with Nvidia', { exact: false }).waitFor();
    const opened = env.browser.context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const tab = await opened;
    expect(tab.url()).toBe(
      'https://techcrunch.com/2026/05/01/pentagon-inks-deals-with-nvidia-microsoft-and-aws-to-deploy-ai-on-classified-networks/',
    );
    await tab.close();

    await page.getByLabel('Search the archive').fill('');
    await page.keyboard.type('claude code china check ', { delay: 20 });
    await page.getByText('Reverse-engineering reveals a hidden China check', { exact: false }).first().waitFor();
    const first = rows(page).nth(0);
    const second = rows(page).nth(1);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await second.getAttribute('aria-selected')).toBe('true');
    expect(await first.getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('ArrowUp');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    // Move to the first item (past any entity) and open it: it has no link, so its detail shows here.
    const items = await rows(page).evaluateAll((els) => els.map((el) => el.classList.contains('item')));
    for (let i = 0; i < items.indexOf(true); i++) await page.keyboard.press('ArrowDown');
    const title = await page.locator('#archive-search-results [aria-selected="true"] .search-title').textContent();
    const pages = env.browser.context.pages().length;
    await page.keyboard.press('Enter');
    const detail = page.getByRole('article', { name: 'Item' });
    await detail.getByRole('heading', { name: title ?? '' }).waitFor();
    expect(env.browser.context.pages().length).toBe(pages);
    await page.getByRole('button', { name: 'Back to the results' }).click();
    await rows(page).first().waitFor();
    await page.close();
  });

  it('in dark mode, the matched words and an item detail’s title can be read (contrast of 4.5:1 at least; the title is not a label)', async () => {
    const page = await openPopup();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('claude code china check ', { delay: 20 });
    const mark = page.locator('#archive-search-results .search-item mark').first();
    await mark.waitFor();
    expect(await contrastOf(mark)).toBeGreaterThanOrEqual(4.5);
    const items = await rows(page).evaluateAll((els) => els.map((el) => el.classList.contains('item')));
    for (let i = 0; i < items.indexOf(true); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const title = page.getByRole('article', { name: 'Item' }).getByRole('heading');
    await title.waitFor();
    expect(await title.evaluate((el) => getComputedStyle(el).textTransform)).toBe('none');
    expect(await contrastOf(title)).toBeGreaterThanOrEqual(4.5);
    await page.close();
  });

  it('finds a headline synced from a news feed by a word of its title; Enter opens its link in a new tab', async () => {
    const options = await env.browser.context.newPage();
    await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
    await pointAndClick(options, options.locator('.offered-feeds').getByRole('checkbox', { name: /TechCrunch/ }));
    await waitFor('the news feed’s first sync', async () =>
      (await feedViews(options)).find((f) => f.url === 'https://techcrunch.com/feed/' && f.state.lastSuccess),
    );
    await options.close();
    await indexBuilt();

    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await page.keyboard.type('quokka ', { delay: 30 });
    const row = rows(page).filter({ hasText: HEADLINE.title });
    await row.waitFor();
    expect(await row.locator('.search-title mark').allTextContents()).toEqual(['Quokka']);
    // Its description, as a snippet: TechCrunch's feed repeats the headline there ("The post … appeared first").
    expect(await row.locator('.search-snippet mark').allTextContents()).toEqual(['Quokka']);
    await expect(row.locator('.search-meta').textContent()).resolves.toMatch(/^Headline · .+ · TechCrunch/);
    await expect(page.locator('.search-heading').textContent()).resolves.toBe('0 items · 1 headline');
    // The only row: selected, and Enter opens the outlet's page.
    expect(await row.getAttribute('aria-selected')).toBe('true');
    const opened = env.browser.context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const tab = await opened;
    expect(tab.url()).toBe(HEADLINE.url);
    await tab.close();
    await page.close();
  });

  it('shows the newest items again when reopened, and an item imported in between comes to the top', async () => {
    const before = await openPopup();
    await before.getByText('The newest items').waitFor();
    const firstTitle = await rows(before).first().locator('.search-title').textContent();
    await before.close();

    const item: Item = {
      id: 'zebra-robotics-opens-a-lab',
      url: 'https://techcrunch.com/2026/12/01/zebra-robotics-opens-a-lab/',
      title: 'Zebra Robotics opens a research lab for warehouse models',
      published: '2026-12-01',
      summary: 'The company opens a lab to train models for warehouse arms.',
      take: 'A small lab, but a sign of where warehouse robotics money goes.',
      signals: [],
      coverage: [{ outlet: 'TechCrunch', headline: 'Zebra Robotics opens a lab', published: '2026-12-01', checked: 'recall' }],
      entities: [],
      follows: [],
      modified: '2026-12-01T09:00:00Z',
      deleted: false,
    };
    const options = await env.browser.context.newPage();
    await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
    await options.getByLabel('Import a feed file').setInputFiles({
      name: 'zebra.backstory.json',
      mimeType: 'application/json',
      buffer: Buffer.from(await buildFeedFile([], [item], { title: 'Zebra news' })),
    });
    await options.getByText(/^Imported “Zebra news”: 1 new/).waitFor();
    await options.close();

    // Whatever showed first (the kept list or the database's), the list settles on the archive as it is now.
    const page = await openPopup();
    await page.getByText('The newest items').waitFor();
    await waitFor('the imported item at the top', async () => (await rows(page).first().textContent())?.includes(item.title));
    expect(await rows(page).nth(1).locator('.search-title').textContent()).toBe(firstTitle);
    expect(await rows(page).first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await rows(page).nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    const opened = env.browser.context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const tab = await opened;
    expect(tab.url()).toBe(item.url);
    await tab.close();
    await page.close();
  });
});

/**
 * The WCAG contrast ratio of an element's text against the background it is drawn on (its own, or the nearest
 * ancestor's that is not transparent).
 */
function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (color: string) => {
      const [r = 0, g = 0, b = 0] = rgb(color).map((c) => c / 255);
      const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    let back: Element | null = el;
    let background = 'rgb(255, 255, 255)';
    for (; back; back = back.parentElement) {
      const color = getComputedStyle(back).backgroundColor;
      if ((rgb(color)[3] ?? 1) > 0) {
        background = color;
        break;
      }
    }
    const [light, dark] = [luminance(getComputedStyle(el).color), luminance(background)].sort((a, b) => b - a) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  });
}
