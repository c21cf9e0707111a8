/** Feed material for the tests: pages and items in the feed's format, written as a publisher would. */
import type { Item } from '../../lib/archive/schema';
import { FEED_PAGE_FORMAT, FEED_VERSION } from '../../lib/sync/feed-format';

/** The clock the feed tests judge dates by. */
export const NOW = new Date('2026-12-05T08:00:00Z');

/** A complete, valid item in the feed's format; `over` changes any field. */
export function feedItem(id: string, over: Partial<Record<keyof Item, unknown>> = {}): Record<string, unknown> {
  return {
    id,
    url: `https://example.com/news/${id}`,
    title: `Title of ${id}`,
    published: '2026-11-20',
    summary: 'What happened.',
    take: 'Why it matters.',
    signals: [{ claim: 'Something follows within a month.', by: '2026-12-20', status: 'open' }],
    coverage: [{ outlet: 'Example News', headline: `Headline of ${id}`, published: '2026-11-20', checked: 'seed' }],
    entities: ['openai'],
    follows: [],
    modified: '2026-11-20T10:00:00Z',
    ...over,
  };
}

export function feedEntity(id: string, name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name, type: 'company', aliases: [], description: `${name}, a company.`, ...over };
}

export function feedPage(
  key: string,
  parts: { items?: unknown[]; entities?: unknown[]; deletions?: unknown[] } = {},
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return { format: FEED_PAGE_FORMAT, version: FEED_VERSION, key, items: [], entities: [], deletions: [], ...parts, ...over };
}
