/**
 * Backstory in Simplified Chinese and Japanese, in real Chromium (whose own language here is en-US): the
 * reader picks the language in the options; the open options page switches at once, the popup and the
 * panel (with the tab on the article) show it from their next opening, each page's <html lang> says it,
 * and axe finds nothing wrong there. The panel's frame delegates the Translator API.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, DEMO_FILE, DEMO_URL, textBox, waitFor, withBackstory } from './helpers';

const env = withBackstory(['techcrunch.com'], { [DEMO_URL]: { file: DEMO_FILE } });

let options: Page;
const pageUrl = (name: string) => `chrome-extension://${env.browser.extensionId}/${name}.html`;

beforeAll(async () => {
  options = await env.browser.context.newPage();
  await options.goto(pageUrl('options'));
});
afterAll(async () => {
  await options?.close();
});

/** Chooses the language in the options, as the reader does. */
async function chooseLanguage(label: string): Promise<void> {
  const select = options.locator('select[name="language"]');
  await select.scrollIntoViewIfNeeded();
  await select.selectOption({ label });
}

/** The panel's frame on the article, opened from the tab (a fresh page: the article script reads the language per page). */
async function openPanel(tabName: RegExp): Promise<{ page: Page; frame: Frame; close(): Promise<void> }> {
  const page = await env.browser.context.newPage();
  await page.goto(DEMO_URL);
  const tab = page.getByRole('button', { name: tabName });
  await tab.waitFor();
  await tab.click();
  const frame = await waitFor('the panel frame', async () => page.frames().find((f) => f.url().includes('/sidebar.html')));
  return {
    page,
    frame,
    // Closed by its tab before the page goes: the site remembers a panel left open, and would open it by itself next time.
    async close() {
      await tab.click();
      await expect.poll(() => tab.getAttribute('aria-expanded')).toBe('false');
      await page.close();
    },
  };
}

/**
 * axe on the panel's frame (the helper evaluates in whatever it is given). The panel is a complementary
 * region framed beside the article, with no <main> of its own: axe's best-practice rule asking each
 * document for one main landmark does not fit a frame that is a part of another page.
 */
const axeInFrame = (frame: Frame) => axeViolations(frame as unknown as Page, ['landmark-one-main']);

/**
 * How much of the search box's placeholder the popup (380 px) cuts off, in px (0: it is shown whole): the box given
 * its placeholder as its value (the same font) must not scroll. Measured by the box itself, not against its padding:
 * Chromium keeps room for a search box's clear button even while it is hidden, and a text measured against the
 * padding alone fitted while the box cut the last characters off ("from:2026-0" in Japanese).
 */
const placeholderCutOff = (popup: Page) =>
  popup.getByRole('searchbox').evaluate((box: HTMLInputElement) => {
    const typed = box.value;
    box.value = box.placeholder;
    const cut = box.scrollWidth - box.clientWidth;
    box.value = typed;
    return cut;
  });

/**
 * Where a page's text has an ASCII space after a sentence's 。 or beside a full-width parenthesis (each with the
 * characters around it): Chinese and Japanese put none there, and such a space came from joining two parts with
 * the space English wants between them. The text as laid out (each block on a line of its own), details opened.
 */
const spacedFullWidth = (target: Page | Frame) =>
  target.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out: textContent runs one block's end into the next's start
    return [...document.body.innerText.matchAll(/.{0,12}(?:。 | （|（ | ）).{0,12}/gu)].map(([found]) => found);
  });

describe('in English by default', () => {
  it('shows the search box’s hint whole in the popup', async () => {
    const popup = await env.browser.context.newPage();
    await popup.goto(pageUrl('popup'));
    await popup.getByLabel('Search the archive').waitFor();
    expect(await placeholderCutOff(popup)).toBe(0);
    await popup.close();
  });

  it('follows the browser’s language (en-US)', async () => {
    await options.getByRole('heading', { name: 'Backstory settings' }).waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect(options.locator('select[name="language"]').inputValue()).resolves.toBe('auto');
  });

  it('marks the tab on the article as English', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(DEMO_URL);
    const tab = page.getByRole('button', { name: /^Backstory: \d+ entities/ });
    await tab.waitFor();
    await expect(tab.getAttribute('lang')).resolves.toBe('en');
    await page.close();
  });
});

