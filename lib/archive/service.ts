/**
 * The background's archive service: seeding, the matcher built from the stored gazetteer, and the
 * queries the protocol answers. It takes the database connection (a function that gives the open
 * database's promise), so the worker registers its listeners at once and start-up never waits on IndexedDB.
 */
import { type ArticleAnalysis, type ArticleInput, analyzeArticle, type TabArticle } from '../entities/analysis';
import { compileMatcher, type Matcher, matcherFromBytes, patternsOf } from '../entities/matcher';
import { coveredKeys, rankWithCoverage } from '../related/coverage';
import { buildPanelContext, shownEntityIds } from '../related/panel';
import { addDays, articleQuery, type RankEntity } from '../related/rank';
import { ownItemByTitle, relativesToRead } from '../related/story';
import type { SearchFilters } from '../search/query';
import type { FeedCursor } from '../sync/feed-format';
import { spotHeadline } from '../sync/news-spot';
import type { NewsWrite } from '../sync/news-sync';
import { compileSyncedMatcher, type SyncedMatcherRecord } from '../sync/synced-matcher';
import type { ArchiveConnection, ArchiveDatabase } from './db';
import { candidatesWithDigests, makeDigests } from './digests';
import { type EntityPage, type EntityPageQuery, readEntityPage, recordsForExport } from './entity-page';
import {
  applyFeedPage,
  cursorKeyOf,
  type FeedPageWrite,
  type FeedWriteSession,
  type PageApplied,
  readFeedCursor,
  removeFeedRecords,
} from './feed-apply';
import { foldAll, headlineVocabularyFoldCount, termFoldCount } from './fold';
import { applyHeadlines, type HeadlinesApplied, headlinesForEntities, removeFeedHeadlines } from './headlines';
import type { RoomProbe } from './room';
import type { Entity, Item } from './schema';
import { newSearchMemory, type SearchResults, searchArchive } from './search';
import { ensureSeeded, failedSeed, SEED_STATE, type SeedOutcome, type SeedState } from './seed';
import { problemSentence, type StorageProblem, storageProblemOf } from './storage-problem';
import {
  ARCHIVE_COUNTS,
  type ArchiveCounts,
  allEntities,
  candidatesForEntities,
  childrenOf,
  clearArchive,
  countsIn,
  getEntities,
  getItems,
  HEADLINE_COUNT,
  headlineCountIn,
  itemByUrl,
  type ListTail,
  listTails,
  postingsOfEntity,
  type TermStatsCache,
  termStats,
  writeCount,
} from './store';
import type { ArchiveStatus, EntityCard, PanelContext } from './views';

/** How many of an entity's items its card's chart counts. */
const CARD_ITEMS = 500;

export interface ArchiveServiceOptions {
  /** Identifies the bundled snapshot (the extension version): a new one is imported once. */
  snapshotId: string;
  /** Reads the bundled snapshot document. */
  loadSnapshot: () => Promise<unknown>;
  /** The clock the panel's dates are judged by (tests set it). */
  now?: () => Date;
  /** Reads the matcher compiled at build time from the same snapshot's gazetteer, if there is one. */
  loadMatcher?: () => Promise<Matcher>;
  /** Whether the disk has room (room.ts): asked before the import and every write, and by the connection before opening again. */
  room?: RoomProbe;
}

