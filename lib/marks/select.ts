/** Which of an article's mentions are marked on the page, by the reader's setting. Pure. */
import type { Mention } from '../entities/analysis';
import type { MarkMode } from '../settings/settings';

/**
 * `first`: the first mention of each entity in the body (block 0 is the headline, read before the body: a
 * mark there would make the body's first one the second). An entity named only in the headline is marked
 * there, so every entity found has a mark and a card. `all`: every mention. `none`: no marks (the panel only).
 * The mentions keep their order, which is the page's.
 */
export function mentionsToMark<M extends Mention>(mentions: readonly M[], mode: MarkMode): M[] {
  if (mode === 'all') return [...mentions];
  if (mode === 'none') return [];
  const first = new Map<string, M>();
  for (const m of mentions) {
    const seen = first.get(m.entityId);
    if (!seen || (seen.block === 0 && m.block > 0)) first.set(m.entityId, m);
  }
  const chosen = new Set(first.values());
  return mentions.filter((m) => chosen.has(m));
}
