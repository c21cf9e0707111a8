/**
 * A feed file: a whole feed in one JSON document, for saving the archive (or one entity's items) and for
 * importing such a file. Its pages are feed pages exactly as `npm run feed:build` lays them out
 * (publish.ts), so an import goes through the same parser, limits and trust rules as a feed: each page is
 * parsed with `parseFeedPage` and applied by the archive's `applyFeedPage`, in a namespace of its own,
 * as a feed that is not official (it adds its own items and entities only).
 *
 * ```json
 * { "format": "backstory-feed-file", "version": "1.0", "title": "…", "generated": "…", "pages": [ <feed page>, … ] }
 * ```
 *
 * A file whose envelope or any page's envelope is malformed is refused whole, with the reason: nothing of
 * it is applied. Inside whole pages, a bad record is skipped and counted, as in a feed.
 */

import * as v from 'valibot';
import { cursorKeyOf } from '../archive/feed-apply';
import type { Entity, Item } from '../archive/schema';
import { failureOf } from '../i18n/index';
import type { Failure } from '../messaging/problem';
import { FEED_MAJOR, FEED_VERSION, type FeedPage, parseFeedPage, parseJson } from './feed-format';
import { FEED_FILE_MAX_CHARS } from './file-limits';
import { FEED_INDEX_FILE, publishFeed } from './publish';
import { sha256Hex } from './signature';
import { type FeedArchive, storageProblemFrom } from './sync';
import { NAMESPACE_SEPARATOR, namespaceOf } from './trust';

export const FEED_FILE_FORMAT = 'backstory-feed-file';

export const FEED_FILE_LIMITS = {
  /** Characters of a file: checked before it is parsed. */
  chars: FEED_FILE_MAX_CHARS,
  /** Pages in a file. */
  pages: 2000,
} as const;

const Envelope = v.object({
  format: v.literal(FEED_FILE_FORMAT),
  version: v.pipe(
    v.string(),
    v.regex(/^\d{1,4}\.\d{1,6}$/, 'must be "MAJOR.MINOR"'),
    v.check((version) => Number(version.split('.')[0]) === FEED_MAJOR, `must be version ${FEED_MAJOR}.x`),
  ),
  title: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200)),
  pages: v.pipe(v.array(v.unknown()), v.maxLength(FEED_FILE_LIMITS.pages, `must hold at most ${FEED_FILE_LIMITS.pages} pages`)),
});

/**
 * An id as a file carries it: a feed's namespaced id (`f1a2b…~item`) becomes `f1a2b…-item`, kebab-case as
 * the format requires; the archive's own ids stay as they are.
 */
export function fileId(id: string): string {
  return id.split(NAMESPACE_SEPARATOR).join('-');
}

function forFile(item: Item): Item {
  return {
    ...item,
    id: fileId(item.id),
    entities: item.entities.map(fileId),
    follows: item.follows.map(fileId),
    signals: item.signals.map((s) => (s.resolvedBy ? { ...s, resolvedBy: fileId(s.resolvedBy) } : s)),
  };
}

/** The file's text for these records (live items; deletions are not exported). */
export async function buildFeedFile(
  entities: readonly Entity[],
  items: readonly Item[],
  options: { title: string; now?: Date },
): Promise<string> {
  const now = options.now ?? new Date();
  const files = await publishFeed(
    entities.map((e) => ({ ...e, id: fileId(e.id), ...(e.parent ? { parent: fileId(e.parent) } : {}) })),
    items.filter((item) => !item.deleted).map(forFile),
    { title: options.title, now },
  );
  const decoder = new TextDecoder();
  const pages = files.filter((f) => f.path !== FEED_INDEX_FILE).map((f) => JSON.parse(decoder.decode(f.bytes)) as unknown);
  return `${JSON.stringify({ format: FEED_FILE_FORMAT, version: FEED_VERSION, title: options.title, generated: now.toISOString(), pages })}\n`;
}

