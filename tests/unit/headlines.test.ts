/**
 * News feeds' headlines in the archive and the panel: spotted with the worker's matcher, merged across
 * feeds by canonical address, linked to a curated item whose coverage row they are, kept within the
 * retention window and cap, shown as coverage under the same floor as items (never as a take), and the
 * upgrade from the schema before them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_DB_VERSION, createArchiveConnection, openArchiveDb } from '../../lib/archive/db';
import { applyFeedPage, cursorKeyOf, removeFeedRecords } from '../../lib/archive/feed-apply';
import { foldAll, pendingFolds } from '../../lib/archive/fold';
import {
  applyHeadlines,
  DEFAULT_RETENTION,
  headlineCount,
  headlinesForEntities,
  linkCoveredHeadlines,
  type Retention,
} from '../../lib/archive/headlines';
import type { Item } from '../../lib/archive/schema';
import { newSearchMemory, type SearchResults, searchArchive } from '../../lib/archive/search';
import { createArchiveService } from '../../lib/archive/service';
import {
  counts,
  HEADLINE_LINKS,
  importDocument,
  itemByUrl,
  itemsForEntities,
  lastValues,
  putItems,
  termStats,
} from '../../lib/archive/store';
import { terms } from '../../lib/search/terms';
import { parseFeedPage } from '../../lib/sync/feed-format';
import type { NewsEntry } from '../../lib/sync/news-feed';
import { namespaced, namespaceOf } from '../../lib/sync/trust';
import { writeVersion3 } from '../archive-v3';
import { version3Archive } from '../archive-v3-records';
import { feedPage } from './feed-helpers';
import { archiveAtVersion, freshDbName, miniArchive } from './helpers';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const TODAY = new Date('2026-07-10T12:00:00Z');

async function serviceOnMini(extra: Item[] = []) {
  const name = freshDbName();
  const connect = createArchiveConnection(name);
  closers.push(() => void connect().then((db) => db.close()));
  const doc = miniArchive();
  const service = createArchiveService(connect, {
    snapshotId: name,
    loadSnapshot: async () => ({ ...doc, items: [...doc.items, ...extra] }),
    now: () => TODAY,
  });
  await service.seeded;
  return { service, connect };
}

const FEED_A = 'https://techcrunch.com/feed/';
const FEED_B = 'https://news.example/rss';

function entry(title: string, url: string, published?: string, summary = ''): NewsEntry & { outlet: string } {
  return { title, url, summary, outlet: 'TechCrunch', ...(published ? { published } : {}) };
}

const ALIBABA_HEADLINE = entry(
  'Alibaba tells staff to stop using Claude Code at work',
  'https://techcrunch.com/2026/07/05/alibaba-tells-staff-to-stop-using-claude-code/',
  '2026-07-05T10:00:00.000Z',
  'An internal memo bans Anthropic’s coding agent at Alibaba, citing security risk.',
);
const UNRELATED = entry('Apple names a new head of retail', 'https://techcrunch.com/2026/07/01/apple-retail/', '2026-07-01T10:00:00.000Z');

const ARTICLE = {
  url: 'https://techcrunch.com/2026/07/09/tencent-bans-claude-code/',
  title: 'Tencent bans Claude Code at work',
  published: '2026-07-09T10:00:00Z',
  blocks: [
    'Alibaba’s ban on Claude Code spreads to other Chinese employers',
    'Following Alibaba, more Chinese tech firms tell staff to stop using Anthropic’s Claude Code at work, citing security risk.',
  ],
};

/** The mini archive's first item as another curated item, dated 6 July, whose coverage rows are these addresses. */
function coveringItem(id: string, title: string, urls: readonly string[], over: Partial<Item> = {}): Item {
  const [first] = miniArchive().items;
  return {
    ...first!,
    id,
    published: '2026-07-06',
    title,
    coverage: urls.map((url, i) => ({
      outlet: 'TechCrunch',
      headline: `${title} (${i + 1})`,
      published: '2026-07-06',
      url,
      checked: 'seed' as const,
    })),
    ...over,
  };
}

const TENCENT_URL = 'https://techcrunch.com/2026/07/06/tencent-follows-alibaba/';
/** The curated item whose coverage row is TechCrunch's Tencent story. */
const tencentItem = () => coveringItem('2026-07-06-tencent-follows', 'Tencent follows Alibaba in banning Claude Code', [TENCENT_URL]);

const apply = (
  service: Awaited<ReturnType<typeof serviceOnMini>>['service'],
  feedUrl: string,
  entries: (NewsEntry & { outlet: string })[],
  retention: Retention = DEFAULT_RETENTION,
  now = TODAY,
) => service.applyNewsFeed({ feedUrl, entries, now, retention });

