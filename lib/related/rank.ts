/**
 * Ranking the archive's items by story: how much an item is about the matter this article is about, not
 * only whether it names the same company. Two kinds of evidence, each said back to the reader as the item's
 * "why":
 * - the entities it shares, each weighed by how central it is here (headline and lede, count) and how rare
 *   in the archive (sharing Alibaba and Claude Code says more than sharing OpenAI); a parent or child of a
 *   central entity counts at half weight ("Alphabet" finds Google's items);
 * - its words: BM25 (stemmed, with the archive's document frequencies) of its title, summary and take
 *   against the article's headline, lede and first paragraphs, without the entities' own names, which
 *   the first kind already counts.
 * An item passes the relevance floor only when it shares a central entity and its words show the same
 * matter, or it shares two central entities that are not one family. Pure; dates are parameters.
 */
import type { EntityType, Item } from '../archive/schema';
import { bm25, idf, itemText, type Query, type TermStats, terms } from '../search/terms';

export interface RankEntity {
  id: string;
  type: EntityType;
  /** Centrality here (see the analysis: headline and lede weigh more); a relative gets its kin's, halved. */
  weight: number;
  /** How many archive items mention it (its document frequency). */
  items: number;
  /** Central to this article: named in the headline or lede, or often. */
  central: boolean;
  /** Not named here: a parent or child of the central entity with this id. */
  relativeOf?: string;
  /** Which of the two: a parent is evidence of the matter only when it is a rare model or product of the line. */
  relation?: 'parent' | 'child';
  /** Its family: itself, its parent and its children (two of one family count as one for the floor). */
  family: readonly string[];
}

export interface RankArticle {
  /** The headline. */
  title: string;
  /** The lede. */
  lede: string;
  /** The first paragraphs after the lede. */
  body: string;
  /** The names the article's entities go by here, left out of the text comparison. */
  names: readonly string[];
}

export interface RankInput {
  article: RankArticle;
  entities: RankEntity[];
  candidates: Item[];
  /** An item's terms as stored, where the caller has them (else they are worked out here). */
  termsOf?: (item: Item) => readonly string[] | undefined;
  /** How many items the archive holds. */
  archiveSize: number;
  stats: TermStats;
  /** The day recency is measured from: the article's date (else today), YYYY-MM-DD. */
  day: string;
}

export interface RankedItem {
  item: Item;
  score: number;
  /** The article's entity ids it shares, most telling first (relatives after the names the article uses). */
  why: string[];
  /** The article's words it shares, most telling first, as the article spells them. */
  words: string[];
  /** Its text score, 0 (nothing shared) to about 1 (as close as the article's own words). */
  text: number;
  /** The distinct central entities it shares, families counted once. */
  centralShared: number;
  /** Whether it clears the relevance floor. */
  relevant: boolean;
}

/** How much each part counts. */
const ENTITY_WEIGHT = 1;
const TEXT_WEIGHT = 2.5;
const RECENCY_WEIGHT = 0.3;
/** A year away from the article keeps e^-1 of the recency score. */
const RECENCY_DAYS = 365;
/** A relative counts this much of a name the article uses. */
export const RELATIVE_FACTOR = 0.5;
/**
 * Text evidence of the same matter: at least this many of the article's telling words (held by at most
 * TELLING_SHARE of the archive's items: "company", "model" and "deal" are in too many to tell), and this
 * text score.
 */
const EVIDENCE_WORDS = 2;
const EVIDENCE_SCORE = 0.2;
const TELLING_SHARE = 0.05;
/**
 * Or one telling word in a text this close: the rest of the match is in words too common to tell alone
 * ("reasoning", "frontier" and "model" beside "performant"), but this many of them say the same matter.
 */
const CLOSE_SCORE = 0.25;
/** With two central entities (or a specific one), some words of the same matter are enough: this text score. */
const PAIR_SCORE = 0.1;
/** A specific entity: a model or product named by at most this share of the archive's items (or this many). */
const SPECIFIC_TYPES: readonly EntityType[] = ['model', 'product'];
const SPECIFIC_SHARE = 0.01;
const SPECIFIC_MIN = 3;
/** Within this many days of the article, sharing a specific model or product is evidence enough: its news is this news. */
const SPECIFIC_RECENT_DAYS = 30;
/** ... with at least one word of the matter beside the name (this text score). */
const RECENT_SCORE = 0.03;
/** Of the items over the floor, only those scoring at least this share of the best: the close ones, not the tail. */
const CLOSE_TO_BEST = 0.6;

