/**
 * Adding a site, in real Chromium: on an article of a site Backstory does not run on, the popup offers
 * "Enable Backstory on SITE"; the click asks for that host, the page is read at once, the panel works
 * there (framed from a site that is not a default one), the article script runs there from the next load,
 * and the options page lists the site and removes it again.
 *
 * The build is the shipped one with the test site's host granted at install (`withHostsGranted`): no test
 * can answer a permission prompt, and `permissions.request` for a host already granted answers yes without
 * one. (For the same reason the browser keeps that host when the site is removed: only the list and the
 * script registration can be checked here; giving the host back is in tests/unit/sites.test.ts.)
 */
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackstoryBrowser,
  DEMO_FILE,
  launchBackstory,
  type SiteServer,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';
import { pointAndClick, scriptSites, withHostsGranted } from './helpers';

/** The demo article, on a site that is not one of the defaults. */
const ARTICLE_URL = 'https://news.example.net/2026/07/04/alibaba-claude-code/';

let server: SiteServer;
let browser: BackstoryBrowser;
let extensionDir = '';

beforeAll(async () => {
  extensionDir = withHostsGranted(['https://*.example.net/*']);
  server = await startSiteServer(['example.net', 'news.example.net', 'techcrunch.com'], { [ARTICLE_URL]: { file: DEMO_FILE } });
  browser = await launchBackstory({ server, extensionDir });
  await waitForBackstory(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

/**
 * The popup for the article's tab: the popup page in a tab of the same window, loaded while the article's
 * tab is the active one (the popup asks for the active tab, as it does when opened from the toolbar).
 */
async function popupFor(article: Page): Promise<Page> {
  const popup = await browser.context.newPage();
  await article.bringToFront();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.getByRole('heading', { name: 'Backstory' }).waitFor();
  return popup;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    type Axe = { run(context: Document): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    const result = await (window as unknown as { axe: Axe }).axe.run(document);
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

describe('a site the reader adds', () => {
  it('is offered in the popup, enabled by its click, and the panel works there at once and from the next load', async () => {
    const article = await browser.context.newPage();
    await article.goto(ARTICLE_URL);
    await article.waitForTimeout(1000);
    expect(await article.locator('backstory-host').count()).toBe(0);
    expect((await scriptSites(browser)).join(' ')).not.toContain('example.net');

    const popup = await popupFor(article);
    const enable = popup.getByRole('button', { name: 'Enable Backstory on news.example.net' });
    await enable.waitFor();
    expect(await axeViolations(popup)).toEqual([]);
    await pointAndClick(popup, enable);
    await popup.getByText(/Backstory runs on news\.example\.net, a site you added/).waitFor();

    // Read at once, with the panel: a frame of the panel page on a site that is not a default one.
    const tab = article.getByRole('button', { name: /^Backstory: \d+ entities/ });
    await tab.waitFor();
    await pointAndClick(article, tab);
    const panel = article.frameLocator('backstory-host iframe');
    await panel.getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    await expect(panel.getByRole('button', { name: /^Claude Code/ }).isVisible()).resolves.toBe(true);

    // And from the next load, by the registered script.
    await expect.poll(async () => (await scriptSites(browser)).join(' ')).toContain('https://*.news.example.net/*');
    await article.reload();
    await article.getByRole('button', { name: /^Backstory: \d+ entities/ }).waitFor();
    await popup.close();
    await article.close();
  });

  it('is listed in the options and removed there: no script runs on it from the next load', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const remove = options.getByRole('button', { name: 'Remove news.example.net' });
    await remove.waitFor();
    expect(await axeViolations(options)).toEqual([]);
    await pointAndClick(options, remove);
    await options.getByText(/None\. On any other site/).waitFor();
    await expect.poll(async () => (await scriptSites(browser)).join(' ')).not.toContain('example.net');
    const article = await browser.context.newPage();
    await article.goto(ARTICLE_URL);
    await article.waitForTimeout(1500);
    expect(await article.locator('backstory-host').count()).toBe(0);
    // And the popup offers it again.
    const popup = await popupFor(article);
    await popup.getByRole('button', { name: 'Enable Backstory on news.example.net' }).waitFor();
    await popup.close();
    await article.close();
    await options.close();
  });
});
