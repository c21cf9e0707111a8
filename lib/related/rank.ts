/**
 * Ranking the archive's items for an article. An item is related through the entities it shares with
 * the article, each weighted by how central it is here (headline and lede, count) and how rare it is in
 * the archive (sharing Alibaba and Claude Code says more than sharing OpenAI); then by recency and by
 * how much its words overlap the article's headline and lede. Pure; the clock is a parameter.
 */
import type { Item } from '../archive/schema';
import { normalizeUrl } from '../archive/url';

export interface RankEntity {
  id: string;
  /** Centrality here (see the analysis: headline and lede weigh more). */
  weight: number;
  /** How many archive items mention it (its document frequency). */
  items: number;
}

export interface RankInput {
  url: string;
  /** The headline and lede: what the text similarity compares against. */
  lead: string;
  entities: RankEntity[];
  candidates: Item[];
  /** How many items the archive holds. */
  archiveSize: number;
  now: Date;
}

export interface RankedItem {
  item: Item;
  score: number;
  /** The entity ids it shares with the article, most telling first. */
  why: string[];
}

/** How much each part counts, beside the entities. */
const RECENCY_WEIGHT = 0.35;
const TEXT_WEIGHT = 0.8;
/** A year-old item keeps e^-1 of its recency score. */
const RECENCY_DAYS = 365;

const STOPWORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were will with after over new says said its than more about up out not but'.split(
    ' ',
  ),
);

/** The content words of a text, lower-cased. */
export function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOPWORDS.has(w)));
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

const DAY_MS = 86_400_000;

export function rankRelated(input: RankInput): RankedItem[] {
  const own = normalizeUrl(input.url);
  const maxWeight = Math.max(1, ...input.entities.map((e) => e.weight));
  const value = new Map(
    input.entities.map((e) => [e.id, (e.weight / maxWeight) * Math.log(1 + input.archiveSize / (1 + Math.max(0, e.items)))]),
  );
  const lead = words(input.lead);
  const now = input.now.getTime();

  const ranked: RankedItem[] = [];
  for (const item of input.candidates) {
    if (item.deleted || (own !== undefined && item.url !== undefined && normalizeUrl(item.url) === own)) continue;
    const why = item.entities.filter((id) => value.has(id)).sort((a, b) => (value.get(b) as number) - (value.get(a) as number));
    if (why.length === 0) continue;
    const shared = why.reduce((sum, id) => sum + (value.get(id) as number), 0);
    const age = Math.max(0, (now - Date.parse(item.published)) / DAY_MS);
    const recency = Math.exp(-age / RECENCY_DAYS);
    const text = overlap(lead, words(`${item.title} ${item.summary}`));
    ranked.push({ item, why, score: shared + RECENCY_WEIGHT * recency + TEXT_WEIGHT * text });
  }
  return ranked.sort((a, b) => b.score - a.score || (a.item.published < b.item.published ? 1 : -1));
}
