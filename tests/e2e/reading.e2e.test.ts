/**
 * The reader's experience of Backstory on a page, in real Chromium, driven as a person drives it: which names
 * are marked (the first mention of each by default, all or none from the options page), and quiet where
 * there is nothing to say (no names: no tab; with the setting, an article not about AI and technology).
 */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { badgeOf as badgeOfTab, DEMO_FILE, DEMO_URL, pauseFrom, withBackstory } from './helpers';

const NO_NAMES_URL = 'https://techcrunch.com/2026/07/06/a-quiet-article/';
/** An article on an enabled site in which the gazetteer knows no name. */
const NO_NAMES_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A quiet article | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="The town library reopens after repairs"></head>
<body><main><article><h1>The town library reopens after repairs</h1><div class="article-content">
<p>The library on Main Street reopened on Saturday after eight months of repairs to its roof and reading rooms.</p>
<p>Volunteers moved some forty thousand books back onto the shelves over two weekends, the head librarian said.</p>
</div></article></main></body></html>`;

const POLITICS_URL = 'https://www.reuters.com/world/2026/07/06/soybean-talks/';
/** A story on a general news site that names people and a government, and nothing of AI or technology. */
const POLITICS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Soybean talks | Reuters</title>
<meta property="og:type" content="article"><meta property="og:title" content="Scott Bessent meets officials from China on soybean tariffs"></head>
<body><main><article><h1>Scott Bessent meets officials from China on soybean tariffs</h1><div class="article-body">
<p>Treasury Secretary Scott Bessent said on Monday that talks with China on farm goods would continue next week.</p>
<p>Farmers in Iowa and Illinois have waited months for buyers to return before the autumn harvest.</p>
</div></article></main></body></html>`;

const HOME_URL = 'https://techcrunch.com/';
const HOME_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TechCrunch</title></head>
<body><header><a href="/">TechCrunch</a></header><main><ul><li><a href="/2026/07/04/backstory-demo-alibaba-claude-code/">Alibaba reportedly bans employees from using Claude Code</a></li></ul></main></body></html>`;
const OTHER_SITE_URL = 'https://example.org/2026/07/06/elsewhere/';
const OTHER_SITE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elsewhere</title></head><body><p>A page on a site Backstory does not run on.</p></body></html>';

const SPA_URL = 'https://techcrunch.com/2026/07/07/alibaba-qwen-update/';
const SPA_NEXT_PATH = '/2026/07/07/openai-nvidia-chips/';
/**
 * A site that renders on the client: an ad in the rail rotates every 1.2 s (outside the article), and the
 * "Next story" link shows the next article with history.pushState, as a single-page app does.
 */
const SPA_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alibaba updates Qwen | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="Alibaba updates its Qwen models"></head>
<body><header><a id="next" href="${SPA_NEXT_PATH}">Next story</a></header><main><article><h1>Alibaba updates its Qwen models</h1><div class="article-content">
<p>Alibaba released an update to its Qwen models on Monday, the company said, with better coding skills.</p>
<p>The models are free to download, and Alibaba said more would follow this year.</p>
</div></article>
<aside class="rail"><div id="ad" data-n="0">Advertisement</div></aside></main>
<script>
  const ad = document.getElementById('ad');
  setInterval(() => { ad.dataset.n = String(Number(ad.dataset.n) + 1); ad.textContent = 'Advertisement ' + ad.dataset.n; }, 1200);
  document.getElementById('next').addEventListener('click', (event) => {
    event.preventDefault();
    history.pushState({}, '', event.currentTarget.href);
    document.title = 'OpenAI buys more chips from Nvidia | TechCrunch';
    document.querySelector('meta[property="og:title"]').content = 'OpenAI buys more chips from Nvidia';
    document.querySelector('h1').textContent = 'OpenAI buys more chips from Nvidia';
    const body = document.querySelector('.article-content');
    body.replaceChildren(...['OpenAI said on Tuesday that it would buy more chips from Nvidia for its data centers.',
      'Nvidia did not say how many chips the deal covers, and OpenAI gave no price.'].map((text) => {
      const p = document.createElement('p'); p.textContent = text; return p; }));
  });
</script></body></html>`;

