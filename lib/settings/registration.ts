/**
 * The article script is registered at run time, for the enabled sites only, so a site the reader turns
 * off gets no script at all (a manifest content script would still be injected there).
 */
import { browser } from 'wxt/browser';
import { HIGHLIGHT_CSS_FILE } from '../marks/highlights';
import { sitePattern } from './sites';

export const ARTICLE_SCRIPT_ID = 'backstory-article';
/** Where WXT writes the bundled content script. */
export const ARTICLE_SCRIPT_FILE = 'content-scripts/article.js';

/** Makes the registered article script match exactly the enabled sites (none: unregistered). */
export async function syncArticleScript(hosts: readonly string[]): Promise<void> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [ARTICLE_SCRIPT_ID] });
  if (hosts.length === 0) {
    if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [ARTICLE_SCRIPT_ID] });
    return;
  }
  const script = {
    id: ARTICLE_SCRIPT_ID,
    js: [ARTICLE_SCRIPT_FILE],
    // The marks' stylesheet, injected at the page's start whatever runAt says: already in place when the page
    // is first styled, so painting the marks later restyles nothing (lib/marks/highlights.ts).
    css: [HIGHLIGHT_CSS_FILE],
    matches: hosts.map(sitePattern),
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  const [current] = existing;
  if (current && sameScript(current, script)) return;
  if (current) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
}

/** Whether a registered script already is this one: the worker checks at each start, and leaves it alone then. */
function sameScript(
  registered: { js?: string[]; css?: string[]; matches?: string[] },
  wanted: { js: string[]; css: string[]; matches: string[] },
): boolean {
  const same = (a: readonly string[] = [], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  return same(registered.js, wanted.js) && same(registered.css, wanted.css) && same(registered.matches, wanted.matches);
}

/**
 * `syncArticleScript` for the hosts `hosts()` gives at the time, one call after another: two at once (a
 * settings watcher and a message handler, say) would both read "not registered" and the second register
 * would fail with a duplicate id. Each call waits for the one before it and then reads the hosts afresh.
 */
export function serialScriptSync(hosts: () => Promise<readonly string[]>): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const run = async () => syncArticleScript(await hosts());
    last = last.then(run, run);
    return last;
  };
}
