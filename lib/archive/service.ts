/**
 * The background's archive service: seeding, the matcher built from the stored gazetteer, and the
 * queries the protocol answers. It takes the database connection (a function that gives the open
 * database's promise), so the worker registers its listeners at once and start-up never waits on IndexedDB.
 */
import { type ArticleAnalysis, type ArticleInput, analyzeArticle } from '../entities/analysis';
import { compileMatcher, type Matcher, patternsOf } from '../entities/matcher';
import type { ArchiveConnection, ArchiveDatabase } from './db';
import type { Entity } from './schema';
import { describeStorageError, ensureSeeded, readSeedState, type SeedOutcome } from './seed';
import { allEntities, countItemsOf, counts, itemsForEntities } from './store';
import type { ArchiveStatus, PanelContext, RelatedItem } from './views';

export interface ArchiveServiceOptions {
  /** Identifies the bundled snapshot (the extension version): a new one is imported once. */
  snapshotId: string;
  /** Reads the bundled snapshot document. */
  loadSnapshot: () => Promise<unknown>;
  /** Reads the matcher compiled at build time from the same snapshot's gazetteer, if there is one. */
  loadMatcher?: () => Promise<Matcher>;
}

export interface ArchiveService {
  /** Settles once the bundled snapshot is in the database (or failed to go in). */
  seeded: Promise<SeedOutcome>;
  status(): Promise<ArchiveStatus>;
  analyze(input: ArticleInput): Promise<ArticleAnalysis>;
  panelContext(analysis: ArticleAnalysis): Promise<PanelContext>;
}

interface Gazetteer {
  matcher: Matcher;
  entities: Map<string, Entity>;
}

export function createArchiveService(connect: ArchiveConnection, options: ArchiveServiceOptions): ArchiveService {
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
      const counted = await read((db) => Promise.all(analysis.entities.map((e) => countItemsOf(db, e.id))));
      analysis.entities.forEach((entity, i) => {
        entity.items = counted[i] as number;
      });
      return analysis;
    },
    async panelContext(analysis) {
      const ids = analysis.entities.map((e) => e.id);
      const items = await read((db) => itemsForEntities(db, ids));
      const mentioned = new Set(ids);
      const related: RelatedItem[] = items.map((item) => ({ item, why: item.entities.filter((id) => mentioned.has(id)) }));
      return { article: { url: analysis.url, title: analysis.title }, entities: analysis.entities, related, status: await status() };
    },
  };
}
