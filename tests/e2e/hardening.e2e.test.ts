/**
 * What a news page's own scripts and styles can do to Backstory's part of the page, in real Chromium. The
 * host's shadow root is open (the tests reach in through it), so the page can too: it must not be able to
 * act for the reader (open the panel, step through the cards), nor hide, restyle or break the host, nor
 * read anything about the reader from the host's tree.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ARTICLE_SCRIPT_FILE } from '../../lib/settings/registration';
import { clickAt, DEMO_FILE, DEMO_URL, lookAtIt, scriptSites, textBox, waitFor, withBackstory } from './helpers';

const demo = readFileSync(DEMO_FILE, 'utf8');
/** The demo article with a script or a stylesheet of the page's own, in its <head>. */
const withHead = (extra: string): string => demo.replace('</head>', `${extra}</head>`);
const DEFINED_URL = 'https://techcrunch.com/2026/07/04/defined-host/';
const STYLED_URL = 'https://techcrunch.com/2026/07/04/styled-host/';
const LISTENING_URL = 'https://techcrunch.com/2026/07/04/listening-page/';

/** A document of the page's own, made to pass for Backstory's panel. */
const FAKE_PANEL_URL = 'https://techcrunch.com/fake-panel';
/** The same, whose load never ends (a picture that never comes): the frame's load event never fires. */
const ENDLESS_FAKE_PANEL_URL = 'https://techcrunch.com/fake-panel-endless';
const FAKE_PANEL = '<h1>Backstory</h1><p>Your archive is out of date: sign in again at evil.example</p>';

/** The demo article on a site that greys its whole page (as news sites do on days of mourning). */
const GREY_URL = 'https://techcrunch.com/2026/07/04/grey-day/';

