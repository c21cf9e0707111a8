/**
 * The options page's feeds: the list with each feed's status, adding one (the host permission is asked
 * for inside the click, then the feed is read and previewed), removing, pausing, the interval, and
 * "Sync now" with its progress. Everything a feed says is shown as text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import type { Result } from '../lib/messaging/protocol';
import { normalizeFeedUrl } from '../lib/sync/feed-url';
import type { FeedPreview, FeedView } from '../lib/sync/feeds';
import { hostPatternOf, newsRetentionSetting, RETENTION_YEARS, setNewsRetentionYears } from '../lib/sync/feeds';
import { OFFERED_FEEDS, type OfferedFeed } from '../lib/sync/offered-feeds';
import { MAX_INTERVAL_HOURS, MIN_INTERVAL_HOURS } from '../lib/sync/schedule';
import { focusInPlace } from './focus';
import { useI18n } from './i18n';
import { useManagedPolicy } from './useManagedPolicy';
import { useSyncSummary } from './useSyncSummary';

function FeedRow({ feed, changed }: { feed: FeedView; changed: () => void }) {
  const { t, f } = useI18n();
  const when = (instant: string | undefined): string => (instant ? f.dateTime(instant) : t.feeds.never);
  const { state } = feed;
  const [error, setError] = useState<string>();
  const act = async (reply: Promise<Result<unknown>>) => {
    const done = await reply;
    setError(done.ok ? undefined : errorText(t, done));
    changed();
    return done.ok;
  };
  const remove = async (): Promise<void> => {
    if (!(await act(sendMessage('removeFeed', { url: feed.url })))) return;
    // The row goes, and its button with it: the keyboard goes on from the feeds' heading.
    focusInPlace(document.getElementById('feeds-heading'));
  };
  return (
    <li class="feed" data-url={feed.url}>
      <p>
        <strong>{feed.title ?? feed.url}</strong>
        {feed.official && <span class="badge">{t.feeds.official}</span>}
        {feed.managed && <span class="quiet managed"> · {t.managed.setBy}</span>}
        {feed.paused && <span class="quiet">{t.feeds.paused}</span>}
      </p>
      <p class="quiet feed-url">{feed.url}</p>
      <p class="feed-status">
        {t.feeds.status(when(state.lastSuccess), feed.paused ? t.feeds.pausedShort : when(state.nextRun))}
        {feed.kind === 'news' && t.feeds.newsFeed}
        {state.last && t.feeds.lastRun(state.last.added, state.last.updated, state.last.removed, state.last.skipped ?? 0)}
      </p>
      {feed.progress && (
        <p class="feed-progress" role="status">
          {feed.progress.total ? t.feeds.progressPages(feed.progress.done, feed.progress.total) : t.feeds.progressIndex}
        </p>
      )}
      {state.lastError && (
        <p class="feed-error" role="alert">
          {t.feeds.lastError(errorText(t, { error: state.lastError, problem: state.lastProblem }))}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {/* The organisation's feed is neither paused nor removed here (and the worker refuses both anyway). */}
      {!feed.managed && (
        <p>
          <button type="button" onClick={() => void act(sendMessage('setFeedPaused', { url: feed.url, paused: !feed.paused }))}>
            {feed.paused ? t.feeds.resume : t.feeds.pause}
          </button>{' '}
          {!feed.official && (
            <button type="button" onClick={() => void remove()}>
              {t.feeds.remove}
            </button>
          )}
        </p>
      )}
    </li>
  );
}

/**
 * The news sites' own feeds Backstory offers, each off until the reader turns it on: its headlines then
 * join the panel's timeline as coverage. Their hosts are default sites, so no permission is asked beyond
 * the manifest's; the request is still made inside the click, as for any feed.
 */
