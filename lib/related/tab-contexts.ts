/**
 * What the background knows of each tab's article, kept in session storage so that a service worker
 * stopped and restarted between the article script's report and the panel's question still knows it.
 */
import { browser } from 'wxt/browser';
import type { ArticleAnalysis } from '../entities/analysis';

const key = (tabId: number): string => `tab:${tabId}`;

export async function saveTabAnalysis(tabId: number, analysis: ArticleAnalysis): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: analysis });
}

export async function loadTabAnalysis(tabId: number): Promise<ArticleAnalysis | undefined> {
  const found = await browser.storage.session.get(key(tabId));
  return found[key(tabId)] as ArticleAnalysis | undefined;
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
