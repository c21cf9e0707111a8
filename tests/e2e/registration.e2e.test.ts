/**
 * The article script's registration in real Chromium when one site's pattern is one the browser refuses: the worker
 * registers every site in one call, which Chromium refuses whole ("Invalid url pattern"). No form of the options or
 * the policy makes such a site now; one is written straight into the reader's stored sites, as an old or damaged
 * value would be.
 */
import { describe, expect, it } from 'vitest';
import { ARTICLE_SCRIPT_ID } from '../../lib/settings/registration';
import { DEMO_FILE, DEMO_URL, withBackstory } from './helpers';

const env = withBackstory(['techcrunch.com'], { [DEMO_URL]: { file: DEMO_FILE } });

type Chrome = {
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
  storage: { local: { set(items: object): Promise<void> } };
};

/** The registered scripts' ids and patterns, as the worker sees them. */
async function registered(): Promise<{ ids: string[]; matches: string[] }> {
  return (await env.browser.worker()).evaluate(async () => {
    const scripts = await (globalThis as unknown as { chrome: Chrome }).chrome.scripting.getRegisteredContentScripts();
    return { ids: scripts.map((s) => s.id), matches: scripts.flatMap((s) => s.matches ?? []) };
  });
}

describe('a site whose pattern the browser refuses', () => {
  it('is left out, and the article script stays registered on every other site', async () => {
    await expect.poll(async () => (await registered()).ids, { timeout: 10_000 }).toEqual([ARTICLE_SCRIPT_ID]);
    await (await env.browser.worker()).evaluate(async () => {
      // "https://*.*.example.com/*": a "*" Chromium's pattern parser takes only at the host's start.
      await (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.set({ addedSites: ['*.example.com', 'news.example.net'] });
    });
    await expect.poll(async () => (await registered()).matches, { timeout: 10_000 }).toContain('https://*.news.example.net/*');
    const { ids, matches } = await registered();
    // The trial of each pattern leaves no script behind.
    expect(ids).toEqual([ARTICLE_SCRIPT_ID]);
    expect(matches).toContain('https://*.techcrunch.com/*');
    expect(matches).not.toContain('https://*.*.example.com/*');

    const article = await env.browser.context.newPage();
    await article.goto(DEMO_URL);
    await article.getByRole('button', { name: /^Backstory: \d+ entities/ }).waitFor();
    await article.close();
  });
});
