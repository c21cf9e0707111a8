/**
 * Searching the archive: items by their words (prefix and typo-tolerant), entities by name, alias, ticker or
 * native-script name, and the filters (lib/search/query.ts). It reads only what it answers from: the search
 * index's posting lists (built by the fold job, fold.ts), a slice of the vocabulary (the `terms` store's keys,
 * which are also the ranking's document frequencies), and the few items it returns.
 *
 * Why posting lists in IndexedDB and no library: measured at 100k documents (docs/benchmarks.md), every
 * library index had to be loaded whole before its first answer (MiniSearch 10 s, Orama 15-20 s, FlexSearch
 * 0.6 s without prefixes or typos), and a popup opens cold. A term's list here is read from its newest
 * block, so the first results need a few reads whatever the archive's size; typos are matched against the
 * vocabulary's terms that begin with the word's first letter, read once and kept in memory.
 *
 * The same code runs in the worker and in the popup, which may open the database itself (read only) to
 * answer before the worker wakes.
 */

import type { IDBPTransaction } from 'idb';
import {
  inRange,
  type ParsedQuery,
  parseQuery,
  type QueryWord,
  queryWords,
  rangeIsEmpty,
  type SearchFilters,
  typoBudget,
  withinEdits,
} from '../search/query';
import { termSet } from '../search/terms';
import type { ArchiveDatabase, ArchiveDB, StoredEntity } from './db';
import type { HeadlineRecord } from './headlines';
import { foldSurface } from './integrity';
import type { Posting } from './postings';
import { BLOCK_MAX, comparePostings, EVERY_ITEM } from './postings';
import type { Entity, EntityType, Item } from './schema';
import { asItem, asPostingsStore, blocksIn, HEADLINE_COUNT, headlineCountIn, itemCounts, lastBlocks, newestPostings } from './store';
import { type DocKind, searchList, TERM_TOTALS, totalsIn } from './term-stats';

/** What a search answers. */
export interface SearchResults {
  items: ItemHit[];
  /** News feeds' headlines holding the words (none for the empty query: the newest items stand alone). */
  headlines: HeadlineHit[];
  entities: EntityHit[];
  /** The terms each result matched, and the prefixes being typed: for marking the words. */
  matched: string[];
  prefixes: string[];
  /** Filter words that meant nothing. */
  ignored: string[];
  /**
   * More items match than are shown (the best `limit`), or may: some candidates were left unchecked against a
   * filter their lists do not answer (CHECKED). The reader is told, and may narrow the search.
   */
  more?: boolean;
  /** The dates leave no day between them (`from` after `to`): nothing can match, and the reader is told why. */
  emptyRange?: boolean;
  /**
   * The filters the reader typed as words (`entity:openai from:2026-05`) that are in effect, the entity by its name:
   * the popup's own filter controls do not show them, so it says them.
   */
  typed?: SearchFilters;
}

export interface ItemHit {
  item: Item;
  /** The names of its entities, in its order. */
  entityNames: string[];
}

/** A headline as a result shows it: what it is, where it was, and its link (http(s), checked where it entered). */
export interface HeadlineHit {
  headline: Pick<HeadlineRecord, 'key' | 'url' | 'headline' | 'outlet' | 'published' | 'summary'>;
  /** The names of its entities. */
  entityNames: string[];
}

export interface EntityHit {
  entity: Entity;
  /** How many items mention it. */
  items: number;
}

/** What a search keeps between two queries (a popup's session, or the worker until the archive is written). */
export interface SearchMemory {
  entities?: Promise<EntitySurfaces>;
  /** The vocabularies' terms (the items', the headlines') by first character, with their counts, read on demand. */
  shards: Map<string, Promise<Map<string, number>>>;
  /**
   * The terms a word is a typo away from, by vocabulary and word: found in its shard once, as the reader goes
   * on typing after it (each key runs the query again). Kept as long as the shards are.
   */
  near?: Map<string, [term: string, count: number][]>;
}

export function newSearchMemory(): SearchMemory {
  return { shards: new Map() };
}

interface EntitySurfaces {
  list: { entity: Entity; surfaces: string[] }[];
  byId: Map<string, Entity>;
}

/**
 * How many of a term's newest postings a query reads for its candidates, and for a term a prefix or a typo
 * stands for: results come newest first, so the newest suffice. Each list is one backwards read of a few
 * blocks; at 2,000 a query read up to 24,000 postings for a prefix (348 ms p95 at 20k items, docs/benchmarks.md).
 */
