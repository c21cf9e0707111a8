/**
 * `npm start`: builds Backstory, serves the demo article as techcrunch.com on this machine, and opens
 * it in Chromium with the extension loaded. A local feed server serves an official feed as
 * feeds.example.org (data/ and the demonstration items of tests/fixtures/feed/demo.json, signed with a
 * demo key the build trusts): the options page's "Sync now" is clicked, and the sync is shown happening.
 * With no display, or with `--headless`, it opens the panel, prints what the panel shows, writes a
 * screenshot, and exits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArchiveDocument } from '../lib/archive/schema';
import type { FeedView } from '../lib/sync/feeds';
import { publishFeed } from '../lib/sync/publish';
import { generateKeyPair } from '../lib/sync/signature';
import { findChromium, launchBackstory, NO_CHROMIUM_HELP, ROOT, startSiteServer, waitForBackstory } from './lib/browser';
import { createFeedServer, demoFeedRecords } from './lib/feed-server';
import { readSnapshotSource } from './lib/snapshot-source';

const DEMO_URL = 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/';
const DEMO_FILE = join(ROOT, 'tests/fixtures/articles/techcrunch-alibaba-claude-code/source.html');
const SCREENSHOT = join(ROOT, '.output/backstory-demo.png');
const FEED_BASE = 'https://feeds.example.org/backstory/';
/** The demo build, beside the default one: it names the demo feed as official, with the demo key. */
const DEMO_OUT = '.output/demo';
const DEMO_KEYS = join(ROOT, '.output/demo-feed-keys.json');

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

if (!findChromium()) {
  console.error(NO_CHROMIUM_HELP);
  process.exit(1);
}
// A demo key pair, kept beside the build so that --no-build still matches it. Never a release key.
if (!existsSync(DEMO_KEYS)) {
  mkdirSync(join(ROOT, '.output'), { recursive: true });
  writeFileSync(DEMO_KEYS, JSON.stringify(await generateKeyPair()));
}
const keys = JSON.parse(readFileSync(DEMO_KEYS, 'utf8')) as { privateKey: string; publicKey: string };
if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      BACKSTORY_OUT_DIR: DEMO_OUT,
      BACKSTORY_FEED_URL: `${FEED_BASE}index.json`,
      BACKSTORY_FEED_PUBLIC_KEY: keys.publicKey,
    },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const archive = parseArchiveDocument(readSnapshotSource());
if (!archive.ok) throw new Error(archive.issues.join('\n'));
const demo = demoFeedRecords();
const feed = createFeedServer(
  FEED_BASE,
  await publishFeed([...archive.value.entities, ...demo.entities], [...archive.value.items, ...demo.items], {
    title: 'Backstory (local demo feed)',
    privateKey: keys.privateKey,
  }),
);
const server = await startSiteServer(['techcrunch.com', 'feeds.example.org'], { [DEMO_URL]: { file: DEMO_FILE }, ...feed.routes() });
const browser = await launchBackstory({ server, headless, extensionDir: join(ROOT, DEMO_OUT, 'chrome-mv3') });
try {
  await waitForBackstory(browser);
  // The sync, as a reader starts it: "Sync now" in the options page, then its outcome.
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Sync now' }).click();
  console.log(`\nSyncing the official feed from ${FEED_BASE} (served locally)…`);
  let official: FeedView | undefined;
  for (let i = 0; i < 300 && !official?.state.lastAttempt; i++) {
    await options.waitForTimeout(200);
    const reply = await options.evaluate(async () => {
      type Chrome = { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value: unknown }> } };
      return (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ backstory: 1, type: 'getFeeds', data: {} });
    });
    official = (reply.value as FeedView[]).find((f) => f.official);
    if (official?.progress?.total) console.log(`  page ${official.progress.done} of ${official.progress.total}`);
  }
  const last = official?.state.last;
  console.log(
    official?.state.lastError
      ? `Sync failed: ${official.state.lastError}`
      : `Synced: ${last?.pages ?? 0} pages, ${last?.added ?? 0} items added, ${last?.updated ?? 0} updated, ${last?.removed ?? 0} removed.`,
  );
  console.log(`Requests to the feed: ${feed.log.map((r) => `${r.path} ${r.status}`).join(', ')}`);
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
  // The panel's frame is an extension page with a process of its own: its text is there before headless Chromium
  // composites it, and a screenshot taken at once showed it white (two of the frame's animation frames were not
  // enough; a second and a half was, in two runs). A pause for the demo's picture, not a test's wait.
  await page.waitForTimeout(1500);
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
