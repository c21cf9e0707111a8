/**
 * Real Chromium with the built extension, and pages served *as* their real hosts: the demo (`npm start`),
 * the e2e tests and the browser benchmarks all go through here. Chromium's host resolver maps each site
 * to a local HTTPS server with a throwaway certificate and every other host to nowhere, so the shipped
 * match patterns are what gets exercised and nothing leaves the machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page as BrowserPage, chromium, type Worker } from 'playwright-core';
import { generate } from 'selfsigned';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

/** The demo article, served as techcrunch.com: the e2e tests and the store screenshots open it. */
export const DEMO_URL = 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/';
export const DEMO_FILE = join(ROOT, 'tests/fixtures/articles/techcrunch-alibaba-claude-code/source.html');

/** Where Chromium is: CHROMIUM_PATH, Debian's package, or a browser on the PATH. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on the PATH
    }
  }
  return undefined;
}

export const NO_CHROMIUM_HELP =
  'No Chromium found. Install Debian\'s package ("sudo apt-get install -y chromium") or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** A page the server answers with: a file, inline HTML, or a handler of its own (the local feed server). */
export type Page = { file: string } | { html: string } | { handle: (req: IncomingMessage, res: ServerResponse) => void };

export interface SiteServer {
  port: number;
  /** Every host the server answers for. */
  hosts: string[];
  /** Adds or replaces a page at `https://HOST/PATH`. */
  route(url: string, page: Page): void;
  /** Addresses of every request the server saw, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTPS server that answers for the given hosts (and their www.), with a throwaway certificate. */
export async function startSiteServer(hosts: string[], routes: Record<string, Page> = {}): Promise<SiteServer> {
  const names = hosts.flatMap((h) => [h, `www.${h}`]);
  const pems = await generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) }],
  });
  const table = new Map<string, Page>();
  const key = (url: string): string => {
    const u = new URL(url);
    return `${u.hostname.replace(/^www\./, '')}${u.pathname}`;
  };
  for (const [url, page] of Object.entries(routes)) table.set(key(url), page);
  const requests: string[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const url = `https://${req.headers.host ?? 'unknown'}${req.url ?? '/'}`;
    requests.push(url);
    const page = table.get(key(url));
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if ('handle' in page) {
      page.handle(req, res);
      return;
    }
    const body = 'file' in page ? readFileSync(page.file) : page.html;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    hosts,
    requests,
    route: (url, page) => table.set(key(url), page),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface BackstoryBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker (a fresh handle after a restart of the worker). */
  worker(): Promise<Worker>;
  profileDir: string;
  /** The first-run page a fresh profile opened, when the launch was asked to keep it (`firstRun: 'keep'`). */
  firstRunPage?: BrowserPage;
  close(): Promise<void>;
}

export interface LaunchOptions {
  server: SiteServer;
  /** A profile to reuse (to test what survives a restart); a fresh temporary one otherwise. */
  profileDir?: string;
  headless?: boolean;
  extensionDir?: string;
  /**
   * The page size Playwright emulates (1400×900 unless given); null for none: pages then take the real
   * window's size, which a test sets with `setWindowSize` (resizing as a person does, zoom included).
   */
  viewport?: { width: number; height: number } | null;
  /** More Chromium flags (the privacy audit's net log). */
  args?: string[];
  /**
   * Classic scrollbars, which take their width from the page (Windows, most Linux desktops), in place of the
   * none that headless Chromium draws (Playwright hides them, `--hide-scrollbars`).
   */
  classicScrollbars?: boolean;
  /**
   * A fresh profile installs Backstory, which opens its first-run page: by default it is expected and
   * closed; 'keep' leaves it open for a test of that page.
   */
  firstRun?: 'close' | 'keep';
}