const PER_TERM = 320;
const PER_EXPANSION = 128;
/**
 * The share of those the rarest word's lists are read first (the rest only when the join leaves too few). At
 * 100k items, four alternated runs: the query's median 7.2-8.7 -> 5.6-7.6 ms, p95 15.5-20.9 -> 14.6-19.3 ms,
 * the same number of results (docs/benchmarks.md).
 */
const FIRST_SHARE = 0.5;
/** A word whose lists hold more than this is checked on the candidates' own terms instead of read. */
const LIST_MAX = 640;
/** How many terms a word may stand for (its prefix or typo matches), the most frequent kept. */
const EXPANSIONS = 12;
/**
 * How many candidates are checked against a very common word's terms at most, newest first, a slice at a time;
 * and how many items are read at most to check a type their lists do not answer (an entity of another type chosen
 * with it): each is a read, and 300 keeps the worst case to a few round trips.
 */
const CHECKED = 300;
const CHECK_SLICE = 40;
/** The most postings one term's range read takes for the join of a common word; past it, candidates are checked one by one. */
const RANGE_MAX = 20_000;
const ENTITY_HITS = 5;
/** How many headlines a search shows at most, after the items. */
const HEADLINE_HITS = 10;

/** Where a kind of document's vocabulary is: the items' is also the ranking's frequencies. */
type Vocabulary = 'terms' | 'headlineTerms';
/** The query's reads of the vocabularies and the counts. */
type VocabularyTransaction = IDBPTransaction<ArchiveDB, ('terms' | 'headlineTerms' | 'meta')[], 'readonly'>;
const VOCABULARY: Record<DocKind, Vocabulary> = { item: 'terms', headline: 'headlineTerms' };

export interface SearchOptions {
  limit?: number;
  /** Filters chosen in the interface; they add to those typed. */
  filters?: Partial<Pick<ParsedQuery, 'entity' | 'type' | 'from' | 'to'>>;
  memory?: SearchMemory;
}

/** A word and the terms it stands for, each with its weight (exact 1, prefix 0.7, typo 0.5) and frequency. */
interface Expanded {
  word: QueryWord;
  terms: Map<string, { weight: number; df: number }>;
  df: number;
}

/** Of the filters typed as words, those in effect (a chosen one wins over a typed one), the entity by its name. */
function typedFilters(typed: SearchFilters, parsed: SearchFilters, entityName: string | undefined): SearchFilters | undefined {
  const out: SearchFilters = {};
  if (typed.entity !== undefined && typed.entity === parsed.entity && entityName) out.entity = entityName;
  if (typed.type !== undefined && typed.type === parsed.type) out.type = typed.type;
  if (typed.from !== undefined && typed.from === parsed.from) out.from = typed.from;
  if (typed.to !== undefined && typed.to === parsed.to) out.to = typed.to;
  return Object.keys(out).length > 0 ? out : undefined;
}

