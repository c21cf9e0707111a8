/**
 * Chrome's on-device Translator API (https://developer.chrome.com/docs/ai/translator-api), for archive text
 * (an item's summary and take) in the reader's language when it is not English. Only where the API exists
 * in this document and the language pair is already downloaded: Backstory never starts a model download
 * (that needs a click of its own and gigabytes), and says nothing where it cannot translate, so the
 * original simply shows. The API is absent in workers; the panel, a cross-origin frame, gets it only
 * when its host delegates it (`allow="translator"`, lib/panel/host.ts).
 */
import type { Locale } from './locales';

type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';
interface LanguagePair {
  sourceLanguage: string;
  targetLanguage: string;
}

/** The part of the API's `Translator` class Backstory uses (the real one, or a test's fake). */
export interface TranslatorClass {
  availability(pair: LanguagePair): Promise<Availability>;
  create(pair: LanguagePair): Promise<{ translate(text: string): Promise<string>; destroy?(): void }>;
}

/** Translates archive text into the reader's language; errors are values, and the caller keeps the original. */
export type TranslateText = (text: string) => Promise<{ ok: true; text: string } | { ok: false; error: string }>;

/** The archive is written in English. */
const SOURCE = 'en';
/** The Translator's code for each bundled language other than English. */
const TARGET: Record<Exclude<Locale, 'en'>, string> = { 'zh-CN': 'zh', ja: 'ja' };

/** The Translator class where this scope has one: a document's (never a worker's), where the browser ships it. */
export function translatorIn(scope: object = globalThis): TranslatorClass | null {
  if (!('document' in scope) || !('Translator' in scope)) return null;
  const api = (scope as { Translator?: unknown }).Translator;
  return typeof api === 'function' || (typeof api === 'object' && api !== null) ? (api as TranslatorClass) : null;
}

/**
 * A translator from English into the locale, or null: English readers, no API, a pair that is not yet
 * downloaded (or cannot be), or an API that throws (a frame without the permission delegated).
 */
export async function machineTranslator(locale: Locale, scope: object = globalThis): Promise<TranslateText | null> {
  if (locale === 'en') return null;
  const api = translatorIn(scope);
  if (!api) return null;
  const pair = { sourceLanguage: SOURCE, targetLanguage: TARGET[locale] };
  try {
    if ((await api.availability(pair)) !== 'available') return null;
  } catch {
    return null;
  }
  // Made once, on the first text the reader asks for, and kept for the page's life.
  let made: ReturnType<TranslatorClass['create']> | null = null;
  return async (text) => {
    try {
      made ??= api.create(pair);
      return { ok: true, text: await (await made).translate(text) };
    } catch (error) {
      made = null;
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
