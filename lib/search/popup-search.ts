/**
 * The popup's way to the search: the archive opened directly (read only: an extension page shares the
 * worker's origin, so its IndexedDB is the same), so the first results need no worker to wake; the
 * worker's `searchArchive` when the database cannot be opened so (not created yet, or at a version this
 * build's worker has still to upgrade to: only the worker upgrades). Before either, the empty query's answer
 * kept from the last popup (first-results.ts), replaced by the database's own when it comes.
 */
import { openDB } from 'idb';
import { ARCHIVE_DB_NAME, ARCHIVE_DB_VERSION, type ArchiveDatabase, type ArchiveDB } from '../archive/db';
import { newSearchMemory, type SearchResults, searchArchive } from '../archive/search';
import { sendMessage } from '../messaging/client';
import { type KeptArea, keepFirstResults, readFirstResults } from './first-results';
import type { SearchFilters } from './query';

export type PopupAnswer = { results: SearchResults; via: 'cache' | 'direct' | 'worker' } | { error: string };

export interface PopupSearch {
  /**
   * The answer to a query. `fresher`: called once more with the database's (or the worker's) answer when the
   * first was the one kept from the last popup (`via: 'cache'`).
   */
  search(text: string, filters: SearchFilters, fresher?: (answer: PopupAnswer) => void): Promise<PopupAnswer>;
  /** The last popup's first results, kept (or undefined): for the first render, before any answer. */
  kept(): SearchResults | undefined;
}

/** Opens the archive at this build's version, or gives undefined: never creates or upgrades it. */
export async function openArchiveToRead(name = ARCHIVE_DB_NAME): Promise<ArchiveDatabase | undefined> {
  // No `indexedDB.databases()` first (a round trip before the first read): a database missing or older has
  // the upgrade below abort, which leaves it as it was; a newer one fails to open with a VersionError.
  try {
    const db = await openDB<ArchiveDB>(name, ARCHIVE_DB_VERSION, {
      // Only when the database is missing or older: the worker must create or upgrade it, not this page.
      upgrade(_db, _old, _new, tx) {
        tx.done.catch(() => undefined); // Aborted on purpose: not an error to report.
        tx.abort();
      },
      // A newer version (the worker after an update) waits for no one.
      blocking() {
        db.close();
      },
    });
    return db;
  } catch {
    return undefined;
  }
}

/** Marks for the bench (scripts/bench-search.ts): where the popup's first results spend their time. */
export const POPUP_MARKS = {
  opening: 'backstory-db-opening',
  opened: 'backstory-db-opened',
  read: 'backstory-first-read',
  kept: 'backstory-kept-read',
} as const;

/** `kept`: where the last popup's first results are kept (none in the worker, which has no localStorage). */
export function createPopupSearch(name = ARCHIVE_DB_NAME, kept: KeptArea | undefined = globalThis.localStorage): PopupSearch {
  performance.mark(POPUP_MARKS.opening);
  const opening = openArchiveToRead(name).then((db) => {
    performance.mark(POPUP_MARKS.opened);
    return db;
  });
  // Read at once, before the database's first answer can come: a read in the page itself.
  const keptNow = kept ? readKept(kept) : undefined;
  const memory = newSearchMemory();
  // The first question is known (the empty query: the newest items): asked now, while the page renders,
  // not once the search box's effect runs after the first paint.
  let first: Promise<SearchResults | undefined> | undefined = opening.then((db) =>
    db
      ? searchArchive(db, '', { memory }).then(
          (results) => {
            performance.mark(POPUP_MARKS.read);
            return results;
          },
          () => undefined,
        )
      : undefined,
  );
  const answer = async (text: string, filters: SearchFilters): Promise<PopupAnswer> => {
    const db = await opening;
    if (db) {
      try {
        return { results: await searchArchive(db, text, { filters, memory }), via: 'direct' };
      } catch {
        // Closed under it (an upgrade): the worker answers.
      }
    }
    const reply = await sendMessage('searchArchive', { query: text, filters });
    return reply.ok ? { results: reply.value, via: 'worker' } : { error: reply.error };
  };
  return {
    kept: () => keptNow,
    async search(text, filters, fresher) {
      const early = first;
      first = undefined;
      if (!early || text !== '' || Object.keys(filters).length > 0) return answer(text, filters);
      const fresh = early.then((results): Promise<PopupAnswer> | PopupAnswer =>
        results ? { results, via: 'direct' } : answer(text, filters),
      );
      void fresh.then((found) => {
        if (kept && 'results' in found) keepQuietly(kept, found.results, keptNow);
      });
      // The kept answer, read synchronously above, is always there before the database's: shown first when there
      // is one, the database's given to `fresher` when it comes.
      if (!keptNow) return fresh;
      void fresh.then((found) => fresher?.(found));
      return { results: keptNow, via: 'cache' };
    },
  };
}

/** The kept first results, or undefined when storage cannot be read (then the database answers first). */
function readKept(kept: KeptArea): SearchResults | undefined {
  try {
    return readFirstResults(kept);
  } catch {
    return undefined;
  } finally {
    performance.mark(POPUP_MARKS.kept);
  }
}

/** A full or refused storage only means the next popup waits for the database. */
function keepQuietly(kept: KeptArea, results: SearchResults, before: SearchResults | undefined): void {
  try {
    keepFirstResults(kept, results, before);
  } catch {
    // Nothing kept: nothing lost.
  }
}
