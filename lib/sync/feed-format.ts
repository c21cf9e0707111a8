/**
 * Backstory's feed: the archive's model (entities, items, deletions) published as an index document
 * and immutable dated pages, so a CDN caches every page forever and a reader's poll is one conditional
 * request for the index. docs/feed-format.md describes it for publishers.
 *
 * Entities and items are parsed with the archive's own schemas (lib/archive/schema.ts), one record at a
 * time: a bad record is skipped and counted while the rest of its page applies. Not routed through a
 * general feed parser: the well-kept JSON Feed parsers drop `_`-prefixed extension objects, which is
 * where our fields would have to live.
 *
 * Every function here is pure and never throws: untrusted bytes in, a value or readable problems out.
 */
import * as v from 'valibot';
import { compareInstants, isRealDay } from '../archive/dates';
import { type Entity, EntitySchema, type Item, ItemSchema } from '../archive/schema';

export const FEED_INDEX_FORMAT = 'backstory-feed-index';
export const FEED_PAGE_FORMAT = 'backstory-feed-page';
/**
 * The major version this reader understands. A document says `"version": "MAJOR.MINOR"`: any minor of
 * this major is read (fields it does not know are ignored), another major is refused with a reason.
 */
export const FEED_MAJOR = 1;
export const FEED_VERSION = `${FEED_MAJOR}.0`;

/** Limits, checked before and while parsing: a feed is data from a stranger. */
export const FEED_LIMITS = {
  /** Bytes of one response (index or page), checked while reading the body. */
  responseBytes: 4 * 1024 * 1024,
  /** Pages an index may list. */
  indexPages: 20_000,
  /** Items (and deletions) on one page: also what keeps one page's write transaction short. */
  pageItems: 500,
  pageDeletions: 2000,
  /** Pages fetched and applied in one run; the rest wait for the next (which comes soon). */
  pagesPerRun: 40,
  /** Entities one page may add or change, and the aliases it may bring in all. */
  pageEntities: 200,
  entityAliases: 20,
  pageAliases: 1000,
  /** Rows within one item: beyond these an item is skipped as oversized. */
  itemCoverage: 40,
  itemSignals: 20,
  itemReferences: 60,
} as const;

const VERSION = /^(\d{1,4})\.(\d{1,6})$/;
/** A page's key: its day, then an optional three-digit part. Keys sort as strings in publishing order. */
const PAGE_KEY = /^\d{4}-\d{2}-\d{2}(-\d{3})?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const Version = v.pipe(
  v.string(),
  v.regex(VERSION, 'must be "MAJOR.MINOR"'),
  v.check((version) => Number(version.split('.')[0]) === FEED_MAJOR, `must be version ${FEED_MAJOR}.x`),
);
const PageKey = v.pipe(v.string(), v.regex(PAGE_KEY, 'must be YYYY-MM-DD or YYYY-MM-DD-NNN'));
const Instant = v.pipe(v.string(), v.regex(INSTANT, 'must be an ISO 8601 date-time'));

/** One page as the index lists it. `url` is relative to the index (or absolute, on the same origin). */
export const PageRefSchema = v.object({
  key: PageKey,
  url: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  /** SHA-256 of the page's bytes, hex: the page is immutable, and a reader checks it got that page. */
  sha256: v.pipe(v.string(), v.regex(SHA256, 'must be 64 lower-case hex digits')),
  /** Ed25519 signature of the page's bytes, base64: required of the official feed. */
  signature: v.optional(v.pipe(v.string(), v.maxLength(200), v.regex(BASE64, 'must be base64'))),
});

export const FeedIndexSchema = v.object({
  format: v.literal(FEED_INDEX_FORMAT),
  version: Version,
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  generated: Instant,
  pages: v.pipe(
    v.array(PageRefSchema),
    v.maxLength(FEED_LIMITS.indexPages, `must list at most ${FEED_LIMITS.indexPages} pages`),
    v.check(
      (pages) => pages.every((page, i) => i === 0 || (pages[i - 1] as PageRef).key < page.key),
      'page keys must be unique and in order',
    ),
  ),
});

/** The page's envelope; its records are parsed one at a time afterwards (`parseFeedPage`). */
const PageEnvelopeSchema = v.object({
  format: v.literal(FEED_PAGE_FORMAT),
  version: Version,
  key: PageKey,
  entities: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(FEED_LIMITS.pageEntities * 5)), []),
  items: v.optional(
    v.pipe(v.array(v.unknown()), v.maxLength(FEED_LIMITS.pageItems, `must hold at most ${FEED_LIMITS.pageItems} items`)),
    [],
  ),
  deletions: v.optional(
    v.pipe(v.array(v.unknown()), v.maxLength(FEED_LIMITS.pageDeletions, `must hold at most ${FEED_LIMITS.pageDeletions} deletions`)),
    [],
  ),
});

