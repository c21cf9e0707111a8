/**
 * The article script's registration against a fake script registry that checks patterns as Chromium does: one
 * call registers every site, and the browser refuses the whole call for one pattern it does not take.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ARTICLE_SCRIPT_ID, type ScriptRegistry, syncArticleScript } from '../../lib/settings/registration';

/** Chrome's match-pattern host for https: `*`, or an optional leading `*.` and then a host without any other `*`. */
const TAKEN_PATTERN = /^https:\/\/(?:\*|(?:\*\.)?[^*/:]+)\/\*$/;

type Script = { id: string; matches?: string[] };

/** A registry that keeps scripts by id and refuses what Chromium refuses: a bad pattern, a taken or unknown id. */
function fakeScriptRegistry(fail?: () => Error | undefined) {
  const scripts = new Map<string, Script>();
  const check = (list: Script[]) => {
    const error = fail?.();
    if (error) throw error;
    const bad = list.flatMap((s) => s.matches ?? []).find((p) => !TAKEN_PATTERN.test(p));
    if (bad) throw new Error(`Script with ID '${list[0]?.id}' has invalid value for 'matches[0]': Invalid url pattern '${bad}'`);
  };
  const registry = {
    async getRegisteredContentScripts(filter?: { ids?: string[] }) {
      return [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async registerContentScripts(list: Script[]) {
      check(list);
      for (const s of list) if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      for (const s of list) scripts.set(s.id, s);
    },
    async updateContentScripts(list: Script[]) {
      check(list);
      for (const s of list) if (!scripts.has(s.id)) throw new Error(`Script with ID '${s.id}' does not exist.`);
      for (const s of list) scripts.set(s.id, { ...scripts.get(s.id), ...s });
    },
    async unregisterContentScripts(filter?: { ids?: string[] }) {
      for (const id of filter?.ids ?? []) if (!scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    },
  };
  return { registry: registry as unknown as ScriptRegistry, scripts };
}

describe('the article script’s registration', () => {
  it('registers every site in one script', async () => {
    const { registry, scripts } = fakeScriptRegistry();
    expect(await syncArticleScript(['techcrunch.com', 'news.example.net'], registry)).toEqual([]);
    expect([...scripts.keys()]).toEqual([ARTICLE_SCRIPT_ID]);
    expect(scripts.get(ARTICLE_SCRIPT_ID)?.matches).toEqual(['https://*.techcrunch.com/*', 'https://*.news.example.net/*']);
  });

  // One pattern the browser refused made the whole call fail: on a fresh install, Backstory ran on no site.
  it('leaves out a site whose pattern the browser refuses, says which, and registers the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { registry, scripts } = fakeScriptRegistry();
    expect(await syncArticleScript(['techcrunch.com', '*.example.com', 'news.example.net'], registry)).toEqual([
      'https://*.*.example.com/*',
    ]);
    expect(scripts.get(ARTICLE_SCRIPT_ID)?.matches).toEqual(['https://*.techcrunch.com/*', 'https://*.news.example.net/*']);
    // And when the script is registered already, as at a later start or a change of sites.
    expect(await syncArticleScript(['wired.com', 'ex*ample.org'], registry)).toEqual(['https://*.ex*ample.org/*']);
    expect(scripts.get(ARTICLE_SCRIPT_ID)?.matches).toEqual(['https://*.wired.com/*']);
    // The trial of each pattern leaves nothing behind.
    expect([...scripts.keys()]).toEqual([ARTICLE_SCRIPT_ID]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('https://*.ex*ample.org/*'));
    warn.mockRestore();
  });

  // Each sync tried every pattern again, one by one: at each start of the worker (an article opened after half a minute
  // idle) some 40 calls to the browser for 20 sites, and the same warning in the worker's console each time.
  it('does not try a refused pattern again until the sites change', async () => {
    fakeBrowser.reset();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { registry, scripts } = fakeScriptRegistry();
    const sites = ['techcrunch.com', '*.example.com', 'news.example.net'];
    const refused = ['https://*.*.example.com/*'];
    expect(await syncArticleScript(sites, registry)).toEqual(refused);
    const calls = (
      ['getRegisteredContentScripts', 'registerContentScripts', 'updateContentScripts', 'unregisterContentScripts'] as const
    ).map((name) => vi.spyOn(registry, name));
    const called = () => calls.reduce((sum, call) => sum + call.mock.calls.length, 0);
    // The worker starts again, and the sites are the same.
    expect(await syncArticleScript(sites, registry)).toEqual(refused);
    expect(called()).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    // Once the sites change, each pattern is tried again.
    expect(await syncArticleScript([...sites, 'wired.com'], registry)).toEqual(refused);
    expect(scripts.get(ARTICLE_SCRIPT_ID)?.matches).toEqual([
      'https://*.techcrunch.com/*',
      'https://*.news.example.net/*',
      'https://*.wired.com/*',
    ]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('passes on a failure that is not a pattern’s, keeping the script as it was', async () => {
    let broken = false;
    const { registry, scripts } = fakeScriptRegistry(() => (broken ? new Error('Extension context invalidated.') : undefined));
    await syncArticleScript(['techcrunch.com'], registry);
    broken = true;
    await expect(syncArticleScript(['wired.com', 'news.example.net'], registry)).rejects.toThrow('Extension context invalidated.');
    expect(scripts.get(ARTICLE_SCRIPT_ID)?.matches).toEqual(['https://*.techcrunch.com/*']);
  });
});
