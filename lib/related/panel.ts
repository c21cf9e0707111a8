/**
 * What the panel shows for an article, built from the ranked items. Fewer things, each about the story;
 * no item twice; plain words when the archive has nothing. Pure; the dates are parameters.
 * - This story: the archive's own item for this article.
 * - A borrowed take leads only when its item is in this story's `follows` chain, or is close by every
 *   measure (two central entities, a high text score, within 30 days before); otherwise no take leads.
 * - Closest stories: the few most relevant, with why.
 * - Earlier: what this follows, only items before the article, oldest first.
 * - Since then: on an older article, what came after it.
 * - Signals to watch, the most relevant first; "overdue" only where the archive holds items on their
 *   entities from after the deadline, else unresolved as of the archive's last update.
 */
import type { Item } from '../archive/schema';
import type { ArchiveStatus } from '../archive/views';
import type { SpottedEntity } from '../entities/analysis';
import type { CoverageEntry, RankedCoverage } from './coverage';
import { daysBetween, type RankedItem } from './rank';

export interface RelatedItem {
  item: Item;
  /** The entity ids it shares with the article. */
  why: string[];
  /** The article's words it shares (empty for an item this story names as its antecedent). */
  words: string[];
}

export type SignalStatus = 'open' | 'overdue' | 'unresolved' | 'confirmed' | 'refuted';

export interface SignalView {
  claim: string;
  by: string;
  status: SignalStatus;
  /** The item whose analysis named the signal. */
  from: { id: string; title: string; entities: string[] };
  /** The later item that settled it. */
  resolvedBy?: { id: string; title: string };
  /** Why it is still open past its date, where the archive says. */
  note?: string;
}

/**
 * The article as the panel names it: `published`, its day (YYYY-MM-DD, UTC) when the page says; `readWords`
 * when a very long page was read only in part.
 */
export interface PanelArticle {
  url: string;
  page: string;
  title: string;
  published?: string;
  readWords?: number;
}

/** What the sidebar shows for the article in its tab. */
export interface PanelContext {
  article: PanelArticle;
  /** Today, as the panel's dates are judged (YYYY-MM-DD). */
  today: string;
  entities: SpottedEntity[];
  /** This story's own item, or a take borrowed from its antecedent (labelled as that item's). */
  lead: { kind: 'own' | 'borrowed'; item: Item } | null;
  closest: RelatedItem[];
  /** What this follows, oldest first. */
  earlier: RelatedItem[];
  /** What came after the article, oldest first. */
  since: RelatedItem[];
  signals: SignalView[];
  /** News feeds' headlines on the same matter (lib/related/coverage.ts), oldest first: never a take, never signals. */
  coverage: { earlier: CoverageEntry[]; since: CoverageEntry[] };
  /**
   * The names of the entities the shown items name that the article does not (a relative the ranking read, such
   * as a model of a company the article names): each item says what it shares, and an export lists its
   * entities, by name, never by id.
   */
  names: Record<string, string>;
  status: ArchiveStatus;
}

/** How many items each section shows at most. */
export const CLOSEST_SIZE = 5;
export const EARLIER_SIZE = 8;
export const SINCE_SIZE = 5;
/** How many headlines beside them. */
export const COVERAGE_SIZE = 5;
/** A borrowed take's bar: a text score this high, and within this many days before the article. */
const BORROW_TEXT = 0.4;
const BORROW_DAYS = 30;

export interface PanelInput {
  article: PanelArticle;
  entities: SpottedEntity[];
  own: Item | undefined;
  /** The items this story follows (its own item's `follows`, and theirs), looked up by id. */
  follows: Item[];
  ranked: RankedItem[];
  /** News feeds' headlines, ranked beside the items (absent: none). */
  coverage?: RankedCoverage[];
  /** Titles of the items that resolved signals, by id. */
  titles: ReadonlyMap<string, string>;
  /** For each entity of a signal's item, the date of its newest item in the archive. */
  newest: ReadonlyMap<string, string>;
  /** Names of entities the article does not name, by id: those of the shown items are kept (`PanelContext.names`). */
  names?: ReadonlyMap<string, string>;
  status: ArchiveStatus;
  now: Date;
}

const byDate = (a: RelatedItem, b: RelatedItem) => (a.item.published < b.item.published ? -1 : a.item.published > b.item.published ? 1 : 0);

