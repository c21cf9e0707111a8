/**
 * Numbers, dates and plurals in one locale, through Intl (no table of our own: the browser's CLDR data
 * knows that Chinese and Japanese have one plural form, and how each writes a date); and the one space
 * English puts where Chinese and Japanese put none.
 */
import type { Locale } from './locales';

/** The plural forms a message may give: `other` always, the rest as the language has them. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Format {
  locale: Locale;
  /** A count as the locale writes it (1,234 / 1,234 / 1,234). */
  number(n: number): string;
  /** The form for n by the locale's plural rules (Intl.PluralRules), `other` when the language has no such form. */
  plural(n: number, forms: PluralForms): string;
  /** A calendar day (YYYY-MM-DD, in UTC) as the locale writes it: "Jul 4, 2026", "2026年7月4日". The input when it is not a date. */
  day(day: string): string;
  /** An instant (ISO string) with its time, in the reader's time zone. */
  dateTime(instant: string): string;
  /**
   * What joins a sentence to what follows it (another sentence, a control) or a word to a parenthesis after it: a
   * space in English, nothing in Chinese and Japanese, whose 。 and full-width （） hold their own room.
   */
  space: string;
}

/** Makes a value on first use and keeps it. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/**
 * Whole numbers below 1,000 as every bundled locale writes them: plain ASCII digits, no grouping (en, zh-CN and ja
 * all use the Latin digits; tests/unit/i18n.test.ts checks this against Intl). The tab and cards of an article show
 * only such counts, and the first Intl formatter made in a page loads the ICU data, which took 36-200 ms in a fresh
 * Chromium page on this machine: the article script must not pay that to write "12".
 */
const isSmallCount = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 1000;

/**
 * The plural category of a whole number in a bundled locale, without Intl: English's `one` is exactly 1 (CLDR:
 * i = 1 and v = 0), Chinese and Japanese have only `other`. Checked against Intl.PluralRules by the same test.
 */
function integerPlural(locale: Locale, n: number): Intl.LDMLPluralRule {
  return locale === 'en' && n === 1 ? 'one' : 'other';
}

export function createFormat(locale: Locale): Format {
  // Each formatter is made on first use (see isSmallCount), and the article script writes no dates at all.
  const numbers = once(() => new Intl.NumberFormat(locale));
  const plurals = once(() => new Intl.PluralRules(locale));
  const days = once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
  const instants = once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  return {
    locale,
    number: (n) => (isSmallCount(n) ? String(n) : numbers().format(n)),
    plural: (n, forms) => forms[Number.isInteger(n) && n >= 0 ? integerPlural(locale, n) : plurals().select(n)] ?? forms.other,
    day(day) {
      const time = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(time) ? day : days().format(time);
    },
    dateTime(instant) {
      const time = Date.parse(instant);
      return Number.isNaN(time) ? instant : instants().format(time);
    },
    space: locale === 'en' ? ' ' : '',
  };
}
