/**
 * The archive in the real service worker: the bundled snapshot validated and imported there, an
 * archive of an earlier schema version migrated, and a full disk reported without losing what was stored.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_DB_VERSION } from '../../lib/archive/db';
import { parseArchiveDocument } from '../../lib/archive/schema';
import {
  type BackstoryBrowser,
  EXTENSION_DIR,
  launchBackstory,
  ROOT,
  type SiteServer,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';
import { version1Archive, writeVersion1 } from '../archive-v1';
import { forgetSeeding, mountSmallDisk, pointAndClick, readArchive, type SmallDisk, stopWorkers, waitFor } from './helpers';

const ARTICLE_URL = 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/';
const ARTICLE_FILE = join(ROOT, 'tests/fixtures/articles/techcrunch-alibaba-claude-code/source.html');

let server: SiteServer;
let browser: BackstoryBrowser;

beforeAll(async () => {
  server = await startSiteServer(['techcrunch.com'], { [ARTICLE_URL]: { file: ARTICLE_FILE } });
  browser = await launchBackstory({ server });
  await waitForBackstory(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('after install', () => {
  it('has validated and imported the whole bundled snapshot inside the service worker', async () => {
    const snapshot = JSON.parse(readFileSync(join(EXTENSION_DIR, 'snapshot.json'), 'utf8')) as { entities: unknown[]; items: unknown[] };
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const status = page.getByText(/items on \d+ entities/);
    await expect(status.textContent()).resolves.toContain(`${snapshot.items.length} items on ${snapshot.entities.length} entities`);
    await page.close();
  });
});

/** The entities whose digests (their newest items in one record: lib/archive/digests.ts) the worker holds. */
async function digestedEntities(target: BackstoryBrowser): Promise<string[]> {
  return (await target.worker()).evaluate(
    () =>
      new Promise<string[]>((done, fail) => {
        const open = indexedDB.open('backstory-archive');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const keys = open.result.transaction('digests').objectStore('digests').getAllKeys();
          keys.onsuccess = () => {
            open.result.close();
            done(keys.result as string[]);
          };
          keys.onerror = () => fail(keys.error);
        };
      }),
  );
}

/** The demo's panel, opened with the pointer as a reader would: its headings of items, in order. */
async function panelTitles(target: BackstoryBrowser): Promise<string[]> {
  const tab = await target.context.newPage();
  await tab.setViewportSize({ width: 1400, height: 900 });
  await tab.goto(ARTICLE_URL);
  const button = tab.getByRole('button', { name: /^Backstory/ });
  await button.waitFor();
  await tab.waitForTimeout(100);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await pointAndClick(tab, button);
  const panel = tab.frameLocator('backstory-host iframe');
  await panel.getByRole('heading', { name: 'This story' }).waitFor();
  const titles = await panel.locator('h3').allTextContents();
  await tab.close();
  return titles;
}

describe("the entities' digests", () => {
  it('are made after a panel, and the next panel, in a new worker too, shows the same items', async () => {
    const first = await panelTitles(browser);
    expect(first).toContain('Alibaba reportedly bans employees from using Claude Code');
    // Made off the panel's path, once the worker has answered and is quiet.
    const digested = await waitFor('the digests', async () => {
      const keys = await digestedEntities(browser);
      return keys.includes('alibaba') && keys.includes('claude-code') ? keys : undefined;
    });
    expect(digested.length).toBeGreaterThan(2);
    expect(await panelTitles(browser)).toEqual(first);
    await stopWorkers(browser);
    expect(await panelTitles(browser)).toEqual(first);
    expect(await digestedEntities(browser)).toEqual(digested);
  });
});

