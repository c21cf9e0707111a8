/**
 * Which language this page or the worker shows: the reader's choice in the options, else the browser's.
 * Apart from index.ts, which stays free of the settings storage: the archive words its problems through the
 * catalogues, and the archive's code also runs in Node (the benches and evaluations), where no storage exists.
 */
import { browser } from 'wxt/browser';
import { languageSetting } from '../settings/settings';
import { type I18n, i18nFor } from './index';
import { type Locale, resolveLocale } from './locales';

/** The browser's interface language (`i18n.getUILanguage`, in pages, content scripts and the worker alike). */
export function browserLanguage(): string | undefined {
  try {
    const tag = browser.i18n?.getUILanguage?.();
    if (tag) return tag;
  } catch {
    // A context without the i18n API (a test's fake browser): the navigator says the same.
  }
  return globalThis.navigator?.language;
}

/** The language for a stored choice: the reader's when it is a bundled one, else the browser's. */
export function localeOf(choice: unknown): Locale {
  return resolveLocale(choice, browserLanguage());
}

/** The language before the stored choice is read: the browser's, so that a page in it never flashes English. */
export function initialLocale(): Locale {
  return localeOf('auto');
}

export async function chosenLocale(): Promise<Locale> {
  return localeOf(await languageSetting.getValue().catch(() => 'auto'));
}

/** Calls back with the language each time the reader changes it; returns the unwatch. */
export function watchLocale(callback: (locale: Locale) => void): () => void {
  return languageSetting.watch((choice) => callback(localeOf(choice)));
}

/** The words to use now, for the worker (its toolbar title, notifications): the reader's choice, else the browser's. */
export async function chosenI18n(): Promise<I18n> {
  return i18nFor(await chosenLocale());
}
