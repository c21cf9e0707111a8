/**
 * `npm start`: builds Backstory, serves the demo article as techcrunch.com on this machine, and opens
 * it in Chromium with the extension loaded. With no display, or with `--headless`, it opens the panel,
 * prints what the panel shows, writes a screenshot, and exits.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findChromium, launchBackstory, NO_CHROMIUM_HELP, ROOT, startSiteServer, waitForBackstory } from './lib/browser';

const DEMO_URL = 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/';
const DEMO_FILE = join(ROOT, 'tests/fixtures/articles/techcrunch-alibaba-claude-code/source.html');
const SCREENSHOT = join(ROOT, '.output/backstory-demo.png');

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

if (!findChromium()) {
  console.error(NO_CHROMIUM_HELP);
  process.exit(1);
}
if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = await startSiteServer(['techcrunch.com'], { [DEMO_URL]: { file: DEMO_FILE } });
const browser = await launchBackstory({ server, headless });
try {
  await waitForBackstory(browser);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(DEMO_URL);
  const tab = page.getByRole('button', { name: /^Backstory/ });
  await tab.waitFor();
  console.log(`\nOpened ${DEMO_URL} (served locally as techcrunch.com)`);
  console.log(`Tab: ${await tab.getAttribute('aria-label')}`);
  await tab.click();
  const panel = page.frameLocator('backstory-host iframe').getByRole('complementary', { name: 'Backstory' });
  await panel.locator('.archive-footer').waitFor();
  console.log('\n--- The Backstory panel shows ---');
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
  console.log((await panel.innerText()).trim());
  console.log('---------------------------------');
  await page.screenshot({ path: SCREENSHOT });
  console.log(`\nScreenshot: ${SCREENSHOT}`);
  if (process.argv.includes('--readme-screenshots')) {
    // The README's pictures: the panel in the light and the dark colour scheme.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      const path = join(ROOT, `docs/screenshot-${scheme}.png`);
      await page.screenshot({ path });
      console.log(`Screenshot (${scheme}): ${path}`);
    }
  }
  if (!headless) {
    console.log('Chromium stays open; close its window to finish.');
    await new Promise((done) => browser.context.on('close', done));
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}
