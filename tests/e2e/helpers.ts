/** What the end-to-end tests share: the demo article, a browser with Backstory for a file's tests, text boxes. */
import { execSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ARCHIVE_DB_NAME } from '../../lib/archive/db';
import type { SeedState } from '../../lib/archive/seed';
import { SEEN_FOR_MS } from '../../lib/panel/click-guard';
import type { FeedView } from '../../lib/sync/feeds';
import {
  type BackstoryBrowser,
  EXTENSION_DIR,
  type LaunchOptions,
  launchBackstory,
  type Page as ServedPage,
  type SiteServer,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';

export { DEMO_FILE, DEMO_URL } from '../../scripts/lib/browser';

/**
 * A copy of the shipped build (`npm test` builds it before these tests) whose manifest also grants these
 * hosts at install, as a build with BACKSTORY_GRANT_HOSTS would: no test can answer a permission prompt. A
 * copy takes a moment where a build of its own takes most of a minute. The caller removes it when done.
 */
export function withHostsGranted(hosts: string[], extensionDir = EXTENSION_DIR): string {
  const copy = mkdtempSync(join(tmpdir(), 'backstory-granted-'));
  cpSync(extensionDir, copy, { recursive: true });
  const manifestFile = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...hosts];
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return copy;
}

/**
 * Serves the routes as their hosts and starts Chromium with Backstory for the tests of one file (with
 * `viewport: null`, pages take the real window's size: see `setWindowSize`).
 */
export function withBackstory(
  hosts: string[],
  routes: Record<string, ServedPage>,
  launch: Omit<LaunchOptions, 'server'> = {},
): { server: SiteServer; browser: BackstoryBrowser } {
  const env = {} as { server: SiteServer; browser: BackstoryBrowser };
  beforeAll(async () => {
    env.server = await startSiteServer(hosts, routes);
    env.browser = await launchBackstory({ ...launch, server: env.server });
    await waitForBackstory(env.browser);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** The viewport box of the first occurrence of some text in the article body, scrolled into view (or where it is now). */
export async function textBox(
  page: Page,
  text: string,
  { scroll = true }: { scroll?: boolean } = {},
): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.evaluate(
    ([needle, centre]) => {
      const walker = document.createTreeWalker(document.querySelector('.entry-content') as Node, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node as Text).data.indexOf(needle);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        // Centred by scrolling the window, as a reader's wheel does: `scrollIntoView` also moves where the Tab key
        // starts from to the paragraph in some Chromium versions (150 here, not 156), which no reader's scroll does.
        const before = range.getBoundingClientRect();
        if (centre) window.scrollBy(0, before.top + before.height / 2 - window.innerHeight / 2);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    },
    [text, scroll] as const,
  );
  if (!box) throw new Error(`"${text}" is not on the page`);
  return box;
}

/** What the worker's archive database holds, read directly (not through Backstory): its seeding record and item count. */
export async function readArchive(target: BackstoryBrowser): Promise<{ seed: SeedState | undefined; items: number }> {
  return (await target.worker()).evaluate(
    () =>
      new Promise<{ seed: SeedState | undefined; items: number }>((done, fail) => {
        const open = indexedDB.open('backstory-archive');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['meta', 'items']);
          const seed = tx.objectStore('meta').get('seed');
          const items = tx.objectStore('items').count();
          tx.oncomplete = () => {
            open.result.close();
            done({ seed: seed.result, items: items.result });
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
  );
}

/** The feeds as the worker reports them, asked from an extension page (the options page). */
export async function feedViews(page: Page): Promise<FeedView[]> {
  const reply = await page.evaluate(async () => {
    type Chrome = { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value: unknown }> } };
    return (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ backstory: 1, type: 'getFeeds', data: {} });
  });
  return reply.value as FeedView[];
}

/**
 * Stops the extension's service worker, as the browser does once it idles: the next event starts a new one,
 * which opens the archive afresh. Asked from `page` (an extension page already open), else from a page of its own.
 */
export async function stopWorkers(target: BackstoryBrowser, page?: Page): Promise<void> {
  const from = page ?? (await target.context.newPage());
  if (!page) await from.goto(`chrome-extension://${target.extensionId}/manifest.json`);
  const cdp = await target.context.newCDPSession(from);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  if (!page) await from.close();
}

/** Polls until `probe` gives a value (errors count as not yet), or fails naming what it waited for. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Marks the bundled snapshot's import unfinished (as if the worker had stopped halfway through it), from any of the
 * extension's own contexts (its worker, or a page of its origin): the next worker imports it again.
 */
export async function forgetSeeding(from: Pick<Worker, 'evaluate'>): Promise<void> {
  await from.evaluate(
    (name) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open(name);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('meta', 'readwrite');
          tx.objectStore('meta').delete('seed');
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    ARCHIVE_DB_NAME,
  );
}

/**
 * A step that might never end (a browser call on a full disk), given `timeout` ms: past it, the test fails naming
 * the step, where a hang would only run out the test's own timeout and say nothing of where it stopped.
 */
export async function within<T>(what: string, step: Promise<T>, timeout = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`timed out: ${what}`)), timeout);
  });
  try {
    return await Promise.race([step, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resizes the page's real browser window (as a person drags it; the page gets its resize events), for a
 * browser launched with `viewport: null`. Answers the page's CSS viewport width once it has changed.
 */
export async function setWindowSize(target: BackstoryBrowser, page: Page, width: number, height = 900): Promise<number> {
  const cdp = await target.context.newCDPSession(page);
  const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width, height } });
  await cdp.detach();
  await page.waitForFunction((w) => window.outerWidth === w, width);
  return page.evaluate(() => window.innerWidth);
}

