/**
 * The worker's side of follows: it records the items each applied feed page added that name a followed
 * entity, keeps the toolbar badge on the count the reader chose, and notifies only when the reader turned
 * notifications on and granted the optional `notifications` permission.
 */

import type { browser } from 'wxt/browser';
import type { ArrivedItem } from '../archive/feed-apply';
import { chosenI18n } from '../i18n/choose';
import { i18nFor, type Messages } from '../i18n/index';
import type { FeedArchive } from '../sync/sync';
import { pausedSetting } from './control';
import {
  type Arrival,
  arrivalsItem,
  badgeModeSetting,
  followsSetting,
  notifyFollowedSetting,
  recordArrivals,
  unseenArrivals,
} from './follows';
import { oneAtATime } from './one-writer';

/** A follow notification's id: this, then the entity's id (a click opens its page). */
export const FOLLOW_NOTIFICATION_PREFIX = 'backstory-follow:';

/**
 * The queue the toolbar button's badge is drawn through, by the counts here and by the pause
 * (./control-worker.ts): one drawing at a time, so a count worked out before a pause never lands after its "off".
 */
export const ACTION_BADGE = 'action-badge';

/** The notifications permission, asked for in the options page when the reader turns notifications on. */
export const NOTIFICATIONS_PERMISSION: { permissions: 'notifications'[] } = { permissions: ['notifications'] };

/** What of the browser this uses: the badge, permissions and notifications (WXT's fake browser in tests). */
export type NewsBrowser = Pick<typeof browser, 'action' | 'permissions'> & { notifications?: (typeof browser)['notifications'] };

export interface FollowNews {
  /** Records what a page added; badge and notification follow. Never throws (sync must not fail on it). */
  noteArrivals(items: readonly ArrivedItem[]): Promise<void>;
  /** Puts the global badge on the count of new items (badge mode "new"), or clears it; nothing while paused. */
  refreshBadge(): Promise<void>;
  /** The badge text for a tab whose article has `entities` entities, in the reader's badge mode (null: the global one). */
  tabBadgeText(entities: number): Promise<string | null>;
  /**
   * After the reader switched the badge's mode: each open tab's own text set as the mode wants (its entity
   * count, or none so the global count shows), so no tab keeps the other mode's number until its next page.
   * Also once resumed, over the pause's "off". Nothing while paused.
   */
  refreshTabs(tabIds: readonly number[], entitiesOf: (tabId: number) => Promise<number | undefined>): Promise<void>;
}

/**
 * Turns notifications for followed entities on or off. On asks for the `notifications` permission first
 * (call it inside the reader's click: the browser prompts only for a gesture) and stays off without it;
 * off gives the permission back. Answers whether notifications are on now.
 */
export async function setNotifications(
  on: boolean,
  permissions: Pick<(typeof browser)['permissions'], 'request' | 'remove'>,
): Promise<boolean> {
  if (on) {
    const granted = await permissions.request(NOTIFICATIONS_PERMISSION).catch(() => false);
    await notifyFollowedSetting.setValue(granted);
    return granted;
  }
  await notifyFollowedSetting.setValue(false);
  await permissions.remove(NOTIFICATIONS_PERMISSION).catch(() => false);
  return false;
}

/** The badge's text for a count ('' for none; more than 999 shown as 999+, the badge holds four characters). */
export function badgeText(count: number): string {
  return count <= 0 ? '' : count > 999 ? '999+' : String(count);
}

/** The notification's title and message for the arrivals just recorded. */
export function notificationOf(
  added: readonly Arrival[],
  names: ReadonlyMap<string, string>,
  t: Messages = i18nFor('en').t,
): { title: string; message: string } {
  const entities = [...new Set(added.flatMap((a) => a.entities))].map((id) => names.get(id) ?? id);
  const first = added[0];
  return {
    title: t.worker.notificationTitle(added.length, entities.slice(0, 3).join(', ')),
    message:
      added.length === 1 && first
        ? first.title
        : added
            .slice(0, 3)
            .map((a) => `· ${a.title}`)
            .join('\n'),
  };
}

export function createFollowNews(target: NewsBrowser, now: () => Date = () => new Date()): FollowNews {
  // In "new" mode a tab shows the global count: null clears the tab's own text (chrome.action.setBadgeText).
  const tabBadgeText = async (entities: number) => ((await badgeModeSetting.getValue()) === 'new' ? null : badgeText(entities));
  const drawGlobal = async () => {
    const mode = await badgeModeSetting.getValue();
    const count = mode === 'new' ? unseenArrivals(await arrivalsItem.getValue(), await followsSetting.getValue()).length : 0;
    await target.action.setBadgeBackgroundColor({ color: '#3b2f8f' });
    await target.action.setBadgeText({ text: badgeText(count) });
  };
  // While paused the button says "off" (./control-worker.ts), and a count drawn over it would hide that.
  const refreshBadge = () =>
    oneAtATime(ACTION_BADGE, async () => {
      if (!(await pausedSetting.getValue())) await drawGlobal();
    });
  return {
    async noteArrivals(items) {
      try {
        if (items.length === 0) return;
        const follows = await followsSetting.getValue();
        if (follows.length === 0) return;
        // One change to the arrivals at a time: the reader's "seen" is stored through the same queue.
        const added = await oneAtATime(arrivalsItem.key, async () => {
          const before = await arrivalsItem.getValue();
          const after = recordArrivals(before, follows, items, now());
          if (after.length === before.length && after.every((a, i) => a === before[i])) return undefined;
          await arrivalsItem.setValue(after);
          const known = new Set(before.map((a) => a.itemId));
          return after.filter((a) => !known.has(a.itemId));
        });
        if (added === undefined) return;
        await refreshBadge();
        if (added.length === 0 || !(await notifyFollowedSetting.getValue())) return;
        // The reader may have revoked the permission in the browser's settings since turning this on.
        if (!target.notifications || !(await target.permissions.contains(NOTIFICATIONS_PERMISSION))) return;
        const names = new Map(follows.map((f) => [f.entityId, f.name]));
        const { title, message } = notificationOf(added, names, (await chosenI18n()).t);
        await target.notifications.create(`${FOLLOW_NOTIFICATION_PREFIX}${added[0]?.entities[0] ?? ''}`, {
          type: 'basic',
          iconUrl: '/icon/128.png',
          title,
          message,
        });
      } catch {
        // Follows are a convenience: a failure here never undoes or stops a sync.
      }
    },
    refreshBadge,
    tabBadgeText,
    refreshTabs: (tabIds, entitiesOf) =>
      oneAtATime(ACTION_BADGE, async () => {
        if (await pausedSetting.getValue()) return;
        await drawGlobal();
        for (const tabId of tabIds) {
          const entities = await entitiesOf(tabId);
          // null clears a tab's own text (the types say string | undefined; the API takes null).
          const text = entities === undefined ? null : await tabBadgeText(entities);
          await target.action.setBadgeText({ tabId, text: text as string }).catch(() => undefined);
        }
      }),
  };
}

/** The archive as sync and imports write to it, with the follows told of every item a page added. */
export function tellingFollows<A extends FeedArchive>(archive: A, news: Pick<FollowNews, 'noteArrivals'>): A {
  return {
    ...archive,
    async applyFeedPage(write, session) {
      const applied = await archive.applyFeedPage(write, session);
      await news.noteArrivals(applied.arrived);
      return applied;
    },
  };
}