describe('headlines in the archive', () => {
  it('are spotted with the worker’s matcher and merged across feeds by canonical address', async () => {
    const { service, connect } = await serviceOnMini();
    expect(await apply(service, FEED_A, [ALIBABA_HEADLINE])).toMatchObject({ added: 1, merged: 0 });
    // The same story from another feed: www., AMP and tracking parameters do not make it another.
    const again = entry(
      ALIBABA_HEADLINE.title,
      'http://www.techcrunch.com/2026/07/05/alibaba-tells-staff-to-stop-using-claude-code/amp/?utm_source=rss&fbclid=x',
      '2026-07-05T09:00:00.000Z',
    );
    expect(await apply(service, FEED_B, [again])).toMatchObject({ added: 0, merged: 1 });
    const db = await connect();
    const [record, ...rest] = await db.getAll('headlines');
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      kind: 'headline',
      headline: ALIBABA_HEADLINE.title,
      url: ALIBABA_HEADLINE.url,
      published: '2026-07-05',
      dated: 'feed',
      feeds: [FEED_A, FEED_B],
    });
    expect(record!.entities).toEqual(expect.arrayContaining(['alibaba', 'claude-code']));
    expect(await headlineCount(db)).toBe(1);
    // Curated items are a store apart: their count is untouched.
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
  });

  it("the panel reads each entity's newest headlines, before a day when given, in one request each or by cursor alike", async () => {
    const { service, connect } = await serviceOnMini();
    const day = (i: number) => `2026-06-${String(i + 1).padStart(2, '0')}`;
    const entries = Array.from({ length: 30 }, (_, i) =>
      entry(`Alibaba story number ${i}`, `https://techcrunch.com/2026/06/${i + 1}/alibaba-${i}/`, `${day(i)}T10:00:00.000Z`),
    );
    await apply(service, FEED_A, entries);
    const db = await connect();
    const newest = await headlinesForEntities(db, ['alibaba'], 20);
    expect(newest.map((h) => h.published)).toEqual(Array.from({ length: 20 }, (_, i) => day(29 - i)));
    const before = await headlinesForEntities(db, ['alibaba'], 5, day(10));
    expect(before.map((h) => h.published)).toEqual(Array.from({ length: 5 }, (_, i) => day(9 - i)));
    // Where getAll cannot read backwards (older Chromium, Firefox), a cursor reads the same records.
    const index = db.transaction('headlines').store.index('by-mention');
    const range = IDBKeyRange.bound(['alibaba', ''], ['alibaba', '\uffff']);
    const [withOptions, byCursor] = [await lastValues(index, range, 7, true), await lastValues(index, range, 7, false)];
    expect(withOptions).toHaveLength(7);
    expect(byCursor).toEqual(withOptions);
  });

  it('a headline without a date is dated the day it was first seen, and says so', async () => {
    const { service, connect } = await serviceOnMini();
    await apply(service, FEED_A, [entry('OpenAI ships another update', 'https://techcrunch.com/openai-update-2/')]);
    const [record] = await (await connect()).getAll('headlines');
    expect(record).toMatchObject({ dated: 'first-seen', published: '2026-07-10', firstSeen: TODAY.toISOString() });
    // Seen again later with a date from the feed: the feed's date stands.
    await apply(
      service,
      FEED_A,
      [entry('OpenAI ships another update', 'https://techcrunch.com/openai-update-2/', '2026-07-09T08:00:00.000Z')],
      DEFAULT_RETENTION,
      new Date('2026-07-11T00:00:00Z'),
    );
    expect((await (await connect()).getAll('headlines'))[0]).toMatchObject({
      dated: 'feed',
      published: '2026-07-09',
      firstSeen: TODAY.toISOString(),
    });
  });

  it('a headline that is a curated item’s coverage row links to it, and the panel shows the item, not the headline', async () => {
    const curated = tencentItem();
    const { service, connect } = await serviceOnMini([curated]);
    const applied = await apply(service, FEED_A, [
      entry(
        'Tencent follows Alibaba in banning Claude Code',
        'https://www.techcrunch.com/2026/07/06/tencent-follows-alibaba/?utm_campaign=x',
        '2026-07-06T10:00:00.000Z',
        'Alibaba and Tencent ban Claude Code.',
      ),
    ]);
    expect(applied.linked).toBe(1);
    expect((await (await connect()).getAll('headlines'))[0]?.curated).toBe(curated.id);
    const context = await service.panelContext(await service.analyze(ARTICLE));
    expect([...context.coverage.earlier, ...context.coverage.since].map((c) => c.headline)).not.toContain(curated.title);
  });

  it('merges and links every headline of a page, however many held headlines and covered addresses lie among its own', async () => {
    const url = (n: number) => `https://techcrunch.com/2026/07/05/story-${String(n).padStart(2, '0')}/`;
    const story = (n: number) => entry(`Story ${n}`, url(n), '2026-07-05T10:00:00.000Z');
    const roundup = coveringItem(
      '2026-07-05-roundup',
      'The week in AI',
      Array.from({ length: 20 }, (_, i) => url(40 + i)),
      { published: '2026-07-05' },
    );
    const { service, connect } = await serviceOnMini([roundup]);
    await apply(
      service,
      FEED_A,
      Array.from({ length: 30 }, (_, i) => story(10 + i)),
    );
    // Three addresses whose span holds thirty held headlines and twenty covered addresses: each is looked up alone.
    expect(await apply(service, FEED_B, [story(9), story(30), story(59)])).toMatchObject({ added: 2, merged: 1, linked: 1 });
    // Sixty addresses over the same span: the held and covered ones among them are read in one go.
    expect(
      await apply(
        service,
        FEED_B,
        Array.from({ length: 60 }, (_, i) => story(i)),
      ),
    ).toMatchObject({
      added: 28,
      merged: 32,
      linked: 19,
    });
    const db = await connect();
    const records = new Map((await db.getAll('headlines')).map((record) => [record.headline, record]));
    expect(records.size).toBe(60);
    expect(await headlineCount(db)).toBe(60);
    expect(records.get('Story 30')?.feeds).toEqual([FEED_A, FEED_B]);
    expect(records.get('Story 5')?.feeds).toEqual([FEED_B]);
    for (let n = 0; n < 60; n++) expect(records.get(`Story ${n}`)?.curated).toBe(n >= 40 ? roundup.id : undefined);
  });

  it('retention drops headlines past the window and the oldest beyond the cap, never a curated item', async () => {
    const { service, connect } = await serviceOnMini();
    const old = entry('Alibaba’s first model', 'https://techcrunch.com/2023/01/01/alibaba-model/', '2023-01-01T00:00:00.000Z');
    const week = [1, 2, 3, 4, 5].map((d) =>
      entry(`Anthropic news ${d}`, `https://techcrunch.com/2026/07/0${d}/anthropic-${d}/`, `2026-07-0${d}T00:00:00.000Z`),
    );
    await apply(service, FEED_A, [old, ...week], { days: 730, cap: 100 });
    const db = await connect();
    expect((await db.getAll('headlines')).map((h) => h.published).sort()).toEqual([
      '2026-07-01',
      '2026-07-02',
      '2026-07-03',
      '2026-07-04',
      '2026-07-05',
    ]);
    const applied = await apply(
      service,
      FEED_A,
      [entry('Anthropic news 6', 'https://techcrunch.com/2026/07/06/anthropic-6/', '2026-07-06T00:00:00.000Z')],
      { days: 730, cap: 3 },
    );
    expect(applied).toMatchObject({ added: 1, dropped: 3 });
    expect((await db.getAll('headlines')).map((h) => h.published).sort()).toEqual(['2026-07-04', '2026-07-05', '2026-07-06']);
    expect(await headlineCount(db)).toBe(3);
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
    expect((await itemsForEntities(db, ['apple'])).map((i) => i.id)).toEqual(['2026-04-20-apple-ternus']);
  });

  it('retention drops a stored headline that aged past the window, when the new page brings only recent ones', async () => {
    const { service, connect } = await serviceOnMini();
    const aging = entry('Alibaba’s first model', 'https://techcrunch.com/2025/01/10/alibaba-model/', '2025-01-10T00:00:00.000Z');
    const recent = entry('Anthropic news 1', 'https://techcrunch.com/2026/07/01/anthropic-1/', '2026-07-01T00:00:00.000Z');
    expect(await apply(service, FEED_A, [aging], { days: 730, cap: 100 }, new Date('2026-07-10T00:00:00Z'))).toMatchObject({
      dropped: 0,
    });
    // Two years on from the first, well under the cap: the old headline is past the window now.
    const later = await apply(service, FEED_A, [recent], { days: 730, cap: 100 }, new Date('2027-02-01T00:00:00Z'));
    expect(later).toMatchObject({ added: 1, dropped: 1 });
    expect((await (await connect()).getAll('headlines')).map((h) => h.published)).toEqual(['2026-07-01']);
  });

  it('removing a news feed takes the headlines only it carried', async () => {
    const { service, connect } = await serviceOnMini();
    await apply(service, FEED_A, [ALIBABA_HEADLINE, UNRELATED]);
    await apply(service, FEED_B, [UNRELATED]);
    expect(await service.removeFeed(FEED_A, 'f1', 'news')).toBe(1);
    const left = await (await connect()).getAll('headlines');
    expect(left.map((h) => [h.headline, h.feeds])).toEqual([[UNRELATED.title, [FEED_B]]]);
  });
});

