/**
 * Every word the reader sees comes from the catalogues (lib/i18n), in every language. Two checks:
 * - each language has every key of English's, of the same kind (a text, or a function),
 *   none empty (the types say so too; this holds if someone casts around them);
 * - no reader-facing text is written outside them: the components and the lib/ modules that build UI are
 *   parsed, and a JSX text, a label-like attribute (aria-label, title, placeholder, alt, label), a literal
 *   shown as a JSX child, a textContent / title assignment, a setAttribute of aria-label or title, or a
 *   title / message property (the worker's action title, notifications) holding a letter fails the test.
 *   Archive content is data and reaches the UI through variables, so it is never a literal here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';
import { createFormat } from '../../lib/i18n/format';
import { CATALOGUES, errorText, i18nFor, LOCALES } from '../../lib/i18n/index';
import type { Problem, ProblemOf } from '../../lib/messaging/problem';

const ROOT = join(import.meta.dirname, '../..');

/** The lib/ modules that build what the reader sees. */
const LIB_UI = [
  'lib/panel/host.ts',
  'lib/marks/card.ts',
  'lib/content/article-script.ts',
  'lib/settings/shortcut.ts',
  'lib/settings/control-worker.ts',
  'lib/settings/follow-news.ts',
  'lib/settings/run-once.ts',
  'lib/archive/storage-problem.ts',
];

/** Texts with letters that are not words to translate. */
const ALLOWED = new Set<string>([
  // The feed address field's example: an address, the same in every language.
  'https://…/index.json',
]);

const LABEL_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description']);
const SHOWN_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder']);
const MESSAGE_KEYS = new Set(['title', 'message']);

type Node = { type: string; [key: string]: unknown };

function hasWord(text: string): boolean {
  const trimmed = text.trim();
  return /\p{L}/u.test(trimmed) && !ALLOWED.has(trimmed);
}

/** The literal text a node holds (a string, or a template's fixed parts), or null. */
function literalText(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'StringLiteral') return node.value as string;
  if (node.type === 'TemplateLiteral') return (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join(' ');
  return null;
}

/** Literals an expression shows directly: through ?:, &&, ||, ?? (not arguments of calls, which are not text). */
function shownLiterals(node: Node | null | undefined): string[] {
  if (!node) return [];
  const text = literalText(node);
  if (text !== null) return [text];
  if (node.type === 'ConditionalExpression') return [...shownLiterals(node.consequent as Node), ...shownLiterals(node.alternate as Node)];
  if (node.type === 'LogicalExpression') return [...shownLiterals(node.left as Node), ...shownLiterals(node.right as Node)];
  return [];
}

function nameOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier' || node.type === 'JSXIdentifier') return node.name as string;
  if (node.type === 'StringLiteral') return node.value as string;
  return undefined;
}

/** The reader-facing texts written in a source file, outside the catalogues. */
function strayTexts(source: string, file = 'source.tsx'): string[] {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript', ...(file.endsWith('.tsx') ? (['jsx'] as const) : [])] });
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as Node;
    if (typeof n.type !== 'string') return;
    switch (n.type) {
      case 'JSXText':
        found.push(n.value as string);
        break;
      case 'JSXAttribute': {
        const name = nameOf(n.name as Node);
        const value = n.value as Node | null;
        if (name && LABEL_ATTRIBUTES.has(name))
          found.push(...shownLiterals(value?.type === 'JSXExpressionContainer' ? (value.expression as Node) : value));
        // Other attributes (class, href, key, type…) are not text; an expression inside one is visited below.
        visit(value?.type === 'JSXExpressionContainer' ? value.expression : null);
        return;
      }
      case 'JSXExpressionContainer':
        found.push(...shownLiterals(n.expression as Node));
        break;
      case 'AssignmentExpression': {
        const left = n.left as Node;
        if (left.type === 'MemberExpression' && SHOWN_PROPERTIES.has(nameOf(left.property as Node) ?? ''))
          found.push(...shownLiterals(n.right as Node));
        break;
      }
      case 'CallExpression': {
        const callee = n.callee as Node;
        const args = n.arguments as Node[];
        if (callee.type === 'MemberExpression' && nameOf(callee.property as Node) === 'setAttribute') {
          const attribute = literalText(args[0]);
          if (attribute && LABEL_ATTRIBUTES.has(attribute)) found.push(...shownLiterals(args[1]));
        }
        break;
      }
      case 'ObjectProperty':
        if (MESSAGE_KEYS.has(nameOf(n.key as Node) ?? '')) found.push(...shownLiterals(n.value as Node));
        break;
    }
    for (const [key, child] of Object.entries(n)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'extra' || key.endsWith('Comments')) continue;
      visit(child);
    }
  };
  visit(ast.program);
  return found.filter(hasWord).map((text) => text.trim().replace(/\s+/g, ' '));
}

