/**
 * Checks across records that a per-record schema cannot see: unique ids, references that resolve,
 * aliases that belong to one entity, entities an item names, an order in time that `follows` and
 * `resolvedBy` keep, signals past their date, a doubted date that is marked. Used by
 * `npm run archive:check` on the bundled snapshot.
 */
import { foldAlias } from '../entities/text';
import type { ArchiveDocument, Entity, Item } from './schema';

/** Dashes that look like a hyphen: every dash of Unicode (an en dash, a figure dash) and the minus sign. */
const DASH = /[\p{Pd}\u2212]/gu;

/**
 * Folds a surface so that two a reader cannot tell apart are one alias: "OpenAI" and "openai", full-width and
 * compatibility forms (NFKC), typographic apostrophes and hyphens, invisible marks and white space as the matcher
 * folds the article's text (../entities/text.ts), and any dash. A feed the reader added cannot then bring a known
 * name spelt with look-alike punctuation (lib/sync/trust.ts).
 */
export function foldSurface(surface: string): string {
  return foldAlias(surface.normalize('NFKC')).replace(DASH, '-').toLowerCase();
}

/** The id an entity's canonical name gives under the archive's id rule (docs/archive-format.md). */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function surfacesOf(entity: Entity): string[] {
  return [entity.name, ...entity.aliases];
}

const WORD_EDGE = /[\p{L}\p{N}]/u;

/**
 * Whether `surface` occurs in `text` as a whole word: "Qwen" is not named by "Qwen3", nor "X" by
 * "Xbox"; "C++" needs none after its last character, which is no letter or digit.
 */
export function namesSurface(text: string, surface: string): boolean {
  // (An item writes "Anthropic’s", an alias may write "'": folded alike.)
  const haystack = foldSurface(text);
  const needle = foldSurface(surface);
  if (needle === '') return false;
  // A boundary is only needed on a side where the surface itself ends in a letter or digit.
  const wordStart = WORD_EDGE.test(needle.charAt(0));
  const wordEnd = WORD_EDGE.test(needle.charAt(needle.length - 1));
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    // charAt gives '' outside the text, which is no word character.
    const openStart = !wordStart || !WORD_EDGE.test(haystack.charAt(at - 1));
    const openEnd = !wordEnd || !WORD_EDGE.test(haystack.charAt(at + needle.length));
    if (openStart && openEnd) return true;
  }
  return false;
}

/** The prose of an item a reader sees, where every entity it lists must be named. */
function proseOf(item: Item): string {
  return [item.title, item.summary, item.take, item.pattern ?? ''].join('\n');
}

const BRACKETED = /^\[.*\]$/s;

/**
 * Prose that doubts the item's own date: "filed under 1 July only as a placeholder", "the exact day is not
 * confirmed", "an approximate date". Such an item must carry `dateNote`, so that a reader and the checker
 * both know the date is the archive's filing, not a reported day.
 */
const DATE_DOUBT =
  /\bplaceholder\b|\b(?:date|day)\b[^.;]{0,40}\b(?:unconfirmed|not confirmed|unknown|not known|approximate)\b|\b(?:unconfirmed|approximate|estimated)\s+(?:date|day)\b/i;

/** Whether an item's prose says its own date is a placeholder or unconfirmed. */
export function doubtsOwnDate(item: Item): boolean {
  return DATE_DOUBT.test(proseOf(item));
}

