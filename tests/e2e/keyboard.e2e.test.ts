/**
 * Backstory by keyboard, in real Chromium: the tab is the first stop of the Tab key; the panel command's
 * real binding (as `commands.getAll()` has it) is on the tab's tooltip, in the popup and in the options,
 * with how to change it; and Alt+↓ / Alt+↑ step through the marked names from inside the panel as from
 * the tab. (The command itself cannot be pressed by a test: panel.e2e.test.ts sends it from the worker.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, ROOT } from '../../scripts/lib/browser';
import { DEMO_FILE, DEMO_URL, pointAndClick, withBackstory } from './helpers';

/** A long article: a skip link at the top, links all along, and its names far down. */
const LONG_URL = 'https://www.bloomberg.com/news/articles/2026-07-04/the-long-year-of-building/';

const env = withBackstory(['techcrunch.com', 'bloomberg.com'], {
  [DEMO_URL]: { file: DEMO_FILE },
  [LONG_URL]: { file: join(ROOT, 'tests/fixtures/pages/long-article.html') },
});

const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
});

async function newPage(url: string): Promise<Page> {
  const page = await env.browser.context.newPage();
  pages.push(page);
  await page.goto(url);
  return page;
}

/** The panel command's shortcut, as the browser has it now (empty when unset). */
async function realShortcut(): Promise<string> {
  const worker = await env.browser.worker();
  return worker.evaluate(async () => {
    type Chrome = { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } };
    const all = await (globalThis as unknown as { chrome: Chrome }).chrome.commands.getAll();
    return all.find((c) => c.name === 'toggle-panel')?.shortcut ?? '';
  });
}

/** Opens the demo (or another article) with Backstory's tab there, the marks painted, and the panel closed. */
async function openDemo(url = DEMO_URL): Promise<Page> {
  const page = await newPage(url);
  const tab = page.getByRole('button', { name: /^Backstory/ });
  await tab.waitFor();
  await page.waitForFunction(() => document.querySelector('backstory-host')?.shadowRoot?.querySelector('.card') != null);
  if ((await tab.getAttribute('aria-expanded')) === 'true') await tab.click();
  return page;
}

/** The focused element, through Backstory's shadow root: its class there (or tag: the panel's iframe), or the page's tag. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    const inner = active?.shadowRoot?.activeElement;
    return inner ? `backstory:${inner.className || inner.localName}` : (active?.tagName.toLowerCase() ?? '');
  });

/** The showing card's name, and whether it has focus; null when none shows. */
const shownCard = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('backstory-host')?.shadowRoot;
    const shown = root?.querySelector('.card:not([hidden])');
    return shown ? { name: shown.querySelector('h2')?.textContent, focused: root?.activeElement === shown } : null;
  });

/** Until the page has stopped scrolling (a step's smooth scroll); where it stopped. */
async function settledScroll(page: Page): Promise<number> {
  let last = -1;
  for (;;) {
    const now = await page.evaluate(() => window.scrollY);
    if (now === last) return now;
    last = now;
    await page.waitForTimeout(250);
  }
}