export async function searchArchive(db: ArchiveDatabase, text: string, options: SearchOptions = {}): Promise<SearchResults> {
  const limit = options.limit ?? 20;
  const memory = options.memory ?? newSearchMemory();
  const typedQuery = parseQuery(text);
  const parsed = { ...typedQuery, ...stripUndefined(options.filters ?? {}) };
  const words = queryWords(parsed);
  // The empty query (the popup's first results) needs no entity but those of the items it shows: it does not
  // wait for every entity record to be read (the popup's first answer, docs/benchmarks.md).
  const plain = words.length === 0 && !parsed.entity && !parsed.type;
  if (!plain) memory.entities ??= loadEntities(db);
  const entities = memory.entities ? await memory.entities : emptySurfaces();
  const entityHits = matchEntities(entities, words, parsed.type);
  const filterEntity = parsed.entity ? resolveEntity(entities, parsed.entity) : undefined;
  const result: SearchResults = {
    items: [],
    headlines: [],
    entities: [],
    matched: [],
    prefixes: words.filter((w) => w.prefix).map((w) => w.folded),
    ignored: parsed.ignored,
    ...(rangeIsEmpty(parsed) ? { emptyRange: true } : {}),
  };
  if (parsed.entity && !filterEntity) {
    result.ignored.push(`entity:${parsed.entity}`);
  }
  const typed = typedFilters(typedQuery, parsed, filterEntity?.name);
  if (typed) result.typed = typed;
  // The words' terms in both vocabularies, and the counts, in one transaction (each is a round trip to the
  // browser's database process); the headlines are searched beside the items, their reads overlapping.
  const vocabulary = words.length === 0 ? undefined : db.transaction(['terms', 'headlineTerms', 'meta']);
  const headlinesFound = vocabulary
    ? searchHeadlines(db, vocabulary, words, parsed, entities, filterEntity, memory, Math.min(limit, HEADLINE_HITS))
    : undefined;
  const [expanded, totals] = !vocabulary
    ? [[], undefined]
    : await Promise.all([
        Promise.all(words.map((word) => expand(db, vocabulary, word, memory, 'item'))),
        vocabulary.objectStore('meta').get(TERM_TOTALS),
      ]);
  result.matched = [...new Set(expanded.flatMap((e) => [...e.terms.keys()]))];
  const docs = Math.max(1, totalsIn(totals).docs);

  let ids: Candidate[];
  // The candidates hold the filters' type already (else each item read is checked, as many as CHECKED).
  let typeHolds = parsed.type === undefined;
  // The empty query's reads (the newest postings, their items, their entities' names) in one transaction:
  // each transaction is a round trip to the browser's database process before the popup's first answer.
  const reads = words.length === 0 ? db.transaction(['postings', 'items', 'entities']) : undefined;
  const searchable = expanded.filter((e) => e.terms.size > 0);
  if (words.length > 0 && searchable.length < words.length) {
    // A word matches nothing: no item holds them all. Its entity's newest items, when it names one exactly,
    // within the filter's entity too (matchEntities kept only entities of the filter's type).
    const exact = entityHits.find((hit) => hit.exact);
    typeHolds = true;
    const lists =
      exact && filterEntity && filterEntity.id !== exact.entity.id ? [exact.entity.id, filterEntity.id] : exact ? [exact.entity.id] : [];
    ids =
      lists.length > 0 && words.length === 1
        ? await newestListed(db.transaction('postings').store, { all: lists }, limit + 1, parsed.to)
        : [];
  } else if (words.length === 0) {
    // The filters' own lists: the entity's, or every item of the type's (each of its entities' lists), or every
    // item's; `to` read back from. Only an entity of another type than the filter's leaves items to check.
    const source: ListSource = filterEntity
      ? { all: [filterEntity.id] }
      : parsed.type
        ? { any: entities.list.filter((e) => e.entity.type === parsed.type).map((e) => e.entity.id) }
        : { all: [EVERY_ITEM] };
    typeHolds = typeHolds || !filterEntity || filterEntity.type === parsed.type;
    ids = await newestListed(
      (reads ?? db.transaction('postings')).objectStore('postings'),
      source,
      typeHolds ? limit + 1 : CHECKED,
      parsed.to,
    );
  } else {
    const filtered = parsed.type !== undefined || parsed.from !== undefined || parsed.to !== undefined;
    ids = await matchDocs(db, 'item', searchable, docs, filtered ? CHECKED : limit * 3, {
      entityId: filterEntity?.id,
      shown: filtered ? CHECKED : limit,
    });
  }
  ids = ids.filter((hit) => inRange(hit.published, parsed));
  const shownEntities = entityHits.slice(0, ENTITY_HITS);
  // The entities' counts asked beside the items (a transaction of their own, answered in the same wait).
  const counting =
    shownEntities.length === 0
      ? Promise.resolve([])
      : itemCounts(
          db,
          shownEntities.map((hit) => hit.entity.id),
        );
  counting.catch(() => undefined); // Awaited below; not reported as unhandled meanwhile.
  const tx = reads ?? db.transaction(['items', 'entities']);
  /** Whether an item is one the filters allow (the lists read say so; checked again on the record, which costs nothing). */
  const allowed = (item: Item): boolean =>
    (!filterEntity || item.entities.includes(filterEntity.id)) &&
    (typeHolds || item.entities.some((id) => entities.byId.get(id)?.type === parsed.type));
  // The candidates' records, a slice at a time until one more than are shown is allowed: `limit` records when the
  // lists hold the filters, else up to CHECKED (each a read; the reader is told when some were left unchecked).
  const step = typeHolds ? limit : limit * 5;
  const readMax = Math.min(ids.length, typeHolds ? limit : CHECKED);
  const items: Item[] = [];
  let read = 0;
  while (read < readMax && items.length <= limit) {
    const slice = ids.slice(read, Math.min(read + step, readMax));
    read += slice.length;
    const stored = await Promise.all(slice.map((hit) => tx.objectStore('items').get(hit.id)));
    for (const s of stored) {
      if (!s || s.deleted) continue;
      const item = asItem(s);
      if (allowed(item)) items.push(item);
    }
  }
  // Names of the shown items' entities not in memory (the empty query's): read by id, a few records.
  const unnamed = [...new Set(items.flatMap((item) => item.entities))].filter((id) => !entities.byId.has(id));
  if (unnamed.length > 0) {
    const named = tx.objectStore('entities');
    for (const found of await Promise.all(unnamed.map((id) => named.get(id)))) {
      if (found) entities.byId.set(found.id, withoutSurfaces(found));
    }
  }
  result.items = byTitle(items, searchable)
    .slice(0, limit)
    .map((item) => ({ item, entityNames: namesOf(item.entities, entities, filterEntity) }));
  if (items.length > limit || ids.length > read) result.more = true;
  const counted = await counting;
  result.entities = shownEntities.map((hit, i) => ({ entity: hit.entity, items: counted[i] ?? 0 }));
  if (headlinesFound) {
    const found = await headlinesFound;
    result.headlines = found.hits;
    result.matched = [...new Set([...result.matched, ...found.matched])];
  }
  // Read now, after the first answer, for the words the reader types next (read again next time if it fails).
  if (!memory.entities) {
    const loading = loadEntities(db);
    memory.entities = loading;
    loading.catch(() => {
      if (memory.entities === loading) memory.entities = undefined;
    });
  }
  return result;
}