export function buildPanelContext(input: PanelInput): PanelContext {
  const today = input.now.toISOString().slice(0, 10);
  const day = input.article.published;
  const chain = new Set(input.follows.map((item) => item.id));
  // Before the article: an earlier day; the same day only for what this story says it follows.
  const isBefore = (item: Item) =>
    day === undefined ? item.published <= today : item.published < day || (item.published === day && chain.has(item.id));
  const mentioned = new Set(input.entities.map((e) => e.id));
  const ownId = input.own?.id;
  const relevant = input.ranked.filter((r) => r.relevant && r.item.id !== ownId);

  let lead: PanelContext['lead'] = input.own ? { kind: 'own', item: input.own } : null;
  if (!lead) {
    const borrowed = relevant.find(
      (r) =>
        isBefore(r.item) &&
        (chain.has(r.item.id) ||
          (r.centralShared >= 2 && r.text >= BORROW_TEXT && daysBetween(r.item.published, day ?? today) <= BORROW_DAYS)),
    );
    if (borrowed) lead = { kind: 'borrowed', item: borrowed.item };
  }

  const shown = new Set<string>(lead ? [lead.item.id] : []);
  const take = (list: RelatedItem[], size: number, from: Iterable<RelatedItem>) => {
    for (const entry of from) {
      if (list.length >= size) break;
      if (shown.has(entry.item.id)) continue;
      shown.add(entry.item.id);
      list.push(entry);
    }
    return list;
  };
  const asRelated = (r: RankedItem): RelatedItem => ({ item: r.item, why: r.why, words: r.words });
  const followed = input.follows
    .filter((item) => item.id !== ownId && isBefore(item))
    .map((item) => ({ item, why: item.entities.filter((id) => mentioned.has(id)), words: [] }));

  const before = relevant.filter((r) => isBefore(r.item) && !chain.has(r.item.id)).map(asRelated);
  const closest = take([], CLOSEST_SIZE, before);
  const earlier = take([], EARLIER_SIZE, [...followed, ...before]).sort(byDate);
  const since = take([], SINCE_SIZE, relevant.filter((r) => !isBefore(r.item)).map(asRelated)).sort(byDate);

  const signals = signalsOf([...(lead ? [lead.item] : []), ...closest.map((r) => r.item), ...earlier.map((r) => r.item)], input, today);
  // Headlines: the relevant ones, best first, before the article (an earlier day) or since; each list by date.
  const relevantCoverage = (input.coverage ?? []).filter((c) => c.relevant).sort((a, b) => b.score - a.score);
  const beforeDay = (published: string) => (day === undefined ? published <= today : published < day);
  const byDay = (a: CoverageEntry, b: CoverageEntry) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0);
  const coverage = {
    earlier: relevantCoverage
      .filter((c) => beforeDay(c.entry.published))
      .slice(0, COVERAGE_SIZE)
      .map((c) => c.entry)
      .sort(byDay),
    since: relevantCoverage
      .filter((c) => !beforeDay(c.entry.published))
      .slice(0, COVERAGE_SIZE)
      .map((c) => c.entry)
      .sort(byDay),
  };
  return {
    article: input.article,
    today,
    entities: input.entities,
    lead,
    closest,
    earlier,
    since,
    signals,
    coverage,
    names: Object.fromEntries(
      [...shownEntityIds({ entities: input.entities, lead, closest, earlier, since, coverage })].flatMap((id) => {
        const name = input.names?.get(id);
        return name === undefined ? [] : [[id, name]];
      }),
    ),
    status: input.status,
  };
}

/** The ids of the entities the shown items and headlines name, the article's own left out: those whose names the panel needs. */
export function shownEntityIds(
  context: Pick<PanelContext, 'entities' | 'lead' | 'closest' | 'earlier' | 'since' | 'coverage'>,
): Set<string> {
  const items = [
    ...(context.lead ? [context.lead.item] : []),
    ...[...context.closest, ...context.earlier, ...context.since].map((r) => r.item),
  ];
  const ids = new Set([
    ...items.flatMap((item) => item.entities),
    ...[...context.coverage.earlier, ...context.coverage.since].flatMap((c) => c.why),
  ]);
  for (const entity of context.entities) ids.delete(entity.id);
  return ids;
}

/** Every entity's name a panel shows, by id: the article's, then the others its items name. */
export function panelNames(context: Pick<PanelContext, 'entities' | 'names'>): Map<string, string> {
  return new Map([...Object.entries(context.names ?? {}), ...context.entities.map((e) => [e.id, e.name] as const)]);
}

/** How many archive items a panel shows beside this story's own (a borrowed take's item counts: it is not this story's). */
export function relatedCount(
  context: Pick<PanelContext, 'lead' | 'closest' | 'earlier' | 'since'> & Partial<Pick<PanelContext, 'coverage'>>,
): number {
  const coverage = (context.coverage?.earlier.length ?? 0) + (context.coverage?.since.length ?? 0);
  return context.closest.length + context.earlier.length + context.since.length + coverage + (context.lead?.kind === 'borrowed' ? 1 : 0);
}

/**
 * How many archive items a panel shows, this story's own item included: 0 when the archive has nothing on the
 * story (the tab is dimmed and the panel says so). Its own item alone is something: it carries the take.
 */
export function shownCount(context: Parameters<typeof relatedCount>[0]): number {
  return relatedCount(context) + (context.lead?.kind === 'own' ? 1 : 0);
}

/** The signals the shown items named, in the order of the items (most relevant first), each judged. */
function signalsOf(items: Item[], input: PanelInput, today: string): SignalView[] {
  const seen = new Set<string>();
  const out: SignalView[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    for (const signal of item.signals) {
      let status: SignalStatus = signal.status;
      if (signal.status === 'open' && signal.by < today) {
        // Overdue only where the archive has looked past the date: items on these names after it.
        const covered = item.entities.some((id) => (input.newest.get(id) ?? '') > signal.by);
        status = covered ? 'overdue' : 'unresolved';
      }
      const resolvedTitle = signal.resolvedBy ? input.titles.get(signal.resolvedBy) : undefined;
      out.push({
        claim: signal.claim,
        by: signal.by,
        status,
        from: { id: item.id, title: item.title, entities: item.entities },
        ...(signal.resolvedBy && resolvedTitle ? { resolvedBy: { id: signal.resolvedBy, title: resolvedTitle } } : {}),
        ...(signal.note ? { note: signal.note } : {}),
      });
    }
  }
  return out;
}