function uiFiles(): string[] {
  const components = readdirSync(join(ROOT, 'components'))
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => `components/${name}`);
  return [...components, ...LIB_UI];
}

describe('the catalogues', () => {
  /** A catalogue's shape: each key's kind (text, or a function's number of arguments), nested. */
  const shape = (value: unknown): unknown => {
    // A function's arguments are the types' business: a language may ignore one (a count it has no plural for).
    if (typeof value === 'function') return 'function';
    if (typeof value === 'string') return 'text';
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
    return typeof value;
  };
  const english = shape(CATALOGUES.en(createFormat('en')));

  for (const locale of LOCALES) {
    it(`${locale} has every key English has, of the same kind, and no empty text`, () => {
      const catalogue = CATALOGUES[locale](createFormat(locale));
      expect(shape(catalogue)).toEqual(english);
      const empty: string[] = [];
      const walk = (value: unknown, path: string): void => {
        if (typeof value === 'string' && value.trim() === '') empty.push(path);
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
      };
      walk(catalogue, locale);
      expect(empty).toEqual([]);
    });
  }

  it('writes Chinese and Japanese texts in their own scripts, not left in English', () => {
    const untranslated: string[] = [];
    const walk = (en: unknown, other: unknown, path: string): void => {
      if (typeof en === 'string' && typeof other === 'string') {
        // The product's name, the language names and key names are the same in every language.
        if (en === other && /[a-z]{3,} [a-z]{3,}/i.test(en)) untranslated.push(path);
      } else if (en && typeof en === 'object' && other && typeof other === 'object')
        for (const [k, v] of Object.entries(en)) walk(v, (other as Record<string, unknown>)[k], `${path}.${k}`);
    };
    const en = CATALOGUES.en(createFormat('en'));
    for (const locale of ['zh-CN', 'ja'] as const) walk(en, CATALOGUES[locale](createFormat(locale)), locale);
    expect(untranslated).toEqual([]);
  });

  it('words every problem the worker reports, in each language, with its particulars', () => {
    // One of each code (the type makes the list complete: a new code without an entry here does not compile).
    const samples: { [C in Problem['code']]: ProblemOf<C> } = {
      redirected: { code: 'redirected', host: 'feed.test', to: 'elsewhere.test' },
      noFeed: { code: 'noFeed', host: 'feed.test', status: 404 },
      serverFailed: { code: 'serverFailed', host: 'feed.test', status: 503 },
      refused: { code: 'refused', host: 'feed.test', status: 403 },
      wrongType: { code: 'wrongType', host: 'feed.test', type: 'text/html' },
      tooLarge: { code: 'tooLarge', host: 'feed.test', megabytes: 5 },
      timedOut: { code: 'timedOut', host: 'feed.test', seconds: 30 },
      unreachable: { code: 'unreachable', host: 'feed.test', detail: 'net::ERR_NAME_NOT_RESOLVED' },
      unreadable: { code: 'unreadable', detail: 'not valid JSON' },
      noIndex: { code: 'noIndex' },
      notAddress: { code: 'notAddress' },
      notHttp: { code: 'notHttp' },
      credentials: { code: 'credentials' },
      alreadyListed: { code: 'alreadyListed' },
      noSuchFeed: { code: 'noSuchFeed' },
      managedFeed: { code: 'managedFeed' },
      noAnswer: { code: 'noAnswer' },
      noBackground: { code: 'noBackground', detail: 'Extension context invalidated.' },
      unreadableIndex: { code: 'unreadableIndex', detail: 'not valid JSON' },
      paused: { code: 'paused' },
      syncOff: { code: 'syncOff' },
      siteOff: { code: 'siteOff' },
      deleting: { code: 'deleting' },
      officialFeed: { code: 'officialFeed' },
      page: { code: 'page', key: '2026-11-20', problem: { code: 'noFeed', host: 'feed.test', status: 404 } },
      pageOffSite: { code: 'pageOffSite' },
      pageUnasked304: { code: 'pageUnasked304' },
      pageChanged: { code: 'pageChanged' },
      pageNoKey: { code: 'pageNoKey' },
      pageSignature: { code: 'pageSignature' },
      pageKey: { code: 'pageKey', said: '2026-11-21' },
      storage: { code: 'storage', storage: { kind: 'cannot-open', title: '', detail: '', cause: 'Internal error opening backing store' } },
      noFile: { code: 'noFile' },
      fileTooLarge: { code: 'fileTooLarge', mebibytes: 64 },
      notFeedFile: { code: 'notFeedFile', detail: 'not valid JSON' },
      fileVersion: { code: 'fileVersion', version: '2.0', reads: '1.x' },
      filePage: { code: 'filePage', page: 2, detail: 'not a Backstory feed page' },
      importStopped: { code: 'importStopped', pages: 3, of: 7, problem: { code: 'message', detail: 'QuotaExceededError' } },
      message: { code: 'message', detail: 'Internal error.' },
      notOpml: { code: 'notOpml', detail: 'unclosed tag' },
      opmlNotXml: { code: 'opmlNotXml' },
      opmlRoot: { code: 'opmlRoot' },
      opmlNoFeeds: { code: 'opmlNoFeeds' },
      eraseFailed: {
        code: 'eraseFailed',
        steps: [
          { step: 'permissions', problem: { code: 'message', detail: 'Permission denied.' } },
          { step: 'archive', problem: { code: 'paused' } },
        ],
      },
    };
    /** The particulars a problem carries, inner problems' too: each must be in its words in every language. */
    const particulars = (value: unknown): string[] =>
      value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => (['code', 'step', 'kind'].includes(k) ? [] : particulars(v)))
        : value === '' || value === undefined
          ? []
          : [String(value)];
    // A problem that only passes a message from below Backstory on has no words of its own to translate.
    const ownWords = (problem: Problem) => problem.code !== 'message';
    const english = i18nFor('en').t;
    for (const problem of Object.values(samples) as Problem[]) {
      const inEnglish = errorText(english, { error: '', problem });
      expect(inEnglish, problem.code).not.toBe('');
      for (const locale of ['zh-CN', 'ja'] as const) {
        const worded = errorText(i18nFor(locale).t, { error: inEnglish, problem });
        if (ownWords(problem)) expect(worded, `${locale} ${problem.code}`).not.toBe(inEnglish);
        for (const particular of particulars(problem)) expect(worded, `${locale} ${problem.code}`).toContain(particular);
      }
    }
    // A problem inside another is worded in the same language: the page's 404, the erase step's pause.
    expect(errorText(i18nFor('ja').t, { error: '', problem: samples.page })).toBe(
      'フィードのページ 2026-11-20: feed.test のこのアドレスにはフィードがありません（HTTP 404）。',
    );
    expect(errorText(i18nFor('zh-CN').t, { error: '', problem: samples.eraseFailed })).toBe(
      '无法交还权限：Permission denied. 无法重置档案库：Backstory 已暂停：在你恢复之前，它不会读取任何页面，也不会同步任何内容。',
    );
    // Without a problem, the worker's words as they came.
    expect(errorText(i18nFor('ja').t, { error: 'Something below Backstory failed.' })).toBe('Something below Backstory failed.');
  });
});

describe('reader-facing text outside the catalogues', () => {
  it('finds a stray text in each place the scan looks', () => {
    const source = `
      export function Stray({ ok }: { ok: boolean }) {
        const el = document.createElement('p');
        el.textContent = 'Loading the panel';
        el.setAttribute('aria-label', \`Close \${name}\`);
        void browser.action.setTitle({ title: 'Backstory (paused)' });
        return (
          <div title="A tooltip" aria-label={ok ? t.ok : 'Not ok'} class="quiet">
            Hello there {ok && 'Copied'} {t.common.product} · ×
          </div>
        );
      }`;
    expect(strayTexts(source)).toEqual([
      'Loading the panel',
      'Close',
      'Backstory (paused)',
      'A tooltip',
      'Not ok',
      'Hello there',
      'Copied',
    ]);
  });

  it('finds none in the components and the lib/ modules that build the interface', () => {
    const strays = uiFiles().flatMap((file) => strayTexts(readFileSync(join(ROOT, file), 'utf8'), file).map((text) => `${file}: ${text}`));
    expect(strays).toEqual([]);
  });
});
