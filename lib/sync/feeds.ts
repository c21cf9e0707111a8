/**
 * The reader's feeds and what the worker knows of each, as declared storage items. The archive's
 * cursor per feed is not here: it lives in IndexedDB, written with each page (lib/archive/feed-apply.ts).
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_RETENTION, type Retention } from '../archive/headlines';
import type { Problem } from '../messaging/problem';
import type { Validators } from './fetch-feed';
import { DEFAULT_INTERVAL_HOURS } from './schedule';
import type { SyncTotals } from './sync';

/** A feed the reader follows (or the build's official one). */
export interface FeedSetting {
  url: string;
  official: boolean;
  /** '' for the official feed; else its own namespace (lib/sync/trust.ts). */
  namespace: string;
  paused: boolean;
  /** The index's title, once seen. */
  title?: string;
  /**
   * `news`: an RSS or Atom feed of a news site, whose headlines become coverage records (news-sync.ts);
   * absent: a Backstory feed (index and pages).
   */
  kind?: 'news';
  /** The outlet's name, for a news feed the reader turned on from the offered list. */
  outlet?: string;
  /**
   * Listed by the organisation's policy (lib/settings/managed.ts): the reader can neither pause nor remove
   * it, and it goes when the policy drops it.
   */
  managed?: true;
  /** A policy's feed not yet read: whether it is a Backstory feed or a news feed is learnt at its first sync. */
  unresolved?: true;
}

/** What the worker remembers of a feed's syncs. */
export interface FeedState {
  lastAttempt?: string;
  lastSuccess?: string;
  /** The last failure in plain words, and as data for the reader's language; cleared by the next success. */
  lastError?: string;
  lastProblem?: Problem;
  /** Failures in a row, for the backoff. */
  failures: number;
  /** What the last run that changed something brought. */
  last?: SyncTotals;
  nextRun?: string;
  /** The validators of the index last applied in full. */
  validators?: Validators;
}

// `@__PURE__`: unused items are left out of a bundle (lib/settings/settings.ts says why).
export const feedsSetting = /* @__PURE__ */ storage.defineItem<FeedSetting[]>('local:feeds', { fallback: [], version: 1 });
export const syncIntervalSetting = /* @__PURE__ */ storage.defineItem<number>('local:syncIntervalHours', {
  fallback: DEFAULT_INTERVAL_HOURS,
  version: 1,
});
/** How long news feeds' headlines are kept, and how many at most (lib/archive/headlines.ts). */
export const newsRetentionSetting = /* @__PURE__ */ storage.defineItem<Retention>('local:newsRetention', {
  fallback: DEFAULT_RETENTION,
  version: 1,
});
/** The retention window the reader may choose, in years. */
export const RETENTION_YEARS = { min: 1, max: 10 } as const;

/** Sets how many years news headlines are kept (clamped, whole years); the cap stays. Returns what was stored. */
export async function setNewsRetentionYears(years: number): Promise<Retention> {
  const whole = Math.round(Number.isFinite(years) ? years : DEFAULT_RETENTION.days / 365);
  const clamped = Math.min(RETENTION_YEARS.max, Math.max(RETENTION_YEARS.min, whole));
  const next = { ...(await newsRetentionSetting.getValue()), days: clamped * 365 };
  await newsRetentionSetting.setValue(next);
  return next;
}

export const feedStatesItem = /* @__PURE__ */ storage.defineItem<Record<string, FeedState>>('local:feedStates', {
  fallback: {},
  version: 1,
});

/** A feed as the options page shows it. */
export interface FeedView extends FeedSetting {
  state: FeedState;
  /** Pages done and pages to do in the run under way, if one is. */
  progress?: { done: number; total: number };
}

/** A feed the options page would add: what its index says, before it is added. */
export interface FeedPreview {
  url: string;
  title: string;
  /** A Backstory feed's pages; a news feed's headlines. */
  pages: number;
  kind?: 'news';
  /** The newest page's key (its day). */
  latest?: string;
}

/** The match pattern of a feed's host: what the reader is asked to permit. */
export function hostPatternOf(feedUrl: string): string {
  return `${new URL(feedUrl).origin}/*`;
}

/**
 * The host access to give back once a feed is removed: its site's, unless another feed listed is on the same site.
 * (The browser removes exactly that grant: a site the reader added keeps its own, and the build's own hosts cannot
 * be removed at all.)
 */
export function hostToGiveBack(feedUrl: string, remaining: readonly string[]): string | undefined {
  const pattern = hostPatternOf(feedUrl);
  return remaining.some((url) => hostPatternOf(url) === pattern) ? undefined : pattern;
}
