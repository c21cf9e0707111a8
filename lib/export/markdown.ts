/**
 * Items and a panel's whole backstory as Markdown, to paste into notes or a message. Text from the archive
 * and feeds is data: Markdown's characters in it are escaped, so a title cannot become a link or an image,
 * and only http(s) links are written (any other address is dropped, its text kept). Pure.
 */
import type { Item } from '../archive/schema';
import { httpUrl } from '../archive/url';
import type { Messages } from '../i18n/index';
import { type PanelContext, panelNames, type RelatedItem, type SignalStatus, type SignalView } from '../related/panel';

/** The words around the archive's text, in the reader's language (the panel's own: what is copied reads as it showed). */
export interface MarkdownWords {
  entities: string;
  thisStory: string;
  earlierStory: string;
  closest: string;
  earlier: string;
  since: string;
  signals: string;
  take: string;
  pattern: string;
  coverage: string;
  /** "By " before a signal's day. */
  by: string;
  status(status: SignalStatus): string;
  settledBy(title: string): string;
  fromItem(title: string): string;
  footer(asOf: string | undefined): string;
}

/** The panel's words as the copy uses them. */
export function markdownWords(t: Messages, asOf?: string): MarkdownWords {
  return {
    entities: t.panel.entities,
    thisStory: t.panel.thisStory,
    earlierStory: t.panel.earlierStory,
    closest: t.panel.closest,
    earlier: t.panel.earlier,
    since: t.panel.since,
    signals: t.panel.signals,
    take: t.timeline.take,
    pattern: t.panel.pattern,
    coverage: t.timeline.coverage,
    by: t.signals.by,
    status: (status) => (status === 'unresolved' ? t.signals.unresolved(asOf) : t.signals[status]),
    settledBy: (title) => t.signals.resolvedBy(title),
    fromItem: t.panel.copyFrom,
    footer: t.panel.copyFooter,
  };
}

/**
 * Escapes what would make text into Markdown: emphasis, code, links and images (brackets), HTML and
 * autolinks (angle brackets), tables, strike-through anywhere; a heading, list or quote marker at its start.
 * Parentheses too: "](" in a title must not read as the middle of a link to any reader of the text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_[\]()<>|~])/g, '\\$1')
    .replace(/^[#+\-=]/, (m) => `\\${m}`)
    .replace(/^(\d+)\./, '$1\\.');
}

/** The address as a Markdown link target, or undefined when it is not http(s). */
export function markdownHref(url: string | undefined): string | undefined {
  const parsed = httpUrl(url);
  if (!parsed) return undefined;
  // Parentheses and angle brackets would end or break the link: written percent-encoded.
  return parsed.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)`, or the escaped text alone when the address is not http(s). */
export function markdownLink(text: string, url: string | undefined): string {
  const href = markdownHref(url);
  return href ? `[${escapeMarkdown(text)}](${href})` : escapeMarkdown(text);
}

/**
 * One item: title (linked), day and outlets, summary, the take (labelled as analysis), its signals (`signals: false`
 * where a list of them as the panel judges them follows), coverage.
 */
export function itemToMarkdown(
  item: Item,
  words: MarkdownWords,
  options: { heading?: string; names?: ReadonlyMap<string, string>; signals?: boolean } = {},
): string {
  const heading = options.heading ?? '###';
  const outlets = [...new Set(item.coverage.map((c) => c.outlet))];
  const lines = [
    `${heading} ${markdownLink(item.title, item.url)}`,
    '',
    `${item.published}${outlets.length ? ` · ${outlets.map(escapeMarkdown).join(', ')}` : ''}`,
    '',
    escapeMarkdown(item.summary),
    '',
    `> **${words.take}:** ${escapeMarkdown(item.take)}`,
  ];
  if (item.pattern) lines.push('', `**${words.pattern}:** ${escapeMarkdown(item.pattern)}`);
  if (options.signals !== false && item.signals.length > 0) {
    lines.push('', `**${words.signals}:**`, '');
    for (const s of item.signals) lines.push(`- ${escapeMarkdown(s.claim)} (${words.by}${s.by} · ${words.status(s.status)})`);
  }
  if (options.names && item.entities.length > 0) {
    lines.push('', `**${words.entities}:** ${item.entities.map((id) => escapeMarkdown(options.names?.get(id) ?? id)).join(', ')}`);
  }
  lines.push('', `**${words.coverage}:**`, '');
  for (const row of item.coverage) lines.push(`- ${markdownLink(`${row.outlet}: ${row.headline}`, row.url)} (${row.published})`);
  return `${lines.join('\n')}\n`;
}

function signalLine(signal: SignalView, words: MarkdownWords): string {
  const settled = signal.resolvedBy ? words.settledBy(escapeMarkdown(signal.resolvedBy.title)) : '';
  return `- ${escapeMarkdown(signal.claim)} (${words.by}${signal.by} · ${words.status(signal.status)}${settled}) — ${words.fromItem(escapeMarkdown(signal.from.title))}`;
}

/**
 * A panel's backstory for its article, section by section as the panel shows it: the items it shows (`shown`: not
 * those the reader marked not relevant, only those of the entity it is filtered to), the signals as it judges them.
 */
export function backstoryToMarkdown(context: PanelContext, words: MarkdownWords, shown: (item: Item) => boolean = () => true): string {
  const names = panelNames(context);
  const out: string[] = [
    `# Backstory: ${markdownLink(context.article.title, context.article.url)}`,
    '',
    `${words.entities}: ${context.entities.map((e) => escapeMarkdown(e.name)).join(', ') || '—'}`,
    '',
  ];
  const item = (it: Item) => itemToMarkdown(it, words, { names, signals: false });
  if (context.lead) out.push(`## ${context.lead.kind === 'own' ? words.thisStory : words.earlierStory}`, '', item(context.lead.item));
  const sections: [string, RelatedItem[]][] = [
    [words.closest, context.closest],
    [words.earlier, context.earlier],
    [words.since, context.since],
  ];
  for (const [title, list] of sections) {
    const kept = list.filter((related) => shown(related.item));
    if (kept.length === 0) continue;
    out.push(`## ${title}`, '');
    for (const related of kept) out.push(item(related.item));
  }
  if (context.signals.length > 0) out.push(`## ${words.signals}`, '', ...context.signals.map((s) => signalLine(s, words)), '');
  out.push(`_${words.footer(context.status.asOf)}_`, '');
  return out.join('\n');
}
