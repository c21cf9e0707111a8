/**
 * An organisation's policy in real Firefox (Debian's firefox-esr): a `policies.json` with Backstory's settings
 * under `3rdparty.Extensions["backstory@backstory.example"]`, written into the `distribution`
 * folder of its installation (Firefox reads policies only from there or from /etc/firefox/policies, both
 * root-owned; a profile cannot carry them, and the `browser.policies.alternatePath` preference is honoured only in
 * Mozilla's own test automation or Nightly builds). The tests run as root here, as for Chromium's policy file
 * (managed.e2e); the file is removed as soon as Firefox has started (it reads it once, at start), and the test is skipped, saying why, where the folder cannot be
 * written or already holds an administrator's policies.json. Firefox gives the add-on the values in
 * `storage.managed` (no schema: lib/settings/managed.ts validates them); the site switched off gets no tab while
 * another default site does, the options page shows both settings as the organisation's, and the worker refuses
 * a sync the page asks for anyway.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE, DEMO_URL, ROOT, type SiteServer, startSiteServer } from '../../scripts/lib/browser';
import { FIREFOX_EXTENSION_DIR, type FirefoxSession, findFirefox, launchFirefox } from '../../scripts/lib/firefox';
import { waitFor } from './helpers';

const ADDON_ID = 'backstory@backstory.example';
const VERGE_URL = 'https://www.theverge.com/2026/07/04/alibaba-claude-code/';
// With a site added as Chrome's own host policies write one: Firefox's URL parser refuses a "*" in a host, and the
// site was left out as "not a site host".
const POLICY = { disabledSites: ['theverge.com'], syncDisabled: true, addedSites: ['https://*.wire.example.com/*'] };

const FIREFOX = findFirefox();
/** The installation's `distribution` folder, beside the real binary (the launcher in /usr/bin is a link to it). */
const POLICY_DIR = FIREFOX ? join(dirname(realpathSync(FIREFOX)), 'distribution') : undefined;
const POLICY_FILE = POLICY_DIR ? join(POLICY_DIR, 'policies.json') : undefined;

/** Why the test cannot run here, or undefined. */
function policyProblem(): string | undefined {
  if (!FIREFOX || !POLICY_DIR || !POLICY_FILE) return 'no Firefox here';
  if (existsSync(POLICY_FILE)) return `${POLICY_FILE} exists (an administrator's policies, left alone)`;
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return undefined;
  } catch (error) {
    return `${POLICY_DIR} cannot be written (${error instanceof Error ? error.message : String(error)}); writing it needs root`;
  }
}

const problem = policyProblem();
if (problem) console.log(`firefox-policy.e2e: skipped: ${problem}.`);

let server: SiteServer;
let firefox: FirefoxSession;
/** The tab the tests drive: the add-on's first-run page at first. */
let tab: string;

/** A page's text once it holds `wanted`. */
const textOnceItHas = (context: string, wanted: string) =>
  waitFor(`"${wanted}"`, async () => {
    const text = String((await firefox.evaluate(context, 'document.body?.innerText ?? ""')) ?? '');
    return text.includes(wanted) ? text : undefined;
  });

/** Whether the Backstory tab is on the page now. */
const hasTab = async (context: string) =>
  (await firefox.evaluate(context, "document.querySelector('backstory-host')?.shadowRoot?.querySelector('button.tab') != null")) === true;

beforeAll(async () => {
  if (problem || !FIREFOX || !POLICY_FILE) return;
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the Firefox build failed');
  }
  // Read once, when Firefox starts: written before it.
  writeFileSync(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [ADDON_ID]: POLICY } } } }, null, 2));
  server = await startSiteServer(['techcrunch.com', 'theverge.com'], { [DEMO_URL]: { file: DEMO_FILE }, [VERGE_URL]: { file: DEMO_FILE } });
  try {
    firefox = await launchFirefox(server, FIREFOX);
  } finally {
    // Firefox has read it by the time its remote session answers; it goes at once, whatever happens next.
    rmSync(POLICY_FILE, { force: true });
  }
  const installed = await firefox.send('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION_DIR } });
  if (installed.type !== 'success') throw new Error(`the add-on was not installed: ${installed.message}`);
  const welcome = await waitFor('the first-run page', async () => (await firefox.contexts()).find((c) => c.url.endsWith('/welcome.html')));
  tab = welcome.context;
}, 180_000);

afterAll(async () => {
  if (!problem && POLICY_FILE) rmSync(POLICY_FILE, { force: true });
  await firefox?.close();
  await server?.close();
});

describe.skipIf(problem !== undefined)("an organisation's policy (Firefox, policies.json's 3rdparty.Extensions)", () => {
  it('reaches the add-on as its managed storage', async () => {
    const managed = await firefox.evaluate(tab, 'browser.storage.managed.get().then((values) => JSON.stringify(values))');
    expect(JSON.parse(String(managed))).toEqual(POLICY);
  });

  it('shows both settings in the options as set by the organisation', async () => {
    // As the first-run page's own link does: BiDi's navigate does not open an extension's page from outside it.
    await firefox.evaluate(tab, "location.assign('/options.html')");
    await waitFor('the options page', async () => (await firefox.contexts()).find((c) => c.context === tab)?.url.endsWith('/options.html'));
    await textOnceItHas(tab, 'Your organisation has turned sync off: Backstory fetches no feed.');
    // The sites' switches render once the policy is read: waited for.
    const verge = await waitFor('The Verge’s switch', async () =>
      JSON.parse(
        String(
          await firefox.evaluate(
            tab,
            `(() => {
              const input = [...document.querySelectorAll('label')].find((l) => l.textContent.includes('The Verge (theverge.com)'))?.querySelector('input');
              return JSON.stringify(input ? { checked: input.checked, disabled: input.disabled } : null);
            })()`,
          ),
        ),
      ),
    );
    expect(verge).toEqual({ checked: false, disabled: true });
  });

  it('refuses a sync in the worker, whatever a page asks, with the reason as data', async () => {
    const reply = JSON.parse(
      String(
        await firefox.evaluate(
          tab,
          "browser.runtime.sendMessage({ backstory: 1, type: 'syncNow', data: {} }).then((r) => JSON.stringify(r))",
        ),
      ),
    );
    expect(reply).toEqual({
      ok: false,
      error: 'Your organisation has turned sync off: Backstory fetches no feed.',
      problem: { code: 'syncOff' },
    });
  });

  it('runs the article script on a site added as "https://*.SITE/*"', async () => {
    const registered = await waitFor('the article script registered on the added site', async () => {
      const matches = JSON.parse(
        String(
          await firefox.evaluate(
            tab,
            'browser.scripting.getRegisteredContentScripts().then((s) => JSON.stringify(s.flatMap((x) => x.matches)))',
          ),
        ),
      ) as string[];
      return matches.includes('https://*.wire.example.com/*') ? matches : undefined;
    });
    expect(registered).not.toContain('https://*.theverge.com/*');
  });

  it('gives the site switched off no tab, while another default site has it', async () => {
    await firefox.send('browsingContext.navigate', { context: tab, url: DEMO_URL, wait: 'complete' });
    await waitFor('the Backstory tab on TechCrunch', () => hasTab(tab));
    await firefox.send('browsingContext.navigate', { context: tab, url: VERGE_URL, wait: 'complete' });
    // The article script is registered for the enabled sites only: given time to run, it has not.
    await new Promise((done) => setTimeout(done, 3000));
    expect(await hasTab(tab)).toBe(false);
    expect(await firefox.evaluate(tab, 'document.querySelector("h1")?.textContent?.length > 0')).toBe(true);
  });
});
