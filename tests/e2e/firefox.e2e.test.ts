/**
 * The Firefox build in real Firefox (Debian's firefox-esr), over WebDriver BiDi (scripts/lib/firefox.ts):
 * installed as a temporary add-on, its first-run page opens; the demo article, served as techcrunch.com,
 * gets the Backstory tab; a real click on the tab opens the panel, an extension page in an iframe, which
 * shows the article's entities and this story. Uses the Firefox build `npm test` makes just before
 * (`npx wxt build -b firefox --mv3`), and makes it when there is none. Skipped, saying so, where no Firefox
 * is installed (`apt-get install -y firefox-esr`, or FIREFOX_PATH).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE, DEMO_URL, ROOT, type SiteServer, startSiteServer } from '../../scripts/lib/browser';
import { FIREFOX_EXTENSION_DIR, type FirefoxSession, findFirefox, launchFirefox } from '../../scripts/lib/firefox';
import { waitFor } from './helpers';

const FIREFOX = findFirefox();
/** A document of the page's own, made to pass for Backstory's panel. */
const FAKE_PANEL_URL = 'https://techcrunch.com/fake-panel';
if (!FIREFOX)
  console.log('firefox.e2e: skipped: no Firefox here (Debian: apt-get install -y firefox-esr; or set FIREFOX_PATH to its binary).');

let server: SiteServer;
let firefox: FirefoxSession;
/** The add-on's id as Firefox installed it. */
let installed: { type?: string; message?: string; result?: { extension?: string } };

beforeAll(async () => {
  if (!FIREFOX) return;
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the Firefox build failed');
  }
  server = await startSiteServer(['techcrunch.com'], {
    [DEMO_URL]: { file: DEMO_FILE },
    [FAKE_PANEL_URL]: { html: '<h1>Backstory</h1><p>Your archive is out of date: sign in again at evil.example</p>' },
  });
  firefox = await launchFirefox(server, FIREFOX);
  installed = await firefox.send('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION_DIR } });
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

describe.skipIf(!FIREFOX)('Backstory in Firefox ESR', () => {
  it('installs, and opens its first-run page', async () => {
    expect(installed.type, installed.message).toBe('success');
    expect(installed.result?.extension).toBe('backstory@backstory.example');
    const welcome = await waitFor('the first-run page', async () =>
      (await firefox.contexts()).find((c) => c.url.endsWith('/welcome.html')),
    );
    expect(welcome.url).toMatch(/^moz-extension:\/\/[0-9a-f-]+\/welcome\.html$/);
    await firefox.send('browsingContext.close', { context: welcome.context });
  });

  it('shows the tab on an article, and a real click on it opens the panel with the entities', async () => {
    const tab = (await firefox.contexts())[0]?.context ?? '';
    await firefox.send('browsingContext.navigate', { context: tab, url: DEMO_URL, wait: 'complete' });
    const label = await waitFor('the Backstory tab', async () =>
      String(
        (await firefox.evaluate(
          tab,
          // Once shown: the tab is placed beside the text in the page's idle time after the host goes in.
          "(() => { const t = document.querySelector('backstory-host')?.shadowRoot?.querySelector('button.tab'); return t && getComputedStyle(t).visibility === 'visible' ? t.getAttribute('aria-label') : ''; })()",
        )) ?? '',
      ),
    );
    expect(label).toMatch(/^Backstory: \d+ entities in this article/);

    // The tab takes only trusted events: the pointer goes to it and clicks, as a person's does.
    const box = JSON.parse(
      String(
        await firefox.evaluate(
          tab,
          "JSON.stringify(document.querySelector('backstory-host').shadowRoot.querySelector('button.tab').getBoundingClientRect())",
        ),
      ),
    ) as { x: number; y: number; width: number; height: number };
    await firefox.clickAt(tab, box.x + box.width / 2, box.y + box.height / 2);

    // The panel is an extension page in an iframe: BiDi lists it as a child context of the tab.
    const text = await waitFor('the panel with its entities', async () => {
      const frame = (await firefox.contexts()).find((c) => c.context === tab)?.children?.find((c) => c.url.endsWith('/sidebar.html'));
      if (!frame) return undefined;
      const shown = String((await firefox.evaluate(frame.context, "document.querySelector('aside.sidebar')?.innerText ?? ''")) ?? '');
      return /\bEntities\b/i.test(shown) && shown;
    });
    expect(text).toMatch(/\d+ entities in this article/);
    expect(text).toContain('Claude Code');
    expect(text).toMatch(/this story/i);
    // The page made room for the panel beside it (its one change to the page).
    expect(await firefox.evaluate(tab, 'document.documentElement.style.marginRight')).toMatch(/^\d+px$/);
  });

  it('filters the open panel to the name a mention card asks for (passed on by the worker, by tab)', async () => {
    const tab = (await firefox.contexts())[0]?.context ?? '';
    const boxOf = async (expression: string) =>
      JSON.parse(String(await firefox.evaluate(tab, `JSON.stringify((${expression}).getBoundingClientRect())`))) as {
        x: number;
        y: number;
        width: number;
        height: number;
      };
    // The pointer onto the first "Qoder" in the text: its card.
    const mark = await boxOf(`(() => {
      const walker = document.createTreeWalker(document.querySelector('.entry-content'), NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf('Qoder');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 5);
        return range;
      }
    })()`);
    await firefox.clickAt(tab, mark.x + mark.width / 2, mark.y + mark.height / 2);
    const show =
      "[...document.querySelector('backstory-host').shadowRoot.querySelectorAll('.card button')].find((b) => b.textContent === 'Show in Backstory')";
    await waitFor('the card', async () => (await firefox.evaluate(tab, `Boolean(${show}) && !${show}.closest('.card').hidden`)) === true);
    const button = await boxOf(show);
    await firefox.clickAt(tab, button.x + button.width / 2, button.y + button.height / 2);
    const pressed = await waitFor('the panel filtered to Qoder', async () => {
      const frame = (await firefox.contexts()).find((c) => c.context === tab)?.children?.find((c) => c.url.endsWith('/sidebar.html'));
      if (!frame) return undefined;
      const chip = String(
        (await firefox.evaluate(frame.context, "document.querySelector('.chip[aria-pressed=\"true\"]')?.textContent ?? ''")) ?? '',
      );
      return chip.startsWith('Qoder') && chip;
    });
    expect(pressed).toMatch(/^Qoder/);
  });

  it('puts its panel back in a frame of its own when the page navigates the panel’s frame to a document of its own', async () => {
    const tab = (await firefox.contexts())[0]?.context ?? '';
    const panelFrame = async () => (await firefox.contexts()).find((c) => c.context === tab)?.children?.[0];
    const before = await waitFor('the panel', async () => {
      const frame = await panelFrame();
      return frame?.url.endsWith('/sidebar.html') && frame;
    });
    await firefox.evaluate(
      tab,
      `document.querySelector('backstory-host').shadowRoot.querySelector('iframe').contentWindow.location.href = '${FAKE_PANEL_URL}'`,
    );
    const shown = "getComputedStyle(document.querySelector('backstory-host').shadowRoot.querySelector('iframe')).opacity";
    await waitFor('the panel back, shown', async () => {
      const frame = await panelFrame();
      return (
        frame && frame.context !== before.context && frame.url.endsWith('/sidebar.html') && (await firefox.evaluate(tab, shown)) === '1'
      );
    });
  });
});
