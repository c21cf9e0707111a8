/**
 * The popup's first results kept from one opening to the next: the empty query's answer (the newest items,
 * with their entities' names) in the extension's own `localStorage`. A popup opened while the worker sleeps
 * spends most of its wait opening the archive's database (the browser reopens its files when no page or
 * worker holds it: docs/benchmarks.md); the kept answer is on screen before that, and the database's own
 * answer replaces it as soon as it comes (the same items unless the archive changed since).
 *
 * `localStorage`, not `storage.session`: it is read in the page itself, synchronously, where an extension
 * storage call in a popup just started took longer than the database (measured, docs/benchmarks.md). It
 * holds only what the archive holds already, and "Delete everything" empties it (DeleteEverything.tsx).
 */
import * as v from 'valibot';
import { ItemSchema } from '../archive/schema';
import type { SearchResults } from '../archive/search';

export const FIRST_RESULTS_KEY = 'backstory-popup-first-results';

/** What is kept: the items as the empty query gave them, nothing else (it has no headlines or entities). */
const KeptSchema = v.object({
  items: v.array(v.object({ item: ItemSchema, entityNames: v.array(v.string()) })),
});
type Kept = v.InferOutput<typeof KeptSchema>;

/** The part of the Web Storage interface used here (`localStorage`). */
export type KeptArea = Pick<Storage, 'getItem' | 'setItem'>;

/** The kept first results, or undefined (none kept yet, or not in the shape this build writes). */
export function readFirstResults(area: KeptArea): SearchResults | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(area.getItem(FIRST_RESULTS_KEY) ?? 'null');
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(KeptSchema, raw);
  if (!parsed.success || parsed.output.items.length === 0) return undefined;
  return { items: parsed.output.items, headlines: [], entities: [], matched: [], prefixes: [], ignored: [] };
}

/** Keeps the empty query's answer for the next popup, unless it is what is kept already. */
export function keepFirstResults(area: KeptArea, results: SearchResults, kept: SearchResults | undefined): void {
  if (kept && signature(kept) === signature(results)) return;
  const next: Kept = { items: results.items };
  area.setItem(FIRST_RESULTS_KEY, JSON.stringify(next));
}

/** The items shown, each as it was last changed, with the names shown beside it. */
function signature(results: SearchResults): string {
  return JSON.stringify(results.items.map(({ item, entityNames }) => [item.id, item.modified, entityNames]));
}