/**
 * The relevance floor, given a central entity is shared: the same matter in telling words, or in one
 * telling word and a close text; or two central entities (a family counted once), one of them the
 * article's subject, with a telling word or some words of the matter, fewer when one of them is rarely
 * named (Meta and Manus: the deal's own two parties). Without the subject, two names say little where an
 * article names four or five big ones: on the Pentagon's deals with Nvidia, Microsoft and AWS, an item on
 * Microsoft and AWS is not the Pentagon's story. Or a specific model or product (or a rare one of its line) with some words of the matter,
 * fewer within a month of the article.
 */
function clearsFloor(evidence: {
  text: number;
  telling: number;
  centralShared: number;
  /** The article's subject (its most central entity, or one of its family) is among the shared names. */
  subject: boolean;
  /** A specific model or product (or one of its line) is among the shared names. */
  specific: boolean;
  /** A rarely named central entity is among the shared names. */
  rare: boolean;
  /** Within SPECIFIC_RECENT_DAYS of the article. */
  recent: boolean;
}): boolean {
  const { text, telling, centralShared, subject, specific, rare, recent } = evidence;
  if (telling >= EVIDENCE_WORDS && text >= EVIDENCE_SCORE) return true;
  if (telling >= 1 && text >= CLOSE_SCORE) return true;
  if (centralShared >= 2 && subject && (telling >= 1 || text >= PAIR_SCORE || (rare && text >= RECENT_SCORE))) return true;
  return specific && text >= (recent ? RECENT_SCORE : PAIR_SCORE);
}
/** How much a word of the headline, the lede and the body weighs in the query. */
const QUERY_WEIGHTS = { title: 3, lede: 2, body: 1 } as const;

const DAY_MS = 86_400_000;

/** Days from one calendar day to another (UTC). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** The calendar day (UTC) `days` after this one. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}

type ArticleQuery = { query: Map<string, number>; spelling: Map<string, string> };
/** One article's query, worked out once: the panel asks for its terms' statistics, then ranks with it (once or twice). */
const queries = new WeakMap<RankArticle, ArticleQuery>();

/** The query an article makes: its terms, weighted by where they stand, without its entities' names; and each term's spelling. */
export function articleQuery(article: RankArticle): ArticleQuery {
  let found = queries.get(article);
  if (!found) {
    found = queryOf(article);
    queries.set(article, found);
  }
  return found;
}