describe('headlines in the panel', () => {
  it('show in Earlier as coverage (outlet, date, headline, link), never as a take, and only when relevant', async () => {
    const { service } = await serviceOnMini();
    // Asked before any feed brought a headline (the panel then reads none), and again after one did.
    const analysis = await service.analyze(ARTICLE);
    expect((await service.panelContext(analysis)).coverage.earlier).toEqual([]);
    await apply(service, FEED_A, [ALIBABA_HEADLINE, UNRELATED]);
    const context = await service.panelContext(await service.analyze(ARTICLE));
    expect(context.coverage.earlier).toEqual([
      expect.objectContaining({
        headline: ALIBABA_HEADLINE.title,
        outlet: 'TechCrunch',
        url: ALIBABA_HEADLINE.url,
        published: '2026-07-05',
        dated: 'feed',
      }),
    ]);
    expect(context.coverage.since).toEqual([]);
    // Never a take, a lead, or a closest story; signals come from curated items only.
    expect(context.lead?.item.id ?? '').not.toMatch(/^headline:/);
    expect([...context.closest, ...context.earlier, ...context.since].every((r) => !r.item.id.startsWith('headline:'))).toBe(true);
    expect(context.signals.every((s) => !s.from.id.startsWith('headline:'))).toBe(true);
  });

  it('leave the curated items’ ranking as it was', async () => {
    const { service } = await serviceOnMini();
    const before = await service.panelContext(await service.analyze(ARTICLE));
    await apply(service, FEED_A, [ALIBABA_HEADLINE, UNRELATED]);
    const after = await service.panelContext(await service.analyze(ARTICLE));
    const ids = (c: typeof before) => [
      c.lead?.item.id,
      ...c.closest.map((r) => r.item.id),
      ...c.earlier.map((r) => r.item.id),
      ...c.since.map((r) => r.item.id),
    ];
    expect(ids(after)).toEqual(ids(before));
    expect(after.signals).toEqual(before.signals);
  });

  it('a signal past its date is “overdue” only when a curated item came after it: a headline does not count', async () => {
    const [first] = miniArchive().items;
    const claim = 'Two more Chinese firms ban Claude Code within days.';
    const due: Item = { ...first!, modified: '2026-07-09T00:00:00Z', signals: [{ claim, by: '2026-07-06', status: 'open' }] };
    const { service, connect } = await serviceOnMini([due]);
    const status = async () => (await service.panelContext(await service.analyze(ARTICLE))).signals.find((s) => s.claim === claim)?.status;
    expect(await status()).toBe('unresolved');
    // Headlines on the same names after the date: the archive has not looked past it for curated items.
    await apply(service, FEED_A, [
      entry('Alibaba widens its Claude Code ban', 'https://techcrunch.com/2026/07/08/alibaba-widens-ban/', '2026-07-08T10:00:00.000Z'),
    ]);
    expect(await status()).toBe('unresolved');
    // A curated item on those names after the date makes it overdue.
    await importDocument(await connect(), {
      ...miniArchive(),
      items: [
        { ...first!, id: '2026-07-08-alibaba-later', published: '2026-07-08', title: 'Alibaba widens its Claude Code ban', signals: [] },
      ],
    });
    expect(await status()).toBe('overdue');
  });

  it('the article’s own headline from a feed is not shown as coverage of itself', async () => {
    const { service } = await serviceOnMini();
    await apply(service, FEED_A, [
      entry(ARTICLE.blocks[0]!, `${ARTICLE.url}?utm_source=rss`, '2026-07-09T10:00:00.000Z', ARTICLE.blocks[1]),
    ]);
    const context = await service.panelContext(await service.analyze(ARTICLE));
    expect([...context.coverage.earlier, ...context.coverage.since]).toEqual([]);
  });
});

