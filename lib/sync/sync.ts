/**
 * One run of one feed: the index (conditionally), then each page after the feed's cursor, checked
 * (hash, signature for the official feed, schema) and handed to the archive's service, which applies it
 * with the cursor in one transaction. A run stops at the first page it cannot take, so the cursor never
 * passes a page that was not applied; the next run starts there. A run that is stopped (the worker
 * ended) simply did not move the cursor past what it applied.
 */
import type { FeedPageWrite, FeedWriteSession, PageApplied } from '../archive/feed-apply';
import { createFeedWriteSession, cursorKeyOf } from '../archive/feed-apply';
import { type StorageProblem, storageProblemOf } from '../archive/storage-problem';
import { failureOf } from '../i18n/index';
import type { Problem, ProblemOf } from '../messaging/problem';
import {
  FEED_LIMITS,
  type FeedCursor,
  type FeedIndex,
  type PageRef,
  pagesAfter,
  parseFeedIndex,
  parseFeedPage,
  parseJson,
} from './feed-format';
import { fetchFeedDocument, type Validators } from './fetch-feed';
import { sha256Hex, verifySignature } from './signature';

/** A feed as the reader added it. */
export interface FeedSource {
  url: string;
  /** The feed the build names: it writes the archive's own ids, and its pages must be signed. */
  official: boolean;
  /** '' for the official feed; else the feed's namespace (lib/sync/trust.ts). */
  namespace: string;
}

/** What a run needs of the archive's service: the only writer. */
export interface FeedArchive {
  applyFeedPage(write: FeedPageWrite, session?: FeedWriteSession): Promise<PageApplied>;
  feedCursor(feedUrl: string): Promise<FeedCursor | undefined>;
}

export interface SyncContext {
  fetch: typeof fetch;
  archive: FeedArchive;
  /** The official feed's public key (base64, raw Ed25519), from the build. */
  publicKey?: string;
  now?: () => Date;
  /** The validators of the index last applied in full. */
  validators?: Validators;
  /** Called after each page applied: pages done and pages this run means to do. */
  progress?: (done: number, total: number) => void;
  pagesPerRun?: number;
  /** Milliseconds a request may take (REQUEST_TIMEOUT). */
  timeout?: number;
  /** Asked before each page: true ends the run there, as one with more pages to do (a removal or a reset waits). */
  stop?: () => boolean;
}

/** Counts of a run. */
export interface SyncTotals {
  pages: number;
  added: number;
  updated: number;
  removed: number;
  settled: number;
  /** Records left out (bad, refused, or deletions of unknown ids). */
  skipped: number;
}

export type SyncOutcome =
  /** 304, or an index with nothing after the cursor (a server that ignores validators). */
  | { state: 'unchanged'; validators?: Validators }
  /** Pages applied. `more`: pages are left for the next run. `validators` only when the index is done. */
  | { state: 'synced'; totals: SyncTotals; more: boolean; validators?: Validators; problems: string[] }
  /** Stopped by an error, after applying `totals.pages` pages (kept). */
  | { state: 'failed'; error: string; problem?: Problem; totals: SyncTotals };

/** A failure's problem, where it has one, to pass on. */
export function problemOf(failed: { problem?: Problem }): { problem?: Problem } {
  return failed.problem ? { problem: failed.problem } : {};
}

/** A failed run for a problem, its English words from the catalogue (lib/i18n `failureOf`). */
export function failedWith(problem: Problem, totals: SyncTotals = noTotals()): Extract<SyncOutcome, { state: 'failed' }> {
  return { state: 'failed', error: failureOf(problem).error, problem, totals };
}

/**
 * An error the archive's service threw, as a storage problem: the one it found (its own failures carry it),
 * else what the browser's error says.
 */
export function storageProblemFrom(error: unknown): ProblemOf<'storage'> {
  const found = (error as { problem?: { kind?: unknown } } | null)?.problem;
  return { code: 'storage', storage: typeof found?.kind === 'string' ? (found as StorageProblem) : storageProblemOf(error) };
}

/** A failed run for an error of the archive's storage (a full disk), worded as the storage panels word it. */
export function storageFailed(error: unknown, totals: SyncTotals = noTotals()): Extract<SyncOutcome, { state: 'failed' }> {
  return failedWith(storageProblemFrom(error), totals);
}

