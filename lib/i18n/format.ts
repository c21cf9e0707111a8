/**
 * Numbers, dates and plurals in one locale, through Intl (no table of our own: the browser's CLDR data
 * knows that Chinese and Japanese have one plural form, and how each writes a date).
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
}

export function createFormat(locale: Locale): Format {
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const instants = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    number: (n) => numbers.format(n),
    plural: (n, forms) => forms[plurals.select(n)] ?? forms.other,
    day(day) {
      const time = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(time) ? day : days.format(time);
    },
    dateTime(instant) {
      const time = Date.parse(instant);
      return Number.isNaN(time) ? instant : instants.format(time);
    },
  };
}
