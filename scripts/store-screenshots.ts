/**
 * `npm run store:screenshots`: the stores' pictures (1280×800, the size both the Chrome Web Store and
 * addons.mozilla.org take), made from the real extension: after `wxt build` (the npm script runs it), it
 * serves the demo article as techcrunch.com and opens it in Chromium with the built extension, then
 * writes into docs/store/ the panel in the light and the dark colour scheme, and a mention card.
 * (Without Chromium, launchBackstory says how to install it.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { DEMO_FILE, DEMO_URL, launchBackstory, ROOT, startSiteServer, waitForBackstory } from './lib/browser';

/** The Chrome Web Store takes 1280×800 or 640×400; addons.mozilla.org shows 1280×800 best. */
const SIZE = { width: 1280, height: 800 };
const OUT = join(ROOT, 'docs/store');

/** The demo article at the stores' size, scrolled to its opening, with Backstory's tab in place. */
async function openDemo(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize(SIZE);
  await page.emulateMedia({ colorScheme });
  await page.goto(DEMO_URL);
  await page.getByRole('button', { name: /^Backstory/ }).waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  // Let the panel's and the card's transitions finish: the picture should show them at rest.
  await page.waitForTimeout(400);
  const path = join(OUT, name);
  await page.screenshot({ path });
  // The Chrome Web Store refuses screenshots of another size, or PNGs with an alpha channel.
  const png = PNG.sync.read(readFileSync(path));
  if (png.width !== SIZE.width || png.height !== SIZE.height || png.alpha)
    throw new Error(`${path}: ${png.width}×${png.height}${png.alpha ? ' with alpha' : ''}, not ${SIZE.width}×${SIZE.height} without alpha`);
  console.log(`Wrote ${path}`);
}

/** Opens or closes the panel, whichever it is not (it opens by itself on a site where it was left open). */
async function setPanel(page: Page, open: boolean): Promise<void> {
  const tab = page.getByRole('button', { name: /^Backstory/ });
  if ((await tab.getAttribute('aria-expanded')) !== String(open)) await tab.click();
  await page.getByRole('button', { name: /^Backstory/, expanded: open }).waitFor();
}

const server = await startSiteServer(['techcrunch.com'], { [DEMO_URL]: { file: DEMO_FILE } });
const browser = await launchBackstory({ server, headless: true });
try {
  await waitForBackstory(browser);
  const page = await browser.context.newPage();
  await openDemo(page, 'light');
  await setPanel(page, true);
  const panel = page.frameLocator('backstory-host iframe').getByRole('complementary', { name: 'Backstory' });
  await panel.locator('.archive-footer').waitFor();
  await shoot(page, 'screenshot-panel-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'screenshot-panel-dark.png');
  // A mention card, reached as a reader would by keyboard from Backstory's tab (Alt+↓), the panel closed.
  await page.emulateMedia({ colorScheme: 'light' });
  await setPanel(page, false);
  await page.getByRole('button', { name: /^Backstory/ }).focus();
  // The first mention's card, then the next one's: each press waits for the card it opens.
  await page.keyboard.press('Alt+ArrowDown');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Alt+ArrowDown');
  await page.getByRole('dialog', { name: /^Claude Code/ }).waitFor();
  await shoot(page, 'screenshot-card.png');
} finally {
  await browser.close().catch(() => {});
  await server.close();
}
