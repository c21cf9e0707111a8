/**
 * From an article's text blocks to the entities it mentions: the matcher's raw hits, with ambiguous
 * names kept only where the article gives evidence for them, counted and weighted. Pure.
 */
import * as v from 'valibot';
import type { Entity, EntityType } from '../archive/schema';
import { findMentions, type Matcher, type RawMention } from './matcher';

/** What the content script sends: the article's text, block by block (block 0 the headline, 1 the lede). */
export interface ArticleInput {
  url: string;
  title: string;
  blocks: string[];
  /**
   * Text that is evidence but not marked: the structured data's description, about and mentions. A
   * paywalled article's context leans on it.
   */
  context?: string[];
}

/** One mention, with offsets into its block's text. */
export interface Mention {
  entityId: string;
  block: number;
  start: number;
  end: number;
}

/** An entity the article mentions. */
export interface SpottedEntity {
  id: string;
  name: string;
  type: EntityType;
  description: string;
  count: number;
  /** How central it is here: mentions in the headline and lede weigh more. */
  weight: number;
  /** The distinct spellings the article used. */
  surfaces: string[];
}

export interface ArticleAnalysis {
  url: string;
  title: string;
  entities: SpottedEntity[];
  mentions: Mention[];
}

/** Headline and lede mentions weigh this much more than body mentions. */
const LEAD_WEIGHT = [3, 2];
/** How far around an ambiguous name a disambiguating word may stand, in characters. */
const CUE_WINDOW = 60;

/**
 * Words near an ambiguous name that say which sense it has, by the entity's type. Case-sensitive where
 * the cue is itself a name ("AI"), otherwise whole words in any case.
 */
const CUES: Partial<Record<EntityType, RegExp>> = {
  company:
    /\b(?:Inc|Corp|Ltd|LLC|[Cc]ompany|[Cc]ompanies|firm|startup|CEO|chief executive|shares|stock|investors?|valuation|funding|raised|acquir\w+|layoffs?|employees|revenue|earnings|announced|spokesperson|headquarter\w*|co-?founder|subsidiary|AI|app|iPhone|Nasdaq|NYSE)\b/,
  lab: /\b(?:AI|lab|labs|startup|model|models|researchers|CEO|co-?founder|valuation|funding|raised|chatbot|open-weight)\b/,
  investor: /\b(?:led|round|investors?|fund|funding|raised|backed|portfolio|venture|partner|valuation)\b/,
  model: /\b(?:AI|model|models|LLM|chatbot|assistant|reasoning|benchmarks?|open-weight|weights|tokens|API)\b/,
  product: /\b(?:AI|app|apps|tool|tools|platform|feature|users|subscribers|launch\w*|agent|agents|coding|editor|IDE|browser|update)\b/,
  outlet: /\b(?:reported|reports|report|according to|told|reporting|newsletter|scoop|first reported)\b/,
  regulator: /\b(?:rules?|regulat\w+|law|ban|agency|fine[ds]?|probe|investigation|antitrust|complaint)\b/,
  government: /\b(?:government|officials?|ministry|administration|rules?|ban|sanctions?|export)\b/,
  law: /\b(?:law|act|bill|rules?|compliance|obligations|signed|passed)\b/,
};

/** A version or tier right after a model or product name ("Gemini 2.5", "Llama-3", "Grok 4 Heavy"). */
const VERSION_AFTER = /^[\s-]?(?:\d|[Pp]ro\b|Ultra\b|Flash\b|Nano\b|Mini\b|mini\b|Max\b|Heavy\b|Opus\b|Sonnet\b|Haiku\b)/;

/** Entities that vouch for each other: ancestors, descendants, and those sharing a parent. */
function relativesOf(id: string, entities: ReadonlyMap<string, Entity>, children: ReadonlyMap<string, string[]>): Set<string> {
  const out = new Set<string>();
  let at = entities.get(id)?.parent;
  for (let depth = 0; at && depth < 4 && !out.has(at); depth++) {
    out.add(at);
    for (const sibling of children.get(at) ?? []) out.add(sibling);
    at = entities.get(at)?.parent;
  }
  const queue = [...(children.get(id) ?? [])];
  while (queue.length > 0 && out.size < 500) {
    const next = queue.shift() as string;
    if (out.has(next)) continue;
    out.add(next);
    queue.push(...(children.get(next) ?? []));
  }
  out.delete(id);
  return out;
}

interface Hit extends RawMention {
  block: number;
  text: string;
}

/** Whether the words around a hit say it is this entity: a cue for its type, or a version after it. */
function hasCue(hit: Hit, entity: Entity): boolean {
  if ((entity.type === 'model' || entity.type === 'product') && VERSION_AFTER.test(hit.text.slice(hit.end, hit.end + 8))) return true;
  const cue = CUES[entity.type];
  if (!cue) return false;
  const before = hit.text.slice(Math.max(0, hit.start - CUE_WINDOW), hit.start);
  const after = hit.text.slice(hit.end, hit.end + CUE_WINDOW);
  return cue.test(before) || cue.test(after);
}

