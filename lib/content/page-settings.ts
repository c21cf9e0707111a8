/**
 * The reader's settings the article script uses on a page, read together: one storage round trip at each
 * read of the page, not one per setting (../settings/setting.ts).
 */
import { localeOf } from '../i18n/choose';
import type { Locale } from '../i18n/locales';
import { addedSitesSetting } from '../settings/added-sites';
import { pausedSetting } from '../settings/control';
import { readSettings } from '../settings/setting';
import { languageSetting, type MarkMode, markModeSetting, panelOpenSitesSetting, validMarkMode } from '../settings/settings';

export interface PageSettings {
  paused: boolean;
  addedSites: string[];
  /** The reader's language as it is now (the options' choice, else the browser's). */
  locale: Locale;
  /** The sites on which the reader left the panel open. */
  panelOpenSites: string[];
  markMode: MarkMode;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : []);

export async function readPageSettings(): Promise<PageSettings> {
  const [paused, addedSites, language, panelOpenSites, markMode] = await readSettings([
    pausedSetting,
    addedSitesSetting,
    languageSetting,
    panelOpenSitesSetting,
    markModeSetting,
  ]);
  // Storage is written by more than this code: what is not of the right kind counts as the default.
  return {
    paused: paused === true,
    addedSites: strings(addedSites),
    locale: localeOf(language),
    panelOpenSites: strings(panelOpenSites),
    markMode: validMarkMode(markMode),
  };
}
