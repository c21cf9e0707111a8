/**
 * The organisation's policy on WXT's fake browser's managed storage: read and validated, winning over the
 * reader's settings, enforced by the sync runner the worker runs, and followed when it changes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createArchiveConnection } from '../../lib/archive/db';
import { createArchiveService } from '../../lib/archive/service';
import { getItems } from '../../lib/archive/store';
import { errorText, i18nFor } from '../../lib/i18n/index';
import {
  effectiveSites,
  forbiddenByPolicy,
  parsePolicy,
  readManagedPolicy,
  readManagedPolicyWithIssues,
  SYNC_OFF,
  syncBlockedByPolicy,
  watchManagedPolicy,
} from '../../lib/settings/managed';
import { MANAGED_SCHEMA } from '../../lib/settings/managed-schema';
import { DEFAULT_SITES, sitePattern } from '../../lib/settings/sites';
import { feedsSetting } from '../../lib/sync/feeds';
import { publishFeed } from '../../lib/sync/publish';
import { createSyncRunner } from '../../lib/sync/runner';
import { NAMESPACE_SEPARATOR, namespaced, namespaceOf } from '../../lib/sync/trust';
import { createFakeFeedServer } from './fake-feed-server';
import { freshDbName, miniArchive } from './helpers';

const ORG_FEED = 'https://org.test/feed/index.json';
const READER_FEED = 'https://reader.test/feed/index.json';
const START = Date.parse('2026-12-05T08:00:00Z');

beforeEach(() => fakeBrowser.reset());

describe("reading the organisation's policy", () => {
  it('reads the managed storage area, each setting by its name in the schema, values normalised', async () => {
    await fakeBrowser.storage.managed.set({
      feeds: [`${ORG_FEED}#top`, ORG_FEED],
      addedSites: ['https://www.News.Example.com/', 'intranet.example.org'],
      disabledSites: ['www.techcrunch.com', 'TheVerge.com'],
      syncDisabled: true,
    });
    expect(await readManagedPolicy(browser.storage.managed)).toEqual({
      feeds: [ORG_FEED],
      addedSites: ['news.example.com', 'intranet.example.org'],
      disabledSites: ['techcrunch.com', 'theverge.com'],
      syncDisabled: true,
    });
    expect(Object.keys(MANAGED_SCHEMA.properties).sort()).toEqual(['addedSites', 'disabledSites', 'feeds', 'syncDisabled']);
  });

  it('is no policy at all where none is set, or where the area cannot be read (Firefox without policies.json)', async () => {
    expect(await readManagedPolicy(browser.storage.managed)).toEqual({});
    const firefoxWithout = {
      get: async () => {
        throw new Error('Managed storage manifest not found');
      },
    };
    expect(await readManagedPolicy(firefoxWithout)).toEqual({});
    expect(await syncBlockedByPolicy(firefoxWithout)).toBeUndefined();
    // And it leaves nothing in the reader's storage ("Delete everything" leaves it empty).
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('does not wait on a browser that never answers: no policy before any answer, then the last answer', async () => {
    // Chrome answers storage.managed.get only once its policy service is ready, and at times never.
    const never = { get: () => new Promise<Record<string, unknown>>(() => undefined) };
    expect(await readManagedPolicy(never, 20)).toEqual({});
    await fakeBrowser.storage.managed.set({ disabledSites: ['theverge.com'], syncDisabled: true });
    expect(await readManagedPolicy(browser.storage.managed, 20)).toEqual({ disabledSites: ['theverge.com'], syncDisabled: true });
    // The organisation's switch still holds when the browser stops answering (a restart whose policy is late).
    expect(await readManagedPolicy(never, 20)).toEqual({ disabledSites: ['theverge.com'], syncDisabled: true });
    // A policy removed is written down too: a late restart no longer applies the old one.
    await fakeBrowser.storage.managed.clear();
    expect(await readManagedPolicy(browser.storage.managed, 20)).toEqual({});
    expect(await readManagedPolicy(never, 20)).toEqual({});
  });

  it('tells the watchers when an answer comes after a read went on without it, with another policy', async () => {
    const changes: string[] = [];
    watchManagedPolicy(() => changes.push('late'), { onChanged: { addListener: () => undefined } });
    let answer: (values: Record<string, unknown>) => void = () => undefined;
    const slow = { get: () => new Promise<Record<string, unknown>>((done) => (answer = done)) };
    expect(await readManagedPolicy(slow, 10)).toEqual({});
    answer({ disabledSites: ['wired.com'] });
    await expect.poll(() => changes).toEqual(['late']);
    expect(await readManagedPolicy({ get: () => new Promise(() => undefined) }, 10)).toEqual({ disabledSites: ['wired.com'] });
    // The same values again, answered in time: nothing to tell.
    expect(await readManagedPolicy({ get: async () => ({ disabledSites: ['wired.com'] }) }, 10)).toEqual({ disabledSites: ['wired.com'] });
    expect(changes).toEqual(['late']);
  });

  it('rejects invalid values one by one, saying what and why, and keeps the rest', async () => {
    await fakeBrowser.storage.managed.set({
      feeds: ['javascript:alert(1)', 7, ORG_FEED],
      addedSites: ['techcrunch.com', '10.0.0.1', 'news.example.com'],
      disabledSites: ['example.org', 'wired.com'],
      syncDisabled: 'yes',
      sites: ['techcrunch.com'],
    });
    const { policy, issues } = await readManagedPolicyWithIssues(browser.storage.managed);
    expect(policy).toEqual({ feeds: [ORG_FEED], addedSites: ['news.example.com'], disabledSites: ['wired.com'] });
    expect(issues).toEqual([
      'sites: not a Backstory setting (feeds, addedSites, disabledSites, syncDisabled); ignored.',
      'feeds: "javascript:alert(1)" is left out: A feed address starts with https:// (or http://).',
      'feeds: 7 is left out: It is not text.',
      'addedSites: "techcrunch.com" is left out: it is one of the default sites already.',
      'addedSites: "10.0.0.1" is left out: it is not a site host (such as news.example.com).',
      'disabledSites: "example.org" is left out: it is not one of Backstory\'s default sites.',
      'syncDisabled: expected true or false, got "yes"; the setting is ignored.',
    ]);
    expect(parsePolicy({ feeds: 'https://org.test/index.json' }).issues).toEqual([
      'feeds: expected a list, got "https://org.test/index.json"; the setting is ignored.',
    ]);
    expect(parsePolicy('nonsense')).toEqual({ policy: {}, issues: ['The policy is not an object of settings; it is ignored.'] });
  });

  // A site "*.example.com" was kept, and its pattern "https://*.*.example.com/*" made the browser refuse the
  // article script's one registration: every site's, so Backstory ran on none.
  it('reads a leading "*." as the site, which covers its subdomains, and leaves out any other "*"', () => {
    const { policy, issues } = parsePolicy({
      addedSites: ['*.example.com', 'https://*.news.example.org/*', '*://*.blog.example.net/*', '*.*.example.io', 'ex*ample.com', '*'],
    });
    expect(policy.addedSites).toEqual(['example.com', 'news.example.org', 'blog.example.net']);
    expect(effectiveSites(policy, [], []).slice(-3).map(sitePattern)).toEqual([
      'https://*.example.com/*',
      'https://*.news.example.org/*',
      'https://*.blog.example.net/*',
    ]);
    expect(issues).toEqual([
      'addedSites: "*.*.example.io" is left out: a "*" may only begin a host ("*.example.com", read as example.com, which covers its subdomains).',
      'addedSites: "ex*ample.com" is left out: a "*" may only begin a host ("*.example.com", read as example.com, which covers its subdomains).',
      'addedSites: "*" is left out: a "*" may only begin a host ("*.example.com", read as example.com, which covers its subdomains).',
    ]);
    // Switched off the same way: "*.techcrunch.com" is the default site.
    expect(parsePolicy({ disabledSites: ['*.techcrunch.com'] }).policy.disabledSites).toEqual(['techcrunch.com']);
  });
});

describe("the organisation's sites win over the reader's", () => {
  const defaults = DEFAULT_SITES.map((s) => s.host);

  it('without a policy, the sites are the reader’s', () => {
    expect(effectiveSites({}, ['wired.com'], ['blog.example.com'])).toEqual([
      ...defaults.filter((h) => h !== 'wired.com'),
      'blog.example.com',
    ]);
  });

  it('a site the organisation switched off stays off, one it added is added, the reader’s own choices stay', () => {
    const policy = { disabledSites: ['techcrunch.com' as const], addedSites: ['news.example.com', 'blog.example.com'] };
    const sites = effectiveSites(policy, ['wired.com'], ['blog.example.com']);
    expect(sites).not.toContain('techcrunch.com');
    expect(sites).not.toContain('wired.com');
    expect(sites.slice(-2)).toEqual(['blog.example.com', 'news.example.com']);
    expect(sites).toHaveLength(defaults.length - 2 + 2);
  });

  it('the worker reads no page of a site the organisation switched off, subdomains included', () => {
    const policy = { disabledSites: ['techcrunch.com' as const] };
    expect(forbiddenByPolicy(policy, 'https://www.techcrunch.com/2026/ai')).toBe(true);
    expect(forbiddenByPolicy(policy, 'https://www.theverge.com/ai')).toBe(false);
    expect(forbiddenByPolicy({}, 'https://www.techcrunch.com/2026/ai')).toBe(false);
    expect(forbiddenByPolicy(policy, undefined)).toBe(false);
  });
});

/** The sync runner as the worker makes it, its policy read from the fake browser's managed storage. */
async function setup() {
  const org = createFakeFeedServer('https://org.test');
  const reader = createFakeFeedServer('https://reader.test');
  const doc = miniArchive();
  const item = {
    ...doc.items[0],
    id: 'org-item',
    url: 'https://example.com/org',
    modified: '2026-12-01T00:00:00Z',
  } as (typeof doc.items)[0];
  org.publish(await publishFeed([], [item], { title: 'Organisation feed', now: new Date(START) }));
  reader.publish(await publishFeed([], [{ ...item, id: 'reader-item' }], { title: 'Reader feed', now: new Date(START) }));
  const connect = createArchiveConnection(freshDbName());
  const archive = createArchiveService(connect, { snapshotId: 't', loadSnapshot: async () => miniArchive() });
  await archive.seeded;
  const runner = createSyncRunner({
    archive,
    fetch: (input, init) => (String(input).startsWith('https://org.test') ? org.fetch(input, init) : reader.fetch(input, init)),
    alarms: { create: () => undefined },
    now: () => START,
    random: () => 0.5,
    blocked: () => syncBlockedByPolicy(browser.storage.managed),
    managedFeeds: async () => (await readManagedPolicy(browser.storage.managed)).feeds ?? [],
  });
  /** Which of the two feeds' items the archive holds (each under its feed's namespace). */
  const itemIds = async () => {
    const ids = [namespaced(await namespaceOf(ORG_FEED), 'org-item'), namespaced(await namespaceOf(READER_FEED), 'reader-item')];
    return (await getItems(await connect(), ids)).map((i) => i.id.split(NAMESPACE_SEPARATOR).at(-1));
  };
  return { runner, org, itemIds };
}

