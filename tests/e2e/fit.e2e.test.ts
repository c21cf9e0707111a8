/**
 * How the panel fits the page, in real Chromium windows of real sizes (1440, 1280, 1024 and 800 px wide,
 * and 200% zoom set by the worker's `tabs.setZoom`), on a page shaped like TechCrunch's: a fixed header
 * with its Login button at the right edge, a right rail with an ad slot, and a fixed cookie banner; and on
 * one shaped like The Verge's older pages, whose text reaches to 8 px of the right edge. The pointer moves in
 * steps, as a hand does.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/browser';
import { clickAt, setWindowSize, setZoom, withBackstory } from './helpers';

const BARS_FILE = join(ROOT, 'tests/fixtures/pages/fixed-bars.html');
/** Text to within 8 px of the window's right edge, as on The Verge's older pages: the closed tab is a strip. */
const GUTTER_FILE = join(ROOT, 'tests/fixtures/pages/narrow-gutter.html');
const GUTTER_URL = 'https://techcrunch.com/2026/07/10/openai-anthropic-narrow-gutter/';
const BARS_URL = 'https://techcrunch.com/2026/07/05/openai-anthropic-enterprise-buyers/';
/** The same page at another address: the site's next article. */
const NEXT_URL = 'https://techcrunch.com/2026/07/06/openai-anthropic-enterprise-buyers-2/';

/** An article on a long-named regulator the archive holds nothing on: its chip says "0 items". */
const REGULATOR_URL = 'https://techcrunch.com/2026/07/07/fcc-review/';
const REGULATOR_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A review | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="The FCC opens a review of satellite spectrum"></head>
<body><main><article><h1>The FCC opens a review of satellite spectrum</h1><div class="entry-content">
<p>The Federal Communications Commission opened a review of how satellite spectrum is shared, and said it would take comments until the autumn.</p>
<p>The Federal Communications Commission did not say when it would rule; operators have asked for a decision before the next launch season.</p>
</div></article></main></body></html>`;

/**
 * A long article whose text and pictures take the window's width (no column): making room for the panel
 * reflows every line and scales every picture, so what the reader was reading moves a long way unless kept.
 */
const LONG_URL = 'https://techcrunch.com/2026/07/08/openai-long-read/';
const LONG_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A long read | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="OpenAI and Anthropic, a long read"></head>
<body style="margin:0 16px"><main><article><h1>OpenAI and Anthropic, a long read</h1><div class="entry-content">
${Array.from(
  { length: 30 },
  (_, i) =>
    `<div style="width:100%;aspect-ratio:3/1;background:#ddd"></div><p id="p${i}">Paragraph ${i}. OpenAI and Anthropic sell to the same enterprise buyers, and both said this quarter that their revenue grew; the buyers say the models are close enough that price and support decide, which is why the two companies now compete on contracts as much as on benchmarks.</p>`,
).join('\n')}
</div></article></main></body></html>`;

