/**
 * Finding an article's story in the archive: its own item when the item has no address, and the
 * relatives of its central entities worth reading. Pure.
 */
import type { Entity, Item } from '../archive/schema';
import type { SpottedEntity } from '../entities/analysis';
import { daysBetween } from './rank';

/** A title as compared: case, quotes, dashes and punctuation do not make another title. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The archive's item for this article when there is no address to match by: the same title, published the
 * same day or the day before or after; else an item that draws on a report of this headline without its
 * address (the outlet's own headline, not a description of it), the report dated as near. Without the
 * article's date no title alone decides it.
 */
export function ownItemByTitle(title: string, day: string | undefined, candidates: readonly Item[]): Item | undefined {
  if (!day) return undefined;
  const wanted = normalizeTitle(title);
  if (wanted === '') return undefined;
  const near = (published: string) => Math.abs(daysBetween(published, day)) <= 1;
  return (
    candidates.find((item) => item.url === undefined && near(item.published) && normalizeTitle(item.title) === wanted) ??
    candidates.find((item) =>
      item.coverage.some(
        (row) => row.url === undefined && !row.description && near(row.published) && normalizeTitle(row.headline) === wanted,
      ),
    )
  );
}

/** A relative of a central entity, not named in the article. */
export interface Relative {
  id: string;
  /** The central entity it is a relative of. */
  of: string;
  /** Its kin's weight. */
  weight: number;
  /** A parent (always worth reading; the only one a central entity has), or one of many children. */
  relation: 'parent' | 'child';
}

/** How many children of one entity are looked at (by their item counts) at most. */
const CHILDREN_READ = 40;

/**
 * The relatives whose item counts the panel reads: each central entity's parent and children that the
 * article does not name itself. The caller keeps the few with the most items.
 */
export function relativesToRead(
  spotted: readonly SpottedEntity[],
  entities: ReadonlyMap<string, Entity>,
  children: ReadonlyMap<string, readonly string[]>,
): Relative[] {
  const named = new Set(spotted.map((e) => e.id));
  const out = new Map<string, Relative>();
  for (const entity of spotted) {
    if (!entity.central) continue;
    const parent = entities.get(entity.id)?.parent;
    if (parent && !named.has(parent) && !out.has(parent))
      out.set(parent, { id: parent, of: entity.id, weight: entity.weight, relation: 'parent' });
    for (const child of (children.get(entity.id) ?? []).slice(0, CHILDREN_READ)) {
      if (!named.has(child) && !out.has(child)) out.set(child, { id: child, of: entity.id, weight: entity.weight, relation: 'child' });
    }
  }
  return [...out.values()];
}
