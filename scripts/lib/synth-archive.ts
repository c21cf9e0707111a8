/**
 * Synthetic archives for benchmarks only (never shipped): N items over a set of entities, with entity
 * frequencies skewed as in real news (Zipf-like: the most common entity is in more than a tenth of all
 * items). Deterministic for a given seed. Pure, so it runs in Node and inside the service worker.
 */
import type { ArchiveDocument, Entity, Item } from '../../lib/archive/schema';

/** A small fast PRNG (mulberry32): the same seed gives the same archive. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SynthOptions {
  items: number;
  /** Entity ids to draw from, most common first; synthetic ones when omitted. */
  entityIds?: string[];
  /** How many synthetic entities, when `entityIds` is omitted. */
  entities?: number;
  seed?: number;
  /** Ids start here, so successive pages of one archive do not collide. */
  offset?: number;
  /**
   * `chronological` (the default): item n is dated as an archive that grows by date would date it (a
   * million items over the span, give or take a week), as news and a sync feed's pages come. `random`:
   * any day of the span, the worst case for the posting lists (every page lands all along them).
   */
  order?: 'chronological' | 'random';
}

export function synthEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `synth-entity-${i}`,
    name: `Synth Entity ${i}`,
    type: 'company' as const,
    aliases: [`SE${i}`],
    ambiguous: [],
    description: `Synthetic entity number ${i}.`,
  }));
}

/** Draws entity indices with probability proportional to 1/(rank+1): a few are very common. */
function zipfSampler(n: number, rand: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1);
    cumulative[i] = sum;
  }
  return () => {
    const target = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const DAY_MS = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const SPAN_DAYS = 1400;

export function synthItems(options: SynthOptions): Item[] {
  const rand = random(options.seed ?? 1);
  const ids = options.entityIds ?? synthEntities(options.entities ?? 2000).map((e) => e.id);
  const draw = zipfSampler(ids.length, rand);
  const offset = options.offset ?? 0;
  const items: Item[] = new Array(options.items);
  for (let i = 0; i < options.items; i++) {
    const n = offset + i;
    const day =
      options.order === 'random'
        ? Math.floor(rand() * SPAN_DAYS)
        : Math.min(SPAN_DAYS, Math.floor((n * SPAN_DAYS) / 1_000_000 + rand() * 7));
    const published = new Date(START + day * DAY_MS).toISOString().slice(0, 10);
    const mentions = new Set<string>();
    const k = 2 + Math.floor(rand() * 4);
    while (mentions.size < k) mentions.add(ids[draw()] as string);
    items[i] = {
      id: `synth-item-${n}`,
      url: `https://techcrunch.com/synth/${n}/`,
      title: `Synthetic story ${n}`,
      published,
      summary: `A synthetic summary for benchmark item ${n}.`,
      take: 'A synthetic analyst take.',
      signals: [],
      coverage: [{ outlet: 'Synthetic', headline: `Synthetic story ${n}`, published, checked: 'recall' }],
      entities: [...mentions],
      follows: [],
      modified: '2026-01-01T00:00:00Z',
      deleted: false,
    };
  }
  return items;
}

export function synthArchive(options: SynthOptions): ArchiveDocument {
  const entities = synthEntities(options.entities ?? 2000);
  return {
    format: 'backstory-archive',
    version: 1,
    generated: '2026-01-01T00:00:00Z',
    asOf: '2026-11-01',
    entities,
    items: synthItems({ ...options, entityIds: entities.map((e) => e.id) }),
  };
}