function queryOf(article: RankArticle): ArticleQuery {
  const names = new Set(article.names.flatMap((name) => terms(name)));
  const query = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const part of ['title', 'lede', 'body'] as const) {
    const text = article[part];
    for (const word of text.match(/[\p{L}\p{N}'’]+/gu) ?? []) {
      const [term] = terms(word);
      if (term === undefined || names.has(term)) continue;
      query.set(term, Math.max(query.get(term) ?? 0, QUERY_WEIGHTS[part]));
      if (!spelling.has(term)) spelling.set(term, word.toLowerCase().replace(/['’]s$/, ''));
    }
  }
  return { query, spelling };
}

/** The best a document could score against the query: every term once, at the average length. */
function selfScore(query: Query, stats: TermStats): number {
  let sum = 0;
  for (const [term, weight] of query) sum += weight * idf(term, stats);
  return sum;
}

export function rankRelated(input: RankInput): RankedItem[] {
  const central = input.entities.filter((e) => e.central && e.relativeOf === undefined);
  const maxWeight = Math.max(1, ...input.entities.map((e) => e.weight));
  const value = new Map(
    input.entities.map((e) => [
      e.id,
      (e.relativeOf ? RELATIVE_FACTOR : 1) * (e.weight / maxWeight) * Math.log(1 + input.archiveSize / (1 + Math.max(0, e.items))),
    ]),
  );
  const byId = new Map(input.entities.map((e) => [e.id, e]));
  // The subject: the most central entity (its ties too), with its family ("Amazon" for an article on AWS).
  const topWeight = Math.max(0, ...central.map((e) => e.weight));
  const subjectFamily = new Set(central.filter((e) => e.weight === topWeight).flatMap((e) => [e.id, ...e.family]));
  const fullValue = central.reduce((sum, e) => sum + (value.get(e.id) ?? 0), 0) || 1;
  const { query, spelling } = articleQuery(input.article);
  const best = selfScore(query, input.stats) || 1;

  // A model or product few items name is itself evidence of the matter ("Mythos", "ChatGPT Images").
  const seldom = (e: RankEntity) => e.items <= Math.max(SPECIFIC_MIN, SPECIFIC_SHARE * input.archiveSize);
  const rare = (e: RankEntity) => SPECIFIC_TYPES.includes(e.type) && seldom(e);
  const rareCentral = new Set(central.filter(seldom).map((e) => e.id));
  const specificCentral = new Set(central.filter(rare).map((e) => e.id));
  // The same product line: a rare model or product that is the parent or a child of a specific one here
  // (GPT-5.5 for an article on GPT-5.5 Instant) is as telling as the one named.
  const specific = new Set([
    ...specificCentral,
    ...input.entities.filter((e) => e.relativeOf !== undefined && specificCentral.has(e.relativeOf) && rare(e)).map((e) => e.id),
  ]);
  const ranked: RankedItem[] = [];
  for (const item of input.candidates) {
    if (item.deleted) continue;
    const why = [...new Set(item.entities)]
      .filter((id) => value.has(id))
      .sort(
        (a, b) =>
          Number(byId.get(a)?.relativeOf !== undefined) - Number(byId.get(b)?.relativeOf !== undefined) ||
          (value.get(b) as number) - (value.get(a) as number),
      );
    if (why.length === 0) continue;
    // Two names of one family (OpenAI and ChatGPT) are one shared thing, not two.
    const families = new Set<string>();
    let centralShared = 0;
    for (const id of why) {
      const entity = byId.get(id) as RankEntity;
      if (!entity.central || entity.relativeOf !== undefined) continue;
      if (entity.family.some((f) => families.has(f))) continue;
      for (const f of entity.family) families.add(f);
      centralShared++;
    }
    // A company parent the article does not name (Apple for an article on iOS, Google for one on Gmail)
    // covers all its products' news: it weighs in the score, but alone is no sign of this story. A child
    // is (Google's items for an article on Alphabet), and so is a rare model of the line (GPT-5.5 for an
    // article on GPT-5.5 Instant).
    const sharesCentral = why.some((id) => {
      const entity = byId.get(id) as RankEntity;
      if (entity.central) return true;
      return entity.relativeOf !== undefined && (entity.relation !== 'parent' || specific.has(id));
    });
    const scored = bm25(query, input.termsOf?.(item) ?? terms(itemText(item)), input.stats);
    const text = scored.score / best;
    const telling = scored.matched.filter((term) => (input.stats.df.get(term) ?? 0) <= Math.max(2, TELLING_SHARE * input.stats.docs));
    const distance = Math.abs(daysBetween(item.published, input.day));
    const relevant =
      sharesCentral &&
      clearsFloor({
        text,
        telling: telling.length,
        centralShared,
        subject: why.some((id) => subjectFamily.has(id)),
        specific: why.some((id) => specific.has(id)),
        rare: why.some((id) => rareCentral.has(id)),
        recent: distance <= SPECIFIC_RECENT_DAYS,
      });
    const entities = Math.min(1, why.reduce((sum, id) => sum + (value.get(id) as number), 0) / fullValue);
    const recency = Math.exp(-distance / RECENCY_DAYS);
    ranked.push({
      item,
      why,
      words: scored.matched.map((term) => spelling.get(term) ?? term),
      text,
      centralShared,
      relevant,
      score: ENTITY_WEIGHT * entities + TEXT_WEIGHT * text + RECENCY_WEIGHT * recency,
    });
  }
  const top = Math.max(0, ...ranked.filter((r) => r.relevant).map((r) => r.score));
  for (const r of ranked) if (r.score < CLOSE_TO_BEST * top) r.relevant = false;
  return ranked.sort((a, b) => b.score - a.score || (a.item.published < b.item.published ? 1 : -1));
}
