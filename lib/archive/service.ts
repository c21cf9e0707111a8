/**
 * The background's archive service: seeding, the matcher built from the stored gazetteer, and the
 * queries the protocol answers. It takes the database connection (a function that gives the open
 * database's promise), so the worker registers its listeners at once and start-up never waits on IndexedDB.
 */
import { type ArticleAnalysis, type ArticleInput, analyzeArticle } from '../entities/analysis';
import { compileMatcher, type Matcher, patternsOf } from '../entities/matcher';
import { buildPanelContext } from '../related/panel';
import { rankRelated } from '../related/rank';
import type { ArchiveConnection, ArchiveDatabase } from './db';
import type { Entity } from './schema';
import { describeStorageError, ensureSeeded, readSeedState, type SeedOutcome } from './seed';
import { allEntities, counts, getEntities, getItems, itemByUrl, itemCounts, itemsForEntities, postingsOfEntity } from './store';
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
}

export interface ArchiveService {
  /** Settles once the bundled snapshot is in the database (or failed to go in). */
  seeded: Promise<SeedOutcome>;
  status(): Promise<ArchiveStatus>;
  /** An entity as its card in the panel shows it, or null when the archive has no such entity. */
  entityCard(entityId: string): Promise<EntityCard | null>;
  analyze(input: ArticleInput): Promise<ArticleAnalysis>;
  panelContext(analysis: ArticleAnalysis): Promise<PanelContext>;
}

interface Gazetteer {
  matcher: Matcher;
  entities: Map<string, Entity>;
}

export function createArchiveService(connect: ArchiveConnection, options: ArchiveServiceOptions): ArchiveService {
  const clock = options.now ?? (() => new Date());
  const seeded = connect().then((db) => ensureSeeded(db, options.snapshotId, options.loadSnapshot));
  let lastError: string | undefined;
  void seeded.then((outcome) => {
    if (outcome.state === 'failed') lastError = outcome.error;
  });

  let gazetteer: Promise<Gazetteer> | undefined;
  // Built once per worker from the stored entities, never per page.
  const loadGazetteer = (): Promise<Gazetteer> => {
    gazetteer ??= (async () => {
      const outcome = await seeded;
      const entities = await read(allEntities);
      // The stored gazetteer is the bundled one once the snapshot is in: its prebuilt matcher fits it.
      // Otherwise (an import that failed part way) the matcher is compiled from what is stored.
      const prebuilt = outcome.state !== 'failed' && options.loadMatcher ? await options.loadMatcher().catch(() => undefined) : undefined;
      return { matcher: prebuilt ?? compileMatcher(patternsOf(entities)), entities: new Map(entities.map((e) => [e.id, e])) };
    })();
    return gazetteer;
  };

  /**
   * Runs a read; if the browser closed the connection under it (as a full disk makes Chromium do), runs it
   * once more on a fresh connection, so the reader still sees everything stored.
   */
  const read = async <T>(query: (db: ArchiveDatabase) => Promise<T>): Promise<T> => {
    try {
      return await query(await connect());
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name !== 'InvalidStateError' && name !== 'AbortError' && name !== 'UnknownError') throw error;
    }
    try {
      return await query(await connect(true));
    } catch (error) {
      // A full disk can keep the database from opening at all until space is freed: say so, not "internal error".
      throw new Error(lastError ?? describeStorageError(error));
    }
  };

  /** Never throws: a status that cannot be read says why instead. */
  const status = async (): Promise<ArchiveStatus> => {
    await seeded;
    try {
      const [n, seed] = await read((db) => Promise.all([counts(db), readSeedState(db)]));
      return { counts: n, ...(seed?.asOf ? { asOf: seed.asOf } : {}), ...(lastError ? { error: lastError } : {}) };
    } catch (error) {
      return { error: lastError ?? describeStorageError(error) };
    }
  };

  return {
    seeded,
    status,
    async analyze(input) {
      const { matcher, entities } = await loadGazetteer();
      const analysis = analyzeArticle(input, matcher, entities);
      const counted = await read((db) =>
        itemCounts(
          db,
          analysis.entities.map((e) => e.id),
        ),
      );
      analysis.entities.forEach((entity, i) => {
        entity.items = counted[i] as number;
      });
      return analysis;
    },
    async panelContext(analysis) {
      const ids = analysis.entities.map((e) => e.id);
      const [archive, [candidates, own]] = await Promise.all([
        status(),
        read((db) => Promise.all([itemsForEntities(db, ids, 30, 60), itemByUrl(db, analysis.url)])),
      ]);
      const now = clock();
      const ranked = rankRelated({
        url: analysis.url,
        lead: analysis.lead,
        entities: analysis.entities.map((e) => ({ id: e.id, weight: e.weight, items: e.items ?? 0 })),
        candidates,
        archiveSize: archive.counts?.items ?? candidates.length,
        now,
      });
      const resolvers = [
        ...new Set([own, ...candidates].flatMap((item) => item?.signals.flatMap((s) => (s.resolvedBy ? [s.resolvedBy] : [])) ?? [])),
      ];
      const [follows, resolving] = await read((db) => Promise.all([getItems(db, own?.follows ?? []), getItems(db, resolvers)]));
      const titles = new Map(resolving.map((item) => [item.id, item.title]));
      return buildPanelContext({
        article: { url: analysis.url, page: analysis.page ?? analysis.url, title: analysis.title },
        entities: analysis.entities,
        own,
        follows,
        ranked,
        titles,
        status: archive,
        now,
      });
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
}