/** Chromium flags that keep it quiet on a closed network (no background fetches to Google). */
const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBackstory(options: LaunchOptions): Promise<BackstoryBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_HELP);
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`No built extension at ${extensionDir}: run "npm run build" first.`);
  const ownProfile = options.profileDir === undefined;
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'backstory-profile-'));
  // An empty profile directory is a new install: Backstory opens its first-run page there.
  const freshProfile = !existsSync(profileDir) || readdirSync(profileDir).length === 0;
  const { port } = options.server;
  const rules = [...options.server.hosts.flatMap((h) => [`MAP ${h} 127.0.0.1:${port}`, `MAP *.${h} 127.0.0.1:${port}`]), 'MAP * ~NOTFOUND'];
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: options.headless ?? true,
    ignoreHTTPSErrors: true,
    viewport: options.viewport === undefined ? { width: 1400, height: 900 } : options.viewport,
    ...(options.classicScrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${rules.join(', ')}`,
      ...(options.viewport === null ? ['--window-size=1400,900'] : []),
      '--ignore-certificate-errors',
      ...QUIET_FLAGS,
      ...(options.args ?? []),
    ],
  });
  const worker = async (): Promise<Worker> => {
    const found = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return found ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const extensionId = new URL((await worker()).url()).host;
  const firstRunPage = freshProfile ? await waitForFirstRunPage(context, extensionId) : undefined;
  if (firstRunPage && options.firstRun !== 'keep') await firstRunPage.close();
  return {
    context,
    extensionId,
    worker,
    profileDir,
    ...(firstRunPage && options.firstRun === 'keep' ? { firstRunPage } : {}),
    async close() {
      await context.close();
      if (ownProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The path of the page Backstory opens on install (lib/settings/first-run.ts). */
export const FIRST_RUN_PATH = '/welcome.html';

/** The first-run page a new install opens: it must come, in a tab of its own, within a few seconds. */
async function waitForFirstRunPage(context: BrowserContext, extensionId: string, timeoutMs = 15_000): Promise<BrowserPage> {
  const url = `chrome-extension://${extensionId}${FIRST_RUN_PATH}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = context.pages().find((p) => p.url() === url);
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`Backstory did not open its first-run page (${url}) in a fresh profile.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the extension is ready to serve a page: the article script registered for the enabled
 * sites, the bundled snapshot imported and folded (its terms counted, its search index built). Reads the worker's own state, so it waits no longer than needed.
 * Up to 60 s: the fold of the bundled archive's index (a couple of hundred short transactions) took over 30 s on
 * a 2-core machine at a load average above 20, and two test files failed here before any test ran.
 */
export async function waitForBackstory(browser: BackstoryBrowser, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const worker = await browser.worker();
    const ready = await worker
      .evaluate(async () => {
        type Chrome = { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } };
        const scripts = await (globalThis as unknown as { chrome: Chrome }).chrome.scripting.getRegisteredContentScripts();
        const seeded = await new Promise<boolean>((done) => {
          const open = indexedDB.open('backstory-archive');
          open.onerror = () => done(false);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('meta')) return done(false);
            const get = db.transaction('meta').objectStore('meta').get('seed');
            get.onerror = () => done(false);
            get.onsuccess = () => {
              if (!(get.result as { complete?: boolean } | undefined)?.complete) return done(false);
              // And the fold job caught up (the search index and the term counts of the import), where the
              // archive has them: it works in short steps after the import, and a search before it ends
              // finds only what is folded so far.
              const queues = ['termDeltas', 'searchQueue'].filter((name) => db.objectStoreNames.contains(name));
              if (queues.length === 0) return done(true);
              const tx = db.transaction(queues);
              const counts = queues.map((name) => tx.objectStore(name).count());
              tx.oncomplete = () => done(counts.every((count) => count.result === 0));
              tx.onerror = () => done(false);
            };
          };
        });
        return scripts.length > 0 && seeded;
      })
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error('Backstory did not become ready (script registration and archive import).');
    await new Promise((r) => setTimeout(r, 100));
  }
}
