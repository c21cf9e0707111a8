import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storageProblemOf, storageProblemText } from '../../lib/archive/storage-problem';
import { chosenLocale } from '../../lib/i18n/choose';
import { createFormat } from '../../lib/i18n/format';
import { i18nFor, localeForTag, resolveLocale } from '../../lib/i18n/index';
import { LOCALES } from '../../lib/i18n/locales';
import { languageSetting } from '../../lib/settings/settings';
import { tabTooltip } from '../../lib/settings/shortcut';
import { OFFERED_FEEDS } from '../../lib/sync/offered-feeds';

describe('choosing the language', () => {
  it('picks by the browser language: any Chinese in the simplified script, any Japanese, else English', () => {
    expect(localeForTag('zh-CN')).toBe('zh-CN');
    expect(localeForTag('zh')).toBe('zh-CN');
    expect(localeForTag('zh_SG')).toBe('zh-CN');
    expect(localeForTag('zh-Hans-HK')).toBe('zh-CN');
    // Traditional Chinese readers are not shown the simplified script.
    expect(localeForTag('zh-TW')).toBe('en');
    expect(localeForTag('zh-Hant')).toBe('en');
    expect(localeForTag('ja-JP')).toBe('ja');
    expect(localeForTag('ja')).toBe('ja');
    expect(localeForTag('en-US')).toBe('en');
    expect(localeForTag('fr')).toBe('en');
    expect(localeForTag(undefined)).toBe('en');
  });

  it('lets the stored choice win, and takes anything else stored as the browser language', () => {
    expect(resolveLocale('ja', 'en-US')).toBe('ja');
    expect(resolveLocale('auto', 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale('klingon', 'ja-JP')).toBe('ja');
    expect(resolveLocale(undefined, 'de')).toBe('en');
  });

  it('reads the setting', async () => {
    fakeBrowser.reset();
    await languageSetting.setValue('zh-CN');
    expect(await chosenLocale()).toBe('zh-CN');
    await languageSetting.setValue('auto');
    // The test runs with an English navigator.
    expect(await chosenLocale()).toBe(localeForTag(globalThis.navigator?.language));
  });
});

describe('plurals, numbers and dates through Intl', () => {
  it('uses the language’s plural forms', () => {
    expect(i18nFor('en').t.common.items(1)).toBe('1 item');
    expect(i18nFor('en').t.common.items(2)).toBe('2 items');
    expect(i18nFor('en').t.common.items(1234)).toBe('1,234 items');
    // Chinese and Japanese have one form: the count word does not change.
    expect(i18nFor('zh-CN').t.common.items(1)).toBe('1 条');
    expect(i18nFor('ja').t.common.items(2)).toBe('2 件');
    // Every count of a sentence takes its own form: one address left out, not "1 other addresses".
    expect(i18nFor('en').t.files.opmlLists(1, 1)).toBe('The file lists 1 feed (1 other address left out):');
    expect(i18nFor('en').t.files.opmlLists(2, 3)).toBe('The file lists 2 feeds (3 other addresses left out):');
    // A day in a sentence is written as the rest of the page writes days.
    expect(i18nFor('en').t.feeds.added('Demo feed', 3, false, '2026-12-02')).toBe(
      'Added “Demo feed”: 3 pages, newest from Dec 2, 2026. Its items arrive with this first sync.',
    );
  });

  it('writes counts and picks plural forms exactly as Intl does, though small counts skip making a formatter', () => {
    // The article script writes the tab's count without Intl (its first formatter costs a page tens of ms).
    const forms = { zero: 'zero', one: 'one', two: 'two', few: 'few', many: 'many', other: 'other' };
    for (const locale of LOCALES) {
      const f = createFormat(locale);
      const numbers = new Intl.NumberFormat(locale);
      const plurals = new Intl.PluralRules(locale);
      for (const n of [...Array.from({ length: 1200 }, (_, i) => i), 1e6, 1.5, 0.5, -1, 21, 101]) {
        expect(f.number(n), `${locale} ${n}`).toBe(numbers.format(n));
        expect(f.plural(n, forms), `${locale} ${n}`).toBe(plurals.select(n));
      }
    }
  });

  it('writes dates as each language does', () => {
    expect(i18nFor('en').f.day('2026-07-04')).toBe('Jul 4, 2026');
    expect(i18nFor('zh-CN').f.day('2026-07-04')).toBe('2026年7月4日');
    expect(i18nFor('ja').f.day('2026-07-04')).toBe('2026/07/04');
    expect(i18nFor('ja').f.day('not a date')).toBe('not a date');
  });
});

describe('words built in lib/', () => {
  it('says what each offered feed carries in the reader’s language, the outlet’s name kept', () => {
    const said = (locale: 'en' | 'zh-CN' | 'ja') =>
      OFFERED_FEEDS.map((feed) => i18nFor(locale).t.feeds.offeredAbout(feed.name, feed.scope, feed.format));
    expect(said('en')).toContain('Wired’s AI stories (RSS)');
    expect(said('ja')).toContain('Wired の AI 関連記事（RSS）');
    expect(said('zh-CN')).toContain('The Register 的头条（Atom）');
    for (const locale of ['zh-CN', 'ja'] as const) expect(said(locale).filter((text) => said('en').includes(text))).toEqual([]);
  });

  it('says a storage problem in the reader’s language, keeping the browser’s own message', () => {
    const full = storageProblemOf(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    expect(full.title).toBe('The disk is full');
    expect(storageProblemText(full, i18nFor('zh-CN').t).title).toBe('磁盘已满');
    expect(storageProblemText(full, i18nFor('ja').t).detail).toContain('失われません');
    const broken = storageProblemOf(new Error('Internal error opening backing store'), 'open');
    expect(storageProblemText(broken, i18nFor('ja').t).detail).toContain('Internal error opening backing store');
  });

  it('gives the tab’s tooltip in the chosen language', () => {
    expect(tabTooltip('Alt+Shift+K', 'chrome', i18nFor('zh-CN').t.page)).toBe('打开或关闭 Backstory 面板（Alt+Shift+K）');
    expect(tabTooltip(null, 'firefox', i18nFor('ja').t.page)).toContain('拡張機能のショートカットキーの管理');
  });
});