/** A site that moves between two articles without loading a page (pushState one way, the Back button the other). */
const FLIP_URL = 'https://techcrunch.com/2026/07/08/alibaba-qwen-flip/';
const FLIP_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alibaba updates Qwen | TechCrunch</title>
<meta property="og:type" content="article"></head>
<body><header><a id="next" href="/2026/07/08/openai-nvidia-flip/">Next story</a></header><main><article><h1></h1><div class="article-content"></div></article></main>
<script>
  const stories = {
    '/2026/07/08/alibaba-qwen-flip/': ['Alibaba updates its Qwen models', 'Alibaba released an update to its Qwen models on Monday, the company said, with better coding skills.'],
    '/2026/07/08/openai-nvidia-flip/': ['OpenAI buys more chips from Nvidia', 'OpenAI said on Tuesday that it would buy more chips from Nvidia for its data centers.'],
  };
  const show = () => {
    const [title, text] = stories[location.pathname];
    document.querySelector('h1').textContent = title;
    const p = document.createElement('p'); p.textContent = text;
    document.querySelector('.article-content').replaceChildren(p);
  };
  show();
  document.getElementById('next').addEventListener('click', (event) => { event.preventDefault(); history.pushState({}, '', event.currentTarget.href); show(); });
  addEventListener('popstate', show);
</script></body></html>`;

/** An article whose site shows its front page without loading one (the masthead's link, pushState to "/"). */
const TO_FRONT_URL = 'https://techcrunch.com/2026/07/09/alibaba-qwen-front/';
const TO_FRONT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alibaba updates Qwen | TechCrunch</title>
<meta property="og:type" content="article"></head>
<body><header><a id="front" href="/">TechCrunch</a></header><main><article><h1>Alibaba updates its Qwen models</h1><div class="article-content">
<p>Alibaba released an update to its Qwen models on Monday, the company said, with better coding skills.</p>
<p>OpenAI and Anthropic have not said whether they will follow.</p>
</div></article></main>
<script>
  document.getElementById('front').addEventListener('click', (event) => {
    event.preventDefault();
    history.pushState({}, '', '/');
    document.title = 'TechCrunch';
    document.querySelector('meta[property="og:type"]').content = 'website';
    const list = document.createElement('ul');
    for (const text of ['The week in AI', 'A startup raises money']) {
      const li = document.createElement('li'); const a = document.createElement('a'); a.href = '/'; a.textContent = text; li.append(a); list.append(li);
    }
    document.querySelector('main').replaceChildren(list);
  });
</script></body></html>`;