/**
 * Of the items read, those whose title holds more of the query's words first ("claude cod": a story about
 * Claude Code before one that names it in passing); among equals the index's order (its score, then the
 * newest). Only the page of results read is reordered: the titles are in the records it has already.
 */
function byTitle(items: Item[], words: readonly Expanded[]): Item[] {
  if (words.length === 0) return items;
  const inTitle = (item: Item): number => {
    const held = termSet(item.title);
    return words.filter((word) => [...word.terms.keys()].some((term) => held.has(term))).length;
  };
  return items
    .map((item, at) => ({ item, at, count: inTitle(item) }))
    .sort((a, b) => b.count - a.count || a.at - b.at)
    .map(({ item }) => item);
}

/** A result's entities by name, the one filtered by first: the reader sees why each result is there. */
function namesOf(ids: readonly string[], entities: EntitySurfaces, filterEntity: Entity | undefined): string[] {
  // First only when the result names it: the filters should make every result do so, and the label must stay true if one does not.
  const ordered = filterEntity && ids.includes(filterEntity.id) ? [filterEntity.id, ...ids.filter((id) => id !== filterEntity.id)] : ids;
  return ordered.flatMap((id) => {
    const entity = entities.byId.get(id);
    return entity ? [entity.name] : [];
  });
}

/**
 * The headlines holding every word, as items are matched (their own lists and vocabulary), newest first
 * among equals; the filters applied to the records read (a headline names its entities itself).
 */