describe('headlines in the search', () => {
  const titles = (r: SearchResults) => r.headlines.map((hit) => hit.headline.headline);
  const search = async (service: Awaited<ReturnType<typeof serviceOnMini>>['service'], query: string, filters = {}) => {
    await service.folded();
    return service.search(query, filters);
  };
  const GPU = entry(
    'Nvidia ships Rubin accelerators to Oracle',
    'https://techcrunch.com/2026/07/06/nvidia-rubin-oracle/',
    '2026-07-06T10:00:00.000Z',
    'The first racks of the new datacenter chips reached Oracle’s Texas site.',
  );

  it('finds a synced headline by a word of its title, as a prefix and with a typo, with its outlet and link', async () => {
    const { service } = await serviceOnMini();
    await apply(service, FEED_A, [GPU, UNRELATED]);
    const found = await search(service, 'rubin ');
    expect(titles(found)).toEqual([GPU.title]);
    expect(found.headlines[0]?.headline).toMatchObject({ outlet: 'TechCrunch', url: GPU.url, published: '2026-07-06' });
    expect(found.matched).toContain('rubin');
    // A word of its description, a prefix being typed, and a typo find it too; two words must both be held.
    expect(titles(await search(service, 'texas '))).toEqual([GPU.title]);
    expect(titles(await search(service, 'accel'))).toEqual([GPU.title]);
    expect(titles(await search(service, 'Oracel '))).toEqual([GPU.title]);
    expect(titles(await search(service, 'rubin retail '))).toEqual([]);
    expect(titles(await search(service, 'retail '))).toEqual([UNRELATED.title]);
    // The empty query is the newest items alone.
    expect((await search(service, '')).headlines).toEqual([]);
  });

  it('a headline that is a curated item’s coverage row is found through the item, not on its own', async () => {
    const url = TENCENT_URL;
    const curated = tencentItem();
    const { service } = await serviceOnMini([curated]);
    await apply(service, FEED_A, [entry('Tencent follows Alibaba in banning Claude Code', url, '2026-07-06T10:00:00.000Z')]);
    const found = await search(service, 'tencent ');
    expect(found.items.map((hit) => hit.item.id)).toEqual([curated.id]);
    expect(titles(found)).toEqual([]);
  });

  it('a curated item that comes after the headline takes it in, by an import or a feed page; deleted, it lets it go', async () => {
    const { service, connect } = await serviceOnMini();
    const db = await connect();
    const links = () => db.getAllKeys('meta', IDBKeyRange.bound(HEADLINE_LINKS, `${HEADLINE_LINKS}\uffff`));
    const url = (slug: string) => `https://techcrunch.com/2026/07/06/${slug}/`;
    const covering = (id: string, slug: string, modified = '2026-07-08T00:00:00Z'): Item =>
      coveringItem(id, `The ${slug} story, curated`, [url(slug)], { modified });
    // With no headline held, a write of items leaves nothing to link.
    await importDocument(db, { ...miniArchive(), entities: [], items: [covering('2026-07-06-early', 'early')] });
    expect(await links()).toEqual([]);
    await apply(service, FEED_A, [
      entry('Tencent follows Alibaba in banning Claude Code', url('tencent-follows'), '2026-07-06T10:00:00.000Z'),
      entry('ByteDance follows Tencent in banning Claude Code', url('bytedance-follows'), '2026-07-06T11:00:00.000Z'),
    ]);
    expect(titles(await search(service, 'follows '))).toHaveLength(2);

    // One by an import (the bundled snapshot's way), one by the official feed's page.
    await importDocument(db, { ...miniArchive(), entities: [], items: [covering('2026-07-06-tencent', 'tencent-follows')] });
    const feed = (key: string, parts: Parameters<typeof feedPage>[1]) => {
      const page = parseFeedPage(feedPage(key, parts), new Date('2026-07-10T00:00:00Z'));
      if (!page.ok) throw new Error(page.error);
      return applyFeedPage(db, {
        namespace: '',
        cursorKey: cursorKeyOf('https://feed.example/'),
        ref: { key, sha256: key.padEnd(64, '0') },
        page: page.value,
      });
    };
    const bytedance = covering('2026-07-06-bytedance', 'bytedance-follows');
    await feed('2026-07-08', { items: [{ ...bytedance, entities: ['alibaba'] }] });
    expect(await links()).toHaveLength(2);
    await foldAll(db);
    expect(await links()).toEqual([]);
    const curatedOf = async (slug: string) => (await db.get('headlines', `techcrunch.com/2026/07/06/${slug}`))?.curated;
    expect(await curatedOf('tencent-follows')).toBe('2026-07-06-tencent');
    expect(await curatedOf('bytedance-follows')).toBe('2026-07-06-bytedance');
    const found = await search(service, 'follows ');
    expect(titles(found)).toEqual([]);

    // A newer copy that no longer has the coverage row lets the headline go; the row back, it is taken in again.
    const withoutRow = { ...covering('2026-07-06-tencent', 'tencent-follows', '2026-07-08T06:00:00Z'), url: url('elsewhere') };
    await putItems(db, [{ ...withoutRow, coverage: [{ ...withoutRow.coverage[0]!, url: url('elsewhere') }] }]);
    await foldAll(db);
    expect(await curatedOf('tencent-follows')).toBeUndefined();
    await putItems(db, [covering('2026-07-06-tencent', 'tencent-follows', '2026-07-08T12:00:00Z')]);
    await foldAll(db);
    expect(await curatedOf('tencent-follows')).toBe('2026-07-06-tencent');

    // Deleted (by the import's newer copy, by the feed's deletion), each item lets its headline stand alone again.
    await putItems(db, [{ ...covering('2026-07-06-tencent', 'tencent-follows', '2026-07-09T00:00:00Z'), deleted: true }]);
    await feed('2026-07-09', { deletions: [{ id: bytedance.id, modified: '2026-07-09T00:00:00Z' }] });
    await foldAll(db);
    expect(await curatedOf('tencent-follows')).toBeUndefined();
    expect(await curatedOf('bytedance-follows')).toBeUndefined();
    expect(titles(await search(service, 'follows ')).sort()).toEqual([
      'ByteDance follows Tencent in banning Claude Code',
      'Tencent follows Alibaba in banning Claude Code',
    ]);
  });

  it('headlines a version before the link job left unlinked are linked once, in short transactions however many', async () => {
    const url = TENCENT_URL;
    const curated = tencentItem();
    const { service, connect } = await serviceOnMini([curated]);
    await apply(service, FEED_A, [entry('Tencent follows Alibaba in banning Claude Code', url, '2026-07-06T10:00:00.000Z')]);
    await service.folded();
    const db = await connect();
    const key = 'techcrunch.com/2026/07/06/tencent-follows-alibaba';
    // As that version left it: the headline unlinked, in the search index, and nothing queued for it.
    const { curated: _, ...unlinked } = (await db.get('headlines', key))!;
    await db.put('headlines', unlinked);
    await db.delete('meta', 'headline-links-all-queued');
    await foldAll(db);
    expect((await db.get('headlines', key))?.curated).toBe(curated.id);
    expect(titles(await search(service, 'tencent '))).toEqual([]);

    // A record of more addresses than one transaction takes is taken in parts.
    await db.put('headlines', unlinked);
    await db.put('meta', { keys: [...Array.from({ length: 1200 }, (_, i) => `news.example/${i}`), key] }, `${HEADLINE_LINKS}big`);
    const taken: number[] = [];
    for (;;) {
      const n = await linkCoveredHeadlines(db);
      if (n === undefined) break;
      taken.push(n);
    }
    expect(taken).toEqual([0, 0, 1]); // 1,201 addresses, 500 a transaction: the last part holds the headline's.
    expect((await db.get('headlines', key))?.curated).toBe(curated.id);
    expect(await db.getAllKeys('meta', IDBKeyRange.bound(HEADLINE_LINKS, `${HEADLINE_LINKS}\uffff`))).toEqual([]);
  });

  it('a headline two items cover stays linked to the one left when the other goes, and a removed feed’s item lets it go', async () => {
    const { service, connect } = await serviceOnMini();
    const db = await connect();
    await apply(service, FEED_A, [entry('Tencent follows Alibaba in banning Claude Code', TENCENT_URL, '2026-07-06T10:00:00.000Z')]);
    const key = 'techcrunch.com/2026/07/06/tencent-follows-alibaba';
    const linkedTo = async () => {
      await foldAll(db);
      return (await db.get('headlines', key))?.curated;
    };
    const other = 'https://feeds.example.org/analysts/';
    const [a, b] = [coveringItem('2026-07-06-a', 'First take', [TENCENT_URL]), coveringItem('2026-07-06-b', 'Second take', [TENCENT_URL])];
    // One item from the official archive, one from another feed (namespaced): the first by id is the link.
    await importDocument(db, { ...miniArchive(), entities: [], items: [b] });
    expect(await linkedTo()).toBe(b.id);
    const page = parseFeedPage(feedPage('2026-07-07', { items: [{ ...a, entities: ['alibaba'] }] }), new Date('2026-07-10T00:00:00Z'));
    if (!page.ok) throw new Error(page.error);
    const namespace = await namespaceOf(other);
    await applyFeedPage(db, {
      namespace,
      cursorKey: cursorKeyOf(other),
      ref: { key: '2026-07-07', sha256: '1'.repeat(64) },
      page: page.value,
    });
    const fromFeed = namespaced(namespace, a.id);
    expect(await linkedTo()).toBe([b.id, fromFeed].sort()[0]);
    // The official one deleted: the other feed's item is left, and the headline is linked to it.
    await putItems(db, [{ ...b, deleted: true, modified: '2026-07-09T00:00:00Z' }]);
    expect(await linkedTo()).toBe(fromFeed);
    // That feed removed: no item covers it, and it stands alone again.
    await removeFeedRecords(db, namespace, cursorKeyOf(other));
    expect(await linkedTo()).toBeUndefined();
  });

  it('filters headlines by entity, entity type and dates', async () => {
    const { service } = await serviceOnMini();
    await apply(service, FEED_A, [ALIBABA_HEADLINE, UNRELATED]);
    expect(titles(await search(service, 'staff '))).toEqual([ALIBABA_HEADLINE.title]);
    expect(titles(await search(service, 'staff entity:alibaba'))).toEqual([ALIBABA_HEADLINE.title]);
    expect(titles(await search(service, 'staff ', { entity: 'apple' }))).toEqual([]);
    expect(titles(await search(service, 'staff from:2026-07-06'))).toEqual([]);
    expect(titles(await search(service, 'staff to:2026-07-05'))).toEqual([ALIBABA_HEADLINE.title]);
    expect(titles(await search(service, 'staff type:regulator'))).toEqual([]);
    const named = (await search(service, 'staff ')).headlines[0]?.entityNames ?? [];
    expect(named).toEqual(expect.arrayContaining(['Alibaba', 'Claude Code']));
  });

  it('a headline dropped by retention, or by its feed’s removal, leaves the index and its vocabulary', async () => {
    const { service, connect } = await serviceOnMini();
    const week = [1, 2, 3].map((d) =>
      entry(`Quokka robotics update ${d}`, `https://techcrunch.com/2026/07/0${d}/quokka-${d}/`, `2026-07-0${d}T00:00:00.000Z`),
    );
    await apply(service, FEED_A, [...week, GPU], DEFAULT_RETENTION);
    expect(titles(await search(service, 'quokka '))).toHaveLength(3);
    // A cap of 3 drops the oldest: "Quokka robotics update 1".
    await apply(service, FEED_B, [UNRELATED], { days: 730, cap: 3 });
    expect(titles(await search(service, 'quokka ')).sort()).toEqual(['Quokka robotics update 3']);
    const db = await connect();
    expect(await db.get('headlineTerms', 'quokka')).toBe(1);
    // FEED_A alone carried the Quokka and Rubin headlines: removed with it, from the index too.
    await service.removeFeed(FEED_A, 'f1', 'news');
    expect(titles(await search(service, 'quokka '))).toEqual([]);
    expect(titles(await search(service, 'rubin '))).toEqual([]);
    expect(await db.get('headlineTerms', 'quokka')).toBeUndefined();
    expect(titles(await search(service, 'retail '))).toEqual([UNRELATED.title]);
  });

  it('a write leaves its index changes queued in its own transaction: a worker stopped before the fold catches up', async () => {
    const { service, connect } = await serviceOnMini();
    await service.folded();
    const db = await connect();
    const spot = { entities: [], termText: terms(`${GPU.title} ${GPU.summary}`).join(' ') };
    // Written as the worker writes, then stopped before its fold job ran.
    await applyHeadlines(db, {
      feedUrl: FEED_A,
      headlines: [{ url: GPU.url, headline: GPU.title, outlet: 'TechCrunch', published: GPU.published, summary: GPU.summary, ...spot }],
      now: TODAY,
      retention: DEFAULT_RETENTION,
    });
    expect((await pendingFolds(db)).index).toBe(1);
    expect((await searchArchive(db, 'rubin ', { memory: newSearchMemory() })).headlines).toEqual([]);
    // The next start's fold finds the record and applies it.
    await foldAll(db);
    expect(await pendingFolds(db)).toEqual({ deltas: 0, index: 0 });
    expect(titles(await searchArchive(db, 'rubin ', { memory: newSearchMemory() }))).toEqual([GPU.title]);
  });
});

