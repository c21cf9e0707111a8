/**
 * The background's archive service: seeding, the matcher built from the stored gazetteer, and the
 * queries the protocol answers. It takes the database promise, so the worker registers its listeners
 * at once and start-up never waits on IndexedDB.
 */
import { type ArticleAnalysis, type ArticleInput, analyzeArticle } from '../entities/analysis';
import { compileMatcher, type Matcher, patternsOf } from '../entities/matcher';
import type { ArchiveDatabase } from './db';
import type { Entity } from './schema';
import { ensureSeeded, readSeedState, type SeedOutcome } from './seed';
import { allEntities, counts, itemsForEntities } from './store';
import type { ArchiveStatus, PanelContext, RelatedItem } from './views';

export interface ArchiveServiceOptions {
  /** Identifies the bundled snapshot (the extension version): a new one is imported once. */
  snapshotId: string;
  /** Reads the bundled snapshot document. */
  loadSnapshot: () => Promise<unknown>;
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

export function createArchiveService(dbPromise: Promise<ArchiveDatabase>, options: ArchiveServiceOptions): ArchiveService {
  const seeded = dbPromise.then((db) => ensureSeeded(db, options.snapshotId, options.loadSnapshot));
  let lastError: string | undefined;
  void seeded.then((outcome) => {
    if (outcome.state === 'failed') lastError = outcome.error;
  });

  let gazetteer: Promise<Gazetteer> | undefined;
  // Built once per worker from the stored entities, never per page.
  const loadGazetteer = (): Promise<Gazetteer> => {
    gazetteer ??= (async () => {
      await seeded;
      const entities = await allEntities(await dbPromise);
      return { matcher: compileMatcher(patternsOf(entities)), entities: new Map(entities.map((e) => [e.id, e])) };
    })();
    return gazetteer;
  };

  const status = async (): Promise<ArchiveStatus> => {
    await seeded;
    const db = await dbPromise;
    const [n, seed] = await Promise.all([counts(db), readSeedState(db)]);
    return { ...n, ...(seed?.asOf ? { asOf: seed.asOf } : {}), ...(lastError ? { error: lastError } : {}) };
  };

  return {
    seeded,
    status,
    async analyze(input) {
      const { matcher, entities } = await loadGazetteer();
      return analyzeArticle(input, matcher, entities);
    },
    async panelContext(analysis) {
      const db = await dbPromise;
      const ids = analysis.entities.map((e) => e.id);
      const items = await itemsForEntities(db, ids);
      const mentioned = new Set(ids);
      const related: RelatedItem[] = items.map((item) => ({ item, why: item.entities.filter((id) => mentioned.has(id)) }));
      return { article: { url: analysis.url, title: analysis.title }, entities: analysis.entities, related, status: await status() };
    },
  };
}
