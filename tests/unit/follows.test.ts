/**
 * Follows and what is new since the reader last looked: the pure rules, then the worker's side on WXT's
 * fake browser (badge, notifications only when turned on and permitted), then through a real feed page
 * applied by the archive service.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createArchiveConnection } from '../../lib/archive/db';
import { cursorKeyOf } from '../../lib/archive/feed-apply';
import { createArchiveService } from '../../lib/archive/service';
import {
  badgeText,
  createFollowNews,
  FOLLOW_NOTIFICATION_PREFIX,
  type NewsBrowser,
  setNotifications,
  tellingFollows,
} from '../../lib/settings/follow-news';
import {
  type Arrival,
  arrivalsItem,
  badgeModeSetting,
  type Follow,
  followsSetting,
  MAX_ARRIVALS,
  markSeen,
  newByEntity,
  notifyFollowedSetting,
  recordArrivals,
  storeFollow,
  storeSeen,
  unseenArrivals,
  withFollow,
} from '../../lib/settings/follows';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { namespaceOf } from '../../lib/sync/trust';
import { feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

beforeEach(() => fakeBrowser.reset());

const T1 = new Date('2026-12-05T08:00:00Z');
const T2 = new Date('2026-12-05T09:00:00Z');
const anthropic: Follow = { entityId: 'anthropic', name: 'Anthropic', since: T1.toISOString() };
const openai: Follow = { entityId: 'openai', name: 'OpenAI', since: T1.toISOString() };
const item = (id: string, entities: string[], published = '2026-12-01') => ({ id, title: `Title ${id}`, published, entities });

describe('following', () => {
  it('adds a follow once, keeps its first date when followed again, and ends it', () => {
    const once = withFollow([], { id: 'anthropic', name: 'Anthropic' }, true, T1);
    const again = withFollow(once, { id: 'anthropic', name: 'Anthropic' }, true, T2);
    expect(again).toEqual([{ entityId: 'anthropic', name: 'Anthropic', since: T1.toISOString() }]);
    expect(withFollow(again, { id: 'anthropic', name: 'Anthropic' }, false, T2)).toEqual([]);
  });
});

describe('what is new since the reader last looked', () => {
  it('records only items naming a followed entity, each once, with when it arrived', () => {
    const first = recordArrivals([], [anthropic], [item('a', ['anthropic', 'claude']), item('b', ['apple'])], T1);
    expect(first).toEqual([{ itemId: 'a', title: 'Title a', published: '2026-12-01', entities: ['anthropic'], arrived: T1.toISOString() }]);
    // The same page applied again, or an update of an item already come, brings nothing new.
    expect(recordArrivals(first, [anthropic], [item('a', ['anthropic'])], T2)).toEqual(first);
  });

  it('is new until seen, by item or by entity, and records when it was seen', () => {
    const arrivals = recordArrivals(
      [],
      [anthropic, openai],
      [item('a', ['anthropic']), item('b', ['openai']), item('c', ['anthropic'])],
      T1,
    );
    expect(
      unseenArrivals(arrivals, [anthropic, openai])
        .map((a) => a.itemId)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    const seenA = markSeen(arrivals, { itemIds: ['a'] }, T2);
    expect(seenA.find((a) => a.itemId === 'a')?.seen).toBe(T2.toISOString());
    expect(
      unseenArrivals(seenA, [anthropic, openai])
        .map((a) => a.itemId)
        .sort(),
    ).toEqual(['b', 'c']);
    const seenEntity = markSeen(seenA, { entityId: 'anthropic' }, new Date('2026-12-06T00:00:00Z'));
    expect(unseenArrivals(seenEntity, [anthropic, openai]).map((a) => a.itemId)).toEqual(['b']);
    // Seen before keeps its first time.
    expect(seenEntity.find((a) => a.itemId === 'a')?.seen).toBe(T2.toISOString());
    expect(unseenArrivals(markSeen(seenEntity, { all: true }, T2), [anthropic, openai])).toEqual([]);
  });

  it('stops counting an entity the reader no longer follows, and groups what is new by followed entity', () => {
    const arrivals = recordArrivals([], [anthropic, openai], [item('a', ['anthropic']), item('b', ['openai', 'anthropic'])], T1);
    expect(unseenArrivals(arrivals, [openai]).map((a) => a.itemId)).toEqual(['b']);
    const grouped = newByEntity(arrivals, [anthropic, openai]);
    expect(grouped.map((g) => [g.follow.entityId, g.news.map((a) => a.itemId).sort()])).toEqual([
      ['anthropic', ['a', 'b']],
      ['openai', ['b']],
    ]);
  });

  it('keeps at most MAX_ARRIVALS, dropping seen ones before unseen ones', () => {
    const many = Array.from({ length: MAX_ARRIVALS }, (_, i) => item(`old-${i}`, ['anthropic']));
    const full = markSeen(recordArrivals([], [anthropic], many, T1), { itemIds: ['old-10'] }, T1);
    const after = recordArrivals(full, [anthropic], [item('fresh', ['anthropic'])], T2);
    expect(after).toHaveLength(MAX_ARRIVALS);
    expect(after.some((a) => a.itemId === 'old-10')).toBe(false);
    expect(after.some((a) => a.itemId === 'old-0')).toBe(true);
    expect(after.at(-1)?.itemId).toBe('fresh');
  });
});

/** The fake browser's badge and notifications, with permissions the test grants or refuses (no test can answer a prompt). */
function fakeNewsBrowser(granted: Set<string>, badgeCalls: { tabId?: number; text?: string | null }[] = []): NewsBrowser {
  const permissions = {
    contains: async (p: { permissions?: string[] }) => (p.permissions ?? []).every((name) => granted.has(name)),
    request: async (p: { permissions?: string[] }) => {
      for (const name of p.permissions ?? []) granted.add(name);
      return true;
    },
    remove: async (p: { permissions?: string[] }) => {
      for (const name of p.permissions ?? []) granted.delete(name);
      return true;
    },
  };
  const action = {
    ...fakeBrowser.action,
    setBadgeText: (details: { tabId?: number; text?: string | null }) => {
      badgeCalls.push(details);
      return fakeBrowser.action.setBadgeText(details as { text: string });
    },
  };
  return { action, notifications: fakeBrowser.notifications, permissions } as unknown as NewsBrowser;
}

