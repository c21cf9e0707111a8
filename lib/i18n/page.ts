/**
 * The words Backstory writes into the article's page: the tab on its edge and the panel's frame, the mention
 * card, the tab's tooltip, the entity types. Apart from the rest of the catalogues (en.ts, zh-CN.ts, ja.ts,
 * which include these as `page`) so that the article script, injected into every article, carries only
 * these few lines in each language (the content script's size is a benchmark: docs/benchmarks.md).
 */
import type { Format } from './format';
import { createFormat } from './format';
import type { Locale } from './locales';

/** The language the archive is written in (its names and descriptions on the mention card). */
export const ARCHIVE_LANG = 'en';

export function pageEn(f: Format) {
  return {
    /**
     * The language and direction of these words, for the `lang` and `dir` of what Backstory writes into the page:
     * a Japanese reader's tab on an English article is read out in Japanese, not with the page's voice.
     */
    lang: 'en' as string,
    dir: 'ltr' as 'ltr' | 'rtl',
    entityType: {
      company: 'company',
      lab: 'lab',
      model: 'model',
      product: 'product',
      person: 'person',
      investor: 'investor',
      regulator: 'regulator',
      government: 'government',
      law: 'law',
      outlet: 'outlet',
      organization: 'organization',
    },
    tabText: (count: number | null) => `Backstory · ${count === null ? '!' : f.number(count)}`,
    tabLabel: (count: number | null, nothingOnStory: boolean, open: boolean) =>
      `Backstory: ${
        count === null
          ? 'the archive is unavailable'
          : f.plural(count, { one: `${f.number(count)} entity in this article`, other: `${f.number(count)} entities in this article` })
      }${nothingOnStory ? ', nothing in the archive on this story yet' : ''}. ${open ? 'Close' : 'Open'} the context panel`,
    frameTitle: 'Backstory',
    tabTooltip: (shortcut: string) => `Open or close the Backstory panel (${shortcut})`,
    tabTooltipUnset: (how: string) => `Open or close the Backstory panel. No keyboard shortcut is set: ${how}`,
    howFirefox: 'In Firefox: about:addons, the gear menu, "Manage Extension Shortcuts".',
    howChrome: 'In Chrome (and Edge, Brave, …): chrome://extensions/shortcuts (edge://extensions/shortcuts in Edge).',
    card: {
      // Without a pronoun: the entity may be a person ("mentions it" read wrong for Jensen Huang).
      noItems: 'Not named in the archive yet.',
      items: (n: number) => f.plural(n, { one: `Named in ${f.number(n)} archive item.`, other: `Named in ${f.number(n)} archive items.` }),
      show: 'Show in Backstory',
      page: 'Entity page',
      keysFocused: 'Alt+↓ / Alt+↑: next / previous mention · Esc: close',
      keysHover: 'Esc: close',
    },
  };
}

/** The shape of every language's page words: English's. */
export type PageMessages = ReturnType<typeof pageEn>;

export function pageZhCN(f: Format): PageMessages {
  return {
    lang: 'zh-CN',
    dir: 'ltr',
    entityType: {
      company: '公司',
      lab: '实验室',
      model: '模型',
      product: '产品',
      person: '人物',
      investor: '投资方',
      regulator: '监管机构',
      government: '政府',
      law: '法规',
      outlet: '媒体',
      organization: '组织',
    },
    tabText: (count) => `Backstory · ${count === null ? '!' : f.number(count)}`,
    tabLabel: (count, nothingOnStory, open) =>
      `Backstory：${count === null ? '档案库不可用' : `本文涉及 ${f.number(count)} 个实体`}${
        nothingOnStory ? '，档案库中还没有关于这篇报道的内容' : ''
      }。${open ? '关闭' : '打开'}背景面板`,
    frameTitle: 'Backstory',
    tabTooltip: (shortcut) => `打开或关闭 Backstory 面板（${shortcut}）`,
    tabTooltipUnset: (how) => `打开或关闭 Backstory 面板。尚未设置键盘快捷键：${how}`,
    howFirefox: '在 Firefox 中：打开 about:addons，点击齿轮菜单，选择“管理扩展快捷键”。',
    howChrome: '在 Chrome（以及 Edge、Brave 等）中：chrome://extensions/shortcuts（Edge 中为 edge://extensions/shortcuts）。',
    card: {
      noItems: '档案库中尚未出现。',
      items: (n) => `出现在档案库的 ${f.number(n)} 条内容中。`,
      show: '在 Backstory 中显示',
      page: '实体页面',
      keysFocused: 'Alt+↓ / Alt+↑：下一个 / 上一个提及 · Esc：关闭',
      keysHover: 'Esc：关闭',
    },
  };
}

export function pageJa(f: Format): PageMessages {
  return {
    lang: 'ja',
    dir: 'ltr',
    entityType: {
      company: '企業',
      lab: '研究所',
      model: 'モデル',
      product: '製品',
      person: '人物',
      investor: '投資家',
      regulator: '規制当局',
      government: '政府',
      law: '法律',
      outlet: 'メディア',
      organization: '団体',
    },
    tabText: (count) => `Backstory · ${count === null ? '!' : f.number(count)}`,
    tabLabel: (count, nothingOnStory, open) =>
      `Backstory: ${count === null ? 'アーカイブを利用できません' : `この記事のエンティティ ${f.number(count)} 件`}${
        nothingOnStory ? '、このニュースについてのアイテムはまだアーカイブにありません' : ''
      }。背景情報パネルを${open ? '閉じる' : '開く'}`,
    frameTitle: 'Backstory',
    tabTooltip: (shortcut) => `Backstory パネルを開く／閉じる（${shortcut}）`,
    tabTooltipUnset: (how) => `Backstory パネルを開く／閉じる。キーボードショートカットは未設定です: ${how}`,
    howFirefox: 'Firefox の場合: about:addons の歯車メニューから「拡張機能のショートカットキーの管理」。',
    howChrome: 'Chrome（Edge、Brave なども）の場合: chrome://extensions/shortcuts（Edge では edge://extensions/shortcuts）。',
    card: {
      noItems: 'アーカイブにはまだ登場しません。',
      items: (n) => `アーカイブの ${f.number(n)} 件のアイテムに登場します。`,
      show: 'Backstory で表示',
      page: 'エンティティページ',
      keysFocused: 'Alt+↓ / Alt+↑: 次 / 前の言及 · Esc: 閉じる',
      keysHover: 'Esc: 閉じる',
    },
  };
}

export const PAGE_CATALOGUES: Record<Locale, (f: Format) => PageMessages> = { en: pageEn, 'zh-CN': pageZhCN, ja: pageJa };

/** The page words in one language. */
export function pageMessagesFor(locale: Locale): PageMessages {
  return PAGE_CATALOGUES[locale](createFormat(locale));
}
