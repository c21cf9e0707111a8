/**
 * What a feed may do to the archive. The build names one feed official: its ids are the bundled
 * archive's own, so it may update, delete and settle the bundled items. Every other feed writes in a
 * namespace of its own (`<namespace>~<id>`, a character no archive id has), so it adds its own items and
 * entities only, and cannot take a name the archive already knows.
 *
 * Pure: the archive's writer (lib/archive/feed-apply.ts) gathers what is stored and asks these.
 */
import { eng as englishStopwords } from 'stopword';
import { foldSurface } from '../archive/integrity';
import type { Entity } from '../archive/schema';
import { COMMON_ENGLISH_WORDS } from './common-words';
import { FEED_LIMITS } from './feed-format';

/** The namespace separator: never in an archive id (kebab-case ASCII). */
export const NAMESPACE_SEPARATOR = '~';

/** An id as stored for a feed: the official feed's (namespace '') as given, another's prefixed. */
export function namespaced(namespace: string, id: string): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${id}` : id;
}

/** A short stable namespace for a feed that is not the official one: from its address. */
export async function namespaceOf(feedUrl: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(feedUrl)));
  return `f${[...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Words too common to be a name: the English stop words of the `stopword` package (a well-kept list,
 * rather than one of our own), folded as aliases are.
 */
const COMMON_WORDS = new Set(englishStopwords.map(foldSurface));

/**
 * Words of everyday English (the 10,000 most frequent of SUBTLEX-US: ./common-words.ts): a feed the reader added
 * may not make one a name on its own, or "people" and "company" would be marked on every article. The official
 * feed, signed and curated, may ("Writer", "Figure"), as the bundled gazetteer does, with its ambiguity rules.
 */
const EVERYDAY_WORDS = new Set(COMMON_ENGLISH_WORDS.split(' '));

/** Characters a reader cannot see (format and control characters: zero-width spaces, soft hyphens, bidi marks). */
const INVISIBLE = /[\p{Cf}\p{Cc}]/u;

/** Letters and digits in a surface: "AI" has two, "o3" two, "GPT-4" four. */
function letterCount(surface: string): number {
  return [...surface].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
}

/**
 * Why a feed may not add this surface (a name or alias), or undefined when it may. `official`: the build's own
 * feed, which may use a word of everyday English as a name.
 */
export function surfaceProblem(surface: string, official = true): string | undefined {
  // (A copy of a known name with a zero-width space in it is another surface to the archive, the same to the eye.)
  if (INVISIBLE.test(surface)) return `"${surface}" holds a character that cannot be seen`;
  const folded = foldSurface(surface);
  if (letterCount(folded) < 3) return `"${surface}" is shorter than three letters`;
  if (COMMON_WORDS.has(folded) || (!official && EVERYDAY_WORDS.has(folded))) return `"${surface}" is a common word`;
  return undefined;
}

/** What the writer knows about an incoming entity from the archive. */
export interface EntityFacts {
  /** The stored copy under the same (namespaced) id, if any. */
  stored?: Entity;
  /** For each folded surface of the incoming entity, the ids of the stored entities that claim it. */
  owners: ReadonlyMap<string, readonly string[]>;
}

export type Admission = { ok: true; entity: Entity; dropped: string[] } | { ok: false; reason: string };

/**
 * The entity a feed may store, with the surfaces it may not add left out (and said which), or why none.
 * A surface the stored copy already has stays: the rules bound what a feed adds, not what the archive
 * had. A feed that is not official may not claim a surface another namespace's entity has. `budget`
 * is how many aliases the page may still add; what is used is taken from it.
 */
export function admitEntity(entity: Entity, facts: EntityFacts, namespace: string, budget: { aliases: number }): Admission {
  const id = namespaced(namespace, entity.id);
  const had = new Set(facts.stored ? [facts.stored.name, ...facts.stored.aliases].map(foldSurface) : []);
  const foreign = (surface: string) =>
    namespace !== '' &&
    (facts.owners.get(foldSurface(surface)) ?? []).some((owner) => !owner.startsWith(`${namespace}${NAMESPACE_SEPARATOR}`));
  const problemOf = (surface: string): string | undefined => {
    if (had.has(foldSurface(surface))) return undefined;
    if (foreign(surface)) return `"${surface}" is already another entity's name`;
    return surfaceProblem(surface, namespace === '');
  };
  const nameProblem = problemOf(entity.name);
  if (nameProblem) return { ok: false, reason: `entity ${entity.id}: ${nameProblem}` };
  const dropped: string[] = [];
  const aliases: string[] = [];
  for (const alias of entity.aliases) {
    const problem = problemOf(alias);
    const isNew = !had.has(foldSurface(alias));
    if (problem) dropped.push(`entity ${entity.id}: alias ${problem}`);
    else if (aliases.length >= FEED_LIMITS.entityAliases)
      dropped.push(`entity ${entity.id}: more than ${FEED_LIMITS.entityAliases} aliases`);
    else if (isNew && budget.aliases <= 0) dropped.push(`entity ${entity.id}: the page's ${FEED_LIMITS.pageAliases} aliases are used up`);
    else {
      aliases.push(alias);
      if (isNew) budget.aliases--;
    }
  }
  const kept = new Set([entity.name, ...aliases].map(foldSurface));
  // The parent stays as the feed wrote it: which namespace it names is known once the page's entities are admitted.
  return {
    ok: true,
    entity: { ...entity, id, aliases, ambiguous: entity.ambiguous.filter((surface) => kept.has(foldSurface(surface))) },
    dropped,
  };
}