export interface ArchiveService {
  /** Settles once the bundled snapshot is in the database (or failed to go in). */
  seeded: Promise<SeedOutcome>;
  status(): Promise<ArchiveStatus>;
  /** An entity as its card in the panel shows it, or null when the archive has no such entity. */
  entityCard(entityId: string): Promise<EntityCard | null>;
  analyze(input: ArticleInput): Promise<ArticleAnalysis>;
  panelContext(analysis: TabArticle): Promise<PanelContext>;
  /**
   * Applies one validated feed page with the feed's cursor, in one transaction (lib/sync fetches and
   * parses; this is the only way a feed writes). After the bundled snapshot, so updates meet it.
   */
  applyFeedPage(write: FeedPageWrite, session?: FeedWriteSession): Promise<PageApplied>;
  /** How far a feed's pages have been applied; undefined before its first page. */
  feedCursor(feedUrl: string): Promise<FeedCursor | undefined>;
  /**
   * Compiles and stores the matcher of the entities feeds brought (after a sync that changed the archive,
   * off any page's path); the next analysis loads it. Undefined when there is no bundled matcher to add to.
   */
  refreshSyncedMatcher(): Promise<{ entities: number; patterns: number; compileMs: number } | undefined>;
  /**
   * Takes a removed feed's items, entities and cursor out of the archive; how many live items went. A news
   * feed's (`kind: 'news'`): the headlines only it carried.
   */
  removeFeed(feedUrl: string, namespace: string, kind?: 'news'): Promise<number>;
  /**
   * Writes a news feed's headlines as coverage records: each spotted with the worker's matcher (bundled
   * plus synced), merged with what is held, linked to a curated item whose coverage row it is; retention after.
   */
  applyNewsFeed(write: NewsWrite): Promise<HeadlinesApplied>;
  /**
   * Settles when the fold job (fold.ts) has applied every delta record written so far to the term counts
   * and the search index. It starts by itself after the seeding and after each write.
   */
  folded(): Promise<void>;
  /** Searches the archive's items and entities (lib/archive/search.ts). */
  search(query: string, filters?: SearchFilters): Promise<SearchResults>;
  /** An entity's page (entity-page.ts), or null when the archive has no such entity. */
  entityPage(query: EntityPageQuery): Promise<EntityPage | null>;
  /** The live items (of one entity, or all) and the entities they need, for a feed file. */
  exportRecords(entityId?: string): Promise<{ entities: Entity[]; items: Item[] }>;
  /**
   * Empties the archive and imports the bundled snapshot again ("Delete everything Backstory stored"):
   * every feed's items, headlines, cursors and the synced matcher go. The caller stops syncs first.
   */
  reset(): Promise<SeedOutcome>;
}

interface Gazetteer {
  /** The bundled matcher, and the synced one when feeds brought entities it does not know. */
  matcher: Matcher | Matcher[];
  entities: Map<string, Entity>;
}

/** How many items an entity's list gives the panel's candidates, and how many are read whole. */
const PER_ENTITY = 30;
const CANDIDATES = 60;
/** How many entities' digests one transaction makes, and how many entities' are made again after a write. */
const DIGESTS_AT_ONCE = 8;
const DIGESTS_KEPT = 64;
/** How many of an entity's newest headlines (news feeds) the panel reads. */
const HEADLINES_PER_ENTITY = 20;
/** How many relatives of the central entities the panel reads. */
const MAX_RELATIVES = 6;
/** How deep the panel follows an item's `follows` (its antecedents' antecedents...). */
const FOLLOWS_DEPTH = 3;

/** The entities with these ids, in their order, null where there is none. */
async function entitiesOrNull(db: ArchiveDatabase, ids: readonly string[]): Promise<(Entity | null)[]> {
  const found = new Map((await getEntities(db, ids)).map((e) => [e.id, e]));
  return ids.map((id) => found.get(id) ?? null);
}

/** The meta record of the synced-entity matcher (lib/sync/synced-matcher.ts). */
const SYNCED_MATCHER = 'synced-matcher';

/** A storage failure a read ran into, with what to tell the reader; its message is that, in one sentence. */
class StorageFailure extends Error {
  constructor(readonly problem: StorageProblem) {
    super(problemSentence(problem));
  }
}