/** An article whose names end its lines at the column's right edge, where a card could reach over the panel. */
const RIGHT_URL = 'https://techcrunch.com/2026/07/09/openai-right-edge/';
const RIGHT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Right edge | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="Buyers compare OpenAI and Anthropic"></head>
<body style="margin:0 16px"><main><article><h1>Buyers compare OpenAI and Anthropic</h1><div class="entry-content">
<p style="text-align:right">Enterprise buyers say the two are close, and the one they name first is Anthropic</p>
<p style="text-align:right">The other they name, as often, is OpenAI</p>
<p>Both companies said this quarter that their revenue grew, and both now compete on contracts as much as on benchmarks.</p>
</div></article></main></body></html>`;

const env = withBackstory(
  ['techcrunch.com'],
  {
    [BARS_URL]: { file: BARS_FILE },
    [NEXT_URL]: { file: BARS_FILE },
    [REGULATOR_URL]: { html: REGULATOR_HTML },
    [LONG_URL]: { html: LONG_HTML },
    [RIGHT_URL]: { html: RIGHT_HTML },
    [GUTTER_URL]: { file: GUTTER_FILE },
  },
  { viewport: null },
);

type Box = { x: number; y: number; width: number; height: number };

const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) {
    if (page.url().startsWith('https://')) await setZoom(env.browser, page, 1);
    await page.close();
  }
  // Nothing remembered open from one test to the next.
  const worker = await env.browser.worker();
  await worker.evaluate(async () => {
    type Chrome = { storage: { local: { remove(key: string): Promise<void> } } };
    await (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.remove('panelOpenSites');
  });
});

/** A new window of this width on the page, with Backstory's tab there and the panel closed. */
async function openPage(width: number, url = BARS_URL): Promise<Page> {
  const page = await env.browser.context.newPage();
  pages.push(page);
  await setWindowSize(env.browser, page, width);
  await page.goto(url);
  await page.getByRole('button', { name: /^Backstory/ }).waitFor();
  // The marks come last: after them the tab has its final place beside the text.
  await page.waitForFunction(() => document.querySelector('backstory-host')?.shadowRoot?.querySelector('.card') != null);
  return page;
}

const tabButton = (page: Page) => page.getByRole('button', { name: /^Backstory/ });
const expanded = (page: Page) => tabButton(page).getAttribute('aria-expanded');

/** Opens the panel with the pointer on the tab, and waits for its content. */
async function openPanel(page: Page): Promise<void> {
  const box = await tabButton(page).boundingBox();
  if (!box) throw new Error('the tab is not on the page');
  await clickAt(page, box);
  await expect.poll(() => expanded(page)).toBe('true');
  await page.frameLocator('backstory-host iframe').getByRole('heading', { name: 'Entities', exact: true }).waitFor();
  // Placed once the frame is there (a resize or a scroll places it again within a frame).
  await page.waitForTimeout(200);
}

/** The boxes of Backstory's panel (when open) and tab (when shown), in the viewport. */
function ownBoxes(page: Page): Promise<{ panel: Box | null; tab: Box | null }> {
  return page.evaluate(() => {
    const root = document.querySelector('backstory-host')?.shadowRoot;
    const box = (element: Element | null | undefined) => {
      if (!element) return null;
      const r = element.getBoundingClientRect();
      const shown =
        r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth && getComputedStyle(element).display !== 'none';
      return shown ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
    };
    return { panel: box(root?.querySelector('.panel:not([hidden])')), tab: box(root?.querySelector('.tab')) };
  });
}

/**
 * What of the page lies under these boxes: its controls (links, buttons, fields) and the lines of the
 * article's text, each that overlaps one of the boxes by more than a pixel, in the viewport as it is.
 */
function underBoxes(page: Page, boxes: (Box | null)[]): Promise<{ controls: string[]; text: string[] }> {
  return page.evaluate((given) => {
    const boxes = given.filter((b): b is NonNullable<typeof b> => b !== null);
    const overlaps = (r: DOMRect) =>
      boxes.some((b) => r.right > b.x + 1 && r.left < b.x + b.width - 1 && r.bottom > b.y + 1 && r.top < b.y + b.height - 1);
    const visible = (r: DOMRect) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
    const controls = [...document.body.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return visible(r) && overlaps(r);
      })
      .map((el) => (el.textContent ?? '').trim());
    const text: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('article') as Node, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) if (visible(line) && overlaps(line)) text.push((node as Text).data.slice(0, 40));
    }
    return { controls, text };
  }, boxes);
}

/** Checks what lies under Backstory's boxes at several scroll positions down the page. */
async function nothingUnder(page: Page, what: 'controls' | 'text' | 'both'): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  for (const y of [0, height / 3, (2 * height) / 3, height]) {
    await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), y);
    // A scroll re-places the panel within a frame.
    await page.waitForTimeout(100);
    const { panel, tab } = await ownBoxes(page);
    const under = await underBoxes(page, [panel, tab]);
    if (what !== 'text') expect(under.controls, `controls under Backstory at scroll ${Math.round(y)}`).toEqual([]);
    if (what !== 'controls') expect(under.text, `article text under Backstory at scroll ${Math.round(y)}`).toEqual([]);
  }
}

describe('on a wide window (1280 px and wider)', () => {
  for (const width of [1440, 1280]) {
    it(`leaves every control of the page in reach at ${width} px: the header's Login, the rail, the cookie banner`, async () => {
      const page = await openPage(width);
      await openPanel(page);
      await nothingUnder(page, 'both');
      // The reader clicks the header's Login and the banner's Accept all with the panel open.
      for (const name of ['Login', 'Accept all']) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox();
        if (!box) throw new Error(`no ${name} button`);
        await clickAt(page, box);
      }
      await expect(page.evaluate(() => (window as unknown as { clicked?: string[] }).clicked)).resolves.toEqual(['Login', 'Accept all']);
      await expect.poll(() => expanded(page)).toBe('true');
    });
  }
});

