/**
 * Backstory's interface in the reader's language. The catalogues are bundled TypeScript objects, chosen at
 * run time: the browser's own `i18n.getMessage` reads `_locales` in the browser's language only and cannot
 * switch when the reader picks another in the options (it serves only the manifest's name and description).
 *
 * Hand-written (about 100 lines with format.ts) rather than a library: typesafe-i18n, the best-known typed
 * one, needs a generator run and parses its own message syntax at run time, and is no longer maintained;
 * polyglot-style libraries key by strings (a typo is found at run time). Plain objects typed by the English
 * one make a missing key a compile error with no tool, messages with arguments are plain functions, and
 * Intl (PluralRules, NumberFormat, DateTimeFormat) does the locale work.
 */
import { type Failure, failure, type Problem } from '../messaging/problem';
import { en, type Messages, type ProblemWords } from './en';
import { createFormat, type Format } from './format';
import { ja } from './ja';
import type { Locale } from './locales';
import { zhCN } from './zh-CN';

export type { Messages, ProblemWords } from './en';
export type { Format } from './format';
export { LANGUAGE_CHOICES, type LanguageChoice, LOCALES, type Locale, localeForTag, resolveLocale } from './locales';

/** Each language's catalogue, made for a formatter in that language. */
export const CATALOGUES: Record<Locale, (f: Format) => Messages> = { en, 'zh-CN': zhCN, ja };

/** The interface's words and formats in one language. */
export interface I18n {
  locale: Locale;
  t: Messages;
  f: Format;
}

const made = new Map<Locale, I18n>();

export function i18nFor(locale: Locale): I18n {
  let i18n = made.get(locale);
  if (!i18n) {
    const f = createFormat(locale);
    i18n = { locale, f, t: CATALOGUES[locale](f) };
    made.set(locale, i18n);
  }
  return i18n;
}

/**
 * A failure in the reader's language: its problem worded where the worker gave one (`lib/messaging/problem.ts`),
 * else its words as they came (an error from below Backstory, or one the worker words only in English).
 */
export function errorText(t: Messages, failed: { error: string; problem?: Problem | undefined }): string {
  const { problem } = failed;
  return problem ? problemText(t, problem) : failed.error;
}

/** A problem's sentence; the problems inside it (a feed's page, a step of "Delete everything") in the same language. */
function problemText(t: Messages, problem: Problem): string {
  const words: ProblemWords = { problem: (inner) => problemText(t, inner), storage: (inner) => storageSentence(inner, t) };
  return (t.problems[problem.code] as (p: Problem, w: ProblemWords) => string)(problem, words);
}

/**
 * A failure the worker reports, its English words made from the English catalogue (for logs, tests and a
 * feed's stored error), so that the words of a problem are written once per language.
 */
export function failureOf(problem: Problem): Failure {
  return failure(problemText(i18nFor('en').t, problem), problem);
}

/** A storage problem's title and detail in a catalogue's language (lib/archive/storage-problem.ts finds the kind). */
export function storageWords(problem: { kind: string; detail: string; cause?: string }, t: Messages): { title: string; detail: string } {
  const cause = problem.cause ?? problem.detail;
  switch (problem.kind) {
    case 'full':
      return { title: t.storage.fullTitle, detail: t.storage.fullDetail };
    case 'full-at-open':
      return { title: t.storage.fullTitle, detail: t.storage.fullAtOpenDetail };
    case 'newer-version':
      return { title: t.storage.newerTitle, detail: t.storage.newerDetail };
    case 'cannot-open':
      return { title: t.storage.cannotOpenTitle, detail: t.storage.cannotOpenDetail(cause) };
    default:
      return { title: t.storage.failedTitle, detail: cause };
  }
}

function storageSentence(problem: { kind: string; detail: string; cause?: string }, t: Messages): string {
  const { title, detail } = storageWords(problem, t);
  return `${title}: ${detail}`;
}
