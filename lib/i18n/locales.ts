/** The languages Backstory's interface is written in, and which one a browser's language picks. */

/** The bundled languages (BCP 47 tags, as Intl takes them). */
export const LOCALES = ['en', 'zh-CN', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** The reader's choice in the options: the browser's language, or one of the bundled ones. */
export const LANGUAGE_CHOICES = ['auto', ...LOCALES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/**
 * The bundled language for a browser language tag: any Chinese but the traditional scripts and regions
 * (zh-TW, zh-HK, zh-Hant: Simplified Chinese would be the wrong script there) picks zh-CN, any Japanese picks
 * ja, and everything else English.
 */
export function localeForTag(tag: string | undefined): Locale {
  const lower = (tag ?? '').toLowerCase().replace(/_/g, '-');
  if (lower === 'ja' || lower.startsWith('ja-')) return 'ja';
  if (lower === 'zh' || lower.startsWith('zh-')) return /^zh-(?:hant|tw|hk|mo)\b/.test(lower) ? 'en' : 'zh-CN';
  return 'en';
}

/** The language to show: the reader's choice, else the browser's. Anything stored that is not a choice counts as 'auto'. */
export function resolveLocale(choice: unknown, browserTag: string | undefined): Locale {
  return (LOCALES as readonly unknown[]).includes(choice) ? (choice as Locale) : localeForTag(browserTag);
}
