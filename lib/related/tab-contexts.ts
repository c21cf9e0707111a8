/**
 * What the background knows of each tab's article, and the entity its panel is to show, kept in session
 * storage so that a service worker stopped and restarted between the article script's report (or the
 * reader's card) and the panel's question still knows it.
 * It belongs to the address it was read at and is never given out for another. The worker does not listen to
 * tabs loading or closing: those events come from every tab of the browser, and each would wake the worker on
 * pages Backstory never reads. A record is replaced by the tab's next article, and those of closed tabs go when
 * the worker starts (`forgetClosedTabs`).
 */
import { browser } from 'wxt/browser';
import { addressOf } from '../content/page-changes';
import type { ArticleAnalysis, TabArticle } from '../entities/analysis';

/** What is kept by tab, each under its prefix and the tab's id. */
const KINDS = ['tab:', 'panel-filter:'] as const;
const key = (tabId: number): string => `${KINDS[0]}${tabId}`;
/** The entity the reader asked the tab's panel to show (lib/messaging/panel-filter.ts), until its next article. */
const filterKey = (tabId: number): string => `${KINDS[1]}${tabId}`;
/** The tab a stored key is kept for, or undefined for a key that is not kept by tab. */
function tabOfKey(stored: string): number | undefined {
  const kind = KINDS.find((prefix) => stored.startsWith(prefix));
  const id = kind === undefined ? '' : stored.slice(kind.length);
  return /^\d+$/.test(id) ? Number(id) : undefined;
}

/**
 * A new article in the tab: its panel starts on no entity. The marks' places are left out: a page read to its
 * budget can name thousands (a megabyte), and the browser gives all tabs' records 10 MB between them.
 */
export async function saveTabAnalysis(tabId: number, analysis: ArticleAnalysis): Promise<void> {
  const { mentions: _, ...kept } = analysis;
  await browser.storage.session.set({ [key(tabId)]: kept satisfies TabArticle });
  await browser.storage.session.remove(filterKey(tabId));
}

/**
 * Keeps a tab's article if the tab still shows the address it was read at, and says whether it did: the answer for
 * a page the tab has left (the reader moved on while the worker read it) must not take the next page's place.
 */
export async function keepTabAnalysis(tabId: number, analysis: ArticleAnalysis, tabUrl: string | undefined): Promise<boolean> {
  if (!analysisFor(analysis, tabUrl)) return false;
  try {
    await saveTabAnalysis(tabId, analysis);
  } catch (error) {
    // Session storage refused it (full): the page still gets its marks; only its panel has no record to read.
    console.warn("Backstory: the tab's article could not be kept", error);
    return false;
  }
  return true;
}

/** The tab shows no article any more (its site moved on to a page that is none, without loading one). */
export async function forgetTabAnalysis(tabId: number): Promise<void> {
  await browser.storage.session.remove([key(tabId), filterKey(tabId)]);
}

export async function savePanelFilter(tabId: number, entityId: string): Promise<void> {
  await browser.storage.session.set({ [filterKey(tabId)]: entityId });
}

export async function loadPanelFilter(tabId: number): Promise<string | null> {
  const found = (await browser.storage.session.get(filterKey(tabId)))[filterKey(tabId)];
  return typeof found === 'string' ? found : null;
}

export async function loadTabAnalysis(tabId: number): Promise<TabArticle | undefined> {
  const found = await browser.storage.session.get(key(tabId));
  return found[key(tabId)] as TabArticle | undefined;
}

/** The browser's open tabs: each one's id, with its address where Backstory may see it (ids need no permission). */
export async function openTabs(): Promise<Map<number, string | undefined>> {
  return new Map((await browser.tabs.query({})).flatMap((tab) => (tab.id === undefined ? [] : [[tab.id, tab.url] as const])));
}

/**
 * Forgets what is kept for the tabs no longer open. What is kept is read before the open tabs are asked for:
 * a record saved in between is not looked at, so a tab's first article is never taken for a closed tab's.
 */
export async function forgetClosedTabs(open: () => Promise<ReadonlyMap<number, unknown>> = openTabs): Promise<void> {
  const kept = Object.keys(await browser.storage.session.get(null));
  const tabs = await open();
  const gone = kept.filter((stored) => {
    const tab = tabOfKey(stored);
    return tab !== undefined && !tabs.has(tab);
  });
  if (gone.length > 0) await browser.storage.session.remove(gone);
}

/** How many entities the toolbar counts for a tab's article: none on one Backstory stays quiet on; undefined, no article. */
export function entitiesShown(analysis: TabArticle | undefined): number | undefined {
  return analysis && (analysis.quiet ? 0 : analysis.entities.length);
}

/** The address an analysis was read at (the page's, else the article's). */
export function readAt(analysis: TabArticle): string {
  return analysis.page ?? analysis.url;
}

/**
 * The tab's analysis if it was read at the address the tab shows now. Without the `tabs` permission a tab's
 * address is known only on sites Backstory may read, and after the reader's click (`activeTab`). Every page
 * Backstory read is on one of those, so a tab whose address is not known has moved on from it.
 */
export function analysisFor<A extends TabArticle>(analysis: A | undefined, tabUrl: string | undefined): A | undefined {
  if (!analysis || tabUrl === undefined) return undefined;
  return addressOf(readAt(analysis)) === addressOf(tabUrl) ? analysis : undefined;
}
