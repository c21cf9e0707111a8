/**
 * News feeds' headlines in the panel's ranking, as coverage: a kind-aware wrapper around rankRelated
 * that leaves the curated items' ranking exactly as it is. The curated items are ranked alone (as
 * always); the headlines are ranked together with them, so a headline passes the same relevance floor,
 * and must score within the same reach of the best of either kind. A headline is never a take and never
 * leads: the panel shows it in Earlier or Since then as coverage (outlet, date, headline, link). Pure.
 */
import type { HeadlineRecord } from '../archive/headlines';
import type { Item } from '../archive/schema';
import { normalizeUrl } from '../archive/url';
import { type RankedItem, type RankInput, rankRelated } from './rank';

/** A headline as the panel shows it. */
export interface CoverageEntry {
  key: string;
  headline: string;
  outlet: string;
  url: string;
  /** Its day; `dated: 'first-seen'` when the feed gave none and this is the day a sync first saw it. */
  published: string;
  dated: HeadlineRecord['dated'];
  /** The entity ids it shares with the article. */
  why: string[];
  /** The article's words it shares. */
  words: string[];
}

export interface RankedCoverage {
  entry: CoverageEntry;
  score: number;
  relevant: boolean;
}

const PREFIX = 'headline:';

/** A headline in the shape the ranking reads (title, summary, entities, date): never stored or shown as an item. */
function asCandidate(record: HeadlineRecord): Item {
  return {
    id: `${PREFIX}${record.key}`,
    url: record.url,
    title: record.headline,
    published: record.published,
    summary: record.summary || record.headline,
    take: '',
    signals: [],
    coverage: [],
    entities: record.entities,
    follows: [],
    modified: record.firstSeen,
    deleted: false,
  };
}

export interface CoverageRankInput extends RankInput {
  headlines: readonly HeadlineRecord[];
  /**
   * Addresses the panel already shows through a curated item (its coverage rows), and the article's own. Asked
   * for only when there are headlines to check against them: without any (the default) no address is parsed.
   */
  covered: () => ReadonlySet<string>;
}

export function rankWithCoverage(input: CoverageRankInput): { items: RankedItem[]; coverage: RankedCoverage[] } {
  const items = rankRelated(input);
  const uncurated = input.headlines.filter((record) => !record.curated);
  if (uncurated.length === 0) return { items, coverage: [] };
  const covered = input.covered();
  const headlines = uncurated.filter((record) => !covered.has(record.key));
  if (headlines.length === 0) return { items, coverage: [] };
  const byId = new Map(headlines.map((record) => [`${PREFIX}${record.key}`, record]));
  const together = rankRelated({
    ...input,
    candidates: [...input.candidates, ...headlines.map(asCandidate)],
    termsOf: (item) => {
      const record = byId.get(item.id);
      return record ? (record.termText ? record.termText.split(' ') : []) : input.termsOf?.(item);
    },
  });
  const coverage = together.flatMap((ranked) => {
    const record = byId.get(ranked.item.id);
    if (!record) return [];
    return [
      {
        entry: {
          key: record.key,
          headline: record.headline,
          outlet: record.outlet,
          url: record.url,
          published: record.published,
          dated: record.dated,
          why: ranked.why,
          words: ranked.words,
        },
        score: ranked.score,
        relevant: ranked.relevant,
      },
    ];
  });
  return { items, coverage };
}

/** The keys of the addresses curated items stand for (their own and their coverage rows'), and the article's. */
export function coveredKeys(items: readonly Item[], articleUrls: readonly string[]): Set<string> {
  const urls = [...articleUrls, ...items.flatMap((item) => [item.url, ...item.coverage.map((row) => row.url)])];
  return new Set(urls.flatMap((url) => (url ? [normalizeUrl(url) ?? ''] : [])).filter((key) => key !== ''));
}