const LOOSE_URL = 'https://techcrunch.com/2026/07/10/chip-stocks-rally/';
/** A paragraph holding a newsletter box, as Bloomberg's do: the parser closes the <p> at the <aside>, and the rest of its words are the body's own. */
const LOOSE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chip stocks rally | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="Chip stocks rally"></head>
<body><main><article><h1>Chip stocks rally</h1><div class="article-content">
<p>Anthropic said on Tuesday that its models now run on more kinds of chips, and the markets took the news well.</p>
<p>Traders had waited all week for the figures, and the first hour of the session was quiet before the buying began in earnest.</p>
<p> <aside class="inline-newsletter"><div>Get our markets daily newsletter.</div></aside> Chip shares jumped after Nvidia said demand was strong, and the index closed at a record.</p>
</div></article></main></body></html>`;

const env = withBackstory(['techcrunch.com', 'reuters.com', 'example.org'], {
  [DEMO_URL]: { file: DEMO_FILE },
  [NO_NAMES_URL]: { html: NO_NAMES_HTML },
  [POLITICS_URL]: { html: POLITICS_HTML },
  [HOME_URL]: { html: HOME_HTML },
  [OTHER_SITE_URL]: { html: OTHER_SITE_HTML },
  [SPA_URL]: { html: SPA_HTML },
  [FLIP_URL]: { html: FLIP_HTML },
  [TO_FRONT_URL]: { html: TO_FRONT_HTML },
  [LOOSE_URL]: { html: LOOSE_HTML },
});

type Chrome = {
  storage: {
    local: { remove(keys: string[]): Promise<void> };
    session: { get(key: null): Promise<Record<string, { page?: string; entities: unknown[] }>>; clear(): Promise<void> };
  };
};

/** Moves the pointer to the middle of an element in steps, and clicks there. */
async function clickAsPerson(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 20 });
  await page.mouse.down();
  await page.mouse.up();
}

/** Changes a setting on the options page as the reader does. */
async function inOptions(change: (options: Page) => Promise<void>): Promise<void> {
  const options = await env.browser.context.newPage();
  await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
  await options.getByRole('heading', { name: 'Reading' }).waitFor();
  await change(options);
  await options.close();
}

/** Opens a page once Backstory has nothing on record for it, and waits until the background has its analysis. */
async function openAndWaitForAnalysis(url: string): Promise<Page> {
  const worker = await env.browser.worker();
  await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.clear());
  const page = await env.browser.context.newPage();
  await page.goto(url);
  await expect
    .poll(() =>
      worker.evaluate(
        async (address) =>
          Object.values(await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null)).some(
            (a) => a.page === address,
          ),
        url,
      ),
    )
    .toBe(true);
  // The article script acts on the answer right after: give it a moment.
  await page.waitForTimeout(500);
  return page;
}

const marked = (page: Page) => page.evaluate(() => CSS.highlights.get('backstory-mention')?.size ?? 0);
const markedTexts = (page: Page) =>
  page.evaluate(() => [...(CSS.highlights.get('backstory-mention') ?? [])].map((r) => (r as Range).toString()));
/** The toolbar badge's text for the one tab whose address matches `url` (a match pattern). */
const badgeOf = (url: string): Promise<string> => badgeOfTab(env.browser, url);
const entitiesOnTab = async (page: Page): Promise<number> => {
  const label = (await page.getByRole('button', { name: /^Backstory/ }).getAttribute('aria-label')) ?? '';
  return Number(/^Backstory: (\d+) entit/.exec(label)?.[1]);
};

afterEach(async () => {
  // Each test starts from the defaults (and the panel not remembered open).
  const worker = await env.browser.worker();
  await worker.evaluate(() =>
    (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.remove(['markMode', 'aiArticlesOnly', 'panelOpenSites']),
  );
});

describe('marks', () => {
  it('mark the first mention of each name by default, and all mentions or none as set in the options', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(DEMO_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    const names = await entitiesOnTab(page);
    expect(names).toBeGreaterThan(3);
    await expect.poll(() => marked(page)).toBe(names);
    // One mark a name: Alibaba, named nine times, is marked once, at its first mention in the body.
    const texts = await markedTexts(page);
    expect(texts.filter((t) => t === 'Alibaba')).toHaveLength(1);
    const first = await page.evaluate(() => {
      const range = [...(CSS.highlights.get('backstory-mention') ?? [])].find((r) => (r as Range).toString() === 'Alibaba') as Range;
      return range.startContainer.parentElement?.closest('p')?.textContent?.slice(0, 26);
    });
    expect(first).toBe('Alibaba will bar employees');

    await inOptions((options) => clickAsPerson(options, options.getByRole('radio', { name: /All mentions/ })));
    await page.reload();
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    await expect.poll(async () => (await markedTexts(page)).filter((t) => t === 'Alibaba').length).toBeGreaterThan(5);

    await inOptions((options) => clickAsPerson(options, options.getByRole('radio', { name: /No marks, panel only/ })));
    await page.reload();
    const tab = page.getByRole('button', { name: /^Backstory/ });
    await tab.waitFor();
    await expect.poll(() => entitiesOnTab(page)).toBe(names);
    await page.waitForTimeout(500);
    expect(await marked(page)).toBe(0);
    // The panel is still there.
    await clickAsPerson(page, tab);
    await page.frameLocator('backstory-host iframe').getByRole('heading', { name: 'Entities', exact: true }).waitFor();
    await page.close();
  });
});

describe('text outside any block', () => {
  it('marks a name among the words a paragraph leaves loose in the body, where they are', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(LOOSE_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    await expect.poll(() => markedTexts(page)).toEqual(expect.arrayContaining(['Anthropic', 'Nvidia']));
    const holder = await page.evaluate(() => {
      const range = [...(CSS.highlights.get('backstory-mention') ?? [])].find((r) => (r as Range).toString() === 'Nvidia') as Range;
      return range.startContainer.parentElement?.className;
    });
    expect(holder).toBe('article-content');
    await page.close();
  });
});

describe('quiet when there is nothing to say', () => {
  it('shows no tab and no marks on an article in which no names are found', async () => {
    const page = await openAndWaitForAnalysis(NO_NAMES_URL);
    expect(await page.locator('backstory-host').count()).toBe(0);
    expect(await marked(page)).toBe(0);
    await page.close();
  });

  it('with "only articles about AI and technology" on, shows nothing on a story that is not, and still on one that is', async () => {
    // Off (the default): the names found are enough for the tab.
    let page = await openAndWaitForAnalysis(POLITICS_URL);
    await expect.poll(() => entitiesOnTab(page)).toBeGreaterThan(0);
    await page.close();

    await inOptions((options) => clickAsPerson(options, options.getByRole('checkbox', { name: 'Only articles about AI and technology' })));
    page = await openAndWaitForAnalysis(POLITICS_URL);
    expect(await page.locator('backstory-host').count()).toBe(0);
    expect(await marked(page)).toBe(0);
    // Nor does the toolbar count the names of a page Backstory stays quiet on.
    expect(await badgeOf(POLITICS_URL)).toBe('');
    await page.close();

    page = await openAndWaitForAnalysis(DEMO_URL);
    await expect.poll(() => entitiesOnTab(page)).toBeGreaterThan(3);
    await page.close();
  });
});

describe('state that follows the page', () => {
  it('the popup never shows the article a tab has moved on from', async () => {
    const tab = await env.browser.context.newPage();
    await tab.goto(DEMO_URL);
    await tab.getByRole('button', { name: /^Backstory/ }).waitFor();
    // The popup asks about the active tab of its window: it is loaded in a tab of its own, behind the article's.
    const popup = await env.browser.context.newPage();
    await popup.goto(`chrome-extension://${env.browser.extensionId}/popup.html`);
    const lookAtPopup = async () => {
      await tab.bringToFront();
      await popup.reload();
      await popup.getByText(/items on \d+ entities/).waitFor();
    };
    await lookAtPopup();
    await expect(popup.locator('.tab-status').textContent()).resolves.toMatch(/entities on this page: Alibaba reportedly bans/);
    // The line is one line, its title cut short: the search box is where it shows before the line comes.
    const searchTop = async () => (await popup.getByRole('searchbox').boundingBox())?.y;
    const onArticle = await searchTop();

    // To the site's home page (no article there).
    await tab.goto(HOME_URL);
    await lookAtPopup();
    await expect(popup.getByText('No article read on this tab.').isVisible()).resolves.toBe(true);
    expect(await popup.locator('.tab-status').count()).toBe(0);
    expect(await searchTop()).toBe(onArticle);

    // Back to the article, then on to a site Backstory does not run on: it offers to run once there.
    await tab.goto(DEMO_URL);
    await tab.getByRole('button', { name: /^Backstory/ }).waitFor();
    await tab.goto(OTHER_SITE_URL);
    await lookAtPopup();
    expect(await popup.locator('.tab-status').count()).toBe(0);
    await expect(popup.getByRole('button', { name: 'Run Backstory once on this tab' }).isVisible()).resolves.toBe(true);
    await popup.close();
    await tab.close();
  });

  it('lets the worker sleep through pages on sites it does not read and tabs closing, and wakes it for an article', async () => {
    // The worker's state as the browser reports it (DevTools' ServiceWorker domain), from an extension page.
    const watcher = await env.browser.context.newPage();
    await watcher.goto(`chrome-extension://${env.browser.extensionId}/manifest.json`);
    const cdp = await env.browser.context.newCDPSession(watcher);
    type Version = { scriptURL: string; runningStatus: string };
    const states: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: Version[] }) => {
      for (const v of versions) if (v.scriptURL.startsWith(`chrome-extension://${env.browser.extensionId}/`)) states.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => states.at(-1)).toBe('stopped');
    states.length = 0;

    // A reader's ordinary browsing elsewhere: a page loads, reloads, moves on, and its tab closes.
    const other = await env.browser.context.newPage();
    await other.goto(OTHER_SITE_URL);
    await other.reload();
    await other.goto(`${OTHER_SITE_URL}?next`);
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(states.filter((state) => state === 'starting' || state === 'running')).toEqual([]);

    // An article on a site it reads wakes it, as it must.
    const article = await env.browser.context.newPage();
    await article.goto(DEMO_URL);
    await article.getByRole('button', { name: /^Backstory/ }).waitFor();
    expect(states).toContain('running');
    await article.close();
    await cdp.detach();
    await watcher.close();
  });

  it('reads the next article a single-page site shows with pushState, however busy its ads kept the page', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(SPA_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    await expect.poll(() => markedTexts(page)).toContain('Alibaba');
    // The ad rotates while the reader reads: more times than a page may be read again.
    await expect.poll(() => page.locator('#ad').getAttribute('data-n'), { timeout: 20_000 }).toBe('7');
    await clickAsPerson(page, page.getByRole('link', { name: 'Next story' }));
    // The page's pushState reaches the test's view of the address by a message from the browser, a moment later.
    await expect.poll(() => page.url()).toContain(SPA_NEXT_PATH);
    await expect.poll(() => markedTexts(page), { timeout: 10_000 }).toContain('OpenAI');
    const texts = await markedTexts(page);
    expect(texts).toContain('Nvidia');
    expect(texts).not.toContain('Alibaba');
    // The tab and the panel are about the new article.
    await expect.poll(() => entitiesOnTab(page)).toBe(2);
    await clickAsPerson(page, page.getByRole('button', { name: /^Backstory/ }));
    const chips = page.frameLocator('backstory-host iframe').locator('.chip');
    await chips.first().waitFor();
    const names = (await chips.allTextContents()).join(' ');
    expect(names).toContain('OpenAI');
    expect(names).not.toContain('Alibaba');
    await page.close();
  });

  it('marks an article again when the reader comes back to it without a page load, however quickly and however often', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(FLIP_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    await expect.poll(() => markedTexts(page)).toContain('Alibaba');
    // There and straight back (a moment's look): the first article's marks come back.
    await clickAsPerson(page, page.getByRole('link', { name: 'Next story' }));
    await page.goBack();
    await expect.poll(() => markedTexts(page), { timeout: 10_000 }).toContain('Alibaba');
    // Back and forth four times more, each look long enough to read: each article marked as itself every time.
    for (let visit = 0; visit < 4; visit++) {
      await clickAsPerson(page, page.getByRole('link', { name: 'Next story' }));
      await expect.poll(() => markedTexts(page), { timeout: 10_000 }).toContain('Nvidia');
      expect(await markedTexts(page)).not.toContain('Alibaba');
      await page.goBack();
      await expect.poll(() => markedTexts(page), { timeout: 10_000 }).toContain('Alibaba');
      expect(await markedTexts(page)).not.toContain('Nvidia');
    }
    await page.close();
  });

  it('takes the tab, the marks and the toolbar count away when the site shows a page that is no article without loading it', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(TO_FRONT_URL);
    await page.getByRole('button', { name: /^Backstory/ }).waitFor();
    await expect.poll(() => markedTexts(page)).toContain('Alibaba');
    const badge = () => badgeOf('https://techcrunch.com/*');
    await expect.poll(badge).toBe(String(await entitiesOnTab(page)));
    await clickAsPerson(page, page.getByRole('link', { name: 'TechCrunch' }));
    await expect.poll(() => page.url()).toBe('https://techcrunch.com/');
    await expect.poll(() => page.locator('backstory-host').count(), { timeout: 10_000 }).toBe(0);
    expect(await marked(page)).toBe(0);
    // The toolbar no longer counts the article the tab has left.
    await expect.poll(badge).toBe('');
    await page.close();
  });
});

