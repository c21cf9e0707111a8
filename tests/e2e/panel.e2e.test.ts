/**
 * The analyst-context panel in real Chromium, on fixture pages served as the real hosts: what it shows,
 * how it behaves, what it leaves of the page, what the page can see of it, and that reading sends nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/browser';
import { badgeOf, DEMO_FILE, DEMO_URL, lookAtIt, pointAndClick, scriptSites, withBackstory } from './helpers';

const page = (name: string) => join(ROOT, 'tests/fixtures/pages', name);
const FIXED_URL = 'https://www.wired.com/story/nvidia-amd-race/';
const AGGRESSIVE_URL = 'https://www.theverge.com/2026/7/1/openai-anthropic-enterprise/';
const PLAIN = (name: string) => `https://example.org/${name}/`;
const SWITCH_URL = 'https://www.engadget.com/2026/07/04/alibaba-claude-code/';
const OLDER_URL = 'https://techcrunch.com/2026/06/29/anthropic-chinese-labs-distill-claude/';
const NOTHING_URL = 'https://techcrunch.com/2026/07/02/reed-hastings-netflix-board/';
const RELATIVE_URL = 'https://techcrunch.com/2026/11/20/nvidia-export-rules-china/';
/** The address of an archive item the archive has nothing else beside. */
const OWN_ONLY_URL = 'https://techcrunch.com/2026/04/16/factory-hits-1-5b-valuation-to-build-ai-coding-for-enterprises/';

const env = withBackstory(['techcrunch.com', 'wired.com', 'theverge.com', 'engadget.com', 'example.org'], {
  [DEMO_URL]: { file: DEMO_FILE },
  [SWITCH_URL]: { file: DEMO_FILE },
  [OLDER_URL]: { file: page('older-article.html') },
  [NOTHING_URL]: { file: page('nothing-relevant.html') },
  [RELATIVE_URL]: { file: page('relative-shared.html') },
  [OWN_ONLY_URL]: { file: page('own-story-only.html') },
  [FIXED_URL]: { file: page('fixed-header.html') },
  [AGGRESSIVE_URL]: { file: page('aggressive-styles.html') },
  [PLAIN('fixed-header')]: { file: page('fixed-header.html') },
  [PLAIN('aggressive-styles')]: { file: page('aggressive-styles.html') },
});

async function openPanel(url = DEMO_URL): Promise<{ tab: Page; panel: ReturnType<Page['frameLocator']> }> {
  const tab = await env.browser.context.newPage();
  await tab.setViewportSize({ width: 1400, height: 900 });
  await tab.goto(url);
  const button = tab.getByRole('button', { name: /^Backstory/ });
  // The panel may open by itself: it remembers, per site, that the reader left it open.
  await button.waitFor();
  await tab.waitForTimeout(100);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const panel = tab.frameLocator('backstory-host iframe');
  await panel.getByRole('complementary', { name: 'Backstory' }).getByRole('heading', { name: 'Entities', exact: true }).waitFor();
  return { tab, panel };
}

function sidebarFrame(tab: Page): Frame {
  const frame = tab.frames().find((f) => f.url().includes('/sidebar.html'));
  if (!frame) throw new Error('no sidebar frame');
  return frame;
}

