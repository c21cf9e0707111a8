/**
 * What the panel shows for an article, built from the ranked items. Pure; the clock is a parameter.
 * - The lead: the archive's item about this very article, or else the most relevant related item's
 *   take, labelled as borrowed so it is never mistaken for this article's.
 * - The timeline: what this follows, oldest first (the lead's own `follows` first among equals).
 * - The signals to watch, with their deadlines, and overdue once a deadline has passed unresolved.
 */
import type { Item } from '../archive/schema';
import type { ArchiveStatus } from '../archive/views';
import type { SpottedEntity } from '../entities/analysis';
import type { RankedItem } from './rank';

export interface RelatedItem {
  item: Item;
  /** The entity ids it shares with the article. */
  why: string[];
}

export interface SignalView {
  claim: string;
  by: string;
  status: 'open' | 'overdue' | 'confirmed' | 'refuted';
  /** The item whose analysis named the signal. */
  from: { id: string; title: string };
  /** The later item that settled it. */
  resolvedBy?: { id: string; title: string };
}

/** What the sidebar shows for the article in its tab. */
export interface PanelContext {
  article: { url: string; page: string; title: string };
  /** Today, as the panel's dates are judged (YYYY-MM-DD). */
  today: string;
  entities: SpottedEntity[];
  /** This story's own item, or the closest related item's (borrowed: its take is labelled as its). */
  lead: { kind: 'own' | 'borrowed'; item: Item } | null;
  timeline: RelatedItem[];
  signals: SignalView[];
  status: ArchiveStatus;
}

/** How many items the timeline shows. */
export const TIMELINE_SIZE = 12;

export interface PanelInput {
  article: { url: string; page: string; title: string };
  entities: SpottedEntity[];
  own: Item | undefined;
  /** The items the own item says it follows (looked up by id). */
  follows: Item[];
  ranked: RankedItem[];
  /** Titles of the items that resolved signals, by id. */
  titles: ReadonlyMap<string, string>;
  status: ArchiveStatus;
  now: Date;
}

export function buildPanelContext(input: PanelInput): PanelContext {
  const today = input.now.toISOString().slice(0, 10);
  const top = input.ranked[0];
  const lead = input.own ? { kind: 'own' as const, item: input.own } : top ? { kind: 'borrowed' as const, item: top.item } : null;
  const mentioned = new Set(input.entities.map((e) => e.id));

  const picked = new Map<string, RelatedItem>();
  for (const item of input.follows) picked.set(item.id, { item, why: item.entities.filter((id) => mentioned.has(id)) });
  for (const { item, why } of input.ranked) {
    if (picked.size >= TIMELINE_SIZE) break;
    if (lead?.kind === 'own' && item.id === lead.item.id) continue;
    if (!picked.has(item.id)) picked.set(item.id, { item, why });
  }
  const timeline = [...picked.values()].sort((a, b) =>
    a.item.published < b.item.published ? -1 : a.item.published > b.item.published ? 1 : 0,
  );

  const sources = [...(lead ? [lead.item] : []), ...timeline.map((r) => r.item)];
  const seen = new Set<string>();
  const signals: SignalView[] = [];
  for (const item of sources) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    for (const signal of item.signals) {
      const status = signal.status === 'open' && signal.by < today ? 'overdue' : signal.status;
      const resolvedTitle = signal.resolvedBy ? input.titles.get(signal.resolvedBy) : undefined;
      signals.push({
        claim: signal.claim,
        by: signal.by,
        status,
        from: { id: item.id, title: item.title },
        ...(signal.resolvedBy && resolvedTitle ? { resolvedBy: { id: signal.resolvedBy, title: resolvedTitle } } : {}),
      });
    }
  }
  // Open ones first, soonest deadline first; then the settled and the overdue.
  const order = { open: 0, overdue: 1, confirmed: 2, refuted: 2 } as const;
  signals.sort((a, b) => order[a.status] - order[b.status] || (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));

  return { article: input.article, today, entities: input.entities, lead, timeline, signals, status: input.status };
}