export function createArchiveService(connect: ArchiveConnection, options: ArchiveServiceOptions): ArchiveService {
  const clock = options.now ?? (() => new Date());
  // What a reader waits on goes first: a sync's next page, and each step of the fold job, wait until no
  // panel, card or analysis is being answered (a write transaction would hold each of their reads up).
  const readers = createReaderGate();

  // The fold job: one run at a time; a write during a run makes it go round again. It works only once the
  // writes have paused (a sync's pages come one after another: its index is folded when the run is over,
  // or when the next page is slow to come) and no reader is being answered, one short transaction at a
  // time, giving way between them (docs/benchmarks.md: beside a sync it made the panel 51× slower).
  let folding: Promise<void> | undefined;
  let foldAgain = false;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let hurry = false;
  // The disk asked before the archive's own writes (a feed's page, headlines, a feed removed, the synced
  // matcher, the fold's transactions), at most once every ROOM_EVERY_MS while it has room: a write that meets
  // a full disk can cost the whole archive (room.ts), and with unlimitedStorage nothing but the disk stops one.
  // Undefined when there is room; else the disk's error, and nothing is written.
  let roomAsked = Number.NEGATIVE_INFINITY;
  const askRoom = async (): Promise<unknown> => {
    if (!options.room || Date.now() - roomAsked < ROOM_EVERY_MS) return undefined;
    const full = await options.room();
    if (!full) roomAsked = Date.now();
    return full;
  };
  /** A write that is not begun without room: the disk's error is thrown, and `recorded` tells the reader. */
  const roomFirst =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const full = await askRoom();
      if (full) throw full;
      return write(...args);
    };
  const giveWay = async (): Promise<boolean> => {
    for (;;) {
      await readers.done();
      const wait = hurry ? 0 : Math.max(lastWrite + FOLD_QUIET_MS - Date.now(), readers.quietIn(READERS_QUIET_MS));
      if (wait <= 0) break;
      await new Promise((done) => setTimeout(done, wait));
    }
    // A macrotask between two transactions: a reader's requests answered meanwhile run first.
    await new Promise((done) => setTimeout(done, 0));
    // Without room the fold stops, its records kept: the next write or start goes on with them.
    return !(await askRoom());
  };
  const fold = (): Promise<void> => {
    if (folding) {
      foldAgain = true;
      return folding;
    }
    const run = (async () => {
      do {
        foldAgain = false;
        roomAsked = Number.NEGATIVE_INFINITY;
        await foldAll(await connect(), giveWay);
      } while (foldAgain);
    })()
      // A failed fold leaves its records in place for the next run: nothing is lost, only later.
      .catch(() => undefined)
      .finally(() => {
        folding = undefined;
      });
    folding = run;
    return run;
  };
  // The entities the panel found no digest for (digests.ts): their digests are made once no reader is being
  // answered and the writes have paused, as the fold job's steps are, a few entities a transaction.
  const undigested = new Set<string>();
  /** The entities whose digests were made lately (the last DIGESTS_KEPT): a write of items drops them, and they are made again once it is over. */
  const digested = new Set<string>();
  let digesting = false;
  const digestLater = (ids: readonly string[]): void => {
    for (const id of ids) undigested.add(id);
    if (digesting || undigested.size === 0) return;
    digesting = true;
    void (async () => {
      try {
        while (undigested.size > 0 && !problem() && (await giveWay())) {
          const next = [...undigested].slice(0, DIGESTS_AT_ONCE);
          for (const id of next) undigested.delete(id);
          if ((await makeDigests(await connect(), next, PER_ENTITY)) === 0) continue;
          for (const id of next) {
            digested.delete(id);
            digested.add(id);
          }
          for (const id of [...digested].slice(0, Math.max(0, digested.size - DIGESTS_KEPT))) digested.delete(id);
        }
      } catch {
        // A digest not made costs the next panel its reads, nothing else: it is asked for again then.
      }
      // In the same turn as the last look at the set: an entity a panel adds from here on starts a new run.
      undigested.clear();
      digesting = false;
    })();
  };
  /** After a write of items: the fold job, and the digests it dropped made again, once the writes pause. */
  const wroteItems = (): void => {
    lastWrite = Date.now();
    void fold();
    digestLater([...digested]);
  };
  /**
   * What the reader is told about storage: why the import failed (until the next import), else why the
   * last write failed (until a write succeeds).
   */
  let seedProblem: StorageProblem | undefined;
  let writeProblem: StorageProblem | undefined;
  const problem = (): StorageProblem | undefined => seedProblem ?? writeProblem;
  /** When the latest import began, and how it ended once it has. */
  let seedBegun = Number.NEGATIVE_INFINITY;
  let seedEnded: SeedOutcome | undefined;
  const seed = (): Promise<SeedOutcome> => {
    seedBegun = Date.now();
    seedEnded = undefined;
    const outcome = connect().then(
      (db) => ensureSeeded(db, options.snapshotId, options.loadSnapshot, clock, options.room),
      (error: unknown) => failedSeed(storageProblemOf(error, 'open')),
    );
    void outcome.then((done) => {
      seedEnded = done;
      seedProblem = done.state === 'failed' ? done.problem : undefined;
      // Not after a failed import: its writes would fail the same way (a full disk), and Chromium closes the
      // connection after a failed write, under the readers. The next write that succeeds folds.
      if (done.state !== 'failed') void fold();
    });
    return outcome;
  };
  // Replaced by a reset: everything that waits on the import waits on the latest one.
  let seeded = seed();
  /**
   * The import, once it is over. One the disk refused (full, at the open or at a write) is tried again by the
   * next question, at most once every ROOM_EVERY_MS: a reader who frees space finds Backstory working again
   * without restarting the browser. A retry on a still full disk costs one probe (room.ts), not a write.
   */
  const ready = (): Promise<SeedOutcome> => {
    const kind = seedEnded?.state === 'failed' ? seedEnded.problem.kind : undefined;
    if ((kind === 'full' || kind === 'full-at-open') && Date.now() - seedBegun >= ROOM_EVERY_MS) {
      // The matcher was built from what the refused import left; it is built again from what this one brings.
      gazetteer = undefined;
      seeded = seed();
    }
    return seeded;
  };

  // What the panel reads again and again (entity records and children, their lists' tails: item counts and
  // newest dates; term buckets), kept in memory until the archive is next written.
  let memoAt = -1;
  const memo = {
    entities: new Map<string, Entity | null>(),
    children: new Map<string, string[]>(),
    tails: new Map<string, ListTail>(),
    /** The archive's counts, its import's state and how many headlines it holds (one key: `FACTS`). */
    facts: new Map<typeof FACTS, ArchiveFacts>(),
  };
  // The frequencies' memory holds across item writes (they only add deltas, read on by the next use) and
  // starts again when a fold moves counts out of the deltas, or the archive is emptied.
  let termMemo: TermStatsCache = { counts: new Map() };
  let termMemoAt = termFoldCount();
  let searchMemo = newSearchMemory();
  let vocabularyAt = headlineVocabularyFoldCount();
  const remembered = () => {
    if (memoAt !== writeCount() || termMemoAt !== termFoldCount() || vocabularyAt !== headlineVocabularyFoldCount()) {
      if (memoAt !== writeCount()) for (const map of Object.values(memo)) map.clear();
      if (termMemoAt !== termFoldCount()) termMemo = { counts: new Map() };
      // The entities change with writes only; the vocabularies with folds of the frequencies and of the headlines' lists too.
      searchMemo = memoAt !== writeCount() ? newSearchMemory() : { ...searchMemo, shards: new Map(), near: new Map() };
      memoAt = writeCount();
      termMemoAt = termFoldCount();
      vocabularyAt = headlineVocabularyFoldCount();
    }
    return memo;
  };
  const rememberedTerms = (): TermStatsCache => {
    remembered();
    return termMemo;
  };
  /** Reads what the memo's map lacks of `ids` with `fetch`, and answers for all of them from it. */
  const through = async <V>(
    pick: (m: typeof memo) => Map<string, V>,
    ids: readonly string[],
    fetch: (db: ArchiveDatabase, ids: string[]) => Promise<V[]>,
  ): Promise<V[]> => {
    const map = pick(remembered());
    const missing = [...new Set(ids.filter((id) => !map.has(id)))];
    if (missing.length > 0) {
      const found = await read((db) => fetch(db, missing));
      for (const [i, id] of missing.entries()) map.set(id, found[i] as V);
    }
    return ids.map((id) => map.get(id) as V);
  };

  let gazetteer: Promise<Gazetteer> | undefined;
  // Built once per worker from the stored entities, never per page.
  const loadGazetteer = (): Promise<Gazetteer> => {
    gazetteer ??= (async () => {
      const outcome = await ready();
      const entities = await read(allEntities);
      // The stored gazetteer is the bundled one once the snapshot is in: its prebuilt matcher fits it.
      // Otherwise (an import that failed part way) the matcher is compiled from what is stored.
      const prebuilt = outcome.state !== 'failed' && options.loadMatcher ? await options.loadMatcher().catch(() => undefined) : undefined;
      const byId = new Map(entities.map((e) => [e.id, e]));
      if (!prebuilt) return { matcher: compileMatcher(patternsOf(entities)), entities: byId };
      // Entities feeds brought: their matcher as the last sync stored it (for this snapshot), loaded, not compiled.
      const synced = (await read((db) => db.get('meta', SYNCED_MATCHER)).catch(() => undefined)) as SyncedMatcherRecord | undefined;
      const fits = synced?.snapshotId === options.snapshotId;
      return { matcher: synced && fits ? [prebuilt, matcherFromBytes(synced.bytes)] : prebuilt, entities: byId };
    })();
    // A database that could not be read (not open yet, the disk full) is asked again next time.
    gazetteer.catch(() => {
      gazetteer = undefined;
    });
    return gazetteer;
  };

  /** The connection; one that cannot be opened throws what to tell the reader. */
  const opened = (fresh?: boolean): Promise<ArchiveDatabase> =>
    connect(fresh).catch((error: unknown) => {
      throw new StorageFailure(storageProblemOf(error, 'open'));
    });
  /**
   * Runs a read; if the browser closed the connection under it (as a full disk makes Chromium do), runs it
   * once more on a fresh connection, so the reader still sees everything stored.
   */
  const read = async <T>(query: (db: ArchiveDatabase) => Promise<T>): Promise<T> => {
    try {
      return await query(await opened());
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name !== 'InvalidStateError' && name !== 'AbortError' && name !== 'UnknownError' && name !== 'VersionError') throw error;
    }
    const db = await opened(true);
    try {
      return await query(db);
    } catch (error) {
      // A full disk can keep the database from reading at all until space is freed: say so, not "internal error".
      throw new StorageFailure(problem() ?? storageProblemOf(error));
    }
  };

  // After the import: its state is written last, outside `writing`, so a memo read before it would keep the old one.
  const facts = async (): Promise<ArchiveFacts> => {
    await ready();
    return (await through((m) => m.facts, [FACTS], readFacts))[0] as ArchiveFacts;
  };

  /** Never throws: a status that cannot be read says why instead. */
  const status = async (): Promise<ArchiveStatus> => {
    await ready();
    const told = (found: StorageProblem | undefined) => (found ? { error: problemSentence(found), problem: found } : {});
    try {
      // Read each time, not from memory: a connection the browser closed (a full disk) must be found out here.
      const [{ counts: n, seed }] = (await read(readFacts)) as [ArchiveFacts];
      return { counts: n, ...(seed?.asOf ? { asOf: seed.asOf } : {}), ...told(problem()) };
    } catch (error) {
      return told(problem() ?? (error instanceof StorageFailure ? error.problem : storageProblemOf(error)));
    }
  };
  /** Runs a write: its failure is what the reader is told until a write succeeds. */
  const recorded =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const value = await write(...args);
        writeProblem = undefined;
        return value;
      } catch (error) {
        writeProblem = error instanceof StorageFailure ? error.problem : storageProblemOf(error);
        throw error;
      }
    };

  const service: Omit<ArchiveService, 'seeded'> = {
    status,
    async analyze(input) {
      const { matcher, entities } = await loadGazetteer();
      // An archive that holds no entity because storage failed (an import the full disk refused) finds nothing
      // on any page: the reader is told why, not shown a page without its tab.
      const failed = entities.size === 0 ? problem() : undefined;
      if (failed) throw new StorageFailure(failed);
      const analysis = analyzeArticle(input, matcher, entities, clock());
      const tails = await through(
        (m) => m.tails,
        analysis.entities.map((e) => e.id),
        listTails,
      );
      analysis.entities.forEach((entity, i) => {
        entity.items = tails[i]?.items ?? 0;
      });
      return analysis;
    },
    async panelContext(analysis) {
      const now = clock();
      const today = now.toISOString().slice(0, 10);
      // Only the records this article needs: its entities (parents, aliases) and their children, by index.
      const spottedIds = analysis.entities.map((e) => e.id);
      const centralIds = analysis.entities.filter((e) => e.central).map((e) => e.id);
      const [records, childLists] = await Promise.all([
        through((m) => m.entities, spottedIds, entitiesOrNull),
        through(
          (m) => m.children,
          centralIds,
          async (db, ids) => {
            const found = await childrenOf(db, ids);
            return ids.map((id) => found.get(id) ?? []);
          },
        ),
      ]);
      const known = new Map(records.flatMap((e) => (e ? [[e.id, e] as const] : [])));
      const children = new Map(centralIds.map((id, i) => [id, childLists[i] ?? []]));
      // Relatives: a central entity's parent and children not named here, capped (OpenAI has dozens of
      // children): those with the most items, read by their counts.
      const wanted = relativesToRead(analysis.entities, known, children);
      const tails = await through(
        (m) => m.tails,
        wanted.map((r) => r.id),
        listTails,
      );
      const picked = wanted
        .map((r, i) => ({ ...r, items: tails[i]?.items ?? 0 }))
        .filter((r) => r.items > 0)
        .sort((a, b) => Number(b.relation === 'parent') - Number(a.relation === 'parent') || b.items - a.items)
        .slice(0, MAX_RELATIVES);
      const relativeRecords = await through(
        (m) => m.entities,
        picked.map((r) => r.id),
        entitiesOrNull,
      );
      const relativeTypes = new Map(relativeRecords.flatMap((e) => (e ? [[e.id, e.type] as const] : [])));
      const namesOf = (records: readonly (Entity | null)[]) => records.flatMap((e) => (e ? [[e.id, e.name] as const] : []));
      const familyOf = (id: string): string[] => {
        const parent = known.get(id)?.parent;
        return [id, ...(parent ? [parent] : []), ...(children.get(id) ?? [])];
      };
      const rankEntities: RankEntity[] = [
        ...analysis.entities.map((e) => ({
          id: e.id,
          type: e.type,
          weight: e.weight,
          items: e.items ?? 0,
          central: e.central,
          family: familyOf(e.id),
        })),
        ...picked.map((r) => ({
          id: r.id,
          type: relativeTypes.get(r.id) ?? ('company' as const),
          weight: r.weight,
          items: r.items,
          central: false,
          relativeOf: r.of,
          relation: r.relation,
          family: [r.id],
        })),
      ];
      const ids = rankEntities.map((e) => e.id);
      // Around an older article, its own day's neighbourhood is read as well as the newest items.
      const day = analysis.published;
      const around = day && day < today ? addDays(day, 2) : undefined;
      const article = {
        title: analysis.headline,
        lede: analysis.lede,
        body: analysis.body,
        names: analysis.entities.flatMap((e) => [e.name, ...e.surfaces, ...(known.get(e.id)?.aliases ?? [])]),
      };
      const { query } = articleQuery(article);
      // Without news feeds (the default) there are no headlines: no request for each entity's.
      const { headlines: headlineCount } = await facts();
      const readHeadlines = (db: ArchiveDatabase, before?: string) =>
        headlineCount > 0 ? headlinesForEntities(db, ids, HEADLINES_PER_ENTITY, before) : Promise.resolve([]);
      const [archive, [{ candidates: newest, missed }, older, byUrl, stats, headlinesNewest, headlinesOlder]] = await Promise.all([
        status(),
        read((db) =>
          Promise.all([
            candidatesWithDigests(db, ids, PER_ENTITY, CANDIDATES),
            around ? candidatesForEntities(db, ids, PER_ENTITY, CANDIDATES, around) : Promise.resolve([]),
            itemByUrl(db, analysis.url),
            termStats(db, query.keys(), rememberedTerms()),
            readHeadlines(db),
            around ? readHeadlines(db, around) : Promise.resolve([]),
          ]),
        ),
      ]);
      digestLater(missed);
      const termsById = new Map([...newest, ...older].map((c) => [c.item.id, c.terms]));
      const candidates = [...new Map([...newest, ...older].map((c) => [c.item.id, c.item])).values()];
      const own = byUrl ?? ownItemByTitle(analysis.headline || analysis.title, day, candidates);
      // A page that gives no date is as old as its own story when the archive holds it (found by its address):
      // what came after that story is "since then", not what it follows.
      const storyDay = day ?? own?.published;
      const headlines = [...new Map([...headlinesNewest, ...headlinesOlder].map((h) => [h.key, h])).values()];
      const { items: ranked, coverage } = rankWithCoverage({
        article,
        entities: rankEntities,
        candidates: candidates.filter((item) => item.id !== own?.id),
        termsOf: (item) => termsById.get(item.id),
        archiveSize: archive.counts?.items ?? candidates.length,
        stats,
        day: storyDay ?? today,
        headlines,
        covered: () => coveredKeys([...candidates, ...(own ? [own] : [])], [analysis.url, analysis.page ?? analysis.url]),
      });
      // What this story follows, and what that follows, a few steps back.
      const follows = new Map<string, Item>();
      let next = own?.follows ?? [];
      for (let depth = 0; depth < FOLLOWS_DEPTH && next.length > 0; depth++) {
        const ids = next.filter((id) => !follows.has(id) && id !== own?.id);
        const found = await read((db) => getItems(db, ids));
        for (const item of found) follows.set(item.id, item);
        next = found.flatMap((item) => item.follows);
      }
      // The panel shows the signals of the items it shows: the article's own, what it follows, and those over
      // the floor. The other candidates' resolving items and names are not read.
      const all = [own, ...follows.values(), ...ranked.filter((r) => r.relevant).map((r) => r.item)].filter(
        (item): item is Item => item !== undefined,
      );
      const resolvers = [...new Set(all.flatMap((item) => item.signals.flatMap((s) => (s.resolvedBy ? [s.resolvedBy] : []))))];
      // For the signals past their date: how far the archive reaches on their items' names.
      const signalEntities = [
        ...new Set(all.filter((item) => item.signals.some((s) => s.status === 'open' && s.by < today)).flatMap((item) => item.entities)),
      ];
      const [resolving, latest] = await Promise.all([
        read((db) => getItems(db, resolvers)),
        through((m) => m.tails, signalEntities, listTails),
      ]);
      const titles = new Map(resolving.map((item) => [item.id, item.title]));
      const newestOf = new Map(signalEntities.flatMap((id, i) => (latest[i]?.newest ? [[id, latest[i].newest] as const] : [])));
      const context = buildPanelContext({
        article: {
          url: analysis.url,
          page: analysis.page ?? analysis.url,
          title: analysis.title,
          ...(storyDay ? { published: storyDay } : {}),
          ...(analysis.readWords !== undefined ? { readWords: analysis.readWords } : {}),
        },
        entities: analysis.entities,
        own,
        follows: [...follows.values()],
        ranked,
        coverage,
        titles,
        newest: newestOf,
        names: new Map(namesOf(relativeRecords)),
        status: archive,
        now,
      });
      // The other entities the shown items name (an export lists them), by name.
      const unnamed = [...shownEntityIds(context)].filter((id) => context.names[id] === undefined);
      if (unnamed.length === 0) return context;
      const others = await through((m) => m.entities, unnamed, entitiesOrNull);
      return { ...context, names: { ...context.names, ...Object.fromEntries(namesOf(others)) } };
    },
    async applyFeedPage(write, session) {
      await ready();
      await readers.done();
      // Between the page's slices, too, the answers under way go first.
      const run: FeedWriteSession = session ?? {};
      run.between = readers.done;
      // Not while readers are being answered, or were a moment ago: their next question would wait for that work
      // (docs/benchmarks.md: the panel's p95 during a sync rose by a third). A question that came meanwhile goes first.
      run.workAhead = async () => {
        await new Promise((done) => setTimeout(done, 0));
        return readers.quiet(READERS_QUIET_MS);
      };
      run.readersNear = () => readers.near(READERS_QUIET_MS);
      const applied = await applyFeedPage(await connect(), write, run);
      wroteItems();
      return applied;
    },
    feedCursor: (feedUrl) => read((db) => readFeedCursor(db, feedUrl)),
    async refreshSyncedMatcher() {
      const outcome = await ready();
      const bundled = outcome.state !== 'failed' && options.loadMatcher ? await options.loadMatcher().catch(() => undefined) : undefined;
      if (!bundled) return undefined;
      const record = compileSyncedMatcher(await read(allEntities), bundled, options.snapshotId);
      const db = await connect();
      const tx = db.transaction('meta', 'readwrite');
      void (record ? tx.store.put(record, SYNCED_MATCHER) : tx.store.delete(SYNCED_MATCHER));
      await tx.done;
      gazetteer = undefined;
      return record && { entities: record.entities, patterns: record.patterns, compileMs: record.compileMs };
    },
    async removeFeed(feedUrl, namespace, kind) {
      await ready();
      if (kind === 'news') {
        const gone = await removeFeedHeadlines(await connect(), feedUrl);
        lastWrite = Date.now();
        void fold(); // Their place in the search index goes too.
        return gone;
      }
      const removed = await removeFeedRecords(await connect(), namespace, cursorKeyOf(feedUrl));
      wroteItems();
      return removed;
    },
    async search(query, filters) {
      await ready();
      remembered();
      const memory = searchMemo;
      return read((db) => searchArchive(db, query, { ...(filters ? { filters } : {}), memory }));
    },
    async folded() {
      await ready();
      // Asked for: the pause after the last write is not waited for.
      hurry = true;
      try {
        while (folding) await folding;
        await fold();
      } finally {
        hurry = false;
      }
    },
    async applyNewsFeed({ feedUrl, entries, now, retention }) {
      await ready();
      const { matcher, entities } = await loadGazetteer();
      const headlines = entries.map((entry) => spotHeadline(entry, matcher, entities));
      await readers.done();
      const applied = await applyHeadlines(await connect(), { feedUrl, headlines, now, retention });
      lastWrite = Date.now();
      void fold(); // The search index follows: the headlines' changes wait in its queue.
      return applied;
    },
    entityPage: async (query) => {
      await ready();
      return read((db) => readEntityPage(db, query));
    },
    exportRecords: async (entityId) => {
      await ready();
      return read((db) => recordsForExport(db, entityId));
    },
    async reset() {
      await seeded.catch(() => undefined);
      await readers.done();
      const cleared = await connect()
        .then(clearArchive)
        .then(
          () => undefined,
          (error: unknown) => storageProblemOf(error),
        );
      if (cleared) return failedSeed(cleared);
      gazetteer = undefined;
      termMemo = { counts: new Map() };
      seeded = seed();
      return seeded;
    },
    async entityCard(entityId) {
      return read(async (db) => {
        const [entity] = await getEntities(db, [entityId]);
        if (!entity) return null;
        const [parent] = entity.parent ? await getEntities(db, [entity.parent]) : [];
        const postings = await postingsOfEntity(db, entityId, CARD_ITEMS);
        const byYear = new Map<string, number>();
        for (const [published] of postings) byYear.set(published.slice(0, 4), (byYear.get(published.slice(0, 4)) ?? 0) + 1);
        return {
          entity,
          ...(parent ? { parent: { id: parent.id, name: parent.name } } : {}),
          items: postings.length,
          byYear: [...byYear].sort(([a], [b]) => (a < b ? -1 : 1)).map(([year, count]) => ({ year, count })),
        };
      });
    },
  };
  return {
    ...service,
    // A getter: a reset starts a new import, and whoever awaits `seeded` then waits for that one.
    get seeded() {
      return seeded;
    },
    analyze: readers.wrap(service.analyze),
    panelContext: readers.wrap(service.panelContext),
    entityCard: readers.wrap(service.entityCard),
    search: readers.wrap(service.search),
    entityPage: readers.wrap(service.entityPage),
    applyFeedPage: recorded(roomFirst(service.applyFeedPage)),
    applyNewsFeed: recorded(roomFirst(service.applyNewsFeed)),
    removeFeed: recorded(roomFirst(service.removeFeed)),
    refreshSyncedMatcher: recorded(roomFirst(service.refreshSyncedMatcher)),
  };
}

