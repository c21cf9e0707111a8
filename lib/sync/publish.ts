/**
 * Making a static feed from archive records: the pages and the index that lists them (docs/feed-format.md).
 * Used by `npm run feed:build` on data/ (the same source as the bundled snapshot), by the local feed server
 * of `npm start` and the tests, and by the benchmark. Pure but for WebCrypto: records in, files out.
 *
 * Items go in order of `modified`, a page per UTC day of it (more when a day has more than a page holds),
 * so publishing again after an edit adds a new page and leaves the old ones as they were. Each entity
 * goes on the page of the first item that names it (those no item names, on the last page).
 */
import { compareInstants } from '../archive/dates';
import type { Entity, Item } from '../archive/schema';
import { FEED_INDEX_FORMAT, FEED_LIMITS, FEED_PAGE_FORMAT, FEED_VERSION, type FeedIndex, normalizeModified } from './feed-format';
import { sha256Hex, signBytes } from './signature';

export interface PublishOptions {
  title: string;
  /** The PKCS #8 private key (base64) that signs each page; none: pages go unsigned. */
  privateKey?: string;
  /** Items a page holds at most (≤ FEED_LIMITS.pageItems). */
  pageItems?: number;
  /** When the feed is made (the index's `generated`); dates are clamped against it. */
  now?: Date;
}

export interface FeedFile {
  /** Relative to the feed's folder: `index.json`, `pages/<key>.<hash>.json`. */
  path: string;
  bytes: Uint8Array;
}

interface DraftPage {
  key: string;
  entities: Entity[];
  items: Item[];
  deletions: { id: string; modified: string }[];
}

export const FEED_INDEX_FILE = 'index.json';

/** The feed's files: every page, then the index. */
export async function publishFeed(entities: readonly Entity[], items: readonly Item[], options: PublishOptions): Promise<FeedFile[]> {
  const now = options.now ?? new Date();
  const perPage = Math.min(options.pageItems ?? 250, FEED_LIMITS.pageItems);
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const placed = new Set<string>();
  const ordered = items
    .map((item) => ({ ...item, modified: normalizeModified(item.modified, now) }))
    .sort((a, b) => compareInstants(a.modified, b.modified) || (a.id < b.id ? -1 : 1));

  const drafts: DraftPage[] = [];
  let current: DraftPage | undefined;
  for (const item of ordered) {
    const day = item.modified.slice(0, 10);
    const fresh = item.deleted ? [] : item.entities.filter((id) => byId.has(id) && !placed.has(id));
    const full =
      current !== undefined &&
      (current.items.length + current.deletions.length >= perPage || current.entities.length + fresh.length > FEED_LIMITS.pageEntities);
    if (!current?.key.startsWith(day) || full) {
      const part = current?.key.startsWith(day) ? Number(current.key.slice(11)) + 1 : 1;
      current = { key: `${day}-${String(part).padStart(3, '0')}`, entities: [], items: [], deletions: [] };
      drafts.push(current);
    }
    for (const id of fresh) {
      placed.add(id);
      current.entities.push(byId.get(id) as Entity);
    }
    if (item.deleted) current.deletions.push({ id: item.id, modified: item.modified });
    else current.items.push(item);
  }
  // Entities no item names: on pages of their own after the last, as many as the per-page bound needs.
  const rest = entities.filter((entity) => !placed.has(entity.id));
  const lastDay = (drafts.at(-1)?.key ?? now.toISOString()).slice(0, 10);
  let part = drafts.at(-1) ? Number((drafts.at(-1) as DraftPage).key.slice(11)) : 0;
  for (let i = 0; i < rest.length; i += FEED_LIMITS.pageEntities) {
    part += 1;
    drafts.push({
      key: `${lastDay}-${String(part).padStart(3, '0')}`,
      entities: rest.slice(i, i + FEED_LIMITS.pageEntities),
      items: [],
      deletions: [],
    });
  }

  const files: FeedFile[] = [];
  const index: FeedIndex = {
    format: FEED_INDEX_FORMAT,
    version: FEED_VERSION,
    title: options.title,
    generated: now.toISOString(),
    pages: [],
  };
  for (const draft of drafts) {
    const bytes = new TextEncoder().encode(`${JSON.stringify({ format: FEED_PAGE_FORMAT, version: FEED_VERSION, ...draft })}\n`);
    const sha256 = await sha256Hex(bytes);
    const path = `pages/${draft.key}.${sha256.slice(0, 12)}.json`;
    files.push({ path, bytes });
    index.pages.push({
      key: draft.key,
      url: path,
      sha256,
      ...(options.privateKey ? { signature: await signBytes(bytes, options.privateKey) } : {}),
    });
  }
  files.push({ path: FEED_INDEX_FILE, bytes: new TextEncoder().encode(`${JSON.stringify(index, null, 1)}\n`) });
  return files;
}