/** "April 14 (Reuters) -": a wire service's dateline names the source, not a subject of the story. */
function isDateline(hit: Hit, entity: Entity): boolean {
  return entity.type === 'outlet' && hit.start < 60 && hit.text[hit.start - 1] === '(' && /^\)\s*[-–—]/.test(hit.text.slice(hit.end));
}

/** The publication's own name on its own pages is a byline, not a mention. */
function isOwnSite(entity: Entity, pageHost: string): boolean {
  if (entity.type !== 'outlet' || !entity.homepage || !pageHost) return false;
  try {
    return new URL(entity.homepage).hostname.replace(/^www\./, '') === pageHost;
  } catch {
    return false;
  }
}

export function analyzeArticle(input: ArticleInput, matcher: Matcher, entities: ReadonlyMap<string, Entity>): ArticleAnalysis {
  let pageHost = '';
  try {
    pageHost = new URL(input.url).hostname.replace(/^www\./, '');
  } catch {
    // No usable address: the own-site rule just does not apply.
  }
  const hits: Hit[] = input.blocks.flatMap((text, block) => findMentions(text, matcher).map((m) => ({ ...m, block, text })));
  const contextHits: Hit[] = (input.context ?? []).flatMap((text) => findMentions(text, matcher).map((m) => ({ ...m, block: -1, text })));

  const children = new Map<string, string[]>();
  for (const entity of entities.values()) {
    if (entity.parent) children.set(entity.parent, [...(children.get(entity.parent) ?? []), entity.id]);
  }

  const usable = (hit: Hit): boolean => {
    const entity = entities.get(hit.entityId);
    return entity !== undefined && !isDateline(hit, entity) && !isOwnSite(entity, pageHost);
  };
  const all = [...hits, ...contextHits].filter(usable);
  // Evidence: a name that stands on its own (unambiguous, or ambiguous with a cue or a multi-word exact name).
  const sure = new Set<string>();
  for (const hit of all) {
    const entity = entities.get(hit.entityId) as Entity;
    if (!hit.ambiguous || hasCue(hit, entity) || /\s/.test(hit.text.slice(hit.start, hit.end).trim())) sure.add(hit.entityId);
  }
  // ...or a relative named for sure elsewhere in the article.
  const evidenced = new Map<string, boolean>();
  const isEvidenced = (id: string): boolean => {
    let known = evidenced.get(id);
    if (known === undefined) {
      known = sure.has(id) || [...relativesOf(id, entities, children)].some((r) => sure.has(r));
      evidenced.set(id, known);
    }
    return known;
  };
  const kept = hits.filter((hit) => usable(hit) && isEvidenced(hit.entityId));
  // Names in the structured data count as mentioned (a paywalled article's context rests on them), unmarked.
  const fromContext = contextHits.filter((hit) => usable(hit) && isEvidenced(hit.entityId));

  const spotted = new Map<string, SpottedEntity>();
  for (const m of [...kept, ...fromContext]) {
    const entity = entities.get(m.entityId) as Entity;
    let entry = spotted.get(entity.id);
    if (!entry) {
      entry = { id: entity.id, name: entity.name, type: entity.type, description: entity.description, count: 0, weight: 0, surfaces: [] };
      spotted.set(entity.id, entry);
    }
    entry.count++;
    entry.weight += LEAD_WEIGHT[m.block] ?? 1;
    const surface = m.text.slice(m.start, m.end);
    if (!entry.surfaces.includes(surface)) entry.surfaces.push(surface);
  }
  return {
    url: input.url,
    title: input.title,
    entities: [...spotted.values()].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name)),
    mentions: kept.map(({ entityId, block, start, end }) => ({ entityId, block, start, end })),
  };
}

/** The most text one article may send: beyond it the page is refused with a clear error. */
export const MAX_INPUT_CHARS = 1_000_000;

const Texts = v.array(v.pipe(v.string(), v.maxLength(MAX_INPUT_CHARS)));
const ArticleInputSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(4096)),
  title: v.pipe(v.string(), v.maxLength(2000)),
  blocks: v.pipe(
    Texts,
    v.maxLength(20_000),
    v.check((blocks) => blocks.reduce((n, b) => n + b.length, 0) <= MAX_INPUT_CHARS, 'the article is too large to read'),
  ),
  context: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(20_000))), v.maxLength(50))),
});

/** Checks what a content script sent (page text is data from the page, so it is checked where it enters). */
export function parseArticleInput(data: unknown): ArticleInput {
  const result = v.safeParse(ArticleInputSchema, data);
  if (!result.success) throw new Error(`Bad article: ${result.issues[0]?.message ?? 'invalid'}`);
  return result.output;
}
