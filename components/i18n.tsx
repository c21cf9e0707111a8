/**
 * The interface's language for a Preact page: `I18nProvider` at the root of each extension page, `useI18n()`
 * in a component. The page starts in the browser's language and switches when the stored choice is read or
 * changed (in the options, in another window), without a reload; it sets `<html lang>` to match.
 */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { chosenLocale, initialLocale, watchLocale } from '../lib/i18n/choose';
import { type I18n, i18nFor } from '../lib/i18n/index';
import type { Locale } from '../lib/i18n/locales';

const I18nContext = createContext<I18n>(i18nFor('en'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function I18nProvider({ children, locale: fixed }: { children: ComponentChildren; locale?: Locale }) {
  const [locale, setLocale] = useState<Locale>(fixed ?? initialLocale());
  useEffect(() => {
    if (fixed) return;
    void chosenLocale().then(setLocale);
    return watchLocale(setLocale);
  }, [fixed]);
  // In the same commit as the words (before the page paints): never English words under lang="ja", or the reverse,
  // for a screen reader or a test reading both at once.
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={i18nFor(locale)}>{children}</I18nContext.Provider>;
}

/** The page's title (its tab's name) in the reader's language, as its heading is: the HTML file's is English. */
export function useDocumentTitle(title: string): void {
  useLayoutEffect(() => {
    document.title = title;
  }, [title]);
}
