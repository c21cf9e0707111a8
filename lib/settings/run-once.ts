/**
 * Running Backstory once on the current tab, from the popup: the article script injected into that tab
 * by the activeTab grant the popup's opening gives, so no standing permission for the site is needed.
 */
import { browser } from 'wxt/browser';
import { i18nFor, type Messages } from '../i18n/index';
import { HIGHLIGHT_CSS_FILE } from '../marks/highlights';
import { ARTICLE_SCRIPT_FILE } from './registration';

/** Injects the article script into a tab; a readable error when the browser refuses. */
export async function runOnceOnTab(tabId: number, t: Messages = i18nFor('en').t): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    // The marks' stylesheet first (the registered script has it injected with it: registration.ts).
    await browser.scripting.insertCSS({ target: { tabId }, files: [`/${HIGHLIGHT_CSS_FILE}`] });
    await browser.scripting.executeScript({ target: { tabId }, files: [`/${ARTICLE_SCRIPT_FILE}`] });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: t.common.cannotRun((error as Error).message) };
  }
}