describe('what the panel shows', () => {
  it('leads with this story’s own item, then what it follows, oldest first, each expanding', async () => {
    const { tab, panel } = await openPanel();
    // The demo's item has no address: it is found by its title and the article's date.
    await expect(panel.getByRole('heading', { name: 'This story' }).isVisible()).resolves.toBe(true);
    await expect(
      panel.getByRole('heading', { name: 'Alibaba reportedly bans employees from using Claude Code' }).isVisible(),
    ).resolves.toBe(true);
    await expect(panel.getByRole('button', { name: 'Copy this backstory as Markdown' }).count()).resolves.toBe(1);
    const entries = panel.locator('.timeline.earlier .entry');
    expect(await entries.count()).toBeGreaterThan(2);
    const dates = await panel
      .locator('.timeline.earlier > li > time')
      .evaluateAll((els) => els.map((el) => el.getAttribute('datetime') ?? ''));
    expect(dates).toEqual([...dates].sort());
    // Nothing under "What this follows" is from after the article.
    for (const date of dates) expect(date <= '2026-07-04').toBe(true);
    // No item twice across the sections.
    const titles = await panel.locator('.timeline h3').allTextContents();
    expect(new Set(titles).size).toBe(titles.length);
    const first = entries.first();
    await expect(first.getAttribute('aria-expanded')).resolves.toBe('false');
    await first.click();
    await expect(first.getAttribute('aria-expanded')).resolves.toBe('true');
    const detail = panel.locator(`#${await first.getAttribute('aria-controls')}`);
    await expect(detail.getByText('Analyst take · analysis').isVisible()).resolves.toBe(true);
    // Coverage links open in a new tab, with no opener, and only to http(s) addresses.
    for (const link of await panel.locator('.coverage a').all()) {
      await expect(link.getAttribute('target')).resolves.toBe('_blank');
      await expect(link.getAttribute('rel')).resolves.toContain('noopener');
      await expect(link.getAttribute('href')).resolves.toMatch(/^https?:\/\//);
    }
    await expect(panel.getByRole('heading', { name: 'Signals to watch' }).isVisible()).resolves.toBe(true);
    await expect(panel.locator('.archive-footer').textContent()).resolves.toMatch(/Archive as of [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await tab.close();
  });

  it('on an older article, shows what came after it under Since then, and only earlier items before it', async () => {
    const { tab, panel } = await openPanel(OLDER_URL);
    await panel.getByRole('heading', { name: 'Since then' }).waitFor();
    const isoDates = (selector: string) => panel.locator(selector).evaluateAll((els) => els.map((el) => el.getAttribute('datetime') ?? ''));
    const since = await isoDates('.timeline.since > li > time');
    expect(since.length).toBeGreaterThan(0);
    for (const date of since) expect(date > '2026-06-29').toBe(true);
    expect(since).toEqual([...since].sort());
    for (const date of await isoDates('.timeline.closest > li > time, .timeline.earlier > li > time'))
      expect(date < '2026-06-29').toBe(true);
    // Each item says why it is here: the names it shares, and the words.
    await expect(panel.locator('.timeline.since .why').first().textContent()).resolves.toMatch(/shares .+/);
    await expect(panel.getByRole('heading', { name: 'This story' }).count()).resolves.toBe(0);
    await tab.close();
  });

  it('says by name what an item shares through a relative the article does not name (a chip of the company it names)', async () => {
    const { tab, panel } = await openPanel(RELATIVE_URL);
    await panel.locator('.timeline .why').first().waitFor();
    const whys = await panel.locator('.timeline .why').allTextContents();
    // The H20 licence items share Nvidia's chip, a child of Nvidia: named as the archive names it.
    expect(whys.some((why) => why.includes('Nvidia H20'))).toBe(true);
    // No line names an entity by its id (ids are lowercase words joined by hyphens; names are not).
    for (const why of whys)
      expect(why.split('·').map((part) => part.replace(/^.*shares\s*/, '').trim())).not.toContainEqual(
        expect.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)+$/),
      );
    await tab.close();
  });

  it('dims the tab where the archive has nothing on the story, and not where it has', async () => {
    const tab = await env.browser.context.newPage();
    await tab.goto(NOTHING_URL);
    const button = tab.getByRole('button', { name: /^Backstory: 2 entities in this article, nothing in the archive on this story yet\./ });
    await button.waitFor();
    await expect(button.evaluate((el) => el.classList.contains('quiet'))).resolves.toBe(true);
    // Dimmed while closed and not pointed at (the panel may have opened by itself: it was left open on this site).
    if ((await button.getAttribute('aria-expanded')) === 'true') await button.click();
    await tab.mouse.move(10, 10, { steps: 5 });
    await expect.poll(() => button.evaluate((el) => getComputedStyle(el).opacity)).toBe('0.55');
    await tab.goto(DEMO_URL);
    const demo = tab.getByRole('button', { name: /^Backstory: \d+ entities in this article\. / });
    await demo.waitFor();
    await expect(demo.evaluate((el) => el.classList.contains('quiet'))).resolves.toBe(false);
    // The archive's own item on this story, and nothing beside it: something on the story (its take), not dimmed.
    await tab.goto(OWN_ONLY_URL);
    const own = tab.getByRole('button', { name: /^Backstory: \d+ entit(y|ies) in this article\. / });
    await own.waitFor();
    await expect(own.evaluate((el) => el.classList.contains('quiet'))).resolves.toBe(false);
    await tab.close();
  });

  it('leads with this story’s own item where the archive holds nothing else on it, and does not say it has nothing', async () => {
    const { tab, panel } = await openPanel(OWN_ONLY_URL);
    await panel.getByRole('heading', { name: 'This story' }).waitFor();
    await expect(panel.getByText(/The archive holds nothing about this story/).count()).resolves.toBe(0);
    await tab.close();
  });

  it('says plainly when the archive has nothing on the story, and offers the names with their item counts', async () => {
    const { tab, panel } = await openPanel(NOTHING_URL);
    await expect(panel.getByText(/The archive holds nothing about this story/).isVisible()).resolves.toBe(true);
    await expect(panel.locator('.timeline').count()).resolves.toBe(0);
    await expect(panel.getByRole('heading', { name: 'Signals to watch' }).count()).resolves.toBe(0);
    await expect(panel.getByRole('button', { name: /^Netflix \d+ items?$/ }).isVisible()).resolves.toBe(true);
    await expect(panel.locator('.count').textContent()).resolves.toMatch(/0 related items/);
    // No backstory to copy.
    await expect(panel.getByRole('button', { name: 'Copy this backstory as Markdown' }).count()).resolves.toBe(0);
    await tab.close();
  });

  it('gives every button a target of 24 px at least, however small its text (WCAG 2.5.8)', async () => {
    const { tab, panel } = await openPanel();
    try {
      await panel
        .getByRole('button', { name: /^Not relevant to this article: / })
        .first()
        .waitFor();
      const small = await panel.locator('button').evaluateAll((els) =>
        els.flatMap((el) => {
          const box = el.getBoundingClientRect();
          return box.height > 0 && (box.height < 24 || box.width < 24) ? [`${el.textContent?.trim()}: ${box.width}×${box.height}`] : [];
        }),
      );
      expect(small).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('keeps the keyboard in the list when an item is marked not relevant: the next item takes focus', async () => {
    const { tab, panel } = await openPanel();
    try {
      const dismiss = panel.getByRole('button', { name: /^Not relevant to this article: / });
      const [first, second] = await dismiss.evaluateAll((els) =>
        els.slice(0, 2).map((el) => el.closest('li')?.querySelector('h3')?.textContent ?? ''),
      );
      await dismiss.first().focus();
      await tab.keyboard.press('Enter');
      await expect
        .poll(() => panel.locator(':focus').evaluate((el) => [el.className, el.closest('li')?.querySelector('h3')?.textContent ?? '']))
        .toEqual(['entry', second]);
      await expect(panel.locator('.timeline h3').allTextContents()).resolves.not.toContain(first);
      await panel.getByRole('button', { name: 'Show it again' }).click();
    } finally {
      await tab.close();
    }
  });

  it('hides an item marked not relevant on this article, remembers it on reload, and shows it again on request', async () => {
    const { tab, panel } = await openPanel();
    try {
      const titles = () => panel.locator('.timeline h3').allTextContents();
      const before = await titles();
      const first = panel.getByRole('button', { name: /^Not relevant to this article: / }).first();
      const gone = ((await first.getAttribute('aria-label')) ?? '').replace('Not relevant to this article: ', '');
      await first.scrollIntoViewIfNeeded();
      await lookAtIt(tab);
      const box = await first.boundingBox();
      if (!box) throw new Error('no button');
      await tab.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 20 });
      await tab.mouse.down();
      await tab.mouse.up();
      await expect.poll(titles).toEqual(before.filter((t) => t !== gone));
      await tab.reload();
      const button = tab.getByRole('button', { name: /^Backstory/ });
      await button.waitFor();
      // The panel reopens by itself (it was left open on this site), perhaps after a first look: open it
      // only while it is not, until it stays open.
      await expect
        .poll(
          async () => {
            if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
            return button.getAttribute('aria-expanded');
          },
          { interval: 500 },
        )
        .toBe('true');
      const again = tab.frameLocator('backstory-host iframe');
      await again.getByText(/1 item marked not relevant to this article/).waitFor();
      await expect(again.locator('.timeline h3').allTextContents()).resolves.not.toContain(gone);
      await again.getByRole('button', { name: 'Show it again' }).click();
      await expect.poll(() => again.locator('.timeline h3').allTextContents()).toContain(gone);
    } finally {
      await tab.close();
    }
  });

  it('writes dates in the reader’s locale with the ISO date in the tooltip, and puts the entity chips first', async () => {
    const { tab, panel } = await openPanel();
    const date = panel.locator('.lead .date time');
    await expect(date.getAttribute('datetime')).resolves.toBe('2026-07-04');
    await expect(date.getAttribute('title')).resolves.toBe('2026-07-04');
    await expect(date.textContent()).resolves.toBe(
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2026, 6, 4)),
    );
    const headings = await panel.locator('h2').allTextContents();
    expect(headings.indexOf('Entities')).toBeLessThan(headings.indexOf('This story'));
    await tab.close();
  });

  it('says on a person’s card where they work, not that they are "part of" it', async () => {
    const { tab, panel } = await openPanel();
    await pointAndClick(tab, panel.getByRole('button', { name: /^Thariq Shihipar/ }));
    const card = panel.getByRole('region', { name: 'About Thariq Shihipar' });
    await expect(card.locator('.type').textContent()).resolves.toBe('person · at Anthropic');
    await tab.close();
  });

  it('filters the timeline to an entity from its chip, and shows its card', async () => {
    const { tab, panel } = await openPanel();
    const chip = panel.getByRole('button', { name: /^Claude Code/ });
    // Its count is how often this article names it, said so ("4 mentions"), not as the archive's items its card counts.
    await expect(chip.locator('.chip-count').textContent()).resolves.toMatch(/^\d+ mentions?$/);
    await chip.click();
    await expect(chip.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(panel.getByRole('heading', { name: /^What this follows: Claude Code/ }).isVisible()).resolves.toBe(true);
    for (const why of await panel.locator('.timeline .why').allTextContents()) expect(why).toContain('Claude Code');
    const card = panel.getByRole('region', { name: 'About Claude Code' });
    await expect(card.textContent()).resolves.toMatch(/product · part of Anthropic/);
    // The chip (where the reader's pointer or keyboard is) and the card it opened both stay in sight.
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.top < innerHeight && box.bottom > 0;
    };
    await expect.poll(() => chip.evaluate(shown)).toBe(true);
    await expect.poll(() => card.evaluate(shown)).toBe(true);
    await chip.click();
    await expect(chip.getAttribute('aria-pressed')).resolves.toBe('false');
    await tab.close();
  });

  it('finds no accessibility violations (axe-core, inside the panel)', async () => {
    const { tab, panel } = await openPanel();
    await panel.locator('.timeline .entry').first().click();
    await panel.getByRole('button', { name: /more signals?$/ }).click();
    const frame = sidebarFrame(tab);
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await frame.evaluate(axeSource);
    const violations = await frame.evaluate(async () => {
      type Axe = { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
      const axe = (window as unknown as { axe: Axe }).axe;
      // The panel's document is a complementary region inside the article's page, which holds the main
      // landmark: a "main" of its own would be wrong, so that one best-practice rule is not asked for.
      const result = await axe.run(document, { rules: { 'landmark-one-main': { enabled: false } } });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await tab.close();
  });
});

describe('how the panel behaves', () => {
  it('takes focus when it opens, closes with Esc, and gives focus back to the tab', async () => {
    const { tab, panel } = await openPanel();
    const frame = sidebarFrame(tab);
    await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent)).toBe('Backstory');
    await frame.locator('body').press('Escape');
    await expect.poll(() => tab.locator('backstory-host .panel').isHidden()).toBe(true);
    const button = tab.getByRole('button', { name: /^Backstory/ });
    await expect(button.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true);
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(panel).toBeTruthy();
    await tab.close();
  });

  it('sits beside the article (an inline margin on <html> for the panel and its tab), narrower below 1100 px', async () => {
    const { tab } = await openPanel();
    await expect(tab.evaluate(() => document.documentElement.style.marginRight)).resolves.toBe('432px');
    await tab.getByRole('button', { name: /^Backstory/ }).click();
    await expect(tab.evaluate(() => document.documentElement.getAttribute('style'))).resolves.toBeNull();
    await tab.setViewportSize({ width: 800, height: 900 });
    await tab.getByRole('button', { name: /^Backstory/ }).click();
    await expect(tab.evaluate(() => document.documentElement.style.marginRight)).resolves.toBe('352px');
    await tab.getByRole('button', { name: /^Backstory/ }).click();
    await tab.close();
  });

  it('opens or closes on the keyboard command, sent by the service worker to the tab', async () => {
    const tab = await env.browser.context.newPage();
    await tab.goto(DEMO_URL);
    const button = tab.getByRole('button', { name: /^Backstory/ });
    await button.waitFor();
    await tab.waitForTimeout(100);
    const before = await button.getAttribute('aria-expanded');
    const after = before === 'true' ? 'false' : 'true';
    const worker = await env.browser.worker();
    // The command's handler sends this message to the active tab; the worker sends it here the same way.
    const toggle = () =>
      worker.evaluate(async (url) => {
        type Chrome = { tabs: { query(q: object): Promise<{ id: number }[]>; sendMessage(id: number, m: object): Promise<unknown> } };
        const { tabs } = (globalThis as unknown as { chrome: Chrome }).chrome;
        const [found] = await tabs.query({ url });
        await tabs.sendMessage(found?.id as number, { backstory: 1, type: 'togglePanel' });
      }, DEMO_URL);
    await toggle();
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe(after);
    await toggle();
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe(before);
    await tab.close();
  });

  it('shows the number of entities on the toolbar badge for the tab', async () => {
    const tab = await env.browser.context.newPage();
    await tab.goto(DEMO_URL);
    const label = await tab.getByRole('button', { name: /^Backstory/ }).getAttribute('aria-label');
    const count = /Backstory: (\d+) entit/.exec(label ?? '')?.[1];
    expect(await badgeOf(env.browser, DEMO_URL)).toBe(count);
    await tab.close();
  });

  it('is hidden when the page is printed', async () => {
    const { tab } = await openPanel();
    await tab.emulateMedia({ media: 'print' });
    await expect(tab.getByRole('button', { name: /^Backstory/ }).isVisible()).resolves.toBe(false);
    await expect(tab.locator('backstory-host .panel').isVisible()).resolves.toBe(false);
    await tab.close();
  });

  it('stops running on a site switched off in the panel, from the next load', async () => {
    const { tab, panel } = await openPanel(SWITCH_URL);
    const toggle = panel.getByRole('checkbox', { name: 'Run Backstory on engadget.com' });
    await toggle.scrollIntoViewIfNeeded();
    await lookAtIt(tab);
    await toggle.uncheck();
    await expect.poll(async () => (await scriptSites(env.browser)).join()).not.toContain('engadget.com');
    await tab.reload();
    await tab.waitForTimeout(1500);
    expect(await tab.locator('backstory-host').count()).toBe(0);
    // Back on from the options page.
    const options = await env.browser.context.newPage();
    await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
    await options.getByRole('checkbox', { name: 'Engadget (engadget.com)' }).check();
    await options.close();
    await tab.close();
  });
});

describe('what the page keeps and sees', () => {
  /** The page's DOM and the computed styles of every element in it, the extension's own host aside. */
  const snapshot = (tab: Page) =>
    tab.evaluate(() => {
      const props = [
        'display',
        'position',
        'top',
        'width',
        'height',
        'margin-top',
        'margin-right',
        'padding-top',
        'color',
        'background-color',
        'font-size',
        'font-family',
        'z-index',
      ];
      const elements = [...document.querySelectorAll('body *')].filter((el) => !el.closest('backstory-host'));
      return {
        body: new XMLSerializer().serializeToString(document.body),
        styles: elements.map((el) => {
          const style = getComputedStyle(el);
          return `${el.tagName}:${props.map((p) => style.getPropertyValue(p)).join('|')}`;
        }),
        article: JSON.stringify(document.querySelector('article')?.getBoundingClientRect()),
      };
    });

  for (const [name, url] of [
    ['fixed-header', FIXED_URL],
    ['aggressive-styles', AGGRESSIVE_URL],
  ] as const) {
    it(`leaves the ${name} page's DOM and styles as they were`, async () => {
      const plain = await env.browser.context.newPage();
      await plain.goto(PLAIN(name));
      const without = await snapshot(plain);
      const tab = await env.browser.context.newPage();
      await tab.setViewportSize({ width: 1400, height: 900 });
      await tab.goto(url);
      const button = tab.getByRole('button', { name: /^Backstory/ });
      await button.waitFor();
      const withTab = await snapshot(tab);
      expect(withTab.body).toBe(without.body);
      expect(withTab.styles).toEqual(without.styles);
      // No layout shift of the article when the tab appears.
      expect(withTab.article).toBe(without.article);
      // The page's rules do not reach Backstory's tab.
      await expect(button.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(59, 47, 143)');
      // With the panel open, the one change is the room the page makes: an inline margin on <html>, whose
      // style attribute had nothing before (the page's own tree, <body> and all, is as it was).
      if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
      await expect.poll(() => tab.evaluate(() => document.documentElement.getAttribute('style'))).toBe('margin-right: 432px;');
      const open = await snapshot(tab);
      expect(open.body).toBe(without.body);
      await button.click();
      await expect.poll(() => tab.evaluate(() => document.documentElement.getAttribute('style'))).toBeNull();
      const closed = await snapshot(tab);
      expect(closed.body).toBe(without.body);
      expect(closed.styles).toEqual(without.styles);
      expect(closed.article).toBe(without.article);
      await plain.close();
      await tab.close();
    });
  }

  it('cannot read the panel from a script of its own', async () => {
    const { tab } = await openPanel();
    const seen = await tab.evaluate(() => {
      const frame = document.querySelector('backstory-host')?.shadowRoot?.querySelector('iframe');
      let text: string | null = null;
      try {
        text = frame?.contentDocument?.body?.textContent ?? null;
      } catch {
        text = null;
      }
      let viaWindow: string | null = null;
      try {
        viaWindow = (frame?.contentWindow as Window | null)?.document.body.textContent ?? null;
      } catch {
        viaWindow = null;
      }
      return { text, viaWindow, found: Boolean(frame) };
    });
    expect(seen).toEqual({ text: null, viaWindow: null, found: true });
    await tab.close();
  });

  it('sends nothing anywhere while articles are read', async () => {
    const requests: string[] = [];
    const listener = (request: { url(): string }) => requests.push(request.url());
    env.browser.context.on('request', listener);
    const { tab, panel } = await openPanel();
    await panel.locator('.timeline .entry').first().click();
    await panel.locator('.chip', { hasText: /^Alibaba/ }).click();
    await panel.getByRole('region', { name: 'About Alibaba' }).waitFor();
    await tab.goto(FIXED_URL);
    await tab.getByRole('button', { name: /^Backstory/ }).waitFor();
    env.browser.context.off('request', listener);
    const served = new Set([DEMO_URL, FIXED_URL]);
    const elsewhere = requests.filter((url) => !served.has(url) && !url.startsWith('chrome-extension://'));
    expect(elsewhere).toEqual([]);
    await tab.close();
  });
});