describe('an archive of schema version 1', () => {
  it('is migrated when the new worker opens it, keeping every item', async () => {
    const own = await launchBackstory({ server });
    try {
      await waitForBackstory(own);
      const parsed = parseArchiveDocument(JSON.parse(readFileSync(join(EXTENSION_DIR, 'snapshot.json'), 'utf8')));
      if (!parsed.ok) throw new Error(parsed.issues.join('; '));
      const onlyInV1 = {
        ...(parsed.value.items[0] as (typeof parsed.value.items)[number]),
        id: 'stored-by-version-one',
        url: 'https://example.com/stored-by-version-one',
        title: 'An item only version 1 stored',
        published: '2026-07-05',
        entities: ['alibaba', 'claude-code', 'anthropic'],
        follows: [],
        modified: '2026-07-05T00:00:00Z',
      };
      // An extension page with no script of its own, to write from while no worker holds the database.
      const page = await own.context.newPage();
      await page.goto(`chrome-extension://${own.extensionId}/manifest.json`);
      const { seed } = await readArchive(own);
      await stopWorkers(own, page);
      const archive = version1Archive('backstory-archive', { ...parsed.value, items: [...parsed.value.items, onlyInV1] }, seed);
      await page.evaluate(writeVersion1, archive);

      // The next worker opens the database, migrates it, and answers from what version 1 stored (the
      // snapshot is current, so it is not imported again: the extra item can only have come through).
      const article = await own.context.newPage();
      await article.goto(ARTICLE_URL);
      await article.getByRole('button', { name: /^Backstory/ }).click();
      const panel = article.frameLocator('backstory-host iframe').getByRole('complementary', { name: 'Backstory' });
      await expect(panel.getByText(onlyInV1.title).first().textContent()).resolves.toContain(onlyInV1.title);
      const popup = await own.context.newPage();
      await popup.goto(`chrome-extension://${own.extensionId}/popup.html`);
      await expect(popup.getByText(/items on \d+ entities/).textContent()).resolves.toContain(`${archive.items.length} items`);
      const version = await (await own.worker()).evaluate(
        async () => (await indexedDB.databases()).find((d) => d.name === 'backstory-archive')?.version,
      );
      expect(version).toBe(ARCHIVE_DB_VERSION);
    } finally {
      await own.close();
    }
  });
});

/**
 * A real full disk: the profile lives on a small tmpfs that the test fills up. (CDP's
 * Storage.overrideQuotaForOrigin was tried first: Chromium accepts it for the extension's origin, but
 * the extension's own `navigator.storage.estimate()` still reports the default quota and writes go
 * through, while the same override on an https origin does produce QuotaExceededError.)
 */
const disk = mountSmallDisk(120, 'the full-disk test');

describe.skipIf(!disk)('when the disk is full', () => {
  let small: BackstoryBrowser;
  afterAll(async () => {
    await small?.close().catch(() => undefined);
    disk?.release();
  });

  it('says so in the options page and the sidebar, and keeps what was stored', async () => {
    const { dir, fill } = disk as SmallDisk;
    small = await launchBackstory({ server, profileDir: join(dir, 'profile') });
    await waitForBackstory(small);
    const before = await (await readArchive(small)).items;
    // An import left unfinished (the worker must write when it next starts), then no space left at all.
    await forgetSeeding(await small.worker());
    fill();
    const options = await small.context.newPage();
    await options.goto(`chrome-extension://${small.extensionId}/options.html`);
    await stopWorkers(small, options);

    await options.reload();
    await expect(options.getByRole('alert').textContent()).resolves.toMatch(/disk is full/i);

    // The worker, started again on the full disk, neither imports nor opens the archive again there (a write
    // cut short by the full disk can get the whole archive deleted by Chromium: lib/archive/room.ts); the
    // article still gets its tab, and the panel says why it has nothing to show.
    const page = await small.context.newPage();
    await page.goto(ARTICLE_URL);
    await page.getByRole('button', { name: /^Backstory/ }).click();
    const panel = page.frameLocator('backstory-host iframe').getByRole('complementary', { name: 'Backstory' });
    await expect(panel.getByRole('alert').textContent()).resolves.toMatch(/disk is full/i);

    // Once space is freed, everything stored before is there.
    rmSync(join(dir, 'filler'));
    expect(await (await readArchive(small)).items).toBe(before);
    const popup = await small.context.newPage();
    await popup.goto(`chrome-extension://${small.extensionId}/popup.html`);
    await expect(popup.getByText(/items on \d+ entities/).textContent()).resolves.toContain(`${before} items`);
  });
});
