/**
 * The walking skeleton in real Chromium: the built extension on pages served as their real hosts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBackstory, waitForBackstory } from '../../scripts/lib/browser';
import { DEMO_FILE as ARTICLE_FILE, DEMO_URL as ARTICLE_URL, readArchive, textBox, withBackstory } from './helpers';

const OTHER_SITE_URL = 'https://example.org/2026/07/04/alibaba-claude-code/';

const env = withBackstory(['techcrunch.com', 'example.org'], {
  [ARTICLE_URL]: { file: ARTICLE_FILE },
  // The same article on a site Backstory does not run on.
  [OTHER_SITE_URL]: { file: ARTICLE_FILE },
});

/** Counts the pixels in a box that carry the mention highlight's tint (amber over white). */
async function highlightedPixels(page: Page, text: string): Promise<number> {
  const box = await textBox(page, text);
  const png = PNG.sync.read(await page.screenshot({ clip: box }));
  let tinted = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i] as number, png.data[i + 1] as number, png.data[i + 2] as number];
    if (r > 235 && g > 215 && g < 250 && b > 150 && b < 215) tinted++;
  }
  return tinted;
}

describe('on a TechCrunch article', () => {
  let page: Page;
  beforeAll(async () => {
    page = await env.browser.context.newPage();
    await page.goto(ARTICLE_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
  });

  it('shows the Backstory tab with the number of entities found', async () => {
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await expect(tab.getAttribute('aria-label')).resolves.toMatch(/^Backstory: \d+ entit(y|ies) in this article/);
    expect(await page.locator('backstory-host').count()).toBe(1);
  });

  it('paints highlights on the mentions and nowhere else, without changing the text', async () => {
    expect(await highlightedPixels(page, 'Claude Code')).toBeGreaterThan(20);
    expect(await highlightedPixels(page, 'The move is the latest turn')).toBe(0);
    // The article's DOM text is untouched: no wrapper elements around mentions.
    const html = await page.locator('.entry-content').evaluate((el) => new XMLSerializer().serializeToString(el));
    expect(html).toContain("Anthropic's Claude Code from July 10");
  });

  it('opens the sidebar frame, which shows what the background answered', async () => {
    await page.getByRole('button', { name: /^Backstory/ }).click();
    const panel = page.frameLocator('backstory-host iframe').getByRole('complementary', { name: 'Backstory' });
    await panel.getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    const chips = panel.locator('.chip');
    await chips.first().waitFor();
    // Each chip's name, without its count ("9 mentions").
    const names = await chips.evaluateAll((all) => all.map((chip) => chip.firstChild?.textContent?.trim() ?? ''));
    expect(names).toEqual(expect.arrayContaining(['Alibaba', 'Anthropic', 'Claude Code']));
    await expect(panel.locator('.archive-footer').textContent()).resolves.toMatch(/Archive as of [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  });
});

describe('on a site Backstory does not run on', () => {
  it('adds nothing to the page', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(OTHER_SITE_URL);
    await page.waitForLoadState('load');
    // Give a (wrongly) injected script ample time to act before checking that none did.
    await page.waitForTimeout(1500);
    expect(await page.locator('backstory-host').count()).toBe(0);
    expect(await page.locator('#backstory-highlight-style').count()).toBe(0);
    await page.close();
  });
});

describe('popup and options', () => {
  it('the popup answers with the archive status', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`chrome-extension://${env.browser.extensionId}/popup.html`);
    await expect(page.getByText(/\d+ items on \d+ entities · Archive as of/).textContent()).resolves.toBeTruthy();
    await page.close();
  });

  it('the options page answers with the archive status and lists the sites', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
    await expect(page.getByText(/\d+ items on \d+ entities/).textContent()).resolves.toBeTruthy();
    // The sites' list comes from its own read after the status: waited for as a reader waits for it to show
    // (isVisible() does not wait, and under load it looked before the list was there).
    await page.getByText('(techcrunch.com)').waitFor({ state: 'visible' });
    await page.close();
  });
});

describe('across a browser restart', () => {
  it('keeps the database and does not import the snapshot again', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'backstory-restart-'));
    try {
      const first = await launchBackstory({ server: env.server, profileDir });
      await waitForBackstory(first);
      const before = await readArchive(first);
      await first.close();

      const second = await launchBackstory({ server: env.server, profileDir });
      await waitForBackstory(second);
      const after = await readArchive(second);
      expect(after.items).toBeGreaterThan(0);
      expect(after).toEqual(before);
      // And it still serves an article after the restart.
      const page = await second.context.newPage();
      await page.goto(ARTICLE_URL);
      await page.getByRole('button', { name: /^Backstory/ }).waitFor();
      await second.close();
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
});