export const DeletionSchema = v.object({
  id: v.pipe(v.string(), v.regex(ID, 'must be kebab-case ASCII')),
  modified: Instant,
});

/** The page as publishers see it (docs/feed.schema.json): the envelope with the archive's own record schemas. */
export const FeedPageSchema = v.object({
  ...PageEnvelopeSchema.entries,
  entities: v.optional(v.array(EntitySchema), []),
  items: v.optional(v.array(ItemSchema), []),
  deletions: v.optional(v.array(DeletionSchema), []),
});

export type PageRef = v.InferOutput<typeof PageRefSchema>;
export type FeedIndex = v.InferOutput<typeof FeedIndexSchema>;
export type Deletion = v.InferOutput<typeof DeletionSchema>;

/** A page as parsed: the records that passed, and a line for each one skipped. */
export interface FeedPage {
  key: string;
  entities: Entity[];
  items: Item[];
  deletions: Deletion[];
  /** Why each skipped record was skipped, e.g. `items.3: coverage.0.url: must be an http(s) URL`. */
  skipped: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** The document's major version when it is not ours: the reason a reader gives for refusing it. */
function otherMajor(input: unknown): string | undefined {
  const version = (input as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' || !VERSION.test(version)) return undefined;
  const major = Number(version.split('.')[0]);
  return major === FEED_MAJOR
    ? undefined
    : `the feed is version ${version}; this Backstory reads version ${FEED_MAJOR}.x (update Backstory)`;
}

/** JSON text to a value, or why not. */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // The engine's own words ("Expected ',' or '}' after property value in JSON at position 9") are a
    // developer's; the reader is told where, when the engine says (both Chromium's and Firefox's give a line and column).
    const at = /line (\d+) column (\d+)/.exec((error as Error).message);
    return { ok: false, error: at ? `not valid JSON (line ${at[1]}, column ${at[2]})` : 'not valid JSON' };
  }
}

export function parseFeedIndex(input: unknown): Parsed<FeedIndex> {
  const major = otherMajor(input);
  if (major) return { ok: false, error: major };
  const result = v.safeParse(FeedIndexSchema, input, { abortPipeEarly: true });
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, error: `not a Backstory feed index: ${describe(result.issues)}` };
}

/** Whether a date-time names a real moment (the pattern alone lets "2026-13-45T99:99Z" through). */
function isRealInstant(instant: string): boolean {
  return !Number.isNaN(Date.parse(instant));
}

/**
 * `modified` in one spelling (UTC, seconds; milliseconds only when there are some; copies are ordered by time,
 * `compareInstants`, whatever their spelling); and no later than a day from now: a copy dated in 2099 would
 * otherwise win over every real update to come.
 */