async function searchHeadlines(
  db: ArchiveDatabase,
  vocabulary: VocabularyTransaction,
  words: readonly QueryWord[],
  parsed: Pick<ParsedQuery, 'type' | 'from' | 'to'>,
  entities: EntitySurfaces,
  filterEntity: Entity | undefined,
  memory: SearchMemory,
  limit: number,
): Promise<{ hits: HeadlineHit[]; matched: string[] }> {
  const [expanded, counted] = await Promise.all([
    Promise.all(words.map((word) => expand(db, vocabulary, word, memory, 'headline'))),
    vocabulary.objectStore('meta').get(HEADLINE_COUNT),
  ]);
  const count = headlineCountIn(counted);
  if (expanded.some((e) => e.terms.size === 0)) return { hits: [], matched: [] };
  const filtered = parsed.type !== undefined || parsed.from !== undefined || parsed.to !== undefined || filterEntity !== undefined;
  const ids = (
    await matchDocs(db, 'headline', expanded, Math.max(1, count), filtered ? CHECKED : limit * 3, { shown: filtered ? CHECKED : limit })
  ).filter((hit) => inRange(hit.published, parsed));
  const store = db.transaction('headlines').store;
  const records = await Promise.all(ids.slice(0, filtered ? limit * 5 : limit).map((hit) => store.get(hit.id)));
  const hits = records
    .filter((record): record is HeadlineRecord => record !== undefined && !record.curated)
    .filter((record) => !filterEntity || record.entities.includes(filterEntity.id))
    .filter((record) => !parsed.type || record.entities.some((id) => entities.byId.get(id)?.type === parsed.type))
    .slice(0, limit)
    .map(({ key, url, headline, outlet, published, summary, entities: ids }) => ({
      headline: { key, url, headline, outlet, published, summary },
      entityNames: namesOf(ids, entities, filterEntity),
    }));
  return { hits, matched: [...new Set(expanded.flatMap((e) => [...e.terms.keys()]))] };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

function emptySurfaces(): EntitySurfaces {
  return { list: [], byId: new Map() };
}

function withoutSurfaces({ surfaceKeys: _, ...entity }: StoredEntity): Entity {
  return entity;
}

async function loadEntities(db: ArchiveDatabase): Promise<EntitySurfaces> {
  const stored = await db.getAll('entities');
  const list = stored.map(({ surfaceKeys, ...entity }: StoredEntity) => ({ entity: entity as Entity, surfaces: surfaceKeys }));
  return { list, byId: new Map(list.map((e) => [e.entity.id, e.entity])) };
}

/** An entity named by a filter: its id, or a name or alias (folded), or a name's prefix. */
function resolveEntity(entities: EntitySurfaces, value: string): Entity | undefined {
  const folded = foldSurface(value);
  const byId = entities.byId.get(value.toLowerCase().replace(/\s+/g, '-'));
  if (byId) return byId;
  return (
    entities.list.find((e) => e.surfaces.includes(folded))?.entity ??
    entities.list.find((e) => e.surfaces.some((s) => s.startsWith(folded)))?.entity
  );
}

/**
 * Entities whose name or an alias the query names: the whole query as one name (exact, then a prefix of
 * it, then a prefix of one of its words), else a word with a typo. Exact names first.
 */
function matchEntities(entities: EntitySurfaces, words: readonly QueryWord[], type?: EntityType): { entity: Entity; exact: boolean }[] {
  if (words.length === 0) return [];
  const phrase = foldSurface(words.map((w) => w.raw).join(' '));
  const inner = ` ${phrase}`;
  const scored: { entity: Entity; score: number; exact: boolean }[] = [];
  const unmatched: { entity: Entity; surfaces: string[] }[] = [];
  for (const named of entities.list) {
    if (type && named.entity.type !== type) continue;
    let score = 0;
    for (const surface of named.surfaces) {
      if (surface === phrase) score = Math.max(score, 4);
      else if (surface.startsWith(phrase)) score = Math.max(score, 3);
      else if (surface.includes(inner)) score = Math.max(score, 2);
    }
    if (score > 0) scored.push({ entity: named.entity, score, exact: score === 4 });
    else unmatched.push(named);
  }
  // Typos only when fewer names match better than a typo would show (the edit distance is the costly part),
  // and among names with the phrase's first letter, as terms are looked for in the vocabulary's shard.
  const budget = typoBudget(phrase);
  if (budget > 0 && scored.length < ENTITY_HITS) {
    for (const { entity, surfaces } of unmatched) {
      if (surfaces.some((surface) => surface[0] === phrase[0] && withinEdits(surface, phrase, budget))) {
        scored.push({ entity, score: 1, exact: false });
      }
    }
  }
  return scored.sort((a, b) => b.score - a.score || a.entity.name.length - b.entity.name.length);
}

/** The shards whose read is done, by their promise in a memory: a word being typed is completed from one at once. */
const shardsRead = new WeakMap<Promise<Map<string, number>>, Map<string, number>>();

/** A vocabulary's terms beginning with a character, with their counts, read once per memory (again after a failed read). */
function shard(db: ArchiveDatabase, memory: SearchMemory, vocabulary: Vocabulary, first: string): Promise<Map<string, number>> {
  const key = `${vocabulary}:${first}`;
  let found = memory.shards.get(key);
  if (!found) {
    const range = IDBKeyRange.bound(first, `${first}\uffff`);
    const store = db.transaction(vocabulary).store;
    const reading: Promise<Map<string, number>> = Promise.all([store.getAllKeys(range), store.getAll(range)]).then(
      ([keys, counts]) => {
        const terms = new Map(keys.map((term, i) => [term, counts[i] as number]));
        shardsRead.set(reading, terms);
        return terms;
      },
      (error: unknown) => {
        if (memory.shards.get(key) === reading) memory.shards.delete(key);
        throw error;
      },
    );
    found = reading;
    memory.shards.set(key, found);
  }
  return found;
}

/** How many of a word's completions one range read takes; past them, its first letter's shard is read for the next keys. */
const COMPLETIONS_READ = 400;

/** The terms a word stands for: its own, then (being typed) those it begins, then (else nothing) those a typo away. */
async function expand(
  db: ArchiveDatabase,
  vocabulary: VocabularyTransaction,
  word: QueryWord,
  memory: SearchMemory,
  kind: DocKind,
): Promise<Expanded> {
  const out: Expanded = { word, terms: new Map(), df: 0 };
  const vocabularyName = VOCABULARY[kind];
  // Requests on the shared transaction are made only right after its own answers (idb keeps it open so).
  const tx = { store: vocabulary.objectStore(vocabularyName) };
  // The word being typed: its completions asked with its own term, in the same round trip to the database; or,
  // when its first letter's shard is in memory (read for a typo, or for a word with more completions than one
  // read takes), found there: every completion with its count, and no read.
  const completing = word.terms.length <= 1 && word.prefix && word.folded.length >= 2;
  const first = word.folded[0] as string;
  const held = completing ? memory.shards.get(`${vocabularyName}:${first}`) : undefined;
  const inMemory = held && shardsRead.get(held);
  const range = completing && !inMemory ? IDBKeyRange.bound(word.folded, `${word.folded}\uffff`) : undefined;
  const [exact, keys, counts] = await Promise.all([
    Promise.all(word.terms.map((term) => tx.store.get(term))),
    range ? tx.store.getAllKeys(range, COMPLETIONS_READ) : [],
    range ? tx.store.getAll(range, COMPLETIONS_READ) : [],
  ]);
  word.terms.forEach((term, i) => {
    if (exact[i]) out.terms.set(term, { weight: 1, df: exact[i] as number });
  });
  // A CJK word gives several pairs, all required: treated as one word whose terms must all match.
  if (word.terms.length > 1) {
    if (out.terms.size < word.terms.length) out.terms.clear();
    out.df = Math.min(...[...out.terms.values()].map((t) => t.df), Number.POSITIVE_INFINITY);
    return out;
  }
  if (completing) {
    const found = inMemory
      ? [...inMemory].filter(([term]) => term.startsWith(word.folded))
      : keys.map((term, i) => [term, counts[i] as number] as const);
    const ranked = found.sort((a, b) => b[1] - a[1]);
    for (const [term, df] of ranked.slice(0, EXPANSIONS)) if (!out.terms.has(term)) out.terms.set(term, { weight: 0.7, df });
    // More completions than one read takes (a short prefix): the most frequent may be past them. The shard is
    // read for the next keys, not waited for.
    if (keys.length === COMPLETIONS_READ) shard(db, memory, vocabularyName, first).catch(() => undefined);
  }
  if (out.terms.size === 0 && typoBudget(word.folded) > 0 && word.folded[0]) {
    const budget = typoBudget(word.folded);
    const stem = word.terms[0];
    const key = `${vocabularyName}:${word.folded}:${stem ?? ''}`;
    memory.near ??= new Map();
    let ranked = memory.near.get(key);
    if (!ranked) {
      ranked = [...(await shard(db, memory, vocabularyName, word.folded[0]))]
        .filter(([term]) => withinEdits(term, word.folded, budget) || (stem !== undefined && withinEdits(term, stem, budget)))
        .sort((a, b) => b[1] - a[1]);
      memory.near.set(key, ranked);
    }
    for (const [term, df] of ranked.slice(0, EXPANSIONS)) if (df > 0) out.terms.set(term, { weight: 0.5, df });
  }
  out.df = [...out.terms.values()].reduce((n, t) => n + t.df, 0);
  return out;
}

function idfOf(df: number, docs: number): number {
  return Math.log(1 + (docs - Math.min(df, docs) + 0.5) / (Math.min(df, docs) + 0.5));
}

/**
 * The documents of a kind holding every word (one of each word's terms), scored by the words' weights and
 * rarity, the newest first among equals. The rarest word's lists give the candidates; each other word's lists are
 * read too when short, and when long (a very common word) the newest candidates' own terms are checked.
 */
async function matchDocs(
  db: ArchiveDatabase,
  kind: DocKind,
  words: Expanded[],
  docs: number,
  enough: number,
  { entityId, shown }: { entityId?: string | undefined; shown: number },
): Promise<Candidate[]> {
  const sorted = [...words].sort((a, b) => a.df - b.df);
  const tx = db.transaction(['search', 'postings', kind === 'item' ? 'itemTerms' : 'headlines']);
  const search = asPostingsStore(tx.objectStore('search'));
  /** A document's own terms, joined by spaces. */
  const termsOf = async (id: string): Promise<string | undefined> =>
    kind === 'item' ? tx.objectStore('itemTerms').get(id) : (await tx.objectStore('headlines').get(id))?.termText;
  /**
   * A word's items from its terms' lists, each the `share` of its cap newest (its own term's more than an
   * expansion's; a short word's whole list); `cut`: some list had more than was read.
   */
  const readWord = async (
    e: Expanded,
    whole: boolean,
    share = 1,
  ): Promise<{ found: Map<string, { published: string; score: number }>; cut: boolean }> => {
    const entries = [...e.terms];
    const caps = entries.map(([, { weight, df }]) => (whole ? df : Math.ceil((weight === 1 ? PER_TERM : PER_EXPANSION) * share)));
    const lists = await Promise.all(entries.map(([term], i) => newestPostings(search, searchList(kind, term), caps[i] as number)));
    const found = new Map<string, { published: string; score: number }>();
    entries.forEach(([, { weight, df }], i) => {
      const score = weight * idfOf(df, docs);
      for (const [published, id] of lists[i] as Posting[]) {
        const seen = found.get(id);
        if (!seen || seen.score < score) found.set(id, { published, score });
      }
    });
    return { found, cut: !whole && lists.some((list, i) => list.length >= (caps[i] as number)) };
  };
  const [first, ...rest] = sorted as [Expanded, ...Expanded[]];
  // The other words: a short list is read whole and joined; a long one is checked on the newest candidates' terms.
  const common: Expanded[] = [];
  const short = rest.filter((word) => {
    const long = word.df > LIST_MAX;
    if (long) common.push(word);
    return !long;
  });
  // The rarest word's lists, the other short words' lists and the filter's entity list are read together: none
  // waits for another (each wait is a round trip to the database: the query's main cost, docs/benchmarks.md).
  // A CJK word's pairs must all be present: its candidates are the items in every pair's list.
  // The rarest word's lists are read FIRST_SHARE of the way first, and all the way only when the join leaves
  // fewer than are shown: what a query reads is most of its time (docs/benchmarks.md), and a common pair of
  // words finds enough in the newest few.
  const readFirst = async (share: number) =>
    first.word.terms.length > 1
      ? { found: await readAllPairs(search, kind, first, docs), cut: false }
      : readWord(first, first.df <= LIST_MAX, share);
  const reading = Promise.all([
    readFirst(FIRST_SHARE),
    Promise.all(
      short.map(async (word) => (word.word.terms.length > 1 ? readAllPairs(search, kind, word, docs) : (await readWord(word, true)).found)),
    ),
    entityId ? newestPostings(tx.objectStore('postings'), entityId, JOINED_POSTINGS) : undefined,
  ] as const);
  const [firstRead, others, entityPostings] = await reading;
  const listed = entityPostings && new Set(entityPostings.map(([, id]) => id));
  /** The first word's items that are in the filter's entity list and every short word's, newest first. */
  const joined = (firstFound: Map<string, { published: string; score: number }>) => {
    let candidates = listed ? new Map([...firstFound].filter(([id]) => listed.has(id))) : firstFound;
    for (const other of others) {
      const next = new Map<string, { published: string; score: number }>();
      for (const [id, hit] of candidates) {
        const also = other.get(id);
        if (also) next.set(id, { published: hit.published, score: hit.score + also.score });
      }
      candidates = next;
    }
    return [...candidates]
      .map(([id, hit]) => ({ id, ...hit }))
      .sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : 0));
  };
  // A common word's lists are read over the candidates' dates only (newest to the oldest candidate's day),
  // one range read per term, and joined: a few requests where checking each candidate's own terms was one
  // request per candidate (the query's main cost, docs/benchmarks.md). A range too long falls back to that.
  const narrowed = async (firstFound: Map<string, { published: string; score: number }>) => {
    let ranked = joined(firstFound);
    const oldest = ranked[ranked.length - 1]?.published;
    const slow: Expanded[] = [];
    if (common.length === 0 || oldest === undefined) return { ranked, slow };
    const read = await Promise.all(
      common.map((word) => Promise.all([...word.terms].map(([term]) => postingsSince(search, searchList(kind, term), oldest, RANGE_MAX)))),
    );
    common.forEach((word, w) => {
      const lists = read[w] as (Posting[] | undefined)[];
      if (lists.some((list) => list === undefined)) {
        slow.push(word);
        return;
      }
      const best = new Map<string, number>();
      [...word.terms.values()].forEach(({ weight, df }, i) => {
        const score = weight * idfOf(df, docs);
        for (const [, id] of lists[i] as Posting[]) if ((best.get(id) ?? 0) < score) best.set(id, score);
      });
      ranked = ranked.flatMap((hit) => {
        const also = best.get(hit.id);
        return also === undefined ? [] : [{ ...hit, score: hit.score + also }];
      });
    });
    return { ranked, slow };
  };
  let { ranked, slow } = await narrowed(firstRead.found);
  // Fewer left than are shown (or some left to check one by one): the rarest word's lists read all the way, and joined again.
  if ((ranked.length < shown || slow.length > 0) && firstRead.cut) ({ ranked, slow } = await narrowed((await readFirst(1)).found));
  if (slow.length > 0) {
    // Newest first, a slice at a time, until enough hold every such word (or CHECKED were read).
    const kept: typeof ranked = [];
    for (let at = 0; at < Math.min(ranked.length, CHECKED) && kept.length < enough; at += CHECK_SLICE) {
      const slice = ranked.slice(at, Math.min(at + CHECK_SLICE, CHECKED));
      const texts = await Promise.all(slice.map((hit) => termsOf(hit.id)));
      slice.forEach((hit, i) => {
        const held = new Set((texts[i] ?? '').split(' '));
        let score = hit.score;
        for (const word of slow) {
          const best = [...word.terms].filter(([term]) => held.has(term)).map(([, t]) => t.weight * idfOf(t.df, docs));
          if (best.length === 0) return;
          score += Math.max(...best);
        }
        kept.push({ ...hit, score });
      });
    }
    ranked = kept;
  }
  return ranked.sort((a, b) => b.score - a.score || (a.published < b.published ? 1 : a.published > b.published ? -1 : 0));
}

