/**
 * The worker's sync: which feeds are due, one run at a time, the alarm for the next, and each feed's
 * status for the options page. The worker may be stopped between any two steps: everything it needs
 * to go on (feeds, states, the alarm, the archive's cursors) is stored, never only in memory; what is in
 * memory (the run under way, its progress) is only for showing.
 */

import { failureOf } from '../i18n/index';
import type { Failure, Problem } from '../messaging/problem';
import { parseFeedIndex, parseJson } from './feed-format';
import { normalizeFeedUrl } from './feed-url';
import {
  type FeedPreview,
  type FeedSetting,
  type FeedState,
  type FeedView,
  feedStatesItem,
  feedsSetting,
  newsRetentionSetting,
  syncIntervalSetting,
} from './feeds';
import { fetchFeedDocument } from './fetch-feed';
import { decodeFeed, parseNewsFeed } from './news-feed';
import { type NewsArchive, syncNewsFeed } from './news-sync';
import { clampInterval, MORE_PAGES_MINUTES, nextAfterFailure, nextAfterSuccess, startupRun } from './schedule';
import { type FeedArchive, type FeedSource, problemOf, type SyncOutcome, syncFeed } from './sync';
import { namespaceOf } from './trust';

export const SYNC_ALARM = 'backstory-sync';

/** The browser's alarms, as much as the runner uses of them. */
export interface Alarms {
  create(name: string, info: { when: number }): unknown;
}

export interface SyncRunnerOptions {
  archive: FeedArchive & NewsArchive & { removeFeed(feedUrl: string, namespace: string, kind?: 'news'): Promise<number> };
  fetch: typeof fetch;
  alarms: Alarms;
  /** The build's official feed, if it names one. */
  official?: { url: string; publicKey: string };
  now?: () => number;
  random?: () => number;
  /** After a run that brought entities or items (the synced-entity matcher is compiled then). */
  afterChange?: () => Promise<void>;
  /**
   * Why no feed may be fetched now (the reader paused Backstory, say), or undefined when syncs may run.
   * Asked before every run, preview and addition: the worker enforces it, not only the options page.
   */
  blocked?: () => Promise<Problem | undefined>;
  /**
   * The feeds the organisation's policy lists (normalised addresses): kept in the list, never paused, and
   * neither paused nor removed at the reader's request. Read at every start (the worker calls start again
   * when the policy changes).
   */
  managedFeeds?: () => Promise<readonly string[]>;
  /** A feed was removed: the feeds still listed, to give back the host access no other needs (./feeds.ts). */
  removed?: (feedUrl: string, remaining: readonly string[]) => Promise<void>;
}

export type Reply<T> = { ok: true; value: T } | Failure;

export interface SyncRunner {
  /** At every worker start: the official feed listed, and an overdue sync scheduled after a random delay. */
  start(): Promise<void>;
  /** The alarm fired: sync every feed that is due. */
  onAlarm(name: string): Promise<void>;
  /** Syncs every feed that is not paused, now. Resolves when done; a run already under way is joined. */
  syncNow(): Promise<void>;
  feeds(): Promise<FeedView[]>;
  /** Reads a feed's index to show what it would bring (the host is permitted by then). */
  preview(url: string): Promise<Reply<FeedPreview>>;
  /** Adds a feed (after its preview) and syncs it; `outlet`: the name it was offered under (offered-feeds.ts). */
  add(url: string, outlet?: string): Promise<Reply<FeedPreview>>;
  remove(url: string): Promise<Reply<null>>;
  setPaused(url: string, paused: boolean): Promise<Reply<null>>;
  setInterval(hours: number): Promise<number>;
  /** Why no sync may run now, or undefined. */
  whyBlocked(): Promise<Problem | undefined>;
  /** Runs `work` with syncs stopped: the run under way is waited for, and none starts until `work` ends. */
  withSyncStopped<T>(work: () => Promise<T>): Promise<T>;
}

