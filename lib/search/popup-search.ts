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
  const known = await indexedDB.databases?.().catch(() => undefined);
  if (known && !known.some((db) => db.name === name && db.version === ARCHIVE_DB_VERSION)) return undefined;
  try {
    const db = await openDB<ArchiveDB>(name, ARCHIVE_DB_VERSION, {
      // Only when the database does not exist (deleted since it was listed): the worker must create it, not this page.
      upgrade(_db, _old, _new, tx) {
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
  return {
    async search(text, filters) {
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
