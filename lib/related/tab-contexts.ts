/**
 * What the background knows of each tab's article, and the entity its panel is to show, kept in session
 * storage so that a service worker stopped and restarted between the article script's report (or the
 * reader's card) and the panel's question still knows it.
 * It belongs to the address it was read at: a tab that starts loading another page forgets it, and it is
 * never given out for another address.
 */
import { browser } from 'wxt/browser';
import { addressOf } from '../content/page-changes';
import type { ArticleAnalysis } from '../entities/analysis';

const key = (tabId: number): string => `tab:${tabId}`;
/** The entity the reader asked the tab's panel to show (lib/messaging/panel-filter.ts), until its next article. */
const filterKey = (tabId: number): string => `panel-filter:${tabId}`;

/** A new article in the tab: its panel starts on no entity. */
export async function saveTabAnalysis(tabId: number, analysis: ArticleAnalysis): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: analysis });
  await browser.storage.session.remove(filterKey(tabId));
}

export async function savePanelFilter(tabId: number, entityId: string): Promise<void> {
  await browser.storage.session.set({ [filterKey(tabId)]: entityId });
}

export async function loadPanelFilter(tabId: number): Promise<string | null> {
  const found = (await browser.storage.session.get(filterKey(tabId)))[filterKey(tabId)];
  return typeof found === 'string' ? found : null;
}

export async function loadTabAnalysis(tabId: number): Promise<ArticleAnalysis | undefined> {
  const found = await browser.storage.session.get(key(tabId));
  return found[key(tabId)] as ArticleAnalysis | undefined;
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove([key(tabId), filterKey(tabId)]);
}

/** The address an analysis was read at (the page's, else the article's). */
export function readAt(analysis: ArticleAnalysis): string {
  return analysis.page ?? analysis.url;
}

/**
 * The tab's analysis if it was read at the address the tab shows now. Without the `tabs` permission a tab's
 * address is known only on sites Backstory may read (or after the reader's click, `activeTab`); where it is
 * not known, the record stands (it is cleared when the tab loads another page).
 */
export function analysisFor(analysis: ArticleAnalysis | undefined, tabUrl: string | undefined): ArticleAnalysis | undefined {
  if (!analysis || tabUrl === undefined) return analysis;
  return addressOf(readAt(analysis)) === addressOf(tabUrl) ? analysis : undefined;
}

/**
 * For `tabs.onUpdated` with status 'loading': the tab starts loading a page, so its record goes unless
 * the page is the one it was read at (a reload, which reads it again). Without the `tabs` permission the
 * event still carries `status`; the address only on sites Backstory may read, so elsewhere (`url`
 * undefined) the page is another and the record goes.
 */
export async function forgetTabUnlessAt(tabId: number, url: string | undefined): Promise<void> {
  const analysis = await loadTabAnalysis(tabId);
  if (analysis && (url === undefined || analysisFor(analysis, url) === undefined)) await forgetTab(tabId);
}
