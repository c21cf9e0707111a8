/**
 * A document's records as version 3 of the archive stored them, for `writeVersion3` (archive-v3.ts): items
 * carrying their stemmed terms (`termText`), the terms' document frequencies in 512 buckets keyed by an
 * FNV-1a hash, posting lists in blocks of 64, and the counts. Built with the shared tokenizer (the tokenizer
 * is not part of the schema; the upgrade must keep what it produced).
 */
import { foldSurface } from '../lib/archive/integrity';
import type { ArchiveDocument } from '../lib/archive/schema';
import { normalizeUrl } from '../lib/archive/url';
import { itemText, terms } from '../lib/search/terms';
import type { Version3Records } from './archive-v3';

/** Version 3's bucket of a term: FNV-1a over its UTF-16 code units, modulo 512. */
function bucketOf(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 512;
}

/** A document's records as version 3 stored them. */
export function version3Archive(name: string, doc: ArchiveDocument, seed: unknown): Version3Records {
  const live = doc.items.filter((item) => !item.deleted);
  const buckets = new Map<number, Map<string, number>>();
  let length = 0;
  const items = doc.items.map((item) => {
    const urlKey = item.url ? normalizeUrl(item.url) : undefined;
    if (item.deleted) return { ...item, ...(urlKey ? { urlKey } : {}) };
    const list = terms(itemText(item));
    length += list.length;
    for (const term of new Set(list)) {
      const bucket = buckets.get(bucketOf(term)) ?? new Map<string, number>();
      bucket.set(term, (bucket.get(term) ?? 0) + 1);
      buckets.set(bucketOf(term), bucket);
    }
    return { ...item, ...(urlKey ? { urlKey } : {}), termText: list.join(' ') };
  });
  const lists = new Map<string, [string, string][]>();
  for (const item of live) {
    for (const list of ['', ...new Set(item.entities)]) {
      const postings = lists.get(list) ?? [];
      postings.push([item.published, item.id]);
      lists.set(list, postings);
    }
  }
  const postings: unknown[] = [];
  for (const [list, all] of lists) {
    all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (let i = 0; i < all.length; i += 64) {
      const block = all.slice(i, i + 64);
      const first = block[0] as [string, string];
      postings.push({ key: [list, first[0], first[1]], postings: block, ...(i + 64 >= all.length ? { total: all.length } : {}) });
    }
  }
  return {
    name,
    entities: doc.entities.map((entity) => ({ ...entity, surfaceKeys: [...new Set([entity.name, ...entity.aliases].map(foldSurface))] })),
    items,
    postings,
    terms: [...buckets],
    meta: [
      ['seed', seed],
      ['counts', { entities: doc.entities.length, items: live.length }],
      ['term-totals', { docs: live.length, length }],
    ],
  };
}