function noTotals(): SyncTotals {
  return { pages: 0, added: 0, updated: 0, removed: 0, settled: 0, skipped: 0 };
}

/** A page's address: relative to the index, and on the index's origin (the host the reader permitted). */
function pageUrl(index: string, ref: PageRef): string | undefined {
  try {
    const url = new URL(ref.url, index);
    return url.origin === new URL(index).origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches and checks the index: the index, or a run's end (unchanged or failed). */
export async function fetchIndex(
  source: FeedSource,
  context: Pick<SyncContext, 'fetch' | 'validators' | 'timeout'>,
): Promise<{ index: FeedIndex; validators: Validators } | Exclude<SyncOutcome, { state: 'synced' }>> {
  const fetched = await fetchFeedDocument(context.fetch, source.url, {
    ...(context.validators ? { validators: context.validators } : {}),
    ...(context.timeout ? { timeout: context.timeout } : {}),
  });
  if (fetched.state === 'not-modified') return { state: 'unchanged', ...(context.validators ? { validators: context.validators } : {}) };
  if (fetched.state === 'failed') return { state: 'failed', error: fetched.error, ...problemOf(fetched), totals: noTotals() };
  const json = parseJson(new TextDecoder().decode(fetched.bytes));
  const index = json.ok ? parseFeedIndex(json.value) : json;
  if (!index.ok) return failedWith({ code: 'unreadableIndex', detail: index.error });
  return { index: index.value, validators: fetched.validators };
}

export async function syncFeed(source: FeedSource, context: SyncContext): Promise<SyncOutcome> {
  const now = context.now ?? (() => new Date());
  const fetched = await fetchIndex(source, context);
  if ('state' in fetched) return fetched;
  const { index, validators } = fetched;
  let pending: PageRef[];
  try {
    pending = pagesAfter(index, await context.archive.feedCursor(source.url));
  } catch (error) {
    return storageFailed(error);
  }
  if (pending.length === 0) return { state: 'unchanged', validators };

  const limit = Math.min(context.pagesPerRun ?? FEED_LIMITS.pagesPerRun, FEED_LIMITS.pagesPerRun);
  const run = pending.slice(0, limit);
  const totals = noTotals();
  const problems: string[] = [];
  const session = createFeedWriteSession();
  for (const ref of run) {
    if (context.stop?.()) break;
    const failed = (problem: Problem): SyncOutcome => failedWith({ code: 'page', key: ref.key, problem }, totals);
    const url = pageUrl(source.url, ref);
    if (!url) return failed({ code: 'pageOffSite' });
    const got = await fetchFeedDocument(context.fetch, url, context.timeout ? { timeout: context.timeout } : {});
    if (got.state === 'not-modified') return failed({ code: 'pageUnasked304' });
    if (got.state === 'failed') return failed(got.problem ?? { code: 'unreadable', detail: got.error });
    if ((await sha256Hex(got.bytes)) !== ref.sha256) return failed({ code: 'pageChanged' });
    if (source.official) {
      if (!context.publicKey) return failed({ code: 'pageNoKey' });
      if (!ref.signature || !(await verifySignature(got.bytes, ref.signature, context.publicKey))) {
        return failed({ code: 'pageSignature' });
      }
    }
    const json = parseJson(new TextDecoder().decode(got.bytes));
    const page = json.ok ? parseFeedPage(json.value, now()) : json;
    if (!page.ok) return failed({ code: 'unreadable', detail: page.error });
    if (page.value.key !== ref.key) return failed({ code: 'pageKey', said: page.value.key });
    let applied: PageApplied;
    try {
      applied = await context.archive.applyFeedPage(
        { namespace: source.namespace, cursorKey: cursorKeyOf(source.url), ref, page: page.value },
        session,
      );
    } catch (error) {
      return storageFailed(error, totals);
    }
    totals.pages += 1;
    totals.added += applied.added;
    totals.updated += applied.updated;
    totals.removed += applied.removed;
    totals.settled += applied.settled;
    totals.skipped += applied.skipped.length;
    problems.push(...applied.skipped.slice(0, Math.max(0, 20 - problems.length)).map((line) => `${ref.key}: ${line}`));
    context.progress?.(totals.pages, run.length);
  }
  const more = pending.length > totals.pages;
  return { state: 'synced', totals, more, ...(more ? {} : { validators }), problems };
}