export function createSyncRunner(options: SyncRunnerOptions): SyncRunner {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let running: Promise<void> | undefined;
  /** How many callers hold syncs stopped (`withSyncStopped`). */
  let stopped = 0;
  const blocked = async (): Promise<Problem | undefined> => (stopped > 0 ? { code: 'deleting' } : await options.blocked?.());
  /** Runs `work` once the run under way has stopped (at its next page), and with none starting until it ends. */
  const withSyncStopped = async <T>(work: () => Promise<T>): Promise<T> => {
    stopped++;
    try {
      await running?.catch(() => undefined);
      return await work();
    } finally {
      stopped--;
    }
  };
  const progress = new Map<string, { done: number; total: number }>();

  const source = (feed: FeedSetting): FeedSource => ({ url: feed.url, official: feed.official, namespace: feed.namespace });

  /** Writes one feed's state (read, changed, written: the worker is the only writer of these). */
  const updateState = async (url: string, change: (state: FeedState) => FeedState) => {
    const states = await feedStatesItem.getValue();
    await feedStatesItem.setValue({ ...states, [url]: change(states[url] ?? { failures: 0 }) });
  };

  /** The alarm at the earliest next run of any feed that is not paused. */
  const scheduleAlarm = async () => {
    const [feeds, states] = await Promise.all([feedsSetting.getValue(), feedStatesItem.getValue()]);
    const times = feeds.filter((feed) => !feed.paused).map((feed) => Date.parse(states[feed.url]?.nextRun ?? '') || now());
    if (times.length > 0) await options.alarms.create(SYNC_ALARM, { when: Math.max(Math.min(...times), now() + 30_000) });
  };

  const record = async (feed: FeedSetting, outcome: SyncOutcome, interval: number) => {
    const at = new Date(now()).toISOString();
    await updateState(feed.url, (state) => {
      if (outcome.state === 'failed') {
        const failures = state.failures + 1;
        const { lastProblem: _, ...kept } = state;
        return {
          ...kept,
          lastAttempt: at,
          lastError: outcome.error,
          ...(outcome.problem ? { lastProblem: outcome.problem } : {}),
          failures,
          nextRun: new Date(nextAfterFailure(now(), failures, interval, random())).toISOString(),
        };
      }
      const more = outcome.state === 'synced' && outcome.more;
      const next = more ? now() + MORE_PAGES_MINUTES * 60_000 : nextAfterSuccess(now(), interval, random());
      const { lastError: _, lastProblem: __, ...rest } = state;
      return {
        ...rest,
        lastAttempt: at,
        lastSuccess: at,
        failures: 0,
        nextRun: new Date(next).toISOString(),
        ...(outcome.state === 'synced' ? { last: outcome.totals } : {}),
        ...(outcome.validators ? { validators: outcome.validators } : {}),
      };
    });
  };

  const runFeeds = async (due: (feed: FeedSetting, state: FeedState | undefined) => boolean) => {
    // Paused: nothing is fetched, and no alarm is set (resuming starts the schedule again).
    if (await blocked()) return;
    const [feeds, states, hours, retention] = await Promise.all([
      feedsSetting.getValue(),
      feedStatesItem.getValue(),
      syncIntervalSetting.getValue(),
      newsRetentionSetting.getValue(),
    ]);
    const interval = clampInterval(hours);
    let changed = false;
    for (const listed of feeds.filter((f) => !f.paused && due(f, states[f.url]))) {
      if (await blocked()) break;
      progress.set(listed.url, { done: 0, total: 0 });
      try {
        // A policy's feed read for the first time: its document says which kind it is, as for "Add feed".
        const resolved = listed.unresolved ? await resolve(listed) : ({ ok: true, value: listed } as const);
        if (!resolved.ok) {
          await record(
            listed,
            {
              state: 'failed',
              error: resolved.error,
              ...problemOf(resolved),
              totals: { pages: 0, added: 0, updated: 0, removed: 0, settled: 0, skipped: 0 },
            },
            interval,
          );
          continue;
        }
        const feed = resolved.value;
        const validators = states[feed.url]?.validators;
        const outcome =
          feed.kind === 'news'
            ? await syncNewsFeed(feed.url, {
                fetch: options.fetch,
                archive: options.archive,
                ...(validators ? { validators } : {}),
                now: () => new Date(now()),
                retention,
                ...(feed.outlet ? { outlet: feed.outlet } : {}),
              })
            : await syncFeed(source(feed), {
                fetch: options.fetch,
                archive: options.archive,
                ...(options.official ? { publicKey: options.official.publicKey } : {}),
                ...(validators ? { validators } : {}),
                now: () => new Date(now()),
                progress: (done, total) => progress.set(feed.url, { done, total }),
                stop: () => stopped > 0,
              });
        // Headlines bring no entities: only a Backstory feed's pages make the synced matcher worth compiling again.
        if (feed.kind !== 'news' && outcome.state !== 'unchanged' && outcome.totals.pages > 0) changed = true;
        await record(feed, outcome, interval);
      } finally {
        progress.delete(listed.url);
      }
    }
    if (changed) await options.afterChange?.().catch(() => undefined);
    await scheduleAlarm();
  };

  /** One run at a time in this worker: a second asker joins the run under way. */
  const exclusive = (run: () => Promise<void>): Promise<void> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  const findFeed = async (url: string) => (await feedsSetting.getValue()).find((feed) => feed.url === url);
  const managedFeeds = async (): Promise<readonly string[]> => (await options.managedFeeds?.()) ?? [];

  /** A policy's unresolved feed, previewed: its kind and title stored, or why it could not be read. */
  const resolve = async (feed: FeedSetting): Promise<Reply<FeedSetting>> => {
    const previewed = await preview(feed.url);
    if (!previewed.ok) return previewed;
    const { kind, title } = previewed.value;
    const { unresolved: _, ...rest } = feed;
    const next: FeedSetting = { ...rest, title, ...(kind ? { kind } : {}) };
    await feedsSetting.setValue((await feedsSetting.getValue()).map((f) => (f.url === feed.url ? next : f)));
    return { ok: true, value: next };
  };

  /**
   * The feed list as the organisation's policy has it: its feeds listed (new ones unresolved until their
   * first sync) and unpaused, and the ones it listed before but no more removed with what they brought.
   * A feed the reader had added before the policy named it is the policy's from then on.
   */
  const applyPolicy = async (): Promise<void> => {
    const wanted = new Set(await managedFeeds());
    // The ones it dropped go first, each off the list once its records are gone (`forget`).
    for (const feed of (await feedsSetting.getValue()).filter((f) => f.managed && !wanted.has(f.url))) await forget(feed);
    const feeds = await feedsSetting.getValue();
    const kept = feeds.map(
      (feed): FeedSetting => (wanted.has(feed.url) && !feed.official ? { ...feed, managed: true, paused: false } : feed),
    );
    const missing = [...wanted].filter((url) => !feeds.some((feed) => feed.url === url));
    const added = await Promise.all(
      missing.map(
        async (url): Promise<FeedSetting> => ({
          url,
          official: false,
          namespace: await namespaceOf(url),
          paused: false,
          title: new URL(url).hostname,
          managed: true,
          unresolved: true,
        }),
      ),
    );
    const next = [...kept, ...added];
    if (JSON.stringify(next) !== JSON.stringify(feeds)) await feedsSetting.setValue(next);
  };

  /**
   * Takes a feed out of the list, with its state and what it brought: with syncs stopped, so no page of it lands
   * after its records went; and the list last, so a removal the archive refuses (a full disk) or a worker stopped
   * part way leaves the feed listed, to be removed again, never its items kept under no feed.
   */
  const forget = (feed: FeedSetting): Promise<void> =>
    withSyncStopped(async () => {
      await options.archive.removeFeed(feed.url, feed.namespace, feed.kind);
      const states = await feedStatesItem.getValue();
      delete states[feed.url];
      await feedStatesItem.setValue(states);
      const remaining = (await feedsSetting.getValue()).filter((f) => f.url !== feed.url);
      await feedsSetting.setValue(remaining);
      await options.afterChange?.().catch(() => undefined);
      await options
        .removed?.(
          feed.url,
          remaining.map((f) => f.url),
        )
        .catch(() => undefined);
    });

  const preview = async (input: string): Promise<Reply<FeedPreview>> => {
    const normal = normalizeFeedUrl(input);
    if (!normal.ok) return normal;
    const why = await blocked();
    if (why) return failureOf(why);
    // A Backstory feed's index, or a news site's RSS or Atom feed: what the document is says which.
    const got = await fetchFeedDocument(options.fetch, normal.url, { expect: 'any' });
    if (got.state === 'failed') return { ok: false, error: got.error, ...problemOf(got) };
    if (
      got.state === 'ok' &&
      !/json/i.test(got.contentType ?? '') &&
      !/^\s*[{[]/.test(new TextDecoder().decode(got.bytes.subarray(0, 64)))
    ) {
      const text = decodeFeed(got.bytes, got.contentType);
      const feed = text.ok ? parseNewsFeed(text.value, normal.url, new Date(now())) : text;
      if (!feed.ok) return failureOf({ code: 'unreadable', detail: feed.error });
      const newest = feed.value.entries
        .flatMap((entry) => (entry.published ? [entry.published.slice(0, 10)] : []))
        .sort()
        .at(-1);
      return {
        ok: true,
        value: {
          url: normal.url,
          kind: 'news',
          title: feed.value.title || new URL(normal.url).hostname,
          pages: feed.value.entries.length,
          ...(newest ? { latest: newest } : {}),
        },
      };
    }
    if (got.state === 'not-modified') return failureOf({ code: 'noIndex' });
    const json = parseJson(new TextDecoder().decode(got.bytes));
    const parsed = json.ok ? parseFeedIndex(json.value) : json;
    if (!parsed.ok) return failureOf({ code: 'unreadableIndex', detail: parsed.error });
    const index = parsed.value;
    return {
      ok: true,
      value: {
        url: normal.url,
        title: index.title,
        pages: index.pages.length,
        ...(index.pages.at(-1) ? { latest: index.pages.at(-1)?.key.slice(0, 10) } : {}),
      },
    };
  };

  return {
    async start() {
      // The build's official feed listed first; one a former build named is official no more, and goes.
      const feeds = await feedsSetting.getValue();
      const official = options.official?.url;
      if (feeds.some((feed) => feed.official && feed.url !== official) || (official && !feeds.some((feed) => feed.url === official))) {
        const others = feeds.filter((feed) => !feed.official && feed.url !== official);
        const kept = feeds.find((feed) => feed.official && feed.url === official);
        await feedsSetting.setValue([
          ...(official ? [kept ?? { url: official, official: true, namespace: '', paused: false }] : []),
          ...others,
        ]);
      }
      await applyPolicy();
      // Overdue feeds (the browser was closed, or this is a new install) run after a random delay, each
      // install at its own moment, rather than all at once when browsers open.
      const states = await feedStatesItem.getValue();
      for (const feed of await feedsSetting.getValue()) {
        const next = Date.parse(states[feed.url]?.nextRun ?? '');
        if (!(next > now()))
          await updateState(feed.url, (state) => ({ ...state, nextRun: new Date(startupRun(now(), random())).toISOString() }));
      }
      await scheduleAlarm();
    },
    async onAlarm(name) {
      if (name !== SYNC_ALARM) return;
      await exclusive(() => runFeeds((_, state) => !(Date.parse(state?.nextRun ?? '') > now() + 1000)));
    },
    syncNow: () => exclusive(() => runFeeds(() => true)),
    async feeds() {
      const [feeds, states] = await Promise.all([feedsSetting.getValue(), feedStatesItem.getValue()]);
      return feeds.map((feed) => {
        const shown = progress.get(feed.url);
        return { ...feed, state: states[feed.url] ?? { failures: 0 }, ...(shown ? { progress: shown } : {}) };
      });
    },
    preview,
    async add(input, outlet) {
      const previewed = await preview(input);
      if (!previewed.ok) return previewed;
      const { url, title, kind } = previewed.value;
      if (await findFeed(url)) return failureOf({ code: 'alreadyListed' });
      const feed: FeedSetting = {
        url,
        official: false,
        namespace: await namespaceOf(url),
        paused: false,
        title: outlet ?? title,
        ...(kind ? { kind } : {}),
        ...(kind && outlet ? { outlet } : {}),
      };
      await feedsSetting.setValue([...(await feedsSetting.getValue()), feed]);
      void exclusive(() => runFeeds((f) => f.url === url));
      return previewed;
    },
    async remove(url) {
      const feed = await findFeed(url);
      if (!feed) return failureOf({ code: 'noSuchFeed' });
      if (feed.official) return failureOf({ code: 'officialFeed' });
      // The policy as it is now, not only the stored mark: a changed policy may not have been applied yet.
      if ((await managedFeeds()).includes(url)) return failureOf({ code: 'managedFeed' });
      await forget(feed);
      return { ok: true, value: null };
    },
    async setPaused(url, paused) {
      const feeds = await feedsSetting.getValue();
      if (!feeds.some((f) => f.url === url)) return failureOf({ code: 'noSuchFeed' });
      if (paused && (await managedFeeds()).includes(url)) return failureOf({ code: 'managedFeed' });
      await feedsSetting.setValue(feeds.map((f) => (f.url === url ? { ...f, paused } : f)));
      await scheduleAlarm();
      return { ok: true, value: null };
    },
    async setInterval(hours) {
      const interval = clampInterval(hours);
      await syncIntervalSetting.setValue(interval);
      // Each feed's next regular run moves with the interval: the new one on from its last success (at once, when
      // that is past). A retry after a failure, or the next pages of a long feed, keeps its time.
      const states = await feedStatesItem.getValue();
      for (const state of Object.values(states)) {
        const last = Date.parse(state.lastSuccess ?? '');
        const regular = state.failures === 0 && Date.parse(state.nextRun ?? '') - last > MORE_PAGES_MINUTES * 60_000;
        if (regular) state.nextRun = new Date(nextAfterSuccess(last, interval, random())).toISOString();
      }
      await feedStatesItem.setValue(states);
      await scheduleAlarm();
      return interval;
    },
    whyBlocked: blocked,
    withSyncStopped,
  };
}