export function normalizeModified(instant: string, now: Date): string {
  const latest = now.getTime() + 24 * 3600 * 1000;
  const time = Math.min(Date.parse(instant), latest);
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** Why an item that passed its schema still cannot be taken, or undefined. */
function itemProblem(item: Item, now: Date): string | undefined {
  if (!isRealInstant(item.modified)) return 'modified: not a real date';
  if (!isRealDay(item.published)) return 'published: not a real date';
  const tomorrow = new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  if (item.published > tomorrow) return `published: ${item.published} is in the future`;
  for (const [i, row] of item.coverage.entries()) if (!isRealDay(row.published)) return `coverage.${i}.published: not a real date`;
  for (const [i, signal] of item.signals.entries()) if (!isRealDay(signal.by)) return `signals.${i}.by: not a real date`;
  if (item.coverage.length > FEED_LIMITS.itemCoverage) return `coverage: more than ${FEED_LIMITS.itemCoverage} rows`;
  if (item.signals.length > FEED_LIMITS.itemSignals) return `signals: more than ${FEED_LIMITS.itemSignals}`;
  if (item.entities.length + item.follows.length > FEED_LIMITS.itemReferences) return `more than ${FEED_LIMITS.itemReferences} references`;
  return undefined;
}

/**
 * A page: the envelope must be whole (else nothing of it is taken); each entity, item and deletion is
 * then taken or skipped on its own. Within the page an id repeated keeps its newest copy.
 */
export function parseFeedPage(input: unknown, now: Date): Parsed<FeedPage> {
  const major = otherMajor(input);
  if (major) return { ok: false, error: major };
  const envelope = v.safeParse(PageEnvelopeSchema, input, { abortPipeEarly: true });
  if (!envelope.success) return { ok: false, error: `not a Backstory feed page: ${describe(envelope.issues)}` };
  const page = envelope.output;
  const skipped: string[] = [];

  const entities = new Map<string, Entity>();
  for (const [i, raw] of page.entities.entries()) {
    const parsed = v.safeParse(EntitySchema, raw, { abortPipeEarly: true });
    if (!parsed.success) skipped.push(`entities.${i}: ${describe(parsed.issues)}`);
    else if (entities.has(parsed.output.id)) skipped.push(`entities.${i}: ${parsed.output.id} repeated`);
    else if (entities.size >= FEED_LIMITS.pageEntities) skipped.push(`entities.${i}: more than ${FEED_LIMITS.pageEntities} on a page`);
    else entities.set(parsed.output.id, parsed.output);
  }

  const items = new Map<string, Item>();
  for (const [i, raw] of page.items.entries()) {
    const parsed = v.safeParse(ItemSchema, raw, { abortPipeEarly: true });
    if (!parsed.success) {
      skipped.push(`items.${i}: ${describe(parsed.issues)}`);
      continue;
    }
    const problem = itemProblem(parsed.output, now);
    if (problem) {
      skipped.push(`items.${i}: ${problem}`);
      continue;
    }
    const item = { ...parsed.output, modified: normalizeModified(parsed.output.modified, now) };
    const seen = items.get(item.id);
    if (seen) skipped.push(`items.${i}: ${item.id} repeated`);
    if (!seen || compareInstants(seen.modified, item.modified) < 0) items.set(item.id, item);
  }

  const deletions = new Map<string, Deletion>();
  for (const [i, raw] of page.deletions.entries()) {
    const parsed = v.safeParse(DeletionSchema, raw, { abortPipeEarly: true });
    if (!parsed.success) skipped.push(`deletions.${i}: ${describe(parsed.issues)}`);
    else if (!isRealInstant(parsed.output.modified)) skipped.push(`deletions.${i}: modified: not a real date`);
    else deletions.set(parsed.output.id, { id: parsed.output.id, modified: normalizeModified(parsed.output.modified, now) });
  }

  return {
    ok: true,
    value: { key: page.key, entities: [...entities.values()], items: [...items.values()], deletions: [...deletions.values()], skipped },
  };
}

/**
 * How far a reader has applied a feed: the latest page's key, and the hashes of the pages it applied of
 * that key's day. The last day's pages may still grow (a publisher runs again the same day, and its
 * pages are renumbered), so a page of that day is applied again whenever its content is new; an earlier
 * day's pages are done.
 */
export interface FeedCursor {
  key: string;
  seen: string[];
  /**
   * A page applied in part (it is written in slices, a short transaction each): its hash, and how many of its
   * items and deletions are in. Applied again, that page goes on from there.
   */
  partial?: {
    sha256: string;
    done: number;
    /** `date`: the page's items counted by date, then id, as its slices take them; absent: as the page lists them (written before). */
    order?: 'date';
    /**
     * How many items and deletions the page had as read then. Read again on a later day it can hold more (an item
     * dated beyond tomorrow is refused until its day comes), and counting `done` into the new list would pass over
     * one: the page starts over instead. Absent: written before this was kept.
     */
    of?: number;
  };
}

const dayOf = (key: string) => key.slice(0, 10);

/** Whether the cursor has this page already. */
export function cursorCovers(cursor: FeedCursor | undefined, page: Pick<PageRef, 'key' | 'sha256'>): boolean {
  if (!cursor) return false;
  if (dayOf(page.key) !== dayOf(cursor.key)) return dayOf(page.key) < dayOf(cursor.key);
  return cursor.seen.includes(page.sha256);
}

/** The cursor once this page is applied too. */
export function advanceCursor(withPartial: FeedCursor | undefined, page: Pick<PageRef, 'key' | 'sha256'>): FeedCursor {
  const { partial: _, ...cursor } = withPartial ?? { key: '', seen: [] };
  if (!withPartial || dayOf(page.key) > dayOf(cursor.key)) return { key: page.key, seen: [page.sha256] };
  if (dayOf(page.key) < dayOf(cursor.key)) return cursor;
  const key = [page.key, cursor.key].sort()[1] as string;
  return { key, seen: [...new Set([...cursor.seen, page.sha256])].slice(-500) };
}

/** The pages still to apply after a cursor, in order. */
export function pagesAfter(index: FeedIndex, cursor: FeedCursor | undefined): PageRef[] {
  return index.pages.filter((page) => !cursorCovers(cursor, page));
}
