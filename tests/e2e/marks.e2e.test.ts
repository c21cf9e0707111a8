/**
 * Marks on the page in real Chromium: the card on hover and by keyboard, the panel filtered from a card,
 * the page's DOM left as it was, and a body that loads late read again.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_FILE as ARTICLE_FILE, DEMO_URL as ARTICLE_URL, stopWorkers, textBox, withBackstory } from './helpers';

const PLAIN_URL = 'https://example.org/2026/07/04/backstory-demo-alibaba-claude-code/';
const LATE_URL = 'https://techcrunch.com/2026/07/05/late-body/';
const SOON_URL = 'https://techcrunch.com/2026/07/05/soon-body/';
/** An article whose body arrives `delay` ms after load, as on a site that renders on the client. */
const lateHtml = (delay: number) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Late body | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="Anthropic ships an update"></head>
<body><main><article><h1>Anthropic ships an update</h1><div class="article-content" id="body"></div></article></main>
<script>setTimeout(() => { const p = document.createElement('p'); p.textContent = 'Anthropic said on Tuesday that Claude Code now runs in more terminals, and OpenAI did not comment on the change for this story.'; document.getElementById('body').append(p, p.cloneNode(true)); }, ${delay});</script>
</body></html>`;

/** One mark, at the start of a column set well in from the page's left: a blank margin beside the card. */
const MARGIN_URL = 'https://techcrunch.com/2026/07/05/one-mark/';
const marginHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One mark | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="A quiet week for terminals"></head>
<body style="margin:0"><main style="margin-left:360px;max-width:520px;font:18px/1.6 serif"><article><h1>A quiet week for terminals</h1>
<div class="entry-content"><p>Anthropic said on Tuesday that its coding tool now runs in more terminals, and the change reached every plan.</p>
${'<p>The release notes were short, and the change was small, and most readers will not see it in daily work.</p>'.repeat(6)}
</div></article></main></body></html>`;