type BadgeChrome = {
  storage: {
    local: { set(v: object): Promise<void>; remove(k: string[]): Promise<void> };
    session: { get(k: null): Promise<Record<string, { page?: string }>>; clear(): Promise<void> };
  };
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  action: { getBadgeText(d: object): Promise<string> };
};

describe('an article Backstory stays quiet on (only AI and technology) and the toolbar', () => {
  it('stays without a count on its tab after a pause and resume (redrawBadge)', async () => {
    const worker = await env.browser.worker();
    await worker.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: BadgeChrome };
      await chrome.storage.local.set({ aiArticlesOnly: true });
      await chrome.storage.session.clear();
    });
    const page = await env.browser.context.newPage();
    await page.goto(POLITICS_URL);
    await expect
      .poll(
        () =>
          worker.evaluate(
            async (address) =>
              Object.values(await (globalThis as unknown as { chrome: BadgeChrome }).chrome.storage.session.get(null)).some(
                (a) => a.page === address,
              ),
            POLITICS_URL,
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.waitForTimeout(500);
    expect(await page.locator('backstory-host').count()).toBe(0);
    const badgeOfPolitics = () => badgeOf(POLITICS_URL);
    expect(await badgeOfPolitics()).toBe('');
    // Pause and resume from an extension page, as the popup does.
    const options = await env.browser.context.newPage();
    await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
    const setPaused = (paused: boolean) => pauseFrom(options, paused);
    await setPaused(true);
    await expect.poll(badgeOfPolitics).toBe('off');
    await setPaused(false);
    await page.waitForTimeout(1500);
    // Backstory stays quiet on the page: the toolbar must not count its names now either.
    expect(await badgeOfPolitics()).toBe('');
    await options.close();
    await page.close();
  });
});