describe('upgrade from version 5', () => {
  it('queues the stored headlines for the search index, which the fold job then builds', async () => {
    const old = await archiveAtVersion(5, (db) => importDocument(db, miniArchive()).then(() => undefined));
    const { name } = old;
    await applyHeadlines(old, {
      feedUrl: FEED_A,
      headlines: [
        {
          url: 'https://techcrunch.com/2026/07/06/quokka/',
          headline: 'Quokka raises a seed round',
          outlet: 'TechCrunch',
          summary: '',
          entities: [],
          termText: terms('Quokka raises a seed round').join(' '),
        },
      ],
      now: TODAY,
      retention: DEFAULT_RETENTION,
    });
    // Version 5 queued nothing for headlines: the record this build's write queued goes (the items' stay).
    const queued = await old.getAllKeys('searchQueue');
    await old.delete('searchQueue', queued[queued.length - 1] as number);
    const itemRecords = queued.length - 1;
    old.close();
    const db = await openArchiveDb(name);
    closers.push(() => db.close());
    expect(db.version).toBe(ARCHIVE_DB_VERSION);
    expect((await pendingFolds(db)).index).toBe(itemRecords + 1);
    await foldAll(db);
    const found = await searchArchive(db, 'quokka ', { memory: newSearchMemory() });
    expect(found.headlines.map((hit) => hit.headline.headline)).toEqual(['Quokka raises a seed round']);
    expect(found.items).toEqual([]);
  });
});

