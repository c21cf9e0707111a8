/**
 * The reader's settings, as stored settings with defaults (./setting.ts: read only when asked, and free of WXT's
 * storage module, which the article script, importing this file, must not carry).
 */
import { normalizeUrl } from '../archive/url';
import type { LanguageChoice } from '../i18n/locales';
import { askWorker, changeItem, withMember } from './one-writer';
import { defineSetting } from './setting';
import type { SiteHost } from './sites';

/** Sites the reader turned off: no script runs there after the next load. */
export const disabledSitesSetting = /* @__PURE__ */ defineSetting<SiteHost[]>('local:disabledSites', []);

export async function siteEnabled(host: SiteHost): Promise<boolean> {
  return !(await disabledSitesSetting.getValue()).includes(host);
}

/** Turns a site on or off: the worker stores it (./one-writer.ts) and re-registers the article script to match. */
export async function setSiteEnabled(host: SiteHost, enabled: boolean): Promise<void> {
  await askWorker('setSiteEnabled', { host, enabled });
}

/** The worker's side of `setSiteEnabled`, one change to the list at a time. */
export async function storeSiteEnabled(host: string, enabled: boolean): Promise<void> {
  await changeItem(disabledSitesSetting, (disabled) => withMember(disabled, host as SiteHost, !enabled));
}

/** The sites on which the reader left the panel open: it opens again on their next article. */
export const panelOpenSitesSetting = /* @__PURE__ */ defineSetting<string[]>('local:panelOpenSites', []);

/** Remembers whether the panel was left open on a site (the article script asks the worker: ./one-writer.ts). */
export async function rememberPanelOpen(site: string, open: boolean): Promise<void> {
  await askWorker('rememberPanelOpen', { site, open });
}

/** The worker's side of `rememberPanelOpen`, one change to the list at a time. */
export async function storePanelOpen(site: string, open: boolean): Promise<void> {
  await changeItem(panelOpenSitesSetting, (sites) => withMember(sites, site, open));
}

/** Items the reader marked "not relevant", per article (by its normalised address): hidden there only. */
export const hiddenItemsSetting = /* @__PURE__ */ defineSetting<Record<string, string[]>>('local:hiddenItems', {});

/** How many articles' choices are kept: the oldest are forgotten first. */
const HIDDEN_ARTICLES = 500;

/** The items hidden on this article. */
export async function hiddenItemsOf(articleUrl: string): Promise<string[]> {
  return (await hiddenItemsSetting.getValue())[normalizeUrl(articleUrl) ?? articleUrl] ?? [];
}

/** Sets the items hidden on this article (none: forgets the article): the worker stores it (./one-writer.ts). */
export async function setHiddenItems(articleUrl: string, itemIds: readonly string[]): Promise<void> {
  await askWorker('setHiddenItems', { articleUrl, itemIds: [...itemIds] });
}

/** The worker's side of `setHiddenItems`, one change to the hidden items at a time. */
export async function storeHiddenItems(articleUrl: string, itemIds: readonly string[]): Promise<void> {
  const key = normalizeUrl(articleUrl) ?? articleUrl;
  await changeItem(hiddenItemsSetting, (stored) => {
    // Deleted first, so the article set again goes last: the oldest are forgotten first.
    const all = { ...stored };
    delete all[key];
    if (itemIds.length > 0) all[key] = [...new Set(itemIds)];
    const keys = Object.keys(all);
    for (const old of keys.slice(0, Math.max(0, keys.length - HIDDEN_ARTICLES))) delete all[old];
    return all;
  });
}

/** Which mentions are marked on the page: the first of each entity (the default), all of them, or none. */
export const MARK_MODES = ['first', 'all', 'none'] as const;
export type MarkMode = (typeof MARK_MODES)[number];

/**
 * The default is the first mention of each entity: enough to find every name and its card, without painting
 * a page over (one real article had 34 marks, most of them the same few names again).
 */
export const markModeSetting = /* @__PURE__ */ defineSetting<MarkMode>('local:markMode', 'first');

/** The stored mark mode, or the default when what is stored is not one (storage is written by more than this code). */
export async function markMode(): Promise<MarkMode> {
  return validMarkMode(await markModeSetting.getValue());
}

/** A stored mark mode as one, or the default. */
export function validMarkMode(stored: unknown): MarkMode {
  return MARK_MODES.includes(stored as MarkMode) ? (stored as MarkMode) : 'first';
}

/**
 * Backstory only on articles about AI and technology, judged from the entities found
 * (lib/entities/topic.ts). Off by default: the judgement is from the names the gazetteer knows, so it can
 * miss an article the reader wanted, and then Backstory would be silently absent there; with it off, a page
 * without known names already shows nothing, and one without anything on its story shows a dimmed tab.
 */
export const aiArticlesOnlySetting = /* @__PURE__ */ defineSetting<boolean>('local:aiArticlesOnly', false);

/**
 * The interface's language: 'auto' follows the browser's (lib/i18n/locales.ts), or one of the bundled
 * languages. Open extension pages switch at once (they watch it); the article script's tab and cards, and
 * the worker's badge titles and notifications, use it from their next page or message.
 */
export const languageSetting = /* @__PURE__ */ defineSetting<LanguageChoice>('local:language', 'auto');
