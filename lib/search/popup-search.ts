/**
 * The popup's way to the search: the archive opened directly (read only: an extension page shares the
 * worker's origin, so its IndexedDB is the same), so the first results need no worker to wake; the
 * worker's `searchArchive` when the database cannot be opened so (not created yet, or at a version this
 * build's worker has still to upgrade to: only the worker upgrades).
 */
import { openDB } from 'idb';
import { ARCHIVE_DB_NAME, ARCHIVE_DB_VERSION, type ArchiveDatabase, type ArchiveDB } from '../archive/db';
import { newSearchMemory, type SearchResults, searchArchive } from '../archive/search';
import { sendMessage } from '../messaging/client';
import type { SearchFilters } from './query';

export interface PopupSearch {
  search(text: string, filters: SearchFilters): Promise<{ results: SearchResults; via: 'direct' | 'worker' } | { error: string }>;
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

export function createPopupSearch(name = ARCHIVE_DB_NAME): PopupSearch {
  const opening = openArchiveToRead(name);
  const memory = newSearchMemory();
  // The first question is known (the empty query: the newest items): asked now, while the page renders,
  // not once the search box's effect runs after the first paint.
  let first: Promise<SearchResults | undefined> | undefined = opening.then((db) =>
    db ? searchArchive(db, '', { memory }).catch(() => undefined) : undefined,
  );
  return {
    async search(text, filters) {
      const early = first;
      first = undefined;
      if (early && text === '' && Object.keys(filters).length === 0) {
        const results = await early;
        if (results) return { results, via: 'direct' };
      }
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
    },
  };
}