describe('on a narrow window (below 1100 px)', () => {
  for (const width of [1024, 800]) {
    it(`at ${width} px the panel is narrower and the article makes room for it: none of its text is covered`, async () => {
      const page = await openPage(width);
      await openPanel(page);
      const { panel } = await ownBoxes(page);
      expect(panel?.width).toBe(320);
      await nothingUnder(page, 'text');
    });
  }

  it('at 800 px a long name wraps inside its chip, from the line’s start, and its count stays whole', async () => {
    const page = await openPage(800, REGULATOR_URL);
    await openPanel(page);
    const chip = page.frameLocator('backstory-host iframe').getByRole('button', { name: /^Federal Communications Commission/ });
    const shape = await chip.evaluate((button) => {
      const count = button.querySelector('.chip-count') as HTMLElement;
      const line = Number.parseFloat(getComputedStyle(button).lineHeight) || 20;
      return {
        wraps: button.getBoundingClientRect().height > 1.5 * line,
        countLines: count.getClientRects().length,
        align: getComputedStyle(button).textAlign,
      };
    });
    // The name is long enough to wrap in a 320 px panel: what is checked is how.
    expect(shape.wraps).toBe(true);
    expect(shape.countLines).toBe(1);
    expect(shape.align).toBe('start');
  });

  it('at 200% zoom (1440 px window) the panel still sits beside the article, covering none of its text', async () => {
    const page = await openPage(1440);
    await setZoom(env.browser, page, 2);
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(720);
    await openPanel(page);
    await nothingUnder(page, 'text');
  });

  it('does not reopen the panel by itself on a narrow window because it was left open on a wide one', async () => {
    const wide = await openPage(1440);
    await openPanel(wide);
    // Left open on the site: on the next article of a wide window it comes back by itself…
    const again = await openPage(1440, NEXT_URL);
    await expect.poll(() => expanded(again)).toBe('true');
    // …but not over the article on a narrow one.
    const narrow = await openPage(800, NEXT_URL);
    await narrow.waitForTimeout(1500);
    await expect(expanded(narrow)).resolves.toBe('false');
    await expect(narrow.evaluate(() => document.documentElement.getAttribute('style'))).resolves.toBeNull();
  });
});

describe('the tab', () => {
  for (const [label, width, zoom] of [
    ['1440 px', 1440, 1],
    ['1024 px', 1024, 1],
    ['800 px', 800, 1],
    ['200% zoom', 1440, 2],
  ] as const) {
    it(`never sits over the article's text at ${label}, panel closed`, async () => {
      const page = await openPage(width);
      if (zoom !== 1) {
        await setZoom(env.browser, page, zoom);
        await page.waitForTimeout(300);
      }
      await nothingUnder(page, 'text');
    });
  }

  for (const width of [1400, 800]) {
    it(`is a strip again once the panel closes at ${width} px, where the text reaches near the edge`, async () => {
      const page = await openPage(width, GUTTER_URL);
      const tabWidth = async () => Math.round((await ownBoxes(page)).tab?.width ?? 0);
      expect(await tabWidth()).toBe(6);
      await openPanel(page);
      const close = await page
        .frameLocator('backstory-host iframe')
        .getByRole('button', { name: 'Close the Backstory panel' })
        .boundingBox();
      if (!close) throw new Error('no close button');
      await clickAt(page, close);
      await expect.poll(() => expanded(page)).toBe('false');
      // The reader goes back to the article: the pointer leaves the tab.
      await page.mouse.move(width / 3, 300, { steps: 10 });
      await nothingUnder(page, 'text');
      await expect.poll(tabWidth, { timeout: 3000 }).toBe(6);
    });
  }
});

describe('the reader’s place in the article', () => {
  it('stays where it was when the panel opens beside the page and when it closes', async () => {
    const page = await openPage(1440, LONG_URL);
    // The reader has read down to paragraph 15, 200 px from the top of the window.
    const top = () => page.evaluate(() => Math.round(document.getElementById('p15')?.getBoundingClientRect().top ?? Number.NaN));
    await page.evaluate(() => {
      const paragraph = document.getElementById('p15') as HTMLElement;
      window.scrollBy({ top: paragraph.getBoundingClientRect().top - 200, behavior: 'instant' });
    });
    expect(await top()).toBe(200);
    await openPanel(page);
    expect(await page.evaluate(() => document.documentElement.style.marginRight)).toBe('432px');
    expect(Math.abs((await top()) - 200)).toBeLessThanOrEqual(2);
    const box = await tabButton(page).boundingBox();
    if (!box) throw new Error('the tab is not on the page');
    await clickAt(page, box);
    await expect.poll(() => expanded(page)).toBe('false');
    expect(await page.evaluate(() => document.documentElement.style.marginRight)).toBe('');
    expect(Math.abs((await top()) - 200)).toBeLessThanOrEqual(2);
  });
});

