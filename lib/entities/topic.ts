/**
 * Whether an article is about AI and technology, judged from the entities found in it (for the setting that
 * limits Backstory to such articles). Pure.
 *
 * The gazetteer is an AI and technology gazetteer: its labs, models and products are AI and technology by
 * what they are, and so are its companies (technology companies), its laws (AI, platform and chip laws) and its
 * organisations (AI institutes, events and programmes). People, investors, governments, regulators and
 * outlets are named in any news (a minister, a fund, "according to Reuters"): they never make an article
 * about technology on their own.
 *
 * An article is about AI and technology when one technology entity is central to it (named in the headline
 * or lede, or often), or when it names at least two distinct ones. One passing name is not enough: a
 * politics story that mentions "X" once, in passing, is not about technology.
 */
import type { EntityType } from '../archive/schema';
import type { SpottedEntity } from './analysis';

export const TECHNOLOGY_TYPES: ReadonlySet<EntityType> = new Set(['lab', 'model', 'product', 'company', 'law', 'organization']);

/** How many distinct technology entities, none of them central, make an article about technology. */
export const MIN_TECHNOLOGY_ENTITIES = 2;

export function isAboutAiOrTechnology(entities: readonly Pick<SpottedEntity, 'id' | 'type' | 'central'>[]): boolean {
  const technology = entities.filter((e) => TECHNOLOGY_TYPES.has(e.type));
  return technology.some((e) => e.central) || new Set(technology.map((e) => e.id)).size >= MIN_TECHNOLOGY_ENTITIES;
}