describe('the tab by keyboard', () => {
  it('is the first stop of the Tab key on a page full of links', async () => {
    const page = await openDemo();
    const links = await page.locator('a[href]').count();
    expect(links).toBeGreaterThan(5);
    await page.bringToFront();
    // From the top of a freshly loaded page, as a keyboard reader starts.
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page)).toBe('backstory:tab');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /^Backstory/ }).getAttribute('aria-expanded')).resolves.toBe('true');
  });

  it("is given the manifest's suggested shortcut by the browser, named on the tab's tooltip", async () => {
    // A suggested key that is one of Chromium's own (Alt+Shift+B focuses its bookmarks bar) is left unassigned.
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      commands: Record<string, { suggested_key: { default: string } }>;
    };
    const shortcut = await realShortcut();
    expect(shortcut).toBe(manifest.commands['toggle-panel']?.suggested_key.default);
    const page = await openDemo();
    const title = page.getByRole('button', { name: /^Backstory/ });
    await expect
      .poll(() => title.getAttribute('title'))
      .toEqual(shortcut ? `Open or close the Backstory panel (${shortcut})` : expect.stringContaining('No keyboard shortcut is set'));
  });

  it('steps through the marked names with Alt+↓ / Alt+↑ from inside the panel too', async () => {
    const page = await openDemo();
    await page.getByRole('button', { name: /^Backstory/ }).click();
    const panel = page.frameLocator('backstory-host iframe');
    await panel.getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    // The panel took focus when it opened; the reader presses Alt+↓ there.
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
    await expect.poll(() => frame?.evaluate(() => document.hasFocus())).toBe(true);
    const card = () =>
      page.evaluate(() => {
        const root = document.querySelector('backstory-host')?.shadowRoot;
        const shown = root?.querySelector('.card:not([hidden])');
        return shown ? { name: shown.querySelector('h2')?.textContent, focused: root?.activeElement === shown } : null;
      });
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(card).toMatchObject({ focused: true });
    const first = (await card())?.name;
    expect(first).toBeTruthy();
    // Back in the panel, Alt+↑ goes round to the last mention.
    await panel.getByRole('heading', { name: 'Backstory', exact: true }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(card).toMatchObject({ focused: true });
  });

  it('hides a card reached from the panel once the reader is back in the panel, and goes on from it', async () => {
    const page = await openDemo();
    await page.getByRole('button', { name: /^Backstory/ }).click();
    const panel = page.frameLocator('backstory-host iframe');
    const heading = panel.getByRole('heading', { name: 'Entities', exact: true });
    await heading.waitFor();
    const shown = () =>
      page.evaluate(
        () => document.querySelector('backstory-host')?.shadowRoot?.querySelector('.card:not([hidden]) h2')?.textContent ?? null,
      );
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      // The reader clicks back into the panel with the pointer, in steps, and presses Alt+↓ there.
      const box = await heading.boundingBox();
      if (!box) throw new Error('no heading');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
      await page.mouse.down();
      await page.mouse.up();
      // No card over the article: none yet, then (the second time) the one stepped to, since focus left it for the panel.
      await expect.poll(shown).toBeNull();
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(shown).not.toBeNull();
      names.push((await shown()) as string);
    }
    // The second Alt+↓ went on to the next name, not back to the first.
    expect(names[1]).not.toBe(names[0]);
    const box = await heading.boundingBox();
    if (!box) throw new Error('no heading');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
    await page.mouse.down();
    await page.mouse.up();
    // Esc in the panel closes it, and leaves no card behind over the article.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: /^Backstory/ }).getAttribute('aria-expanded')).toBe('false');
    await page.waitForTimeout(300);
    await expect(shown()).resolves.toBeNull();
  });
});