/** A two-word name in a column: the test narrows its paragraph until the name wraps, its first word at a line's end. */
const WRAP_URL = 'https://techcrunch.com/2026/07/05/wrapped-name/';
const wrapHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Export rules, again | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="Export rules, again"></head>
<body style="margin:0"><main style="margin-left:120px;max-width:1000px;font:18px/1.6 serif"><article><h1>Export rules, again</h1>
<div class="entry-content"><p id="wrap">Officials in the capital said on Monday, after a long week of meetings with the companies, that the Trump administration would review the export rules for chips once more before the end of the year.</p>
${'<p>The release notes were short, and the change was small, and most readers will not see it in daily work.</p>'.repeat(6)}
</div></article></main></body></html>`;

const env = withBackstory(['techcrunch.com', 'example.org'], {
  [ARTICLE_URL]: { file: ARTICLE_FILE },
  [MARGIN_URL]: { html: marginHtml },
  [WRAP_URL]: { html: wrapHtml },
  [PLAIN_URL]: { file: ARTICLE_FILE },
  [LATE_URL]: { html: lateHtml(1000) },
  [SOON_URL]: { html: lateHtml(100) },
});

/** The centre of the first occurrence of some text in the article body. */
async function centreOf(page: Page, text: string): Promise<{ x: number; y: number }> {
  const box = await textBox(page, text);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Closes the panel, and waits until Backstory has forgotten that it was left open (it would reopen on the next page). */
async function closePanel(page: Page): Promise<void> {
  await page.frameLocator('backstory-host iframe').getByRole('button', { name: 'Close the Backstory panel' }).click();
  const worker = await env.browser.worker();
  await expect
    .poll(() =>
      worker.evaluate(async () => {
        type Chrome = { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
        const { chrome } = globalThis as unknown as { chrome: Chrome };
        return (await chrome.storage.local.get('panelOpenSites')).panelOpenSites ?? [];
      }),
    )
    .toEqual([]);
}

async function openArticle(url = ARTICLE_URL): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: /^Backstory/ }).waitFor();
  return page;
}

/** Opens the article and moves the pointer in steps, from above and to the left, onto "Claude Code" until its card shows. */
async function hoverClaudeCode(): Promise<{ page: Page; card: Locator; x: number; y: number }> {
  const page = await openArticle();
  const { x, y } = await centreOf(page, 'Claude Code from July 10');
  await page.mouse.move(x - 200, y - 120);
  await page.mouse.move(x - 40, y, { steps: 20 });
  const card = page.getByRole('dialog', { name: /^Claude Code: product/ });
  await card.waitFor();
  return { page, card, x, y };
}

/** How far the card is from its place by the mark (8 px under it, or 8 px over it), the mark measured where it is now. */
async function gapToMark(page: Page, card: Locator, text: string): Promise<number> {
  const mark = await textBox(page, text, { scroll: false });
  const box = (await card.boundingBox()) as { y: number; height: number };
  return Math.min(Math.abs(box.y - (mark.y + mark.height + 8)), Math.abs(box.y + box.height - (mark.y - 8)));
}

describe('the mention card', () => {
  it('shows on hover: name, type, description and how many archive items name it', async () => {
    const page = await openArticle();
    const { x, y } = await centreOf(page, 'Claude Code from July 10');
    await page.mouse.move(x - 40, y);
    const card = page.getByRole('dialog', { name: /^Claude Code: product/ });
    await card.waitFor();
    await expect(card.textContent()).resolves.toMatch(/Claude Code.*product.*Named in \d+\+? archive items?\./s);
    await page.close();
  });

  it('stays while the pointer moves from the mark onto it, so its button can be clicked; hides once the pointer leaves both', async () => {
    const { page, card } = await hoverClaudeCode();
    const button = card.getByRole('button', { name: 'Show in Backstory' });
    const target = (await button.boundingBox()) as { x: number; y: number; width: number; height: number };
    // Across the plain text between mark and card, onto the button, and a rest there well past the grace.
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 20 });
    await page.waitForTimeout(900);
    await expect(button.isVisible()).resolves.toBe(true);
    await page.mouse.down();
    await page.mouse.up();
    const chip = page.frameLocator('backstory-host iframe').getByRole('button', { name: /^Claude Code/ });
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    await closePanel(page);
    await page.close();

    // Leaving both mark and card (to blank margin) hides it after a short grace.
    const again = await openArticle();
    const mark = await centreOf(again, 'Claude Code from July 10');
    await again.mouse.move(mark.x - 40, mark.y, { steps: 20 });
    const shown = again.getByRole('dialog', { name: /^Claude Code: product/ });
    await shown.waitFor();
    await again.mouse.move(5, mark.y, { steps: 20 });
    await shown.waitFor({ state: 'hidden' });
    await again.close();
  });

  it('hides a short grace after the pointer leaves, though it keeps moving on; a slow hand coming to the card keeps it', async () => {
    const { page, card, x, y } = await hoverClaudeCode();
    // Away over the margin, as a reader moving on does: a move every 50 ms for 1.2 s, never resting.
    for (let i = 1; i <= 24; i++) {
      await page.mouse.move(Math.max(5, x - 40 - i * 20), y - i * 4);
      await page.waitForTimeout(50);
    }
    await expect(card.isVisible()).resolves.toBe(false);
    await page.close();

    // Off the card into the blank margin, then slowly back to its button: a second off mark and card, coming
    // closer at each move.
    const column = await openArticle(MARGIN_URL);
    const mark = await centreOf(column, 'Anthropic said');
    await column.mouse.move(mark.x - 200, mark.y - 100);
    await column.mouse.move(mark.x - 20, mark.y, { steps: 10 });
    const shown = column.getByRole('dialog', { name: /^Anthropic: lab/ });
    await shown.waitFor();
    const button = shown.getByRole('button', { name: 'Show in Backstory' });
    const target = (await button.boundingBox()) as { x: number; y: number; width: number; height: number };
    const to = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
    await column.mouse.move(to.x, to.y, { steps: 5 });
    const away = { x: 150, y: to.y };
    await column.mouse.move(away.x, away.y, { steps: 3 });
    for (let i = 1; i <= 12; i++) {
      await column.mouse.move(away.x + ((to.x - away.x) * i) / 12, to.y);
      await column.waitForTimeout(80);
    }
    await expect(button.isVisible()).resolves.toBe(true);
    await column.close();
  });

  it('does not open for a pointer resting in the blank margin beside a line that starts with a mark', async () => {
    const page = await openArticle();
    const line = await textBox(page, 'Alibaba will bar');
    const y = line.y + line.height / 2;
    await page.mouse.move(5, y - 120);
    await page.mouse.move(5, y, { steps: 10 });
    await page.waitForTimeout(900);
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    // On the mark itself, it opens.
    await page.mouse.move(line.x + 20, y, { steps: 10 });
    await page.getByRole('dialog', { name: /^Alibaba: company/ }).waitFor();
    await page.close();
  });

  it('shown by hover, hides once the pointer leaves it though focus went into Backstory meanwhile (Tab to its tab)', async () => {
    const { page, card, y } = await hoverClaudeCode();
    // The tab is the first stop of the Tab key: focus is now in Backstory's root, on the tab, not in the card.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('backstory-host');
    await page.mouse.move(5, y, { steps: 20 });
    await page.waitForTimeout(900);
    await expect(card.isVisible()).resolves.toBe(false);
    await page.close();
  });

  it('shown by hover (focus still in the page) offers only Esc, and closes with it', async () => {
    const page = await openArticle();
    const { x, y } = await centreOf(page, 'Claude Code from July 10');
    await page.mouse.move(x - 40, y, { steps: 20 });
    const card = page.getByRole('dialog', { name: /^Claude Code: product/ });
    await card.waitFor();
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('BODY');
    // Shown by hover, focus is still in the page: only the key that works there is offered.
    await expect(card.locator('.keys').textContent()).resolves.toBe('Esc: close');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden' });
    // The pointer is still on the mark: the card does not come back by itself until the pointer moves on and back.
    await page.waitForTimeout(400);
    await expect(card.count()).resolves.toBe(0);
    await page.close();
  });

  it('is reached by keyboard from the Backstory tab, moves from mention to mention, and closes with Esc', async () => {
    const page = await openArticle();
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await tab.focus();
    await page.keyboard.press('Alt+ArrowDown');
    const first = page.getByRole('dialog');
    await expect(first.getAttribute('aria-label')).resolves.toBe('Alibaba: company');
    // Reached by keyboard, the card has focus: the stepping keys work, and it says so.
    await expect(first.locator('.keys').textContent()).resolves.toBe('Alt+↓ / Alt+↑: next / previous mention · Esc: close');
    // The next marked name in the body (one mark a name by default: Alibaba's first, then Anthropic's).
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByRole('dialog').getAttribute('aria-label')).resolves.toBe('Anthropic: lab');
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.getByRole('dialog').getAttribute('aria-label')).resolves.toBe('Alibaba: company');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await expect(tab.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true);
    await page.close();
  });

  it('stays by its mark as the page scrolls: under a resting pointer, and when a step by keyboard scrolls to a far mark', async () => {
    const { page, card } = await hoverClaudeCode();
    // A wheel turn under the resting pointer: the text moves up, and the card with it.
    const top = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 150);
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 3000 }).toBeGreaterThan(top + 100);
    await expect.poll(() => gapToMark(page, card, 'Claude Code from July 10'), { timeout: 3000 }).toBeLessThanOrEqual(2);
    await page.close();

    // At 800 px, from the tab, Alt+↑ wraps to the last marked name, far down the page: the window scrolls there
    // (smoothly), and the card ends beside it, on screen, not where the name was before the scroll.
    const narrow = await openArticle();
    await narrow.setViewportSize({ width: 800, height: 900 });
    await narrow.getByRole('button', { name: /^Backstory/ }).focus();
    await narrow.keyboard.press('Alt+ArrowUp');
    const last = narrow.getByRole('dialog');
    await last.waitFor();
    await expect
      .poll(
        async () => {
          const box = await last.boundingBox();
          return box !== null && box.y >= 0 && box.y + box.height <= 900;
        },
        { timeout: 3000 },
      )
      .toBe(true);
    await narrow.close();
  });

  it('opens by the part of a wrapped name under the pointer, and by its first line for the keyboard', async () => {
    const page = await openArticle(WRAP_URL);
    await page.waitForFunction(() => document.querySelector('backstory-host')?.shadowRoot?.querySelector('.card') != null);
    /** The name's boxes, one a line, as the page lies now. */
    const parts = () =>
      page.evaluate(() => {
        const range = [...(CSS.highlights.get('backstory-mention') ?? [])].find((r) => r.toString() === 'Trump administration') as Range;
        return [...range.getClientRects()]
          .filter((r) => r.width > 0)
          .map((r) => ({ left: r.left, top: r.top, bottom: r.bottom, width: r.width }));
      });
    // Narrowed until "administration" no longer fits: "Trump" ends the first line, the rest starts the next.
    const lines = await page.evaluate(() => {
      const paragraph = document.getElementById('wrap') as HTMLElement;
      const range = [...(CSS.highlights.get('backstory-mention') ?? [])].find((r) => r.toString() === 'Trump administration') as Range;
      for (let width = paragraph.clientWidth; width > 200; width -= 2) {
        paragraph.style.width = `${width}px`;
        if ([...range.getClientRects()].filter((r) => r.width > 0).length === 2) return 2;
      }
      return 1;
    });
    expect(lines).toBe(2);
    const [first, second] = await parts();
    if (!first || !second) throw new Error('the name does not wrap');
    expect(first.left - second.left).toBeGreaterThan(400);
    const card = page.getByRole('dialog', { name: /^Trump administration/ });
    // The pointer comes down onto "Trump", at the line's end.
    const x = first.left + first.width / 2;
    const y = (first.top + first.bottom) / 2;
    await page.mouse.move(x, y - 80);
    await page.mouse.move(x, y, { steps: 10 });
    await card.waitFor();
    /** How far the card is from the name's first part: across, and down from 8 px under it. */
    const offFirst = async () => {
      const [part] = await parts();
      const box = await card.boundingBox();
      return part && box
        ? { across: Math.round(Math.abs(box.x - part.left)), down: Math.round(Math.abs(box.y - (part.bottom + 8))) }
        : null;
    };
    await expect.poll(offFirst).toEqual({ across: 0, down: 0 });
    await page.mouse.move(5, y, { steps: 10 });
    await card.waitFor({ state: 'hidden' });

    // By keyboard: the first mark in the body, its card by the first part too.
    await page.getByRole('button', { name: /^Backstory/ }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await card.waitFor();
    await expect.poll(async () => (await offFirst())?.across, { timeout: 3000 }).toBe(0);
    await page.close();
  });

  it('opens the panel filtered to its entity', async () => {
    const page = await openArticle();
    await page.getByRole('button', { name: /^Backstory/ }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByRole('button', { name: 'Show in Backstory' }).click();
    const frame = page.locator('backstory-host iframe');
    await frame.waitFor();
    const chip = page.frameLocator('backstory-host iframe').getByRole('button', { name: /^Alibaba/ });
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    // The reader's choice is not in the page's tree: the frame's address carries no entity.
    await expect(frame.getAttribute('src')).resolves.toMatch(/sidebar\.html$/);
    // A worker the browser stopped meanwhile still has the choice, when the panel asks for it again.
    const panel = page.frames().find((f) => f.url().includes('/sidebar.html'));
    if (!panel) throw new Error('no panel frame');
    await stopWorkers(env.browser);
    const asked = await panel.evaluate(() => {
      type Chrome = { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value?: unknown }> } };
      return (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ backstory: 1, type: 'getPanelFilter', data: {} });
    });
    expect(asked).toEqual({ ok: true, value: 'alibaba' });
    await closePanel(page);
    await page.close();
  });
});

describe('the page itself', () => {
  it('keeps its DOM as it was: the article markup is the same with and without Backstory', async () => {
    const marked = await openArticle();
    const plain = await env.browser.context.newPage();
    await plain.goto(PLAIN_URL);
    const article = (p: Page) => p.locator('article').evaluate((el) => new XMLSerializer().serializeToString(el));
    expect(await article(marked)).toBe(await article(plain));
    // Nothing but the host element was added.
    const tags = (p: Page) => p.evaluate(() => [...document.querySelectorAll('*')].map((el) => el.tagName).sort());
    const extra = [...(await tags(marked))];
    for (const tag of await tags(plain)) extra.splice(extra.indexOf(tag), 1);
    expect(extra).toEqual(['BACKSTORY-HOST']);
    // The marks' stylesheet is injected by the browser, outside the page's tree and its list of sheets.
    await expect(marked.evaluate(() => document.adoptedStyleSheets.length + document.styleSheets.length)).resolves.toBe(
      await plain.evaluate(() => document.adoptedStyleSheets.length + document.styleSheets.length),
    );
    // …and it paints the marks: a marked word's highlight has its colour.
    const painted = await marked.evaluate(() => {
      const range = [...(CSS.highlights.get('backstory-mention') ?? [])][0] as Range | undefined;
      const element = range?.startContainer.parentElement;
      return element ? getComputedStyle(element, '::highlight(backstory-mention)').backgroundColor : null;
    });
    expect(painted).toBe('rgba(255, 196, 0, 0.28)');
    expect(readFileSync(ARTICLE_FILE, 'utf8')).toContain('Alibaba will bar employees');
    await marked.close();
    await plain.close();
  });

  it('reads a body that arrives late, once it settles', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(LATE_URL);
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await expect(tab.getAttribute('aria-label', { timeout: 10_000 })).resolves.toMatch(/^Backstory: [1-9]\d* entit/);
    await expect.poll(async () => (await tab.getAttribute('aria-label')) ?? '', { timeout: 10_000 }).toMatch(/^Backstory: 3 entities/);
    await page.close();
  });

  it('reads a body that arrives while the first read waits for a worker that is starting', async () => {
    // The browser stopped the idle worker: the first read's question starts a new one, which opens the
    // archive before it answers, and the body comes meanwhile.
    await stopWorkers(env.browser);
    const page = await env.browser.context.newPage();
    await page.goto(SOON_URL);
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await expect.poll(async () => (await tab.getAttribute('aria-label')) ?? '', { timeout: 10_000 }).toMatch(/^Backstory: 3 entities/);
    await page.close();
  });
});