describe('upgrade from version 3', () => {
  it('keeps every item, posting and term, and adds the headlines store and the coverage index', async () => {
    // Today's records, written into a database shaped as version 3 was (tests/archive-v3.ts).
    const source = await openArchiveDb(freshDbName());
    const doc = miniArchive();
    const [first] = doc.items;
    const withRow: Item = {
      ...first!,
      coverage: [
        ...first!.coverage,
        {
          outlet: 'Reuters',
          headline: 'Alibaba bans it',
          published: first!.published,
          url: 'https://www.reuters.com/technology/alibaba-bans/',
          checked: 'seed',
        },
      ],
    };
    // Version 3's records of these items, frozen (tests/archive-v3-records.ts): items with their terms on them, hashed buckets.
    const { name: _, ...records } = version3Archive(
      '',
      { ...doc, items: [withRow, ...doc.items.slice(1)] },
      { snapshot: 'v3', complete: true },
    );
    source.close();

    const name = freshDbName();
    await writeVersion3({ name, ...records });
    const db = await openArchiveDb(name);
    closers.push(() => db.close());
    expect(db.version).toBe(ARCHIVE_DB_VERSION);
    expect([...db.objectStoreNames]).toContain('headlines');
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
    const stored = await db.getAll('postings');
    expect(stored).toHaveLength(records.postings.length);
    expect(stored).toEqual(expect.arrayContaining(records.postings));
    expect((await termStats(db, [])).docs).toBe(4);
    expect((await itemByUrl(db, first!.url!))?.id).toBe(first!.id);
    // The coverage row's address finds its item: the index a headline is linked by.
    expect(await db.getKeyFromIndex('items', 'by-coverage', 'reuters.com/technology/alibaba-bans')).toBe(first!.id);
    expect(await headlineCount(db)).toBe(0);
  });
});