function OfferedFeeds({ feeds, changed }: { feeds: FeedView[]; changed: () => void }) {
  const { t, f } = useI18n();
  const [error, setError] = useState<string>();
  const [retention, setRetention] = useState<{ days: number; cap: number }>();
  useEffect(() => {
    void newsRetentionSetting.getValue().then(setRetention);
  }, []);
  const toggle = async (offered: OfferedFeed, on: boolean) => {
    if (on) {
      const granted = await browser.permissions.request({ origins: [hostPatternOf(offered.url)] }).catch(() => false);
      if (!granted) {
        setError(t.feeds.needPermission(new URL(offered.url).host));
        return;
      }
    }
    const reply = on ? await sendMessage('addFeed', { url: offered.url }) : await sendMessage('removeFeed', { url: offered.url });
    setError(reply.ok ? undefined : errorText(t, reply));
    changed();
  };
  return (
    <fieldset class="offered-feeds">
      <legend>{t.feeds.newsLegend}</legend>
      <p class="quiet">{t.feeds.newsNote}</p>
      <ul>
        {OFFERED_FEEDS.map((offered) => (
          <li key={offered.url}>
            <label>
              <input
                type="checkbox"
                checked={feeds.some((feed) => feed.url === offered.url)}
                onChange={(event) => void toggle(offered, (event.currentTarget as HTMLInputElement).checked)}
              />{' '}
              {offered.name} <span class="quiet">· {t.feeds.offeredAbout(offered.name, offered.scope, offered.format)}</span>
            </label>
          </li>
        ))}
      </ul>
      {retention && (
        <p>
          <label>
            {t.feeds.keepFor}{' '}
            <input
              type="number"
              name="news-retention-years"
              min={RETENTION_YEARS.min}
              max={RETENTION_YEARS.max}
              value={Math.round(retention.days / 365)}
              onChange={(event) => void setNewsRetentionYears(Number((event.currentTarget as HTMLInputElement).value)).then(setRetention)}
            />{' '}
            {t.feeds.years}
          </label>
          {f.space}
          <span class="quiet">{t.feeds.keepCap(retention.cap)}</span>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </fieldset>
  );
}

/** `onSynced`: a sync finished while the page was open (the archive's counts and date may have moved). */
export function FeedsSection({ onSynced }: { onSynced?: () => void } = {}) {
  const { t, f } = useI18n();
  const [feeds, setFeeds] = useState<FeedView[]>([]);
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<{ error?: string; preview?: FeedPreview; note?: string }>({});
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const [watching, setWatching] = useState(0);
  const summary = useSyncSummary(tick);
  const [interval, setIntervalHours] = useState<number>();
  const syncOff = useManagedPolicy()?.policy.syncDisabled === true;

  useEffect(() => {
    void sendMessage('getFeeds', {}).then((reply) => {
      if (reply.ok) setFeeds(reply.value);
    });
  }, [tick]);
  useEffect(() => {
    if (summary) setIntervalHours((shown) => shown ?? summary.intervalHours);
  }, [summary]);
  // The last success as first read (null: not read yet): a later one is a sync that finished meanwhile.
  const lastSeen = useRef<string | undefined | null>(null);
  useEffect(() => {
    if (!summary) return;
    if (lastSeen.current !== null && lastSeen.current !== summary.lastSuccess) onSynced?.();
    lastSeen.current = summary.lastSuccess;
  }, [summary, onSynced]);
  // While a sync runs, its progress is asked for every half second; then once more for the outcome.
  const syncing = feeds.some((feed) => feed.progress);
  useEffect(() => {
    if (!syncing && watching <= 0) return;
    const timer = setTimeout(() => {
      setWatching((n) => n - 1);
      setTick((n) => n + 1);
    }, 500);
    return () => clearTimeout(timer);
  }, [syncing, watching, tick]);
  const refresh = () => {
    setWatching(6);
    setTick((n) => n + 1);
  };

  const add = async (event: Event) => {
    event.preventDefault();
    const normal = normalizeFeedUrl(url);
    if (!normal.ok) {
      setMessage({ error: errorText(t, normal) });
      return;
    }
    // First, inside the click: a browser shows the permission prompt only for a user's gesture.
    const granted = await browser.permissions.request({ origins: [hostPatternOf(normal.url)] }).catch(() => false);
    if (!granted) {
      setMessage({ error: t.feeds.needPermission(new URL(normal.url).host) });
      return;
    }
    setBusy(true);
    const reply = await sendMessage('addFeed', { url: normal.url });
    setBusy(false);
    setMessage(reply.ok ? { preview: reply.value } : { error: errorText(t, reply) });
    if (reply.ok) setUrl('');
    refresh();
  };

  return (
    <section aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">{t.feeds.heading}</h2>
      {/* "Archive as of" is the Archive section's, just above: here, when the feeds last brought anything. */}
      {summary?.lastSuccess && <p class="last-sync">{t.feeds.lastSync(summary.lastSuccess)}</p>}
      {/* A sync that has not succeeded for a week is the Archive section's warning, above. */}
      {syncOff && (
        <p class="managed-notice">
          {t.managed.syncDisabled}
          {f.space}
          <span class="managed">{t.managed.setByAside}</span>
        </p>
      )}
      {feeds.length === 0 && <p class="quiet">{t.feeds.none}</p>}
      <ul class="feeds">
        {feeds.map((feed) => (
          <FeedRow key={feed.url} feed={feed} changed={refresh} />
        ))}
      </ul>
      <OfferedFeeds feeds={feeds} changed={refresh} />
      <p>
        <button
          type="button"
          disabled={syncing || syncOff}
          onClick={() => {
            void sendMessage('syncNow', {}).then((reply) => {
              // Refused while Backstory is paused: said where the reader clicked. Nothing to fetch is said too,
              // not left to a click that seems to do nothing.
              const idle = !feeds.some((feed) => !feed.paused);
              setMessage(
                !reply.ok
                  ? { error: errorText(t, reply) }
                  : idle
                    ? { note: feeds.length === 0 ? t.feeds.nothingToSync : t.feeds.allPaused }
                    : {},
              );
              refresh();
            });
          }}
        >
          {t.feeds.syncNow}
        </button>{' '}
        <label>
          {t.feeds.every}{' '}
          <input
            type="number"
            min={MIN_INTERVAL_HOURS}
            max={MAX_INTERVAL_HOURS}
            value={interval ?? ''}
            // Kept as typed: the section re-renders while a sync runs, and would put the stored value back before the change.
            onInput={(event) => {
              const typed = (event.currentTarget as HTMLInputElement).value;
              setIntervalHours(typed === '' ? undefined : Number(typed));
            }}
            onChange={(event) => {
              const hours = Number((event.currentTarget as HTMLInputElement).value);
              void sendMessage('setSyncInterval', { hours }).then((reply) => reply.ok && setIntervalHours(reply.value));
            }}
          />{' '}
          {t.feeds.hours}
        </label>
      </p>
      <form onSubmit={(event) => void add(event)}>
        <label>
          {t.feeds.url}{' '}
          <input
            type="url"
            name="feed-url"
            value={url}
            placeholder="https://…/index.json"
            onInput={(event) => setUrl((event.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit" disabled={busy || syncOff}>
          {t.feeds.add}
        </button>
      </form>
      {message.error && <p role="alert">{message.error}</p>}
      {message.note && <p role="status">{message.note}</p>}
      {message.preview && (
        <p class="feed-preview" role="status">
          {t.feeds.added(message.preview.title, message.preview.pages, message.preview.kind === 'news', message.preview.latest)}
        </p>
      )}
    </section>
  );
}
