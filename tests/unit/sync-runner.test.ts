import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createArchiveConnection } from '../../lib/archive/db';
import { cursorKeyOf, readFeedCursor } from '../../lib/archive/feed-apply';
import { createArchiveService } from '../../lib/archive/service';
import { counts, getItems } from '../../lib/archive/store';
import { errorText, failureOf, i18nFor } from '../../lib/i18n/index';
import type { Failure } from '../../lib/messaging/problem';
import { createMessageListener, type Handlers } from '../../lib/messaging/server';
import { PAUSED } from '../../lib/settings/control';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { feedStatesItem, feedsSetting, hostToGiveBack, setNewsRetentionYears } from '../../lib/sync/feeds';
import { createSyncHandlers, syncSummary } from '../../lib/sync/handlers';
import { publishFeed } from '../../lib/sync/publish';
import { createSyncRunner, SYNC_ALARM, type SyncRunnerOptions } from '../../lib/sync/runner';
import { generateKeyPair } from '../../lib/sync/signature';
import { namespaced, namespaceOf } from '../../lib/sync/trust';
import { createFakeFeedServer } from './fake-feed-server';
import { feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

const OFFICIAL = 'https://feed.test/feed/index.json';
const OTHER = 'https://other.test/feed/index.json';
const HOUR = 3600_000;
const START = Date.parse('2026-12-05T08:00:00Z');

beforeEach(() => fakeBrowser.reset());

/** A fake clock, alarms that record what was asked, a seeded archive and feed hosts. */
async function setup(
  wrap: (archive: SyncRunnerOptions['archive']) => SyncRunnerOptions['archive'] = (a) => a,
  more: Partial<SyncRunnerOptions> = {},
) {
  const clock = { now: START };
  const alarms: { name: string; when: number }[] = [];
  const connect = createArchiveConnection(freshDbName());
  const archive = createArchiveService(connect, { snapshotId: 't', loadSnapshot: async () => miniArchive() });
  await archive.seeded;
  const keys = await generateKeyPair();
  const official = createFakeFeedServer('https://feed.test');
  const other = createFakeFeedServer('https://other.test');
  const fetch: typeof globalThis.fetch = (input, init) =>
    String(input).startsWith('https://other.test') ? other.fetch(input, init) : official.fetch(input, init);
  const runner = createSyncRunner({
    archive: wrap(archive),
    fetch,
    alarms: { create: (name, info) => alarms.push({ name, when: info.when }) },
    official: { url: OFFICIAL, publicKey: keys.publicKey },
    now: () => clock.now,
    random: () => 0.5,
    ...more,
  });
  const doc = miniArchive();
  const item = {
    ...doc.items[0],
    id: 'fresh-item',
    url: 'https://example.com/fresh',
    modified: '2026-12-01T00:00:00Z',
  } as (typeof doc.items)[0];
  official.publish(
    await publishFeed(doc.entities.slice(0, 1), [item], { title: 'Official', privateKey: keys.privateKey, now: new Date(START) }),
  );
  other.publish(
    await publishFeed([], [{ ...item, id: 'their-item', entities: ['openai'] }], { title: 'Other feed', now: new Date(START) }),
  );
  const state = async (url: string) => (await feedStatesItem.getValue())[url];
  return { clock, alarms, runner, archive, connect, official, other, state };
}

describe('the sync runner', () => {
  it('at start lists the official feed and schedules an overdue sync a random few minutes on', async () => {
    const { runner, alarms, state } = await setup();
    await runner.start();
    expect((await feedsSetting.getValue()).map((f) => [f.url, f.official])).toEqual([[OFFICIAL, true]]);
    const next = Date.parse((await state(OFFICIAL))?.nextRun ?? '');
    expect(next - START).toBe(5.5 * 60_000); // 1 to 10 minutes; the fake random is 0.5
    expect(alarms.at(-1)).toEqual({ name: SYNC_ALARM, when: next });
  });

  it("a feed a former build named official is replaced by this build's", async () => {
    const { runner } = await setup();
    await feedsSetting.setValue([
      { url: 'https://old.test/index.json', official: true, namespace: '', paused: false },
      { url: OTHER, official: false, namespace: 'fabc', paused: true },
    ]);
    await runner.start();
    expect((await feedsSetting.getValue()).map((f) => [f.url, f.official])).toEqual([
      [OFFICIAL, true],
      [OTHER, false],
    ]);
  });

  it('the alarm syncs what is due, records the run, and the next poll is a conditional request answered 304', async () => {
    const { runner, clock, state, official, connect, alarms } = await setup();
    await runner.start();
    clock.now += 6 * 60_000;
    await runner.onAlarm(SYNC_ALARM);
    const after = await state(OFFICIAL);
    expect(after).toMatchObject({ failures: 0, last: { pages: 1, added: 1 } });
    expect(after?.lastSuccess).toBe(new Date(clock.now).toISOString());
    expect(Date.parse(after?.nextRun ?? '') - clock.now).toBe(6 * HOUR);
    expect(alarms.at(-1)?.when).toBe(Date.parse(after?.nextRun ?? ''));
    expect((await getItems(await connect(), ['fresh-item'])).length).toBe(1);

    clock.now += 6 * HOUR;
    await runner.onAlarm(SYNC_ALARM);
    expect(new Headers(official.requests.at(-1)?.init.headers).get('if-none-match')).toBeTruthy();
    expect((await state(OFFICIAL))?.last).toEqual(after?.last); // a 304 changed nothing
  });

  it('a new interval moves each feed’s next run: the new interval on from its last success, and the alarm with it', async () => {
    const { runner, clock, state, alarms } = await setup();
    await runner.start();
    await runner.syncNow();
    const synced = Date.parse((await state(OFFICIAL))?.lastSuccess ?? '');
    expect(Date.parse((await state(OFFICIAL))?.nextRun ?? '') - synced).toBe(6 * HOUR);
    clock.now += 10 * 60_000;
    expect(await runner.setInterval(1)).toBe(1);
    const sooner = Date.parse((await state(OFFICIAL))?.nextRun ?? '');
    expect(sooner - synced).toBe(HOUR); // the fake random is 0.5: no jitter
    expect(alarms.at(-1)?.when).toBe(sooner);
    await runner.setInterval(72);
    expect(Date.parse((await state(OFFICIAL))?.nextRun ?? '') - synced).toBe(72 * HOUR);
    // Shortened past its last success's due time: it runs at once (the alarm's floor, 30 s on).
    clock.now += 2 * HOUR;
    await runner.setInterval(1);
    expect(alarms.at(-1)?.when).toBe(clock.now + 30_000);
  });

  it('a failure is told in plain words and retried with exponential backoff; a success clears it', async () => {
    const { runner, clock, state, official } = await setup();
    await runner.start();
    official.files.set('/feed/index.json', { body: 'down', status: 503 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.now = Date.parse((await state(OFFICIAL))?.nextRun ?? '');
      await runner.onAlarm(SYNC_ALARM);
      delays.push(Date.parse((await state(OFFICIAL))?.nextRun ?? '') - clock.now);
    }
    const failed = await state(OFFICIAL);
    expect(failed?.lastError).toBe('feed.test failed to answer (HTTP 503); Backstory will try again later.');
    // Kept as data too, so the options page words it in the reader's language.
    expect(failed?.lastProblem).toEqual({ code: 'serverFailed', host: 'feed.test', status: 503 });
    expect(errorText(i18nFor('zh-CN').t, { error: failed?.lastError ?? '', problem: failed?.lastProblem })).toBe(
      'feed.test 未能响应（HTTP 503）；Backstory 稍后会重试。',
    );
    expect(delays).toEqual([3.75, 7.5, 15].map((m) => m * 60_000)); // 5, 10, 20 minutes with jitter 0.75
    official.files.delete('/feed/index.json');
    await runner.syncNow();
    expect((await state(OFFICIAL))?.lastError).toContain('HTTP 404');
    expect((await state(OFFICIAL))?.lastProblem).toEqual({ code: 'noFeed', host: 'feed.test', status: 404 });
  });

  it('runs one sync at a time: a second asker joins the run under way', async () => {
    const { runner, official } = await setup();
    await runner.start();
    await Promise.all([runner.syncNow(), runner.syncNow(), runner.onAlarm(SYNC_ALARM)]);
    expect(official.requests.filter((r) => r.url === OFFICIAL)).toHaveLength(1);
  });

  it('adds a feed after previewing it, syncs it into its namespace, and removing it takes its items away', async () => {
    const { runner, connect } = await setup();
    await runner.start();
    await runner.syncNow();
    const before = await counts(await connect());
    expect(await runner.preview(OTHER)).toEqual({ ok: true, value: { url: OTHER, title: 'Other feed', pages: 1, latest: '2026-12-01' } });
    expect((await runner.add(OTHER)).ok).toBe(true);
    await runner.syncNow();
    const feed = (await runner.feeds()).find((f) => f.url === OTHER);
    expect(feed).toMatchObject({ official: false, title: 'Other feed', state: { last: { added: 1 } } });
    const ns = feed?.namespace ?? '';
    expect((await getItems(await connect(), [namespaced(ns, 'their-item')])).length).toBe(1);
    expect(await runner.add(OTHER)).toEqual({ ok: false, error: 'That feed is in the list already.', problem: { code: 'alreadyListed' } });
    expect(await runner.remove(OTHER)).toEqual({ ok: true, value: null });
    expect(await getItems(await connect(), [namespaced(ns, 'their-item')])).toEqual([]);
    expect(await counts(await connect())).toEqual(before); // the official feed's items stay
    expect((await runner.remove(OFFICIAL)).ok).toBe(false);
  });

  it('gives back a removed feed’s site access, unless another feed listed is on the same site', async () => {
    const released: string[] = [];
    const { runner, other } = await setup(undefined, {
      async removed(feedUrl, remaining) {
        const pattern = hostToGiveBack(feedUrl, remaining);
        if (pattern) released.push(pattern);
      },
    });
    await runner.start();
    other.publish(await publishFeed([], [], { title: 'Second feed', now: new Date(START) }), '/second/');
    const second = 'https://other.test/second/index.json';
    expect((await runner.add(OTHER)).ok).toBe(true);
    expect((await runner.add(second)).ok).toBe(true);
    expect((await runner.remove(OTHER)).ok).toBe(true);
    expect(released).toEqual([]); // the second feed is on the same site
    expect((await runner.remove(second)).ok).toBe(true);
    expect(released).toEqual(['https://other.test/*']);
  });

  it('removing a feed while it syncs stops the run at its next page: none of its items, its cursor or its state is left', async () => {
    let removal: Promise<unknown> | undefined;
    let pages = 0;
    let runner: ReturnType<typeof createSyncRunner> | undefined;
    const set = await setup((archive) => ({
      ...archive,
      applyFeedPage: async (write, session) => {
        const applied = await archive.applyFeedPage(write, session);
        // The reader clicks Remove once the feed's first page is in (the official feed's pages have no namespace).
        if (write.namespace && ++pages === 1) removal = runner?.remove(OTHER);
        return applied;
      },
    }));
    runner = set.runner;
    const base = miniArchive().items[0] as ReturnType<typeof miniArchive>['items'][0];
    // Three pages: one a day of `modified`.
    const theirs = [1, 2, 3].map((d) => ({
      ...base,
      id: `their-item-${d}`,
      url: `https://example.com/t${d}`,
      entities: ['openai'],
      modified: `2026-12-0${d}T00:00:00Z`,
    }));
    set.other.publish(await publishFeed([], theirs, { title: 'Other feed', now: new Date(START) }));
    await runner.start();
    const ns = await namespaceOf(OTHER);
    await feedsSetting.setValue([
      ...(await feedsSetting.getValue()),
      { url: OTHER, official: false, namespace: ns, paused: false, title: 'Other' },
    ]);
    const before = (await counts(await set.connect())).items;
    await runner.syncNow();
    expect(await removal).toEqual({ ok: true, value: null });
    // The run stopped at the page after the click (the removal's own reads came first), not at the feed's end.
    expect(pages).toBeLessThan(3);
    const db = await set.connect();
    expect(await db.getAllKeys('items', IDBKeyRange.bound(`${ns}~`, `${ns}~\uffff`))).toEqual([]);
    expect(await readFeedCursor(db, OTHER)).toBeUndefined();
    expect((await counts(db)).items).toBe(before + 1); // the official feed's one new item, and none of the other's
    expect((await feedsSetting.getValue()).map((f) => f.url)).not.toContain(OTHER);
    expect(await set.state(OTHER)).toBeUndefined();
  });

  it('a removal the archive refuses (a full disk) leaves the feed listed with its items, to be removed again', async () => {
    let full = true;
    const { runner, connect } = await setup((archive) => ({
      ...archive,
      removeFeed: async (...args) => {
        if (full) throw new DOMException('The disk is full', 'QuotaExceededError');
        return archive.removeFeed(...args);
      },
    }));
    await runner.start();
    expect((await runner.add(OTHER)).ok).toBe(true);
    await runner.syncNow();
    const ns = await namespaceOf(OTHER);
    const theirs = async () => (await getItems(await connect(), [namespaced(ns, 'their-item')])).length;
    expect(await theirs()).toBe(1);
    await expect(runner.remove(OTHER)).rejects.toThrow('The disk is full');
    expect((await feedsSetting.getValue()).map((f) => f.url)).toContain(OTHER);
    expect(await theirs()).toBe(1);
    full = false;
    expect(await runner.remove(OTHER)).toEqual({ ok: true, value: null });
    expect(await theirs()).toBe(0);
    expect((await feedsSetting.getValue()).map((f) => f.url)).not.toContain(OTHER);
  });

  it('refuses an address that is not a web feed before asking anything', async () => {
    const { runner } = await setup();
    expect(await runner.add('javascript:alert(1)')).toEqual({
      ok: false,
      error: 'A feed address starts with https:// (or http://).',
      problem: { code: 'notHttp' },
    });
    expect(await runner.add('not a url')).toEqual({ ok: false, error: 'That is not a web address.', problem: { code: 'notAddress' } });
  });

  it('a paused feed is not synced', async () => {
    const { runner, official } = await setup();
    await runner.start();
    await runner.setPaused(OFFICIAL, true);
    await runner.syncNow();
    expect(official.requests).toHaveLength(0);
  });

  it('while Backstory is paused nothing is fetched: no run, no preview, no new feed; resuming syncs again', async () => {
    let paused = true;
    const { runner, official, other, alarms } = await setup(undefined, { blocked: async () => (paused ? PAUSED : undefined) });
    await runner.start();
    const alarmsBefore = alarms.length;
    await runner.syncNow();
    await runner.onAlarm(SYNC_ALARM);
    const refused = {
      ok: false,
      error: 'Backstory is paused: it reads no pages and syncs nothing until you resume it.',
      problem: { code: 'paused' },
    } as const;
    expect(await runner.preview(OTHER)).toEqual(refused);
    expect(await runner.add(OTHER)).toEqual(refused);
    expect(await runner.whyBlocked()).toEqual({ code: 'paused' });
    // The options page words the refusal in the reader's language.
    expect(errorText(i18nFor('zh-CN').t, refused)).toBe('Backstory 已暂停：在你恢复之前，它不会读取任何页面，也不会同步任何内容。');
    expect([...official.requests, ...other.requests]).toEqual([]);
    expect(alarms.length).toBe(alarmsBefore); // a run refused sets no alarm
    paused = false;
    await runner.syncNow();
    expect(official.requests.filter((r) => r.url === OFFICIAL)).toHaveLength(1);
  });

  it('sends a refusal to the options page with its problem, so the page words it in the reader’s language', async () => {
    const { runner, archive } = await setup(undefined, { blocked: async () => PAUSED });
    await runner.start();
    // Only the options page's feed messages are asked here.
    const listener = createMessageListener(createSyncHandlers(runner, () => archive.status()) as Handlers, 'backstory-id');
    const ask = (type: string, data: object) =>
      new Promise<unknown>((done) => {
        listener({ backstory: 1, type, data }, { id: 'backstory-id', url: 'chrome-extension://backstory-id/options.html' }, done);
      });
    for (const [type, data] of [
      ['syncNow', {}],
      ['previewFeed', { url: OTHER }],
      ['addFeed', { url: OTHER }],
    ] as const) {
      const reply = (await ask(type, data)) as Failure;
      expect(reply, type).toMatchObject({ ok: false, problem: { code: 'paused' } });
      expect(errorText(i18nFor('ja').t, reply)).toBe('Backstory は一時停止中です。再開するまで、ページの読み取りも同期も行いません。');
    }
  });

  it('with syncs stopped, the run under way ends first and none starts until the work is done', async () => {
    const { runner, official } = await setup();
    await runner.start();
    const run = runner.syncNow();
    const order: string[] = [];
    void run.then(() => order.push('run ended'));
    // The run is fetching when syncs are stopped.
    while (official.requests.length === 0) await new Promise((r) => setTimeout(r, 1));
    await runner.withSyncStopped(async () => {
      order.push('work');
      await runner.syncNow();
      expect(await runner.whyBlocked()).toEqual({ code: 'deleting' });
      expect(errorText(i18nFor('ja').t, failureOf({ code: 'deleting' }))).toBe('Backstory は保存したデータを削除しています。');
    });
    expect(order).toEqual(['run ended', 'work']);
    expect(official.requests.filter((r) => r.url === OFFICIAL)).toHaveLength(1);
    expect(await runner.whyBlocked()).toBeUndefined();
  });

  it("a reset takes every feed's items and cursors away and brings the bundled snapshot back", async () => {
    const { runner, archive, connect } = await setup();
    const bundled = await counts(await connect());
    await runner.start();
    await runner.syncNow();
    await runner.add(OTHER);
    await runner.syncNow();
    expect((await counts(await connect())).items).toBeGreaterThan(bundled.items);
    expect(await archive.feedCursor(OFFICIAL)).toBeDefined();
    expect(await archive.reset()).toMatchObject({ state: 'imported' });
    expect(await counts(await connect())).toEqual(bundled);
    expect(await getItems(await connect(), ['fresh-item'])).toEqual([]);
    expect(await archive.feedCursor(OFFICIAL)).toBeUndefined();
    expect(await archive.feedCursor(OTHER)).toBeUndefined();
    expect(await archive.seeded).toMatchObject({ state: 'imported' });
    // The panel's reads see the reset archive, not what they had kept in memory.
    expect((await archive.status()).counts).toEqual(bundled);
  });

  it('a full disk is reported in words, and the page is not half-written', async () => {
    const { runner, state, connect } = await setup((archive) => ({
      ...archive,
      applyFeedPage: async () => {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      },
    }));
    const before = await counts(await connect());
    await runner.start();
    await runner.syncNow();
    expect((await state(OFFICIAL))?.lastError).toBe(
      'The disk is full: Backstory cannot update its archive until space is freed. Nothing it stored is lost.',
    );
    expect(await counts(await connect())).toEqual(before);
  });

  it('warns when no sync has succeeded for 7 days', async () => {
    const { runner, archive, clock } = await setup();
    await runner.start();
    await runner.syncNow();
    expect(await syncSummary(() => archive.status(), clock.now)).toMatchObject({ stale: false, asOf: '2026-12-05', feeds: 1 });
    expect((await syncSummary(() => archive.status(), clock.now + 8 * 24 * HOUR)).stale).toBe(true);
  });
});

describe('a sync and the panel at once', () => {
  it("the panel's reads go first: a page waits until the answer under way is given", async () => {
    const connect = createArchiveConnection(freshDbName());
    const archive = createArchiveService(connect, { snapshotId: 't', loadSnapshot: async () => miniArchive() });
    await archive.seeded;
    const before = (await archive.entityCard('openai'))?.items;
    const page = parseFeedPage(feedPage('2026-12-01', { items: [feedItem('about-openai', { entities: ['openai'] })] }), NOW);
    if (!page.ok) throw new Error(page.error);
    const write = { namespace: '', cursorKey: cursorKeyOf(OFFICIAL), ref: { key: '2026-12-01', sha256: 'a'.repeat(64) }, page: page.value };
    const [applied, card] = await Promise.all([archive.applyFeedPage(write), archive.entityCard('openai')]);
    expect(applied.added).toBe(1);
    expect(card?.items).toBe(before);
    expect((await archive.entityCard('openai'))?.items).toBe((before ?? 0) + 1);
  });
});

describe('a news site’s RSS feed in the runner', () => {
  const NEWS = 'https://other.test/feed/';
  const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Other News</title>
<item><title>OpenAI ships an update to its models</title><link>/2026/12/04/openai-update/</link><pubDate>Fri, 04 Dec 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;OpenAI changed its models.&lt;/p&gt;</description></item>
<item><title>No date here</title><link>https://other.test/2026/12/05/undated/</link></item>
</channel></rss>`;

  it('is recognised as a news feed when added, synced into headlines, and answered 304 on the next run', async () => {
    const { runner, other, connect, state, clock } = await setup();
    other.files.set('/feed/', { body: rss, type: 'application/rss+xml; charset=utf-8' });
    const added = await runner.add(NEWS);
    expect(added).toMatchObject({ ok: true, value: { kind: 'news', title: 'Other News', pages: 2, latest: '2026-12-04' } });
    await runner.syncNow();
    expect((await feedsSetting.getValue()).find((f) => f.url === NEWS)).toMatchObject({ kind: 'news' });
    expect((await state(NEWS))?.last).toMatchObject({ pages: 1, added: 2 });
    const held = await (await connect()).getAll('headlines');
    expect(held.map((h) => [h.headline, h.url, h.published, h.dated, h.outlet])).toEqual([
      ['OpenAI ships an update to its models', 'https://other.test/2026/12/04/openai-update/', '2026-12-04', 'feed', 'Other News'],
      ['No date here', 'https://other.test/2026/12/05/undated/', '2026-12-05', 'first-seen', 'Other News'],
    ]);
    expect(held[0]?.entities).toEqual(['openai']);
    other.requests.length = 0;
    clock.now += 7 * HOUR;
    await runner.syncNow();
    const asked = other.requests.filter((r) => r.url === NEWS);
    expect(asked).toHaveLength(1);
    expect(new Headers(asked[0]?.init.headers).get('if-none-match')).toBeTruthy();
    expect((await state(NEWS))?.lastError).toBeUndefined();
    // Removed: its headlines go with it.
    expect(await runner.remove(NEWS)).toEqual({ ok: true, value: null });
    expect(await (await connect()).count('headlines')).toBe(0);
  });

  it('keeps headlines for the years the reader chose (whole years, 1 to 10)', async () => {
    const { runner, other, connect } = await setup();
    expect(await setNewsRetentionYears(0.2)).toEqual({ days: 365, cap: 20_000 });
    expect(await setNewsRetentionYears(99)).toMatchObject({ days: 3650 });
    await setNewsRetentionYears(1);
    const old = rss.replace('Fri, 04 Dec 2026', 'Tue, 04 Nov 2025');
    other.files.set('/feed/', { body: old, type: 'application/rss+xml' });
    await runner.add(NEWS);
    await runner.syncNow();
    expect((await (await connect()).getAll('headlines')).map((h) => h.headline)).toEqual(['No date here']);
  });

  it('a web page where a feed was expected is refused, saying so', async () => {
    const { runner, other } = await setup();
    other.files.set('/feed/', { body: '<html><body>Subscribe!</body></html>', type: 'text/html; charset=utf-8' });
    expect(await runner.add(NEWS)).toEqual({
      ok: false,
      error: expect.stringMatching(/web page/),
      problem: { code: 'wrongType', host: 'other.test', type: 'text/html' },
    });
    other.files.set('/feed/', { body: '<html><body>Subscribe!</body></html>', type: 'application/xml' });
    expect(await runner.add(NEWS)).toEqual({
      ok: false,
      error: expect.stringMatching(/web page \(HTML\), not a feed/),
      problem: { code: 'unreadable', detail: 'the address serves a web page (HTML), not a feed' },
    });
  });
});