/** A file's name for a title: letters, digits and hyphens, then `.backstory.json`. */
export function feedFileName(title: string, now = new Date()): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'backstory'}-${now.toISOString().slice(0, 10)}.backstory.json`;
}

/** A parsed file: its title, and its pages in key order, each with its hash (the import's cursor uses it). */
export interface FeedFileParsed {
  title: string;
  pages: { page: FeedPage; sha256: string }[];
  /** The hash of the whole text: one import's cursor. */
  sha256: string;
}

/** Parses a feed file. Never throws; a malformed file, or any malformed page, gives the reason and no pages. */
export async function parseFeedFile(text: string, now: Date): Promise<{ ok: true; value: FeedFileParsed } | Failure> {
  if (text.length > FEED_FILE_LIMITS.chars) return failureOf({ code: 'fileTooLarge', mebibytes: FEED_FILE_LIMITS.chars / 1024 / 1024 });
  const json = parseJson(text);
  if (!json.ok) return failureOf({ code: 'notFeedFile', detail: json.error });
  const version = (json.value as { version?: unknown } | null)?.version;
  if (typeof version === 'string' && /^\d+\.\d+$/.test(version) && Number(version.split('.')[0]) !== FEED_MAJOR)
    return failureOf({ code: 'fileVersion', version, reads: `${FEED_MAJOR}.x` });
  const envelope = v.safeParse(Envelope, json.value, { abortPipeEarly: true });
  if (!envelope.success) {
    const issue = envelope.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return failureOf({ code: 'notFeedFile', detail: `${path ? `${path}: ` : ''}${issue?.message ?? 'malformed'}` });
  }
  const pages: { page: FeedPage; sha256: string }[] = [];
  for (const [i, raw] of envelope.output.pages.entries()) {
    const parsed = parseFeedPage(raw, now);
    if (!parsed.ok) return failureOf({ code: 'filePage', page: i + 1, detail: parsed.error });
    pages.push({ page: parsed.value, sha256: await sha256Hex(new TextEncoder().encode(JSON.stringify(raw))) });
  }
  // In key order: the import's cursor passes each page in turn, as a feed's does.
  pages.sort((a, b) => (a.page.key < b.page.key ? -1 : a.page.key > b.page.key ? 1 : 0));
  return { ok: true, value: { title: envelope.output.title, pages, sha256: await sha256Hex(new TextEncoder().encode(text)) } };
}

/** What an import did. */
export interface ImportOutcome {
  title: string;
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  entities: number;
  /** Records left out, with why (the first 20), and how many in all. */
  skipped: string[];
  skippedCount: number;
}

/** The namespace a file's records go in: from its title, so importing a newer file of the same title updates by id. */
export function fileNamespace(title: string): Promise<string> {
  return namespaceOf(`backstory-file:${title}`);
}

/**
 * Imports a feed file through the feed's path: parsed whole first (a malformed file changes nothing), then
 * each page applied with its own cursor in one transaction. A failure part way (a full disk) keeps the
 * pages applied before it, each whole, and says so.
 */
export async function importFeedFile(archive: FeedArchive, text: string, now: Date): Promise<{ ok: true; value: ImportOutcome } | Failure> {
  const parsed = await parseFeedFile(text, now);
  if (!parsed.ok) return parsed;
  const { title, pages, sha256 } = parsed.value;
  const namespace = await fileNamespace(title);
  const cursorKey = cursorKeyOf(`backstory-file:${sha256}`);
  const outcome: ImportOutcome = { title, pages: 0, added: 0, updated: 0, unchanged: 0, entities: 0, skipped: [], skippedCount: 0 };
  for (const { page, sha256: pageHash } of pages) {
    try {
      const applied = await archive.applyFeedPage({ namespace, cursorKey, ref: { key: page.key, sha256: pageHash }, page });
      outcome.pages += 1;
      outcome.added += applied.added;
      outcome.updated += applied.updated;
      outcome.unchanged += applied.unchanged;
      outcome.entities += applied.entities;
      outcome.skippedCount += applied.skipped.length;
      outcome.skipped.push(...applied.skipped.slice(0, 20 - outcome.skipped.length));
    } catch (error) {
      return failureOf({ code: 'importStopped', pages: outcome.pages, of: pages.length, problem: storageProblemFrom(error) });
    }
  }
  return { ok: true, value: outcome };
}