describe('a pause while the worker still reads an article', () => {
  it('the tab says "off" once paused, even when the worker finishes reading its article after the pause', async () => {
    // One tab of the article only (a failed test before may have left its own open).
    for (const open of env.browser.context.pages()) if (open.url().startsWith('https://')) await open.close();
    const worker = await env.browser.worker();
    await worker.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: BadgeChrome };
      await chrome.storage.local.remove(['aiArticlesOnly']);
      await chrome.storage.session.clear();
      // A slow read of the article (archive.analyze on a cold worker, a big page): modelled by a slow keep of the tab's
      // analysis, which comes after the worker's pause check and before it draws the tab's count.
      const session = chrome.storage.session as unknown as { set(v: object): Promise<void> };
      const g = globalThis as unknown as { slowSet?: (v: object) => Promise<void>; inSet?: boolean };
      const set = session.set.bind(session);
      g.slowSet = set;
      g.inSet = false;
      session.set = async (v: object) => {
        if (!Object.keys(v).some((k) => k.startsWith('tab:'))) return set(v);
        g.inSet = true;
        await new Promise((r) => setTimeout(r, 4000));
        return set(v);
      };
    });
    const options = await env.browser.context.newPage();
    await options.goto(`chrome-extension://${env.browser.extensionId}/options.html`);
    const setPaused = (paused: boolean) => pauseFrom(options, paused);
    const page = await env.browser.context.newPage();
    await page.goto(DEMO_URL);
    await expect
      .poll(() => worker.evaluate(() => (globalThis as unknown as { inSet?: boolean }).inSet === true), { timeout: 20_000 })
      .toBe(true);
    await setPaused(true);
    const badgeOfDemo = () => badgeOf(DEMO_URL);
    expect(await badgeOfDemo()).toBe('off');
    // The worker finishes its read and keeps the tab's article (after the pause): the tab must still say "off".
    await expect
      .poll(
        () =>
          worker.evaluate(async () =>
            Object.keys(await (globalThis as unknown as { chrome: BadgeChrome }).chrome.storage.session.get(null)).some((k) =>
              k.startsWith('tab:'),
            ),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.waitForTimeout(500);
    try {
      expect(await badgeOfDemo()).toBe('off');
    } finally {
      await worker.evaluate(() => {
        const g = globalThis as unknown as { slowSet?: (v: object) => Promise<void>; chrome: { storage: { session: { set: unknown } } } };
        if (g.slowSet) g.chrome.storage.session.set = g.slowSet;
      });
      await setPaused(false);
      await options.close();
      await page.close();
    }
  });
});