describe('the fold job beside a reader', () => {
  it('stays out while a reader’s questions keep coming, then catches up', async () => {
    const { service, connect } = await serviceOnMini();
    await service.folded();
    await apply(service, FEED_A, [ALIBABA_HEADLINE]);
    const db = await connect();
    const queued = await pendingFolds(db);
    expect(queued.index).toBeGreaterThan(0);
    // A panel asking every 100 ms for 1.6 s, past the second the writes must have paused: no fold
    // transaction comes between two answers (each would hold the next one up).
    const analysis = await service.analyze(ARTICLE);
    const until = Date.now() + 1600;
    while (Date.now() < until) {
      await service.panelContext(analysis);
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(await pendingFolds(db)).toEqual(queued);
    // Once the reader is quiet, the index catches up by itself.
    await new Promise((done) => setTimeout(done, 600));
    await expect.poll(() => pendingFolds(db), { timeout: 5000 }).toEqual({ deltas: 0, index: 0 });
  });
});

describe('the fold job on a full disk', () => {
  it('writes nothing while the disk has no room, and catches up once it has', async () => {
    const name = freshDbName();
    const connect = createArchiveConnection(name);
    closers.push(() => void connect().then((db) => db.close()));
    let full = false;
    const service = createArchiveService(connect, {
      snapshotId: name,
      loadSnapshot: async () => miniArchive(),
      now: () => TODAY,
      room: async () => (full ? new DOMException('The disk is full', 'QuotaExceededError') : undefined),
    });
    await service.seeded;
    await service.folded();
    await apply(service, FEED_A, [ALIBABA_HEADLINE]);
    const db = await connect();
    const queued = await pendingFolds(db);
    expect(queued.index).toBeGreaterThan(0);
    // The disk fills before the fold's turn: it asks first, and leaves its records be (a write that meets a
    // full disk can cost the whole archive).
    full = true;
    await service.folded();
    expect(await pendingFolds(db)).toEqual(queued);
    full = false;
    await service.folded();
    expect(await pendingFolds(db)).toEqual({ deltas: 0, index: 0 });
  });
});