/** The items in every list of a CJK word's pairs. */
async function readAllPairs(
  search: ReturnType<typeof asPostingsStore>,
  kind: DocKind,
  word: Expanded,
  docs: number,
): Promise<Map<string, { published: string; score: number }>> {
  const lists = await Promise.all(
    [...word.terms].map(([term, { df }]) => newestPostings(search, searchList(kind, term), Math.min(df, LIST_MAX * 4))),
  );
  const score = [...word.terms.values()].reduce((n, t) => n + idfOf(t.df, docs), 0) / Math.max(1, word.terms.size);
  const [head, ...others] = lists;
  const sets = others.map((list) => new Set(list.map(([, id]) => id)));
  const out = new Map<string, { published: string; score: number }>();
  for (const [published, id] of head ?? []) if (sets.every((s) => s.has(id))) out.set(id, { published, score });
  return out;
}

/** A candidate item: its date, and its score (0 when read from a list by date alone). */
type Candidate = { id: string; published: string; score: number };

/** Lists whose items are the candidates: those in `all` of them (an entity's, and a second's), or in `any` (a type's entities'). */
type ListSource = { all: string[] } | { any: string[] };

/**
 * How many of each list's newest postings are read to join two lists (an entity filter beside the entity a
 * word names): postings are cheap (64 a block), and this is how deep the words' join reads the filter's list.
 */