/**
 * Zooms the page's tab as the browser's zoom does, from the service worker (`tabs.setZoom`; Chrome keeps a
 * zoom per site, so a test sets it back to 1 when done).
 */
export async function setZoom(target: BackstoryBrowser, page: Page, factor: number): Promise<void> {
  const worker = await target.worker();
  await worker.evaluate(
    async ([url, zoom]) => {
      type Chrome = { tabs: { query(q: object): Promise<{ id: number }[]>; setZoom(id: number, zoom: number): Promise<void> } };
      const { tabs } = (globalThis as unknown as { chrome: Chrome }).chrome;
      const [found] = await tabs.query({ url: url as string });
      await tabs.setZoom(found?.id as number, zoom as number);
    },
    [page.url(), factor] as const,
  );
  await page.waitForFunction((zoom) => Math.abs(window.devicePixelRatio - zoom) < 0.01, factor);
}

/**
 * A reader's look at a control of the panel before clicking it: a click on one that changes something counts only
 * once it has been in plain sight for a moment (lib/panel/click-guard.ts, against a page drawing over the panel).
 */
export const lookAtIt = (page: Page) => page.waitForTimeout(SEEN_FOR_MS + 200);

/** Scrolls a control into view, moves the pointer onto it in steps and clicks it, as a person does. */
export async function pointAndClick(page: Page, control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  const box = await control.boundingBox();
  if (!box) throw new Error('the control is not shown');
  await clickAt(page, box);
}

/** Moves the pointer to the middle of a box in steps, as a hand does, and clicks there. */
export async function clickAt(page: Page, box: { x: number; y: number; width: number; height: number }): Promise<void> {
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 20 });
  await page.mouse.down();
  await page.mouse.up();
}

/** Finds no accessibility violations with axe-core on a page (or frame) of Backstory's; the violations found otherwise. */
export async function axeViolations(page: Page, disabled: string[] = []): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (off) => {
    type Axe = { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const rules = Object.fromEntries(off.map((id) => [id, { enabled: false }]));
    const result = await axe.run(document, { rules });
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, disabled);
}

/** A small disk of a test's own: a profile on it meets a full disk for real. */
export interface SmallDisk {
  /** Where it is mounted. */
  dir: string;
  /** Fills what is left of it with a file (`filler` in `dir`), as another program would. */
  fill(): void;
  /** Unmounts it and removes its folder. */
  release(): void;
}

/**
 * Mounts a tmpfs of `megabytes` at a fresh folder of its own (never a fixed path: two test runs at once would
 * mount over each other and unmount each other's disk), or, where mounting is not allowed (it needs root),
 * says why the caller's test is skipped and gives undefined.
 */
export function mountSmallDisk(megabytes: number, skipped: string): SmallDisk | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'backstory-disk-'));
  try {
    execSync(`mount -t tmpfs -o size=${megabytes}m tmpfs ${dir}`, { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`notice: skipping ${skipped}: cannot mount a tmpfs at ${dir} (it needs root).`);
    return undefined;
  }
  return {
    dir,
    fill() {
      try {
        execSync(`dd if=/dev/zero of=${join(dir, 'filler')} bs=1M count=${megabytes + 16}`, { stdio: 'ignore' });
      } catch {
        // dd stops when the disk is full: that is the point.
      }
    },
    release() {
      execSync(`umount ${dir}`, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The toolbar badge's text for the one tab whose address matches `url` (a match pattern), as the worker has it. */
export async function badgeOf(target: BackstoryBrowser, url: string): Promise<string> {
  const worker = await target.worker();
  return worker.evaluate(async (pattern) => {
    type Chrome = { tabs: { query(q: object): Promise<{ id: number }[]> }; action: { getBadgeText(d: object): Promise<string> } };
    const { tabs, action } = (globalThis as unknown as { chrome: Chrome }).chrome;
    const [found] = await tabs.query({ url: pattern });
    return action.getBadgeText({ tabId: found?.id });
  }, url);
}

/** The site patterns the worker has its article script registered for (none: not registered). */
export async function scriptSites(target: BackstoryBrowser): Promise<string[]> {
  return (await target.worker()).evaluate(async () => {
    type Chrome = { scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> } };
    const scripts = await (globalThis as unknown as { chrome: Chrome }).chrome.scripting.getRegisteredContentScripts();
    return scripts.flatMap((s) => s.matches ?? []);
  });
}

/** Pauses or resumes Backstory from an extension page, as the popup and the options do (by asking the worker). */
export async function pauseFrom(page: Page, paused: boolean): Promise<void> {
  await page.evaluate(
    (value) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({
        backstory: 1,
        type: 'setPaused',
        data: { paused: value },
      }),
    paused,
  );
}