const env = withBackstory(['techcrunch.com'], {
  [DEMO_URL]: { file: DEMO_FILE },
  [GREY_URL]: { html: withHead('<style>html { filter: grayscale(1); }</style>') },
  [FAKE_PANEL_URL]: { html: FAKE_PANEL },
  [ENDLESS_FAKE_PANEL_URL]: { html: `${FAKE_PANEL}<img src="/never" alt="">` },
  'https://techcrunch.com/never': { handle: () => {} },
  // The page defines an element of the host's tag name first, one that takes a shadow root of its own.
  [DEFINED_URL]: {
    html: withHead(`<script>
      customElements.define('backstory-host', class extends HTMLElement {
        constructor() { super(); this.attachShadow({ mode: 'closed' }); window.pageSawHost = (window.pageSawHost || 0) + 1; }
      });
    </script>`),
  },
  // The page hears every message posted to its window, from its first script on.
  [LISTENING_URL]: {
    html: withHead(`<script>
      window.heard = [];
      addEventListener('message', (event) => window.heard.push(JSON.stringify(event.data)));
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

/**
 * What the reader sees in Backstory's panel: its own page, nothing (closed, or its frame not shown yet), or the
 * address of another document in its frame.
 */
async function panelShows(page: Page): Promise<string> {
  const frame = page.locator(`${HOST} >> iframe`);
  if (!(await panelShown(page)) || (await frame.count()) !== 1) return 'nothing';
  if ((await frame.evaluate((element) => getComputedStyle(element).opacity)) === '0') return 'nothing';
  const url = (await (await frame.elementHandle())?.contentFrame())?.url() ?? '';
  return url.startsWith('chrome-extension://') ? 'the panel' : url;
}
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

  it('cannot step through the mentions or close the panel from a document of its own put in the panel’s frame', async () => {
    const page = await open(DEMO_URL);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await expect.poll(() => panelShown(page)).toBe(true);
    await page.frameLocator(`${HOST} >> iframe`).getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    // The frame is in the open shadow root: the page replaces its document with one that asks what the panel asks.
    const send = (messages: object[]) =>
      page.evaluate((sent) => {
        const frame = document.querySelector('backstory-host')?.shadowRoot?.querySelector('iframe') as HTMLIFrameElement;
        frame.srcdoc = `<script>for (const m of ${JSON.stringify(sent)}) parent.postMessage(m, '*');</script>`;
      }, messages);
    await send([1, 1, 1].map((direction) => ({ backstory: 'step-mention', direction })));
    await page.waitForTimeout(600);
    expect(await cardShown(page)).toBe(false);
    await send([{ backstory: 'close-panel' }]);
    await page.waitForTimeout(600);
    expect(await panelShown(page)).toBe(true);
    // The reader still closes it.
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await expect.poll(() => panelShown(page)).toBe(false);
    await page.close();
  });

  it('cannot show a document of its own in the panel by navigating the panel’s frame: the panel comes back', async () => {
    const page = await open(DEMO_URL);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await page.frameLocator(`${HOST} >> iframe`).getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    // A parent may navigate a child frame of any origin: no attribute of the frame changes.
    for (const url of [FAKE_PANEL_URL, ENDLESS_FAKE_PANEL_URL]) {
      await page.evaluate((to) => {
        const frame = document.querySelector('backstory-host')?.shadowRoot?.querySelector('iframe') as HTMLIFrameElement;
        (frame.contentWindow as Window).location.href = to;
      }, url);
      await expect.poll(() => panelShows(page), { timeout: 5000 }).toBe('the panel');
      await page.frameLocator(`${HOST} >> iframe`).getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    }
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await page.close();
  });

  it('cannot show a document of its own in the panel by navigating the frame before the panel’s page came', async () => {
    const page = await open(DEMO_URL);
    // As soon as the frame is made, before the panel's page is in it.
    await page.evaluate((to) => {
      const root = document.querySelector('backstory-host')?.shadowRoot as ShadowRoot;
      new MutationObserver(() => {
        const frame = root.querySelector('iframe');
        if (frame && !frame.dataset.taken) {
          frame.dataset.taken = 'yes';
          (frame.contentWindow as Window).location.href = to;
        }
      }).observe(root, { childList: true, subtree: true });
    }, FAKE_PANEL_URL);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      seen.add(await panelShows(page));
      await page.waitForTimeout(100);
    }
    expect([...seen].filter((shows) => shows !== 'nothing' && shows !== 'the panel')).toEqual([]);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    await page.close();
  });

  it('cannot choose what the panel shows; the reader’s card does, with the panel open or not', async () => {
    const page = await open(DEMO_URL);
    const pressed = (name: RegExp) =>
      page.frameLocator(`${HOST} >> iframe`).getByRole('button', { name }).first().getAttribute('aria-pressed');
    const showFrom = async (text: string) => {
      const box = await textBox(page, text);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 30);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
      const button = page.getByRole('button', { name: 'Show in Backstory' });
      const target = (await button.boundingBox()) as { x: number; y: number; width: number; height: number };
      await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 10 });
      await page.mouse.down();
      await page.mouse.up();
    };
    await showFrom('Claude Code');
    await expect.poll(() => pressed(/^Claude Code/)).toBe('true');
    // The page posts to the panel's frame what the article script once posted there, and the word it posts now.
    await page.evaluate(() => {
      const frame = document.querySelector('backstory-host')?.shadowRoot?.querySelector('iframe') as HTMLIFrameElement;
      frame.contentWindow?.postMessage({ backstory: 'filter-entity', entityId: 'anthropic' }, '*');
      frame.contentWindow?.postMessage({ backstory: 'filter-changed', entityId: 'anthropic' }, '*');
    });
    await page.waitForTimeout(600);
    await expect(pressed(/^Claude Code/)).resolves.toBe('true');
    await expect(pressed(/^Anthropic/)).resolves.toBe('false');
    // The reader's card on another name, the panel open: it shows that one.
    await showFrom('Anthropic');
    await expect.poll(() => pressed(/^Anthropic/)).toBe('true');
    await page.getByRole('button', { name: /^Backstory/ }).click();
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

  it('hears nothing that names the extension, and cannot take Backstory off the page by sending what its scripts send', async () => {
    const page = await open(LISTENING_URL);
    const id = env.browser.extensionId;
    const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
    // The panel frame's own messages (ready, close) reach the page; nothing names the extension's id.
    expect((await heard()).filter((message) => !message.startsWith('{"backstory":'))).toEqual([]);
    expect((await heard()).join('\n')).not.toContain(id);
    // What WXT's copies of a content script told each other, as a page that knows the id (a store extension's is
    // public) would send it: on the document, the window, and as a message.
    await page.evaluate((type) => {
      const detail = { contentScriptName: 'article', messageId: 'page' };
      document.dispatchEvent(new CustomEvent(type, { detail }));
      window.dispatchEvent(new CustomEvent(type, { detail }));
      window.postMessage({ type, ...detail }, '*');
    }, `${id}:article:wxt:content-script-started`);
    await page.waitForTimeout(500);
    expect(await page.locator(HOST).count()).toBe(1);
    expect(await page.evaluate(() => CSS.highlights.size)).toBeGreaterThan(0);
    const tab = page.getByRole('button', { name: /^Backstory/ });
    const box = (await tab.boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(box.x - 80, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.down();
    await page.mouse.up();
    await expect.poll(() => panelShown(page)).toBe(true);
    await tab.click();
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

/** Whether the reader's setting now has Backstory switched off on techcrunch.com. */
async function switchedOff(): Promise<boolean> {
  const worker = await env.browser.worker();
  const stored = await worker.evaluate(async () => {
    type Chrome = { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
    return (await (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get('disabledSites')).disabledSites;
  });
  return Array.isArray(stored) && stored.includes('techcrunch.com');
}

/** Opens the panel with the reader's click on the tab, and finds its site switch. */
async function openWithSwitch(page: Page) {
  await page.getByRole('button', { name: /^Backstory/ }).click();
  const panel = page.frameLocator('backstory-host iframe');
  const toggle = panel.getByRole('checkbox', { name: 'Run Backstory on techcrunch.com' });
  await toggle.scrollIntoViewIfNeeded();
  await lookAtIt(page);
  const box = await toggle.boundingBox();
  if (!box) throw new Error('no site switch');
  return { panel, box };
}

/** The page's own dialog over everything, taking no pointer events, its button drawn where the panel's switch is. */
const drawCover = (page: Page, at: { x: number; y: number }, label: string) =>
  page.evaluate(
    ([box, text]) => {
      const cover = document.createElement('div');
      cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:#fff;pointer-events:none';
      const bait = document.createElement('button');
      bait.textContent = text as string;
      const { x, y } = box as { x: number; y: number };
      bait.style.cssText = `position:fixed;left:${x - 40}px;top:${y - 10}px;width:100px;height:34px`;
      cover.append(bait);
      document.body.append(cover);
    },
    [at, label] as const,
  );

describe('a page that draws over the panel (clickjacking)', () => {
  afterEach(async () => {
    const worker = await env.browser.worker();
    await worker.evaluate(async () => {
      type Chrome = { storage: { local: { remove(keys: string[]): Promise<void> } } };
      await (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.remove(['disabledSites', 'panelOpenSites']);
    });
    // The worker registers the article script again for the site switched back on; a page opened before it has
    // would get no Backstory (one CI run's next test waited 30 s for a tab that never came).
    await waitFor('the article script registered on techcrunch.com again', async () =>
      (await scriptSites(env.browser)).some((pattern) => pattern.includes('techcrunch.com')),
    );
  });

  it('cannot pass the reader’s click on its own cover through to the panel beneath', async () => {
    const page = await open(DEMO_URL);
    const { panel, box } = await openWithSwitch(page);
    await drawCover(page, box, 'No thanks');
    await lookAtIt(page);
    await clickAt(page, box);
    await panel.getByText(/That click did nothing: Backstory could not see its panel in plain sight/).waitFor();
    expect(await switchedOff()).toBe(false);
    // The cover gone, the reader's own click on the switch counts (found again: the note above moved it down).
    await page.evaluate(() => document.body.lastElementChild?.remove());
    const toggle = panel.getByRole('checkbox', { name: 'Run Backstory on techcrunch.com' });
    await toggle.scrollIntoViewIfNeeded();
    await lookAtIt(page);
    const again = await toggle.boundingBox();
    if (!again) throw new Error('no site switch');
    await clickAt(page, again);
    await expect.poll(switchedOff).toBe(true);
    await expect.poll(() => panel.locator('.covered-note').textContent()).toBe('');
    await page.close();
  });

  it('cannot make the panel see-through: what it changes through the open root is undone before it is drawn', async () => {
    const page = await open(DEMO_URL);
    await openWithSwitch(page);
    const opacityAfter = (change: string) =>
      page.evaluate(async (how) => {
        const root = document.querySelector('backstory-host')?.shadowRoot as ShadowRoot;
        const panel = root.querySelector('.panel') as HTMLElement;
        if (how === 'inline') panel.style.setProperty('opacity', '0.02', 'important');
        if (how === 'class') panel.className = 'faded';
        if (how === 'sheet') {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync('.panel { opacity: 0.02 !important; }');
          root.adoptedStyleSheets = [sheet];
        }
        if (how === 'style') {
          const style = document.createElement('style');
          style.textContent = '.panel { opacity: 0.02 !important; }';
          root.append(style);
        }
        // By the next frame, as the reader would see it (an adopted sheet, at the panel's next re-fit: within a second).
        await new Promise((resolve) => setTimeout(resolve, how === 'sheet' ? 1200 : 0));
        await new Promise((resolve) => requestAnimationFrame(resolve));
        return getComputedStyle(root.querySelector('.panel') as HTMLElement).opacity;
      }, change);
    for (const change of ['inline', 'class', 'style', 'sheet']) expect(await opacityAfter(change), change).toBe('1');
    await page.close();
  });
  it('cannot move the panel under the pointer resting on its own button', async () => {
    const page = await open(DEMO_URL);
    const { box } = await openWithSwitch(page);
    const shift = 300;
    const at = { x: box.x - shift, y: box.y, width: box.width, height: box.height };
    await page.evaluate((b) => {
      const bait = document.createElement('button');
      bait.textContent = 'Continue';
      bait.style.cssText = `position:absolute;left:${b.x - 40}px;top:${b.y + window.scrollY - 10}px;width:100px;height:34px;z-index:10`;
      document.body.append(bait);
    }, at);
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2, { steps: 20 });
    await lookAtIt(page);
    // Just before the reader presses, the page moves the panel left (no transform, no opacity: still "in plain sight").
    await page.evaluate((s) => {
      const panel = document.querySelector('backstory-host')?.shadowRoot?.querySelector('.panel') as HTMLElement;
      panel.style.setProperty('right', `${s}px`, 'important');
    }, shift);
    await page.waitForTimeout(50);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(500);
    expect(await switchedOff()).toBe(false);
    await page.close();
  });

  it('does not give the focus to a control whose click it refused: the page’s “press Space” then does nothing', async () => {
    const page = await open(DEMO_URL);
    const { panel, box } = await openWithSwitch(page);
    await drawCover(page, box, 'Click here, then press Space to continue');
    await lookAtIt(page);
    await clickAt(page, box);
    await panel.getByText(/That click did nothing/).waitFor();
    await page.keyboard.press('Space');
    await page.waitForTimeout(500);
    expect(await switchedOff()).toBe(false);
    await page.close();
  });

  it('on a page that filters all it shows (grey), refuses the pointer, says why, and the keyboard works', async () => {
    const page = await open(GREY_URL);
    const { panel, box } = await openWithSwitch(page);
    await clickAt(page, box);
    await panel.getByText(/To use a control anyway, Tab to it and press Space or Enter/).waitFor();
    expect(await switchedOff()).toBe(false);
    // The reader's own way there: the focus moved to the switch, and Space.
    await panel.getByRole('checkbox', { name: 'Run Backstory on techcrunch.com' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(switchedOff).toBe(true);
    await page.close();
  });
});

describe('a second copy of the article script in the same page', () => {
  it('takes over from the first (as when the popup runs Backstory on a page again): one host, the marks, a tab that works', async () => {
    const page = await open(DEMO_URL);
    const before = await page.evaluate(() => CSS.highlights.size);
    expect(before).toBeGreaterThan(0);
    await (await env.browser.worker()).evaluate(
      async ({ url, file }) => {
        type Chrome = {
          tabs: { query(info: { url: string }): Promise<{ id?: number }[]> };
          scripting: { executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown> };
        };
        const { tabs, scripting } = (globalThis as unknown as { chrome: Chrome }).chrome;
        const [tab] = await tabs.query({ url });
        await scripting.executeScript({ target: { tabId: tab?.id as number }, files: [file] });
      },
      { url: DEMO_URL, file: `/${ARTICLE_SCRIPT_FILE}` },
    );
    // The new copy reads the page and puts its host up; the old one has taken its own away.
    await page.waitForTimeout(1000);
    expect(await page.locator(HOST).count()).toBe(1);
    expect(await page.evaluate(() => CSS.highlights.size)).toBe(before);
    const box = await textBox(page, 'Claude Code');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 40);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
    await expect.poll(() => cardShown(page)).toBe(true);
    await page.getByRole('button', { name: 'Show in Backstory' }).click();
    await expect.poll(() => panelShown(page)).toBe(true);
    await page.getByRole('button', { name: /^Backstory/ }).click();
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
