/**
 * The reader's experience of Backstory on a page, in real Chromium, driven as a person drives it: which names
 * are marked (the first mention of each by default, all or none from the options page), and quiet where
 * there is nothing to say (no names: no tab; with the setting, an article not about AI and technology).
 */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FILE, DEMO_URL, withBackstory } from './helpers';

const NO_NAMES_URL = 'https://techcrunch.com/2026/07/06/a-quiet-article/';
/** An article on an enabled site in which the gazetteer knows no name. */
const NO_NAMES_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A quiet article | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="The town library reopens after repairs"></head>
<body><main><article><h1>The town library reopens after repairs</h1><div class="article-content">
<p>The library on Main Street reopened on Saturday after eight months of repairs to its roof and reading rooms.</p>
<p>Volunteers moved some forty thousand books back onto the shelves over two weekends, the head librarian said.</p>
</div></article></main></body></html>`;

const POLITICS_URL = 'https://www.reuters.com/world/2026/07/06/soybean-talks/';
/** A story on a general news site that names people and a government, and nothing of AI or technology. */
const POLITICS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Soybean talks | Reuters</title>
<meta property="og:type" content="article"><meta property="og:title" content="Scott Bessent meets officials from China on soybean tariffs"></head>
<body><main><article><h1>Scott Bessent meets officials from China on soybean tariffs</h1><div class="article-body">
<p>Treasury Secretary Scott Bessent said on Monday that talks with China on farm goods would continue next week.</p>
<p>Farmers in Iowa and Illinois have waited months for buyers to return before the autumn harvest.</p>
</div></article></main></body></html>`;

const env = withBackstory(['techcrunch.com', 'reuters.com'], {
  [DEMO_URL]: { file: DEMO_FILE },
  [NO_NAMES_URL]: { html: NO_NAMES_HTML },
  [POLITICS_URL]: { html: POLITICS_HTML },
});

type Chrome = {
  storage: {
    local: { remove(keys: string[]): Promise<void> };
    session: { get(key: null): Promise<Record<string, { page?: string; entities: unknown[] }>>; clear(): Promise<void> };
  };
};

/** Moves the pointer to the middle of an element in steps, and clicks there. */
async function clickAsPerson(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 20 });
  await page.mouse.down();
  await page.mouse.up();
}

/** Changes a setting on the options page as the reader does. */
async function inOptions(change: (options: Page) => Promise<void>): Promise<void> {
  const options = await env.browser.context.newPage();
  await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
  await options.getByRole('heading', { name: 'Reading' }).waitFor();
  await change(options);
  await options.close();
}

/** Opens a page once Backstory has nothing on record for it, and waits until the background has its analysis. */
async function openAndWaitForAnalysis(url: string): Promise<Page> {
  const worker = await env.browser.worker();
  await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.clear());
  const page = await env.browser.context.newPage();
  await page.goto(url);
  await expect
    .poll(() =>
      worker.evaluate(
        async (address) =>
          Object.values(await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null)).some(
            (a) => a.page === address,
          ),
        url,
      ),
    )
    .toBe(true);
  // The article script acts on the answer right after: give it a moment.
  await page.waitForTimeout(500);
  return page;
}

const marked = (page: Page) => page.evaluate(() => CSS.highlights.get('backstory-mention')?.size ?? 0);
const markedTexts = (page: Page) =>
  page.evaluate(() => [...(CSS.highlights.get('backstory-mention') ?? [])].map((r) => (r as Range).toString()));
const entitiesOnTab = async (page: Page): Promise<number> => {
  const label = (await page.getByRole('button', { name: /^Backstory/ }).getAttribute('aria-label')) ?? '';
  return Number(/^Backstory: (\d+) entit/.exec(label)?.[1]);
};

afterEach(async () => {
  // Each test starts from the defaults (and the panel not remembered open).
  const worker = await env.browser.worker();
  await worker.evaluate(() =>
    (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.remove(['markMode', 'aiArticlesOnly', 'panelOpenSites']),
  );
});

describe('marks', () => {
  it('mark the first mention of each name by default, and all mentions or none as set in the options', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(DEMO_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    const names = await entitiesOnTab(page);
    expect(names).toBeGreaterThan(3);
    await expect.poll(() => marked(page)).toBe(names);
    // One mark a name: Alibaba, named nine times, is marked once, at its first mention in the body.
    const texts = await markedTexts(page);
    expect(texts.filter((t) => t === 'Alibaba')).toHaveLength(1);
    const first = await page.evaluate(() => {
      const range = [...(CSS.highlights.get('backstory-mention') ?? [])].find((r) => (r as Range).toString() === 'Alibaba') as Range;
      return range.startContainer.parentElement?.closest('p')?.textContent?.slice(0, 26);
    });
    expect(first).toBe('Alibaba will bar employees');

    await inOptions((options) => clickAsPerson(options, options.getByRole('radio', { name: /All mentions/ })));
    await page.reload();
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    await expect.poll(async () => (await markedTexts(page)).filter((t) => t === 'Alibaba').length).toBeGreaterThan(5);

    await inOptions((options) => clickAsPerson(options, options.getByRole('radio', { name: /No marks, panel only/ })));
    await page.reload();
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await tab.waitFor();
    await expect.poll(() => entitiesOnTab(page)).toBe(names);
    await page.waitForTimeout(500);
    expect(await marked(page)).toBe(0);
    // The panel is still there.
    await clickAsPerson(page, tab);
    await page.frameLocator('backstory-host iframe').getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    await page.close();
  });
});

describe('quiet when there is nothing to say', () => {
  it('shows no tab and no marks on an article in which no names are found', async () => {
    const page = await openAndWaitForAnalysis(NO_NAMES_URL);
    expect(await page.locator('backstory-host').count()).toBe(0);
    expect(await marked(page)).toBe(0);
    await page.close();
  });

  it('with "only articles about AI and technology" on, shows nothing on a story that is not, and still on one that is', async () => {
    // Off (the default): the names found are enough for the tab.
    let page = await openAndWaitForAnalysis(POLITICS_URL);
    await expect.poll(() => entitiesOnTab(page)).toBeGreaterThan(0);
    await page.close();

    await inOptions((options) => clickAsPerson(options, options.getByRole('checkbox', { name: 'Only articles about AI and technology' })));
    page = await openAndWaitForAnalysis(POLITICS_URL);
    expect(await page.locator('backstory-host').count()).toBe(0);
    expect(await marked(page)).toBe(0);
    await page.close();

    page = await openAndWaitForAnalysis(DEMO_URL);
    await expect.poll(() => entitiesOnTab(page)).toBeGreaterThan(3);
    await page.close();
  });
});
