/**
 * Items and a panel's whole backstory as Markdown, to paste into notes or a message. Text from the archive
 * and feeds is data: Markdown's characters in it are escaped, so a title cannot become a link or an image,
 * and only http(s) links are written (any other address is dropped, its text kept). Pure.
 */
import type { Item } from '../archive/schema';
import { httpUrl } from '../archive/url';
import { type PanelContext, panelNames, type RelatedItem, type SignalView } from '../related/panel';

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

/** One item: title (linked), day and outlets, summary, the take (labelled as analysis), signals, coverage. */
export function itemToMarkdown(item: Item, options: { heading?: string; names?: ReadonlyMap<string, string> } = {}): string {
  const heading = options.heading ?? '###';
  const outlets = [...new Set(item.coverage.map((c) => c.outlet))];
  const lines = [
    `${heading} ${markdownLink(item.title, item.url)}`,
    '',
    `${item.published}${outlets.length ? ` · ${outlets.map(escapeMarkdown).join(', ')}` : ''}`,
    '',
    escapeMarkdown(item.summary),
    '',
    `> **Analyst take (analysis):** ${escapeMarkdown(item.take)}`,
  ];
  if (item.pattern) lines.push('', `**Pattern:** ${escapeMarkdown(item.pattern)}`);
  if (item.signals.length > 0) {
    lines.push('', '**Signals:**', '');
    for (const s of item.signals) lines.push(`- ${escapeMarkdown(s.claim)} (by ${s.by}; ${s.status})`);
  }
  if (options.names && item.entities.length > 0) {
    lines.push('', `**Entities:** ${item.entities.map((id) => escapeMarkdown(options.names?.get(id) ?? id)).join(', ')}`);
  }
  lines.push('', '**Coverage:**', '');
  for (const row of item.coverage) lines.push(`- ${markdownLink(`${row.outlet}: ${row.headline}`, row.url)} (${row.published})`);
  return `${lines.join('\n')}\n`;
}

function signalLine(signal: SignalView): string {
  const settled = signal.resolvedBy ? `; settled by ${escapeMarkdown(signal.resolvedBy.title)}` : '';
  return `- ${escapeMarkdown(signal.claim)} (by ${signal.by}; ${signal.status}${settled}) — from ${escapeMarkdown(signal.from.title)}`;
}

/** A panel's backstory for its article, section by section as the panel shows it. */
export function backstoryToMarkdown(context: PanelContext): string {
  const names = panelNames(context);
  const out: string[] = [
    `# Backstory: ${markdownLink(context.article.title, context.article.url)}`,
    '',
    `Entities: ${context.entities.map((e) => escapeMarkdown(e.name)).join(', ') || 'none'}`,
    '',
  ];
  if (context.lead) {
    out.push(`## ${context.lead.kind === 'own' ? 'This story' : 'The take it follows'}`, '', itemToMarkdown(context.lead.item, { names }));
  }
  const sections: [string, RelatedItem[]][] = [
    ['Closest stories', context.closest],
    ['What this follows', context.earlier],
    ['Since then', context.since],
  ];
  for (const [title, list] of sections) {
    if (list.length === 0) continue;
    out.push(`## ${title}`, '');
    for (const related of list) out.push(itemToMarkdown(related.item, { names }));
  }
  if (context.signals.length > 0) out.push('## Signals to watch', '', ...context.signals.map(signalLine), '');
  out.push(`_From Backstory's archive${context.status.asOf ? `, as of ${context.status.asOf}` : ''}. Takes are analysis, not fact._`, '');
  return out.join('\n');
}