describe('in Simplified Chinese', () => {
  beforeAll(async () => {
    await chooseLanguage('简体中文');
  });

  it('switches the open options page at once, without a reload', async () => {
    await options.getByRole('heading', { name: 'Backstory 设置' }).waitFor();
    await options.getByRole('heading', { name: '订阅源', exact: true }).waitFor();
    await options.getByText('仅限关于人工智能和科技的文章').waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The tab's name too, not the HTML file's English.
    await expect.poll(() => options.title()).toBe('Backstory 设置');
    expect(await axeViolations(options)).toEqual([]);
  });

  it('shows the popup in Chinese', async () => {
    const popup = await env.browser.context.newPage();
    await popup.goto(pageUrl('popup'));
    await popup.getByLabel('搜索档案库').waitFor();
    await popup.getByText(/^\d+ 条内容，涉及 \d+ 个实体/).waitFor();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await placeholderCutOff(popup)).toBe(0);
    await popup.locator('.shortcut-note').waitFor();
    expect(await spacedFullWidth(popup)).toEqual([]);
    expect(await spacedFullWidth(options)).toEqual([]);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
  });

  it('shows the tab and the panel in Chinese, the panel’s frame allowed the on-device Translator', async () => {
    const { page, frame, close } = await openPanel(/^Backstory：本文涉及 \d+ 个实体/);
    await frame.getByRole('heading', { name: '实体', exact: true }).waitFor();
    await frame.getByRole('button', { name: '关闭 Backstory 面板' }).waitFor();
    await expect(frame.locator('.archive-footer').textContent()).resolves.toMatch(/档案库更新至 \d{4}年\d{1,2}月\d{1,2}日/);
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The archive's own words (titles, summaries, takes, signals) are marked English, for a screen reader's voice;
    // the panel's words around them are Chinese.
    const langs = await frame
      .locator('.lead h3, .lead p:not(.label):not(.date), .timeline h3, .signals li > p:first-child')
      .evaluateAll((els) => els.map((el) => el.closest('[lang]')?.getAttribute('lang')));
    expect(langs.length).toBeGreaterThan(3);
    expect(new Set(langs)).toEqual(new Set(['en']));
    expect(
      await frame
        .locator('.lead .label')
        .first()
        .evaluate((el) => el.closest('[lang]')?.getAttribute('lang')),
    ).toBe('zh-CN');
    expect(await page.locator('backstory-host iframe').getAttribute('allow')).toBe('translator');
    expect(await axeInFrame(frame)).toEqual([]);
    await close();
  });
});

describe('in Japanese', () => {
  beforeAll(async () => {
    await chooseLanguage('日本語');
  });

  it('switches the open options page at once', async () => {
    await options.getByRole('heading', { name: 'Backstory の設定' }).waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await axeViolations(options)).toEqual([]);
  });

  it('shows the popup in Japanese', async () => {
    const popup = await env.browser.context.newPage();
    await popup.goto(pageUrl('popup'));
    await popup.getByLabel('アーカイブを検索').waitFor();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await placeholderCutOff(popup)).toBe(0);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
  });

  it('marks the tab and the mention card as Japanese on an English article, the archive’s own words as English', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(DEMO_URL);
    const tab = page.getByRole('button', { name: /^Backstory: この記事のエンティティ \d+ 件/ });
    await tab.waitFor();
    // The article is English; the words Backstory wrote into it are the reader's, and say so to a screen reader.
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^en\b/);
    const langOf = (element: Element) => {
      const host = (element.getRootNode() as ShadowRoot).host;
      return { lang: element.closest('[lang]')?.getAttribute('lang'), dir: element.getAttribute('dir'), host: host?.getAttribute('lang') };
    };
    expect(await tab.evaluate(langOf)).toEqual({ lang: 'ja', dir: 'ltr', host: 'ja' });
    // A mention's card, on hover as a reader brings it up.
    const box = await textBox(page, 'Claude Code from July 10');
    await page.mouse.move(box.x - 200, box.y - 120);
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2, { steps: 20 });
    const card = page.getByRole('dialog', { name: /^Claude Code: 製品/ });
    await card.waitFor();
    expect(await card.evaluate(langOf)).toEqual({ lang: 'ja', dir: 'ltr', host: 'ja' });
    await expect(
      card.getByRole('button', { name: 'Backstory で表示' }).evaluate((b) => b.closest('[lang]')?.getAttribute('lang')),
    ).resolves.toBe('ja');
    await expect(card.getByRole('heading').getAttribute('lang')).resolves.toBe('en');
    await page.close();
  });

  it('shows the tab and the panel in Japanese', async () => {
    const { frame, close } = await openPanel(/^Backstory: この記事のエンティティ \d+ 件/);
    await frame.getByRole('heading', { name: 'エンティティ', exact: true }).waitFor();
    await expect(frame.locator('.archive-footer').textContent()).resolves.toMatch(/アーカイブ: \d{4}\/\d{2}\/\d{2} 時点/);
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await spacedFullWidth(frame)).toEqual([]);
    expect(await axeInFrame(frame)).toEqual([]);
    await close();
  });

  it('puts no space after a sentence’s 。 or beside a full-width parenthesis (options, popup, entity page, first-run page)', async () => {
    const found: Record<string, string[]> = { options: await spacedFullWidth(options) };
    // The entity page with its relatives, its items' signals, and dates that leave no day between them.
    for (const name of ['popup', 'entity', 'welcome'] as const) {
      const page = await env.browser.context.newPage();
      await page.goto(`${pageUrl(name)}${name === 'entity' ? '?id=anthropic' : ''}`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ja');
      // Each page's last part to come: the popup's shortcut line, the entity page's items, the first-run page's sites.
      await page.locator({ popup: '.shortcut-note', entity: '.entity-items li', welcome: 'li' }[name]).first().waitFor();
      found[name] = await spacedFullWidth(page);
      if (name === 'entity') {
        await page.goto(`${pageUrl(name)}?id=anthropic&from=2026-03-15&to=2025-01-01`);
        await page.getByText('開始日が終了日より後になっています', { exact: false }).waitFor();
        found['entity, empty range'] = await spacedFullWidth(page);
      }
      await page.close();
    }
    expect(found).toEqual({ options: [], popup: [], entity: [], 'entity, empty range': [], welcome: [] });
  });

  it('goes back to the browser’s language', async () => {
    await chooseLanguage('ブラウザに合わせる（English）');
    await options.getByRole('heading', { name: 'Backstory settings' }).waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});