describe('a mention’s card with the panel open', () => {
  it('stays left of the panel for a name at the right end of a line', async () => {
    const page = await openPage(1440, RIGHT_URL);
    await openPanel(page);
    const mark = await page.evaluate(() => {
      const ranges = [...(CSS.highlights.get('backstory-mention') ?? [])] as Range[];
      const right = ranges.map((r) => r.getBoundingClientRect()).sort((a, b) => b.right - a.right)[0];
      return right ? { x: right.x, y: right.y, width: right.width, height: right.height } : null;
    });
    if (!mark) throw new Error('no mark');
    // The pointer rests on the rightmost name, a hand's way.
    await page.mouse.move(mark.x + mark.width / 2, mark.y + mark.height / 2, { steps: 20 });
    const edges = () =>
      page.evaluate(() => {
        const root = document.querySelector('backstory-host')?.shadowRoot;
        const card = root?.querySelector('.card:not([hidden])')?.getBoundingClientRect();
        return {
          card: card ? Math.round(card.right) : null,
          tab: Math.round(root?.querySelector('.tab')?.getBoundingClientRect().left ?? 0),
        };
      });
    await expect.poll(async () => (await edges()).card).not.toBeNull();
    const { card, tab } = await edges();
    expect(card).toBeLessThanOrEqual(tab);
  });
});

describe('with classic scrollbars, which take their width from the page (Windows, most Linux desktops)', () => {
  const classic = withBackstory(['techcrunch.com'], { [GUTTER_URL]: { file: GUTTER_FILE } }, { viewport: null, classicScrollbars: true });

  /** The page at 800 px and this zoom (the browser's own, as Ctrl+= sets it), with the panel open. */
  async function openZoomed(zoom: number): Promise<{ page: Page; panel: Box; pageWidth: number }> {
    const page = await classic.browser.context.newPage();
    await setWindowSize(classic.browser, page, 800);
    await page.goto(GUTTER_URL);
    await tabButton(page).waitFor();
    await setZoom(classic.browser, page, zoom);
    const tab = await tabButton(page).boundingBox();
    if (!tab) throw new Error('the tab is not on the page');
    await clickAt(page, tab);
    // (A panel that takes the window hides the tab, so it is not asked whether it is expanded.)
    await page.frameLocator('backstory-host iframe').getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    await page.waitForTimeout(200);
    const { panel } = await ownBoxes(page);
    if (!panel) throw new Error('the panel is not shown');
    const pageWidth = await page.evaluate(() => document.documentElement.clientWidth);
    // The page's scrollbar takes its width: what this is about.
    expect(pageWidth).toBeLessThan(await page.evaluate(() => window.innerWidth));
    return { page, panel, pageWidth };
  }

  for (const zoom of [1.5, 2]) {
    it(`at ${zoom * 100}% zoom (800 px window) the panel that takes the window starts at its left edge, left of the page’s scrollbar`, async () => {
      const { page, panel, pageWidth } = await openZoomed(zoom);
      // (clientWidth is rounded: the page's part of the window is 392.5 px at 200%.)
      expect({ left: panel.x, right: Math.floor(panel.x + panel.width) }).toEqual({ left: 0, right: pageWidth });
      await page.close();
    });
  }

  it('at 800 px the panel beside the page ends at the page’s scrollbar and covers none of the text', async () => {
    const { page, panel, pageWidth } = await openZoomed(1);
    expect({ left: Math.round(panel.x), right: Math.round(panel.x + panel.width) }).toEqual({ left: pageWidth - 320, right: pageWidth });
    await nothingUnder(page, 'text');
    await page.close();
  });
});

describe('resizing the window while the panel is open', () => {
  it('re-fits the panel and the room the page makes at each size, and never covers the text', async () => {
    const page = await openPage(1440);
    await openPanel(page);
    const state = () =>
      page.evaluate(() => ({
        margin: document.documentElement.style.marginRight,
        panel: Math.round(
          document.querySelector('backstory-host')?.shadowRoot?.querySelector('.panel')?.getBoundingClientRect().width ?? 0,
        ),
      }));
    await expect(state()).resolves.toEqual({ margin: '432px', panel: 400 });
    await setWindowSize(env.browser, page, 1024);
    await expect.poll(state).toEqual({ margin: '352px', panel: 320 });
    await nothingUnder(page, 'text');
    // Too narrow to share: the panel takes the window until it is closed, and the page is left as it was.
    await setWindowSize(env.browser, page, 600);
    await expect.poll(state).toEqual({ margin: '', panel: 600 });
    await setWindowSize(env.browser, page, 1440);
    await expect.poll(state).toEqual({ margin: '432px', panel: 400 });
    await nothingUnder(page, 'both');
    await expect.poll(() => expanded(page)).toBe('true');
  });
});
