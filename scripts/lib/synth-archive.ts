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

/**
 * An entity tree as real news has one: the 20 commonest entities are parents, and each of the next
 * entities up to 400 is a child of one of them (OpenAI has dozens of children: products, models, people).
 */
export function synthEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `synth-entity-${i}`,
    name: `Synth Entity ${i}`,
    type: 'company' as const,
    aliases: [`SE${i}`],
    ambiguous: [],
    description: `Synthetic entity number ${i}.`,
    ...(i >= PARENTS && i < CHILDREN_UP_TO ? { parent: `synth-entity-${i % PARENTS}` } : {}),
  }));
}
const PARENTS = 20;
const CHILDREN_UP_TO = 400;

/**
 * Words for titles and summaries, drawn Zipf-like from a vocabulary of news words and made-up ones, so
 * that the text score and the term statistics work on text of real length and real skew: a title of
 * 8-14 words, a summary of 40-70, a take of 25-40 (as the archive's own items).
 */
const NEWS_WORDS =
  'raises funding round valuation launches model agent chips data center cloud deal acquires lawsuit court ruling regulator ban export controls security breach users subscribers revenue layoffs hires executive chief partnership investment billion million startup open weights benchmark reasoning coding assistant search ads privacy antitrust probe fine policy government contract defense robotics autonomous vehicles energy nuclear compute shortage prices app store browser device glasses phone release update pause delay settlement'.split(
    ' ',
  );
const VOCABULARY = [...NEWS_WORDS, ...Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`)];

function synthText(words: number, draw: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCABULARY[draw()] as string);
  return out.join(' ');
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
  const drawWord = zipfSampler(VOCABULARY.length, rand);
  const text = (min: number, max: number) => synthText(min + Math.floor(rand() * (max - min + 1)), drawWord);
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
      title: `Story ${n}: ${text(8, 14)}`,
      published,
      summary: text(40, 70),
      take: text(25, 40),
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
