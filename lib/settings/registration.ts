/**
 * The article script is registered at run time, for the enabled sites only, so a site the reader turns
 * off gets no script at all (a manifest content script would still be injected there).
 */
import { browser } from 'wxt/browser';
import { HIGHLIGHT_CSS_FILE } from '../marks/highlights';
import { defineSetting, type Setting } from './setting';
import { sitePattern } from './sites';

export const ARTICLE_SCRIPT_ID = 'backstory-article';
/** Where WXT writes the bundled content script. */
export const ARTICLE_SCRIPT_FILE = 'content-scripts/article.js';

/** The part of the browser's scripting API the registration uses: the browser's, or a fake one in tests. */
export type ScriptRegistry = Pick<
  typeof browser.scripting,
  'getRegisteredContentScripts' | 'registerContentScripts' | 'updateContentScripts' | 'unregisterContentScripts'
>;

/**
 * The article script and its files: the marks' stylesheet is injected at the page's start whatever runAt says, so it
 * is in place when the page is first styled and painting the marks later restyles nothing (lib/marks/highlights.ts).
 */
const SCRIPT_FILES = { id: ARTICLE_SCRIPT_ID, js: [ARTICLE_SCRIPT_FILE], css: [HIGHLIGHT_CSS_FILE] };

/** The patterns the browser refused, and the whole list they were refused in. */
export interface RefusedPatterns {
  patterns: string[];
  refused: string[];
}

/**
 * What the browser refused last, kept for the browser's session: the worker syncs the registration at each of its
 * starts (after half a minute idle, an article's message starts it again), and trying each pattern again was some
 * 40 calls for 20 sites, with the same warning, each time. A new session (a browser updated meanwhile) tries again.
 */
export const refusedPatternsSetting = /* @__PURE__ */ defineSetting<RefusedPatterns | null>('session:refusedPatterns', null);

/**
 * Makes the registered article script match exactly the enabled sites (none: unregistered). Gives back the
 * sites' patterns the browser refused, which are left out (none: empty). Patterns refused before, in the same list,
 * are left out without asking the browser again (`refusals`).
 */
export async function syncArticleScript(
  hosts: readonly string[],
  scripting: ScriptRegistry = browser.scripting,
  refusals: Pick<Setting<RefusedPatterns | null>, 'getValue' | 'setValue'> = refusedPatternsSetting,
): Promise<string[]> {
  const existing = await scripting.getRegisteredContentScripts({ ids: [ARTICLE_SCRIPT_ID] });
  if (hosts.length === 0) {
    if (existing.length > 0) await scripting.unregisterContentScripts({ ids: [ARTICLE_SCRIPT_ID] });
    return [];
  }
  const all = hosts.map(sitePattern);
  const [current] = existing;
  if (current && sameScript(current, { ...SCRIPT_FILES, matches: all })) return [];
  const known = await refusals.getValue();
  const refusedBefore = known && samePatterns(known.patterns, all) ? known.refused : [];
  const script = {
    ...SCRIPT_FILES,
    matches: all.filter((pattern) => !refusedBefore.includes(pattern)),
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  if (current && sameScript(current, script)) return refusedBefore;
  const put = (matches: string[]) =>
    current ? scripting.updateContentScripts([{ ...script, matches }]) : scripting.registerContentScripts([{ ...script, matches }]);
  try {
    await put(script.matches);
    return refusedBefore;
  } catch (error) {
    // The browser refuses the whole call for one pattern it does not take ("Invalid url pattern"), so one bad
    // site would cost every site: the patterns are tried one by one, and the script registered without those refused.
    const refused = await refusedPatterns(all, scripting);
    // None refused alone, or every one: the call failed for some other reason, which the caller is told.
    if (refused.length === 0 || refused.length === all.length) throw error;
    await put(all.filter((pattern) => !refused.includes(pattern)));
    // Only to spare the next sync the trial: a refusal not kept is tried again then, no worse than before.
    await refusals.setValue({ patterns: all, refused }).catch(() => undefined);
    console.warn(`Backstory: the browser refused the sites ${refused.join(', ')}; the article script runs on the others.`);
    return refused;
  }
}

/** An id no other script has, for trying one pattern at a time. */
const PATTERN_TRIAL_ID = 'backstory-pattern-trial';

/** The patterns the browser refuses, each tried alone. */
async function refusedPatterns(patterns: readonly string[], scripting: ScriptRegistry): Promise<string[]> {
  // A trial left registered (a worker stopped mid-way) would make every trial after it fail as a duplicate id.
  await scripting.unregisterContentScripts({ ids: [PATTERN_TRIAL_ID] }).catch(() => undefined);
  const refused: string[] = [];
  for (const pattern of patterns) {
    try {
      // Only the stylesheet, and for this session only: a page that loads during the trial gets no second article script.
      await scripting.registerContentScripts([
        { id: PATTERN_TRIAL_ID, css: [HIGHLIGHT_CSS_FILE], matches: [pattern], persistAcrossSessions: false },
      ]);
    } catch {
      refused.push(pattern);
      continue;
    }
    await scripting.unregisterContentScripts({ ids: [PATTERN_TRIAL_ID] }).catch(() => undefined);
  }
  return refused;
}

/** Whether a registered script already is this one: the worker checks at each start, and leaves it alone then. */
function sameScript(
  registered: { js?: string[]; css?: string[]; matches?: string[] },
  wanted: { js: string[]; css: string[]; matches: string[] },
): boolean {
  return (
    samePatterns(registered.js, wanted.js) && samePatterns(registered.css, wanted.css) && samePatterns(registered.matches, wanted.matches)
  );
}

/** Whether two lists hold the same entries, in any order. */
function samePatterns(a: readonly string[] = [], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * `syncArticleScript` for the hosts `hosts()` gives at the time, one call after another: two at once (a
 * settings watcher and a message handler, say) would both read "not registered" and the second register
 * would fail with a duplicate id. Each call waits for the one before it and then reads the hosts afresh.
 */
export function serialScriptSync(hosts: () => Promise<readonly string[]>): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const run = async () => void (await syncArticleScript(await hosts()));
    last = last.then(run, run);
    return last;
  };
}