/** Every problem found, as readable lines; empty when the document is consistent. */
export function checkIntegrity(doc: ArchiveDocument, today: string): string[] {
  const problems: string[] = [];
  const entityIds = new Set<string>();
  for (const entity of doc.entities) {
    if (entityIds.has(entity.id)) problems.push(`entity ${entity.id}: duplicate id`);
    entityIds.add(entity.id);
  }
  const itemIds = new Set<string>();
  for (const item of doc.items) {
    if (itemIds.has(item.id)) problems.push(`item ${item.id}: duplicate id`);
    itemIds.add(item.id);
  }

  // An alias may be claimed by several entities only if every one of them marks it ambiguous.
  const claims = new Map<string, { id: string; ambiguous: boolean }[]>();
  for (const entity of doc.entities) {
    const ambiguous = new Set(entity.ambiguous.map(foldSurface));
    const own = new Set<string>();
    for (const surface of surfacesOf(entity)) {
      const key = foldSurface(surface);
      if (own.has(key)) continue;
      own.add(key);
      const list = claims.get(key) ?? [];
      list.push({ id: entity.id, ambiguous: ambiguous.has(key) });
      claims.set(key, list);
    }
    for (const surface of entity.ambiguous) {
      if (!surfacesOf(entity).some((s) => foldSurface(s) === foldSurface(surface))) {
        problems.push(`entity ${entity.id}: ambiguous "${surface}" is neither its name nor an alias`);
      }
    }
    // A usual sense on the news sites is given to an ambiguous name, spelt as it is marked (its case decides).
    for (const name of entity.newsSense?.names ?? []) {
      if (!entity.ambiguous.includes(name))
        problems.push(`entity ${entity.id}: newsSense name "${name}" is not one of its ambiguous names`);
    }
    if (entity.parent !== undefined && !entityIds.has(entity.parent)) {
      problems.push(`entity ${entity.id}: parent ${entity.parent} does not exist`);
    }
    if (entity.parent === entity.id) problems.push(`entity ${entity.id}: is its own parent`);
  }
  for (const [surface, list] of claims) {
    if (list.length > 1 && list.some((claim) => !claim.ambiguous)) {
      problems.push(`alias "${surface}" is claimed by ${list.map((c) => c.id).join(', ')} and not marked ambiguous by all`);
    }
  }

  const byId = new Map(doc.entities.map((entity) => [entity.id, entity]));
  const itemsById = new Map(doc.items.map((item) => [item.id, item]));
  for (const item of doc.items) {
    const prose = proseOf(item);
    for (const id of item.entities) {
      const entity = byId.get(id);
      if (entity === undefined) problems.push(`item ${item.id}: entity ${id} does not exist`);
      else if (!surfacesOf(entity).some((surface) => namesSurface(prose, surface))) {
        problems.push(`item ${item.id}: lists ${id} but never names it (${entity.name} or an alias)`);
      }
    }
    item.coverage.forEach((row, index) => {
      const bracketed = BRACKETED.test(row.headline);
      if (bracketed && row.description !== true) {
        problems.push(`item ${item.id}: coverage ${index} has a bracketed headline not marked as a description`);
      }
      if (!bracketed && row.description === true) {
        problems.push(`item ${item.id}: coverage ${index} is marked as a description but is not in brackets`);
      }
    });
    if (doubtsOwnDate(item) && item.dateNote === undefined) {
      problems.push(`item ${item.id}: its prose doubts its own date (placeholder, unconfirmed) but it has no dateNote`);
    }
    const followed = new Set<string>();
    for (const id of item.follows) {
      if (followed.has(id)) problems.push(`item ${item.id}: follows ${id} twice`);
      followed.add(id);
      if (id === item.id) problems.push(`item ${item.id}: follows itself`);
      const earlier = itemsById.get(id);
      if (earlier === undefined) problems.push(`item ${item.id}: follows ${id}, which does not exist`);
      // An item follows what came before it: a later one is a reversed or misdated link.
      else if (earlier.published > item.published) {
        problems.push(`item ${item.id} (${item.published}): follows ${id}, dated after it (${earlier.published})`);
      }
    }
    for (const signal of item.signals) {
      if (signal.status !== 'open' && signal.resolvedBy === undefined) {
        problems.push(`item ${item.id}: a ${signal.status} signal needs resolvedBy`);
      }
      const resolver = signal.resolvedBy === undefined ? undefined : itemsById.get(signal.resolvedBy);
      if (signal.resolvedBy !== undefined && resolver === undefined) {
        problems.push(`item ${item.id}: signal resolved by ${signal.resolvedBy}, which does not exist`);
      }
      // A signal looks forward: what settles it happened after the item that named it.
      if (resolver !== undefined && resolver.published < item.published) {
        problems.push(`item ${item.id} (${item.published}): signal resolved by ${resolver.id}, dated before it (${resolver.published})`);
      }
      if (signal.by < item.published) problems.push(`item ${item.id}: a signal's date ${signal.by} is before the item`);
      if (signal.status === 'open' && signal.by < today && signal.note === undefined) {
        problems.push(`item ${item.id}: a signal due ${signal.by} is still open without a note saying why`);
      }
    }
    const dates = [item.published, ...item.coverage.map((row) => row.published)];
    for (const date of dates) {
      if (date < '2015-01-01' || date > today) problems.push(`item ${item.id}: date ${date} is out of range`);
    }
  }
  return problems;
}
