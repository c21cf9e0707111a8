/**
 * One run of one news feed (RSS, Atom): the document, conditionally (an unchanged feed costs a 304),
 * read by news-feed.ts within its limits, and handed to the archive's service, which spots the names in
 * each headline and writes them as coverage records with retention, in one transaction. A news feed has
 * no pages and no cursor: each fetch is the feed's current window, and a headline held already merges.
 */

import type { HeadlinesApplied, Retention } from '../archive/headlines';
import { hostOf } from '../archive/url';
import { DEFAULT_SITES, siteOfHost } from '../settings/sites';
import { fetchFeedDocument, type Validators } from './fetch-feed';
import { decodeFeed, type NewsEntry, type NewsFeed, parseNewsFeed } from './news-feed';
import { failedWith, problemOf, type SyncOutcome, storageFailed } from './sync';

/** A news feed's headlines as the archive takes them: before spotting. */
export interface NewsWrite {
  feedUrl: string;
  entries: (NewsEntry & { outlet: string })[];
  now: Date;
  retention: Retention;
}

/** What a news run needs of the archive's service (the only writer). */
export interface NewsArchive {
  applyNewsFeed(write: NewsWrite): Promise<HeadlinesApplied>;
}

export interface NewsSyncContext {
  fetch: typeof fetch;
  archive: NewsArchive;
  validators?: Validators;
  now?: () => Date;
  timeout?: number;
  retention: Retention;
  /** The outlet's name as the reader was offered the feed (offered-feeds.ts), if it was. */
  outlet?: string;
}

/** The outlet a headline is from: the name it was offered under, a default site's name, else the feed's title or host. */
export function outletOf(entryUrl: string, feed: Pick<NewsFeed, 'title'>, feedUrl: string, offered?: string): string {
  if (offered) return offered;
  const site = siteOfHost(new URL(entryUrl).hostname);
  const known = DEFAULT_SITES.find((s) => s.host === site)?.name;
  return known ?? (feed.title || hostOf(feedUrl));
}

/** Fetches and reads a news feed: the feed, or a run's end (unchanged or failed). */
export async function fetchNewsFeed(
  url: string,
  context: Pick<NewsSyncContext, 'fetch' | 'validators' | 'timeout' | 'now'>,
): Promise<{ feed: NewsFeed; validators: Validators } | Exclude<SyncOutcome, { state: 'synced' }>> {
  const fetched = await fetchFeedDocument(context.fetch, url, {
    expect: 'xml',
    ...(context.validators ? { validators: context.validators } : {}),
    ...(context.timeout ? { timeout: context.timeout } : {}),
  });
  if (fetched.state === 'not-modified') return { state: 'unchanged', ...(context.validators ? { validators: context.validators } : {}) };
  if (fetched.state === 'failed') return { state: 'failed', error: fetched.error, ...problemOf(fetched), totals: noTotals() };
  const text = decodeFeed(fetched.bytes, fetched.contentType);
  const feed = text.ok ? parseNewsFeed(text.value, url, (context.now ?? (() => new Date()))()) : text;
  if (!feed.ok) return failedWith({ code: 'unreadable', detail: feed.error });
  return { feed: feed.value, validators: fetched.validators };
}

function noTotals() {
  return { pages: 0, added: 0, updated: 0, removed: 0, settled: 0, skipped: 0 };
}

export async function syncNewsFeed(url: string, context: NewsSyncContext): Promise<SyncOutcome> {
  const now = (context.now ?? (() => new Date()))();
  const fetched = await fetchNewsFeed(url, context);
  if ('state' in fetched) return fetched;
  const { feed, validators } = fetched;
  const totals = { ...noTotals(), skipped: feed.skipped.length };
  let applied: HeadlinesApplied;
  try {
    applied = await context.archive.applyNewsFeed({
      feedUrl: url,
      entries: feed.entries.map((entry) => ({ ...entry, outlet: outletOf(entry.url, feed, url, context.outlet) })),
      now,
      retention: context.retention,
    });
  } catch (error) {
    return storageFailed(error, totals);
  }
  return {
    state: 'synced',
    totals: { ...totals, pages: 1, added: applied.added, updated: applied.merged, removed: applied.dropped },
    more: false,
    validators,
    problems: feed.skipped.slice(0, 20),
  };
}
