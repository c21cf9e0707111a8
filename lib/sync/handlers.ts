/** The background's answers to the options page's feed messages: the runner's replies, errors as the protocol's. */
import type { ArchiveStatus } from '../archive/views';
import { failureOf } from '../i18n/index';
import { ProblemError } from '../messaging/problem';
import type { OptionsToBackground, SyncSummary } from '../messaging/protocol';
import type { Handlers } from '../messaging/server';
import { feedStatesItem, feedsSetting, syncIntervalSetting } from './feeds';
import { OFFERED_FEEDS } from './offered-feeds';
import type { Reply, SyncRunner } from './runner';
import { clampInterval, isStale } from './schedule';

/** A runner's reply as the protocol carries it: the value, or the failure thrown for the listener to pass on as `{ ok: false }`. */
function unwrap<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new ProblemError(reply);
  return reply.value;
}

/** How current the archive is: the newest successful sync, else the bundled snapshot. */
export async function syncSummary(status: () => Promise<ArchiveStatus>, now = Date.now()): Promise<SyncSummary> {
  const [feeds, states, hours, archive] = await Promise.all([
    feedsSetting.getValue(),
    feedStatesItem.getValue(),
    syncIntervalSetting.getValue(),
    status(),
  ]);
  const successes = Object.values(states).flatMap((state) => (state.lastSuccess ? [state.lastSuccess] : []));
  const lastSuccess = successes.sort().at(-1);
  const asOf = [lastSuccess?.slice(0, 10), archive.asOf]
    .filter((day): day is string => day !== undefined)
    .sort()
    .at(-1);
  const active = feeds.filter((feed) => !feed.paused).length;
  return {
    ...(asOf ? { asOf } : {}),
    ...(lastSuccess ? { lastSuccess } : {}),
    stale: active > 0 && isStale(lastSuccess, archive.asOf, now),
    intervalHours: clampInterval(hours),
    feeds: feeds.length,
  };
}

export function createSyncHandlers(runner: SyncRunner, status: () => Promise<ArchiveStatus>): Pick<Handlers, keyof OptionsToBackground> {
  return {
    getFeeds: () => runner.feeds(),
    previewFeed: async (data) => unwrap(await runner.preview(String(data.url))),
    addFeed: async (data) => {
      // Only the name of a feed Backstory offers travels with it: an outlet is never made up by a page.
      const offered = OFFERED_FEEDS.find((feed) => feed.url === data.url);
      return unwrap(await runner.add(String(data.url), offered?.name));
    },
    removeFeed: async (data) => unwrap(await runner.remove(String(data.url))),
    setFeedPaused: async (data) => unwrap(await runner.setPaused(String(data.url), data.paused === true)),
    setSyncInterval: (data) => runner.setInterval(Number(data.hours)),
    async syncNow() {
      const why = await runner.whyBlocked();
      if (why) throw new ProblemError(failureOf(why));
      // Started, not awaited: the options page follows its progress through getFeeds.
      void runner.syncNow();
      return null;
    },
    getSyncSummary: () => syncSummary(status),
  };
}
