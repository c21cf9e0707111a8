/**
 * Entities' digests: for an entity, its newest postings and the first of those items' records and terms, in one record,
 * so the panel reads one record per entity instead of a list and then each of its items (about a hundred
 * requests a panel on a large archive, each costing the browser's IndexedDB a fraction of a millisecond:
 * docs/benchmarks.md, issue 9).
 *
 * A digest is a copy, and no copy outlives a change: every write of items empties the digests in its own
 * commit (`writing`, store.ts), so a digest that is there is as the archive is. One is made from what one
 * read transaction saw, and put only if the archive's token (which every such write changes) is still the
 * one read with it. Digests are made after a panel's question, off its path, for the entities it found
 * none for; while a sync writes there are none, and the panel reads as it would without them.
 */
import { unwrap } from 'idb';
import type { ArchiveDatabase } from './db';
import type { Posting } from './postings';
import {
  ARCHIVE_TOKEN,
  asItem,
  type Candidate,
  chooseCandidates,
  committed,
  newestPostings,
  puttingDigests,
  readCandidates,
  readStoredCandidate,
  type StoredCandidate,
} from './store';

export interface EntityDigest {
  /** How many postings it was made with (the panel's `perEntity`): read for another number, it is not used. */
  cap: number;
  /** The entity's newest postings, newest first, as `newestPostings` read them. */
  postings: Posting[];
  /**
   * The item and terms of each of the first RECORDS postings, as stored (absent where the item is not), in
   * the postings' order. A deeper one the panel chooses (an item other lists share) is read from the store.
   */
  items: StoredCandidate[];
}

/**
 * How many of an entity's newest items a digest holds whole. The panel chooses 60 of up to 16 lists' newest 30:
 * the items several lists share, then each list's first few (four each, with 16 lists and nothing shared), so
 * the rest of a list is rarely read, and holding all 30 tripled the bytes a panel reads (docs/benchmarks.md).
 */
const RECORDS = 12;

/**
 * As `candidatesForEntities` (store.ts) for the newest items, the same answer, reading an entity's digest
 * where there is one; `missed`: the entities that had none (or one made for another number), whose digests `makeDigests` makes.
 */
export async function candidatesWithDigests(
  db: ArchiveDatabase,
  entityIds: readonly string[],
  perEntity: number,
  limit: number,
): Promise<{ candidates: Candidate[]; missed: string[] }> {
  const tx = db.transaction(['digests', 'postings', 'items', 'itemTerms']);
  const digests = tx.objectStore('digests');
  const found = await Promise.all(entityIds.map((id) => digests.get(id)));
  const usable = (digest: EntityDigest | undefined): digest is EntityDigest => digest?.cap === perEntity;
  const missed = entityIds.filter((_, i) => !usable(found[i]));
  const postings = tx.objectStore('postings');
  const lists = await Promise.all(
    entityIds.map((id, i) => {
      const digest = found[i];
      return usable(digest) ? digest.postings : newestPostings(postings, id, perEntity);
    }),
  );
  const known = new Map<string, StoredCandidate>();
  for (const digest of found) {
    if (!usable(digest)) continue;
    for (const [i, held] of digest.items.entries()) {
      const id = digest.postings[i]?.[1];
      if (id !== undefined) known.set(id, held);
    }
  }
  return { candidates: await readCandidates(tx, chooseCandidates(lists, limit), known), missed };
}

/**
 * Makes these entities' digests from one read of their lists, items and terms, and puts them only if no
 * write of items came between (the archive's token is the one read with them). Without a token (none
 * written yet) nothing is made. How many were put.
 */
export async function makeDigests(db: ArchiveDatabase, entityIds: readonly string[], perEntity: number): Promise<number> {
  if (entityIds.length === 0) return 0;
  const tx = db.transaction(['meta', 'postings', 'items', 'itemTerms']);
  const [token, lists] = await Promise.all([
    tx.objectStore('meta').get(ARCHIVE_TOKEN),
    Promise.all(entityIds.map((id) => newestPostings(tx.objectStore('postings'), id, perEntity))),
  ]);
  if (typeof token !== 'string') return 0;
  // An item in several lists is read once; held without the keys it is looked up by (the panel drops them).
  const reads = new Map<string, Promise<StoredCandidate>>();
  const read = (id: string): Promise<StoredCandidate> => {
    let found = reads.get(id);
    if (!found) {
      found = readStoredCandidate(tx, id).then(([item, terms]) => [item && asItem(item), terms]);
      reads.set(id, found);
    }
    return found;
  };
  const items = await Promise.all(lists.map((list) => Promise.all(list.slice(0, RECORDS).map(([, id]) => read(id)))));
  puttingDigests(db);
  const write = db.transaction(['meta', 'digests'], 'readwrite');
  let put = 0;
  // Not through `writing`: the token is only read here, and a write counted on `meta` would make a feed's
  // page in progress read again what it knows (writesBegun, store.ts).
  await committed(write, async () => {
    if ((await write.objectStore('meta').get(ARCHIVE_TOKEN)) !== token) return;
    const store = unwrap(write.objectStore('digests'));
    entityIds.forEach((id, i) => {
      store.put({ cap: perEntity, postings: lists[i] ?? [], items: items[i] ?? [] } satisfies EntityDigest, id);
    });
    put = entityIds.length;
  });
  return put;
}
