import { describe, expect, it } from 'vitest';
import { machineTranslator, type TranslatorClass, translatorIn } from '../../lib/i18n/translate';

type Availability = Awaited<ReturnType<TranslatorClass['availability']>>;

/** A stand-in for Chrome's Translator class: its availability is set by the test, and it "translates" by tagging. */
function fakeTranslator(availability: Availability | Error, failTranslate = false) {
  const asked: { sourceLanguage: string; targetLanguage: string }[] = [];
  let created = 0;
  const api: TranslatorClass = {
    async availability(pair) {
      asked.push(pair);
      if (availability instanceof Error) throw availability;
      return availability;
    },
    async create(pair) {
      created += 1;
      return {
        async translate(text: string) {
          if (failTranslate) throw new Error('model crashed');
          return `[${pair.targetLanguage}] ${text}`;
        },
      };
    },
  };
  return { api, asked, created: () => created };
}

/** A document's global scope with the API, or a worker's (no document). */
const pageWith = (api: unknown) => ({ document: {}, Translator: api });

describe('detecting the on-device Translator', () => {
  it('finds it only in a document, never in a worker or where the browser has none', () => {
    const { api } = fakeTranslator('available');
    expect(translatorIn(pageWith(api))).toBe(api);
    expect(translatorIn({ Translator: api })).toBeNull();
    expect(translatorIn({ document: {} })).toBeNull();
  });

  it('translates English archive text into the reader’s language when the pair is downloaded', async () => {
    const fake = fakeTranslator('available');
    const translate = await machineTranslator('zh-CN', pageWith(fake.api));
    expect(fake.asked).toEqual([{ sourceLanguage: 'en', targetLanguage: 'zh' }]);
    expect(translate).not.toBeNull();
    expect(await translate?.('A summary.')).toEqual({ ok: true, text: '[zh] A summary.' });
    expect(await translate?.('A take.')).toEqual({ ok: true, text: '[zh] A take.' });
    // One translator for the page, made on the first text asked for.
    expect(fake.created()).toBe(1);
    const ja = fakeTranslator('available');
    expect(await (await machineTranslator('ja', pageWith(ja.api)))?.('x')).toEqual({ ok: true, text: '[ja] x' });
  });

  it('offers nothing where the pair is not downloaded, cannot be, or the API refuses (no permission delegated)', async () => {
    for (const availability of ['downloadable', 'downloading', 'unavailable'] as const) {
      const fake = fakeTranslator(availability);
      expect(await machineTranslator('ja', pageWith(fake.api))).toBeNull();
      // Nothing is downloaded behind the reader's back.
      expect(fake.created()).toBe(0);
    }
    expect(await machineTranslator('ja', pageWith(fakeTranslator(new DOMException('denied', 'NotAllowedError')).api))).toBeNull();
    expect(await machineTranslator('ja', { document: {} })).toBeNull();
  });

  it('offers nothing to an English reader: the archive is already in English', async () => {
    const fake = fakeTranslator('available');
    expect(await machineTranslator('en', pageWith(fake.api))).toBeNull();
    expect(fake.asked).toEqual([]);
  });

  it('says a failed translation as a value, so the original stays', async () => {
    const translate = await machineTranslator('ja', pageWith(fakeTranslator('available', true).api));
    expect(await translate?.('A take.')).toEqual({ ok: false, error: 'model crashed' });
  });
});