describe('a card reached by keys', () => {
  it('Tab past its last control goes on from its mark in the page, not to the skip link at the top; Shift+Tab likewise', async () => {
    const page = await openDemo(LONG_URL);
    await page.bringToFront();
    await page.keyboard.press('Tab');
    // (A tab beside text that reaches the window's edge is tucked away until focused: its class says so.)
    await expect.poll(() => focused(page)).toMatch(/^backstory:tab\b/);
    // Thirteen names on, far down the page, as on the reader's tour.
    for (let i = 0; i < 13; i++) {
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(() => shownCard(page)).toMatchObject({ focused: true });
    }
    const at = await settledScroll(page);
    expect(at).toBeGreaterThan(3000);
    /** The paragraph of the mark the card shows. */
    const markParagraph = () =>
      page.evaluate(() => {
        const range = [...(CSS.highlights.get('backstory-current') ?? [])][0] as Range | undefined;
        return range?.startContainer.parentElement?.closest('p')?.id ?? null;
      });
    /** Where focus is in the page (the paragraph and the link's class), and whether the page stayed where the reader is. */
    const where = (from: number) =>
      page.evaluate((top) => {
        const active = document.activeElement;
        const paragraph = active?.closest('p')?.id;
        return {
          focus: paragraph ? `${paragraph} ${active?.className}` : (active?.className ?? ''),
          stayed: Math.abs(window.scrollY - top) < window.innerHeight / 2,
        };
      }, from);
    const paragraph = await markParagraph();
    expect(paragraph).toMatch(/^p\d+$/);
    // The card, then its two buttons, then on: into the page at the link after the name.
    const buttons = await page.getByRole('dialog').getByRole('button').count();
    expect(buttons).toBe(2);
    for (let i = 0; i <= buttons; i++) await page.keyboard.press('Tab');
    await expect.poll(() => where(at), { timeout: 3000 }).toEqual({ focus: `${paragraph} after`, stayed: true });
    await expect(shownCard(page)).resolves.toBeNull();

    // Back to the tab, Alt+↑ to the name before, and Shift+Tab from its card: the link before that name.
    await page.getByRole('button', { name: /^Backstory/ }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => shownCard(page)).toMatchObject({ focused: true });
    const before = await settledScroll(page);
    const previous = await markParagraph();
    expect(previous).not.toBe(paragraph);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => where(before), { timeout: 3000 }).toEqual({ focus: `${previous} before`, stayed: true });
  });

  it('Esc on a card reached from the panel puts focus back in the panel; Esc there, or on the tab, closes the panel', async () => {
    const page = await openDemo();
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await pointAndClick(page, tab);
    const panel = page.frameLocator('backstory-host iframe');
    await panel.getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
    await expect.poll(() => frame?.evaluate(() => document.hasFocus())).toBe(true);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => shownCard(page)).toMatchObject({ focused: true });
    await page.keyboard.press('Escape');
    await expect.poll(() => shownCard(page)).toBeNull();
    // Back in the panel, where the reader was, and the panel's own Esc then closes it.
    await expect.poll(() => focused(page)).toBe('backstory:iframe');
    await expect.poll(() => frame?.evaluate(() => document.hasFocus())).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => tab.getAttribute('aria-expanded')).toBe('false');

    // Open again, the focus on the tab: Esc there closes the panel too.
    await pointAndClick(page, tab);
    await expect.poll(() => tab.getAttribute('aria-expanded')).toBe('true');
    await tab.focus();
    await expect.poll(() => focused(page)).toBe('backstory:tab');
    await page.keyboard.press('Escape');
    await expect.poll(() => tab.getAttribute('aria-expanded')).toBe('false');
    // A card reached from the tab closes first, putting focus back on the tab; the panel stays as it was.
    await pointAndClick(page, tab);
    await expect.poll(() => tab.getAttribute('aria-expanded')).toBe('true');
    await tab.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => shownCard(page)).toMatchObject({ focused: true });
    await page.keyboard.press('Escape');
    await expect.poll(() => shownCard(page)).toBeNull();
    await expect.poll(() => focused(page)).toBe('backstory:tab');
    await expect(tab.getAttribute('aria-expanded')).resolves.toBe('true');
  });
});

describe('the shortcut in the popup and the options', () => {
  for (const name of ['popup', 'options'] as const) {
    it(`the ${name} shows the real binding and how to change it in each browser`, async () => {
      const shortcut = await realShortcut();
      const page = await newPage(`chrome-extension://${env.browser.extensionId}/${name}.html`);
      const note = page.locator('.shortcut-note');
      await note.waitFor();
      const text = await note.textContent();
      expect(text).toContain(shortcut ? `Keyboard shortcut for the panel: ${shortcut}` : 'No keyboard shortcut is set');
      expect(text).toContain('chrome://extensions/shortcuts');
      await expect(note.getByRole('button', { name: shortcut ? 'Change it' : 'Set one' }).isVisible()).resolves.toBe(true);
    });
  }

  it("opens the tab's panel from the popup (for a page whose text leaves the tab no room)", async () => {
    const article = await openDemo();
    const popup = await env.browser.context.newPage();
    pages.push(popup);
    // Loaded while the article's tab is the active one, as when the popup opens from the toolbar.
    await article.bringToFront();
    await popup.goto(`chrome-extension://${env.browser.extensionId}/popup.html`);
    const button = popup.getByRole('button', { name: 'Open or close the panel on this page' });
    await button.waitFor();
    const box = await button.boundingBox();
    if (!box) throw new Error('no button');
    await popup.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 20 });
    await popup.mouse.down();
    await popup.mouse.up();
    await expect.poll(() => article.getByRole('button', { name: /^Backstory/ }).getAttribute('aria-expanded')).toBe('true');
  });

  it('finds no accessibility violations in the popup (axe-core)', async () => {
    const page = await newPage(`chrome-extension://${env.browser.extensionId}/popup.html`);
    await page.locator('.shortcut-note').waitFor();
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      type Axe = { run(context: Document): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
      const result = await (window as unknown as { axe: Axe }).axe.run(document);
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });
});
