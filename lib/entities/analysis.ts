/**
 * From an article's text blocks to the entities it mentions: the matcher's raw hits, with ambiguous
 * names kept only where the article gives evidence for them, counted and weighted. Pure.
 */
import * as v from 'valibot';
import type { Entity, EntityType } from '../archive/schema';
import { findMentions, type Matcher } from './matcher';

/** What the content script sends: the article's text, block by block (block 0 the headline, 1 the lede). */
export interface ArticleInput {
  url: string;
  title: string;
  blocks: string[];
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

/** Entities that vouch for each other: an entity, its parent and its children. */
function relatives(entity: Entity, children: Map<string, string[]>): string[] {
  return [...(entity.parent ? [entity.parent] : []), ...(children.get(entity.id) ?? [])];
}

export function analyzeArticle(input: ArticleInput, matcher: Matcher, entities: ReadonlyMap<string, Entity>): ArticleAnalysis {
  const raw = input.blocks.flatMap((text, block) => findMentions(text, matcher).map((m) => ({ ...m, block, text })));

  // An ambiguous name counts only with evidence: the same entity or a relative named unambiguously.
  const children = new Map<string, string[]>();
  for (const entity of entities.values()) {
    if (entity.parent) children.set(entity.parent, [...(children.get(entity.parent) ?? []), entity.id]);
  }
  const sure = new Set(raw.filter((m) => !m.ambiguous).map((m) => m.entityId));
  const evidenced = (id: string): boolean => {
    if (sure.has(id)) return true;
    const entity = entities.get(id);
    return entity !== undefined && relatives(entity, children).some((r) => sure.has(r));
  };
  const kept = raw.filter((m) => !m.ambiguous || evidenced(m.entityId));

  const spotted = new Map<string, SpottedEntity>();
  for (const m of kept) {
    const entity = entities.get(m.entityId);
    if (!entity) continue;
    const entry =
      spotted.get(entity.id) ??
      ({
        id: entity.id,
        name: entity.name,
        type: entity.type,
        description: entity.description,
        count: 0,
        weight: 0,
        surfaces: [],
      } as SpottedEntity);
    entry.count++;
    entry.weight += LEAD_WEIGHT[m.block] ?? 1;
    const surface = m.text.slice(m.start, m.end);
    if (!entry.surfaces.includes(surface)) entry.surfaces.push(surface);
    spotted.set(entity.id, entry);
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

const ArticleInputSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(4096)),
  title: v.pipe(v.string(), v.maxLength(2000)),
  blocks: v.pipe(
    v.array(v.string()),
    v.maxLength(20_000),
    v.check((blocks) => blocks.reduce((n, b) => n + b.length, 0) <= MAX_INPUT_CHARS, 'the article is too large to read'),
  ),
});

/** Checks what a content script sent (page text is data from the page, so it is checked where it enters). */
export function parseArticleInput(data: unknown): ArticleInput {
  const result = v.safeParse(ArticleInputSchema, data);
  if (!result.success) throw new Error(`Bad article: ${result.issues[0]?.message ?? 'invalid'}`);
  return result.output;
}