const FACTS = 'facts';
interface ArchiveFacts {
  counts: ArchiveCounts;
  seed: SeedState | undefined;
  headlines: number;
}
/** The archive's facts, one transaction: what the status line says, and whether any headline is kept. */
async function readFacts(db: ArchiveDatabase): Promise<ArchiveFacts[]> {
  const meta = db.transaction('meta').store;
  const [counted, seed, headlines] = await Promise.all([meta.get(ARCHIVE_COUNTS), meta.get(SEED_STATE), meta.get(HEADLINE_COUNT)]);
  return [{ counts: countsIn(counted), seed: seed as SeedState | undefined, headlines: headlineCountIn(headlines) }];
}

/** How long the writes must have paused before the fold job works (a sync's next page usually comes sooner). */
const FOLD_QUIET_MS = 1000;

/** How long a "there is room" answer is trusted before a write asks again (each question writes a scratch file: room.ts). */
const ROOM_EVERY_MS = 5000;

/** How long a feed's next page waits for readers at most: a busy panel must not stall a sync. */
const READER_GRACE_MS = 250;

/**
 * How long the fold job waits after the last reader's answer: a page's questions come in a burst (its
 * analysis, its panel, the cards it opens), and a fold transaction between two of them would hold the
 * next one up by its whole length (tens of ms on a 1M-item archive).
 */