describe("the worker's side", () => {
  it('records arrivals for followed entities, and the badge counts them in "new" mode only', async () => {
    const news = createFollowNews(fakeNewsBrowser(new Set()), () => T1);
    await storeFollow({ id: 'anthropic', name: 'Anthropic' }, true, T1);
    await news.noteArrivals([item('a', ['anthropic']), item('b', ['apple'])]);
    expect((await arrivalsItem.getValue()).map((a) => a.itemId)).toEqual(['a']);
    // Default: the badge is the tab's entity count.
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await news.tabBadgeText(7)).toBe('7');
    await badgeModeSetting.setValue('new');
    await news.refreshBadge();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await news.tabBadgeText(7)).toBeNull();
    await storeSeen({ entityId: 'anthropic' });
    await news.refreshBadge();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(badgeText(1234)).toBe('999+');
  });

  it('sets every open tab as the new mode wants when the reader switches it', async () => {
    const calls: { tabId?: number; text?: string | null }[] = [];
    const news = createFollowNews(fakeNewsBrowser(new Set(), calls), () => T1);
    await storeFollow({ id: 'anthropic', name: 'Anthropic' }, true, T1);
    await news.noteArrivals([item('a', ['anthropic']), item('b', ['anthropic'])]);
    const entities = new Map([[1, 4]]);
    await news.refreshTabs([1, 2], async (tabId) => entities.get(tabId));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 1 })).toBe('4');
    await badgeModeSetting.setValue('new');
    await news.refreshTabs([1, 2], async (tabId) => entities.get(tabId));
    // The tab's own text is cleared (null, not ''), so it shows the global count of new items.
    expect(calls.filter((c) => c.tabId === 1).at(-1)).toEqual({ tabId: 1, text: null });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('notifies only when the reader turned notifications on and the permission is granted', async () => {
    const granted = new Set<string>();
    const target = fakeNewsBrowser(granted);
    const news = createFollowNews(target, () => T1);
    await storeFollow({ id: 'anthropic', name: 'Anthropic' }, true, T1);
    await news.noteArrivals([item('a', ['anthropic'])]);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});

    expect(await setNotifications(true, target.permissions)).toBe(true);
    expect(granted.has('notifications')).toBe(true);
    expect(await notifyFollowedSetting.getValue()).toBe(true);
    await news.noteArrivals([item('b', ['anthropic'])]);
    const shown = (await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string }>;
    expect(Object.keys(shown)).toEqual([`${FOLLOW_NOTIFICATION_PREFIX}anthropic`]);
    expect(shown[`${FOLLOW_NOTIFICATION_PREFIX}anthropic`]).toMatchObject({ title: '1 new item on Anthropic', message: 'Title b' });

    // Revoked in the browser's settings: no notification, though the setting is still on.
    await fakeBrowser.notifications.clear(`${FOLLOW_NOTIFICATION_PREFIX}anthropic`);
    granted.delete('notifications');
    await news.noteArrivals([item('c', ['anthropic'])]);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});

    // Turned off: the permission is given back.
    granted.add('notifications');
    expect(await setNotifications(false, target.permissions)).toBe(false);
    expect(granted.has('notifications')).toBe(false);
  });

  it('stays off when the reader refuses the permission', async () => {
    const target = fakeNewsBrowser(new Set());
    const refusing = { ...target.permissions, request: async () => false } as NewsBrowser['permissions'];
    expect(await setNotifications(true, refusing)).toBe(false);
    expect(await notifyFollowedSetting.getValue()).toBe(false);
  });

  it('learns what a feed page added through the archive (namespaced ids, resolved entities)', async () => {
    const archive = createArchiveService(createArchiveConnection(freshDbName()), {
      snapshotId: 't',
      loadSnapshot: async () => miniArchive(),
    });
    await archive.seeded;
    const news = createFollowNews(fakeNewsBrowser(new Set()), () => T1);
    const feedArchive = tellingFollows(archive, news);
    await storeFollow({ id: 'anthropic', name: 'Anthropic' }, true, T1);
    const feed = 'https://other.example/feed/index.json';
    const parsed = parseFeedPage(
      feedPage('2026-11-20', { items: [feedItem('theirs', { entities: ['anthropic'] }), feedItem('other')] }),
      NOW,
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const write = {
      namespace: await namespaceOf(feed),
      cursorKey: cursorKeyOf(feed),
      ref: { key: '2026-11-20', sha256: '0'.repeat(64) },
      page: parsed.value,
    };
    await feedArchive.applyFeedPage(write);
    const arrivals: Arrival[] = await arrivalsItem.getValue();
    expect(arrivals.map((a) => [a.itemId, a.entities])).toEqual([[`${write.namespace}~theirs`, ['anthropic']]]);
    // Applied again: nothing is new twice.
    await feedArchive.applyFeedPage({ ...write, ref: { key: '2026-11-20', sha256: '1'.repeat(64) } });
    expect(await arrivalsItem.getValue()).toHaveLength(1);
    expect(unseenArrivals(await arrivalsItem.getValue(), await followsSetting.getValue())).toHaveLength(1);
  });
});
