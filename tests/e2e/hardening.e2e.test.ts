/**
 * What a news page's own scripts and styles can do to Backstory's part of the page, in real Chromium. The
 * host's shadow root is open (the tests reach in through it), so the page can too: it must not be able to
 * act for the reader (open the panel, step through the cards), nor hide, restyle or break the host, nor
 * read anything about the reader from the host's tree.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_FILE, DEMO_URL, textBox, withBackstory } from './helpers';

const demo = readFileSync(DEMO_FILE, 'utf8');
/** The demo article with a script or a stylesheet of the page's own, in its <head>. */
const withHead = (extra: string): string => demo.replace('</head>', `${extra}</head>`);
const DEFINED_URL = 'https://techcrunch.com/2026/07/04/defined-host/';
const STYLED_URL = 'https://techcrunch.com/2026/07/04/styled-host/';

const env = withBackstory(['techcrunch.com'], {
  [DEMO_URL]: { file: DEMO_FILE },
  // The page defines an element of the host's tag name first, one that takes a shadow root of its own.
  [DEFINED_URL]: {
    html: withHead(`<script>
      customElements.define('backstory-host', class extends HTMLElement {
        constructor() { super(); this.attachShadow({ mode: 'closed' }); window.pageSawHost = (window.pageSawHost || 0) + 1; }
      });
    </script>`),
  },
  // The page aims CSS at the host: hidden, moved off screen, see-through.
  [STYLED_URL]: {
    html: withHead(
      '<style>backstory-host, html > backstory-host { display: none !important; transform: translateX(5000px) !important; opacity: 0 !important; }</style>',
    ),
  },
});

/** Backstory's host: its own element, or the <div> it falls back to when the page took its tag name. */
const HOST = 'backstory-host, div[data-backstory="host"]';

/** Opens a page with the panel closed (Backstory remembers, per site, that the reader left it open). */
async function open(url: string): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(url);
  const tab = page.getByRole('button', { name: /^Backstory/ });
  await tab.waitFor();
  await page.waitForTimeout(200);
  if ((await tab.getAttribute('aria-expanded')) === 'true') await tab.click();
  // The cards come with the marks, just after the tab.
  await page.waitForFunction((host) => document.querySelector(host)?.shadowRoot?.querySelector('.card') != null, HOST);
  return page;
}

/** Whether the host's element of that class is there and not hidden. */
const shown = (page: Page, selector: string) =>
  page.evaluate(
    ([host, s]) => {
      const element = document.querySelector(host as string)?.shadowRoot?.querySelector(s as string);
      return element ? !element.hasAttribute('hidden') : false;
    },
    [HOST, selector],
  );
const panelShown = (page: Page) => shown(page, '.panel');
const cardShown = (page: Page) => shown(page, '.card');

describe("a page's scripts", () => {
  it('cannot open the panel: a synthetic click on the tab is ignored, the reader’s click is not', async () => {
    const page = await open(DEMO_URL);
    await page.evaluate(() => {
      const tab = document.querySelector('backstory-host')?.shadowRoot?.querySelector('.tab') as HTMLButtonElement;
      tab.click();
      tab.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      tab.focus();
      tab.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    });
    await page.waitForTimeout(300);
    expect(await panelShown(page)).toBe(false);
    expect(page.frames().some((f) => f.url().includes('/sidebar.html'))).toBe(false);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await expect.poll(() => panelShown(page)).toBe(true);
    // Closed again, so the site is not remembered open for the next tests.
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await page.close();
  });

  it('cannot show a card or step through the mentions', async () => {
    const page = await open(DEMO_URL);
    const box = await textBox(page, 'Claude Code');
    await page.evaluate(
      ({ x, y }) => {
        const root = document.querySelector('backstory-host')?.shadowRoot as ShadowRoot;
        document.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        (root.querySelector('.tab') as HTMLElement).focus();
        for (let i = 0; i < 3; i++)
          root
            .querySelector('.tab')
            ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true, composed: true }));
      },
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    await page.waitForTimeout(600);
    expect(await cardShown(page)).toBe(false);
    // The reader's own pointer does show it.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => cardShown(page)).toBe(true);
    // And a synthetic click on its button does not open the panel.
    await page.evaluate(() =>
      (document.querySelector('backstory-host')?.shadowRoot?.querySelector('.card button') as HTMLElement | null)?.click(),
    );
    await page.waitForTimeout(300);
    expect(await panelShown(page)).toBe(false);
    await page.close();
  });

  it('cannot break the host by defining an element of its tag name first', async () => {
    const page = await open(DEFINED_URL);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await expect.poll(() => panelShown(page)).toBe(true);
    expect(await page.evaluate((host) => document.querySelectorAll(host).length, HOST)).toBe(1);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await page.close();
  });

  it('takes the host away and puts it back: the tab still works, and there is still one', async () => {
    const page = await open(DEMO_URL);
    await page.evaluate(() => {
      const host = document.querySelector('backstory-host') as Element;
      host.remove();
      document.body.append(host);
    });
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await expect.poll(() => panelShown(page)).toBe(true);
    expect(await page.locator('backstory-host').count()).toBe(1);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await page.close();
  });

  it('reads nothing about the reader in the host’s whole tree', async () => {
    const page = await open(DEMO_URL);
    // The reader opens the panel on an entity (from its card), so there is state to leak.
    const box = await textBox(page, 'Claude Code');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('button', { name: 'Show in Backstory' }).click();
    await expect.poll(() => panelShown(page)).toBe(true);
    const tree = await page.evaluate(() => {
      const host = document.querySelector('backstory-host') as Element;
      const parts: string[] = [];
      const walk = (node: Node): void => {
        if (node instanceof Element) for (const a of node.attributes) parts.push(`${a.name}=${a.value}`);
        if (node.nodeType === 3) parts.push(node.textContent ?? '');
        for (const child of node.childNodes) walk(child);
        if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
      };
      walk(host);
      return parts.join('\n');
    });
    // What the page may see: the tab, how many entities its article mentions, the card of a name on it.
    expect(tree).toContain('Backstory');
    // Not what the reader follows, reads or has set: those live in the extension's frame only. (The
    // other default sites stand for the settings' site list.)
    for (const secret of ['The Verge', 'wired.com', 'follow', 'Follow', 'unread', 'new since', 'disabled'])
      expect(tree).not.toContain(secret);
    await page.close();
  });
});

describe("a page's styles", () => {
  it('cannot hide or move the host', async () => {
    const page = await open(STYLED_URL);
    const tab = page.getByRole('button', { name: /^Backstory/ });
    const box = await tab.boundingBox();
    expect(box?.width).toBeGreaterThan(10);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1400);
    const opacity = await page.evaluate(() => getComputedStyle(document.querySelector('backstory-host') as Element).opacity);
    expect(opacity).toBe('1');
    await tab.click();
    await expect.poll(() => panelShown(page)).toBe(true);
    await page.close();
  });
});