const READERS_QUIET_MS = 300;
/** How long the fold job waits after the worker starts (for the question that woke it). */
const START_QUIET_MS = 1000;

/** Counts the readers under way, and lets a writer wait until there are none (or the grace is over). */
function createReaderGate() {
  let active = 0;
  let waiting: (() => void)[] = [];
  // A worker is mostly started by a page's question, which reaches it in its first moments: as if just answered.
  const startedAs = Date.now() + START_QUIET_MS - READERS_QUIET_MS;
  // When a reader was last answered, if one was yet: `near` goes by readers alone, the fold by the start's guess too.
  let answered: number | undefined;
  const lastAnswer = () => answered ?? startedAs;
  return {
    wrap<A extends unknown[], R>(answer: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args) => {
        active++;
        try {
          return await answer(...args);
        } finally {
          active--;
          answered = Date.now();
          if (active === 0) for (const done of waiting.splice(0)) done();
        }
      };
    },
    /** Whether no answer is under way, and none was given in the last `ms`. */
    quiet(ms: number): boolean {
      return active === 0 && Date.now() - lastAnswer() >= ms;
    },
    /** Whether an answer is under way, or one was given in the last `ms` (a worker just started counts as neither). */
    near(ms: number): boolean {
      return active > 0 || (answered !== undefined && Date.now() - answered < ms);
    },
    /**
     * How long until the last answer is `ms` old. Not while one is under way: `done` has waited its grace
     * for it already, and a reader that never answers must not stop the fold for good.
     */
    quietIn(ms: number): number {
      return active > 0 ? 0 : lastAnswer() + ms - Date.now();
    },
    done(): Promise<void> {
      if (active === 0) return Promise.resolve();
      return new Promise((done) => {
        waiting.push(done);
        setTimeout(() => {
          waiting = waiting.filter((w) => w !== done);
          done();
        }, READER_GRACE_MS);
      });
    },
  };
}