describe("the organisation's feeds and sync, enforced by the sync runner", () => {
  it('lists a policy feed at start, syncs it, and refuses the reader pausing or removing it', async () => {
    const { runner, itemIds } = await setup();
    await fakeBrowser.storage.managed.set({ feeds: [ORG_FEED] });
    await runner.start();
    expect(await feedsSetting.getValue()).toMatchObject([{ url: ORG_FEED, managed: true, unresolved: true, paused: false }]);
    await runner.syncNow();
    const [feed] = await runner.feeds();
    expect(feed).toMatchObject({ url: ORG_FEED, managed: true, title: 'Organisation feed' });
    expect(feed?.unresolved).toBeUndefined();
    expect(feed?.state.lastSuccess).toBeDefined();
    expect(await itemIds()).toContain('org-item');
    const refused = {
      ok: false,
      error: 'Your organisation set this feed: it cannot be paused or removed here.',
      problem: { code: 'managedFeed' },
    };
    expect(await runner.remove(ORG_FEED)).toEqual(refused);
    expect(await runner.setPaused(ORG_FEED, true)).toEqual(refused);
    expect((await feedsSetting.getValue())[0]?.paused).toBe(false);
  });

  it("takes over a feed the reader had paused, and gives a dropped policy feed's items back", async () => {
    const { runner, itemIds } = await setup();
    await runner.add(READER_FEED);
    await runner.syncNow();
    await runner.setPaused(READER_FEED, true);
    await fakeBrowser.storage.managed.set({ feeds: [READER_FEED, ORG_FEED] });
    await runner.start();
    expect((await feedsSetting.getValue()).map((f) => [f.url, f.managed, f.paused])).toEqual([
      [READER_FEED, true, false],
      [ORG_FEED, true, false],
    ]);
    await runner.syncNow();
    expect(await itemIds()).toEqual(expect.arrayContaining(['org-item', 'reader-item']));
    // The policy drops both: its feeds go, with what they brought.
    await fakeBrowser.storage.managed.set({ feeds: [] });
    await runner.start();
    expect(await feedsSetting.getValue()).toEqual([]);
    expect(await itemIds()).not.toContain('org-item');
  });

  it('with sync turned off, fetches nothing, and says why to the reader', async () => {
    const { runner, org, itemIds } = await setup();
    await fakeBrowser.storage.managed.set({ feeds: [ORG_FEED], syncDisabled: true });
    await runner.start();
    await runner.syncNow();
    expect(org.requests).toEqual([]);
    expect(await itemIds()).not.toContain('org-item');
    expect(await runner.whyBlocked()).toEqual({ code: 'syncOff' });
    const refused = await runner.add(READER_FEED);
    expect(refused).toEqual({
      ok: false,
      error: 'Your organisation has turned sync off: Backstory fetches no feed.',
      problem: { code: 'syncOff' },
    });
    // ...in the reader's language, wherever a page shows it.
    expect(!refused.ok && errorText(i18nFor('ja').t, refused)).toBe('組織が同期をオフにしています。Backstory はフィードを取得しません。');
  });

  it('hears a changed policy through storage.onChanged for the managed area, and only that area', async () => {
    const changes: string[] = [];
    watchManagedPolicy(() => changes.push('managed'));
    await fakeBrowser.storage.local.set({ feeds: [] });
    expect(changes).toEqual([]);
    await fakeBrowser.storage.managed.set({ syncDisabled: true });
    expect(changes).toEqual(['managed']);
    expect(await syncBlockedByPolicy(browser.storage.managed)).toBe(SYNC_OFF);
    await fakeBrowser.storage.managed.remove('syncDisabled');
    expect(changes).toEqual(['managed', 'managed']);
    expect(await syncBlockedByPolicy(browser.storage.managed)).toBeUndefined();
  });
});