const JOINED_POSTINGS = PER_TERM * 10;

/**
 * A source's `want` newest items (before the day after `to`), newest first. One list: its newest `want`. Any of
 * several: each one's newest `want`, merged, since the newest `want` of the union are among them (a type's
 * entities' lists: postings only, 2 blocks each, however old its items are). All of two: each one's newest
 * JOINED_POSTINGS, the items in both.
 */
async function newestListed(
  store: Parameters<typeof newestPostings>[0],
  source: ListSource,
  want: number,
  to?: string,
): Promise<Candidate[]> {
  const before = to ? `${to}\uffff` : undefined;
  const lists = 'all' in source ? source.all : source.any;
  const each = 'all' in source && lists.length > 1 ? JOINED_POSTINGS : want;
  const read = await Promise.all(lists.map((list) => newestPostings(store, list, each, before)));
  let postings: Posting[];
  if ('any' in source) {
    const byId = new Map<string, Posting>();
    for (const list of read) for (const posting of list) byId.set(posting[1], posting);
    postings = [...byId.values()].sort((a, b) => comparePostings(b, a));
  } else {
    const [head = [], ...others] = read;
    const sets = others.map((list) => new Set(list.map(([, id]) => id)));
    postings = head.filter(([, id]) => sets.every((set) => set.has(id)));
  }
  return postings.slice(0, want).map(([published, id]) => ({ id, published, score: 0 }));
}

/**
 * A list's postings from a day on (inclusive), newest first, or undefined when they are more than `max`.
 * The blocks keyed from that day on, and the one before them (it may hold postings of that day): two
 * reads, made together.
 */
async function postingsSince(
  store: ReturnType<typeof asPostingsStore>,
  list: string,
  since: string,
  max: number,
): Promise<Posting[] | undefined> {
  const blocksMax = Math.ceil(max / (BLOCK_MAX / 2)) + 1;
  const [after, before] = await Promise.all([
    blocksIn(store, IDBKeyRange.bound([list, since], [list, []]), blocksMax),
    lastBlocks(store, IDBKeyRange.bound([list], [list, since], false, true), 1),
  ]);
  if (after.length === blocksMax) return undefined;
  const out: Posting[] = [];
  for (const block of [...before, ...after]) for (const posting of block.postings) if (posting[0] >= since) out.push(posting);
  return out.length > max ? undefined : out.reverse();
}
