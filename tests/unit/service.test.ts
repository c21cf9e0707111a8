/**
 * The archive service end to end on fake-indexeddb: an article's context from the real store, and what
 * the service keeps in memory between panels given up as soon as the archive is written.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createArchiveConnection } from '../../lib/archive/db';
import type { EntityDigest } from '../../lib/archive/digests';
import { cursorKeyOf, type FeedPageWrite, PAGE_SLICE } from '../../lib/archive/feed-apply';
import type { Item } from '../../lib/archive/schema';
import { createArchiveService } from '../../lib/archive/service';
import { observeWrites, putItems } from '../../lib/archive/store';
import { parseArticleInput } from '../../lib/entities/analysis';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { feedItem, feedPage } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function serviceOnMini() {
  const name = freshDbName();
  const connect = createArchiveConnection(name);
  closers.push(() => void connect().then((db) => db.close()));
  const service = createArchiveService(connect, {
    snapshotId: name,
    loadSnapshot: async () => miniArchive(),
    now: () => new Date('2026-07-10T12:00:00Z'),
  });
  await service.seeded;
  return { service, connect };
}

/** A page of the official feed, parsed as on the archive's day, ready for the service to write. */
function pageWrite(key: string, items: Record<string, unknown>[]): FeedPageWrite {
  const page = parseFeedPage(feedPage(key, { items }), new Date('2026-07-10T12:00:00Z'));
  if (!page.ok) throw new Error(page.error);
  return {
    namespace: '',
    cursorKey: cursorKeyOf('https://feed.backstory.example/'),
    ref: { key, sha256: '0'.repeat(64) },
    page: page.value,
  };
}

const ARTICLE = {
  url: 'https://techcrunch.com/2026/07/09/tencent-bans-claude-code/',
  title: 'Tencent bans Claude Code at work',
  published: '2026-07-09T10:00:00Z',
  blocks: [
    'Alibaba’s ban on Claude Code spreads to other Chinese employers',
    'Following Alibaba, more Chinese tech firms tell staff to stop using Anthropic’s Claude Code at work, citing security risk.',
  ],
};

/** An article on Anthropic alone: the archive's items on its child Claude are its relatives' news. */
const PRICES_ARTICLE = {
  url: 'https://techcrunch.com/2026/07/09/anthropic-enterprise-prices/',
  title: 'Anthropic raises enterprise prices',
  published: '2026-07-09T10:00:00Z',
  blocks: ['Anthropic raises enterprise prices', 'Anthropic will charge enterprise customers more per seat from August, the company said.'],
};

/** An item on Claude's seat prices (the news of a relative of that article), naming these entities. */
const seatPrices = (entities: string[]): Item => ({
  ...(miniArchive().items[0] as Item),
  id: '2026-07-08-claude-enterprise-seat-prices',
  url: 'https://example.com/claude-enterprise-seat-prices',
  title: 'Claude gets pricier for enterprise customers, per seat',
  summary: 'Claude will charge enterprise customers more per seat.',
  take: 'Seat prices rise.',
  published: '2026-07-08',
  entities,
  follows: [],
  signals: [],
  modified: '2026-07-08T00:00:00Z',
});

/** A Reuters report on Alibaba's ban, and the archive's item on the ban drawing on it (its own story). */
const REPORT = 'https://www.reuters.com/technology/alibaba-tells-staff-stop-using-claude-code-2026-07-04/';
const ban = miniArchive().items.find((item) => item.id === '2026-07-04-alibaba-bans-claude-code') as Item;
const banOnReport = (): Item => ({
  ...ban,
  modified: '2026-07-06T00:00:00Z',
  coverage: [
    ...ban.coverage,
    { outlet: 'Reuters', headline: 'Alibaba tells staff to stop using Claude Code', published: '2026-07-04', url: REPORT, checked: 'seed' },
  ],
});

describe('the archive service', () => {
  it('answers with the story’s antecedents, dated before the article and said why', async () => {
    const { service } = await serviceOnMini();
    const context = await service.panelContext(await service.analyze(ARTICLE));
    const shown = [...context.closest, ...context.earlier];
    expect(shown.map((r) => r.item.id)).toContain('2026-07-04-alibaba-bans-claude-code');
    expect(shown.every((r) => r.item.published < '2026-07-09')).toBe(true);
    expect(shown.map((r) => r.item.id)).not.toContain('2026-04-20-apple-ternus');
    expect(context.article.published).toBe('2026-07-09');
  });

  it('sees what a write adds at once: nothing it remembered between panels outlives the write', async () => {
    const { service, connect } = await serviceOnMini();
    // An article on Anthropic; the archive has nothing yet on its child Claude, so Claude's count is 0 and
    // it is no relative worth reading (the count is what the service remembers between panels).
    const ids = async () => {
      const context = await service.panelContext(await service.analyze(PRICES_ARTICLE));
      return [...context.closest, ...context.earlier].map((r) => r.item.id);
    };
    const added = seatPrices(['claude']);
    expect(await ids()).not.toContain(added.id);
    await putItems(await connect(), [added]);
    expect(await ids()).toContain(added.id);
  });

  it("reads its entities' newest items from their digests once they are made, and sees a write after them at once", async () => {
    const { service, connect } = await serviceOnMini();
    const shown = (context: Awaited<ReturnType<typeof service.panelContext>>) =>
      [...context.closest, ...context.earlier].map((r) => `${r.item.id}: ${r.item.title}`);
    // Read on its own day: an older article's neighbourhood is read from its lists as before.
    const today = { ...ARTICLE, published: '2026-07-10T08:00:00Z' };
    const first = await service.panelContext(await service.analyze(today));
    const db = await connect();
    // Made after the panel, once it has been answered and nothing is written.
    await vi.waitFor(async () => expect(await db.count('digests')).toBeGreaterThan(0), { timeout: 5000, interval: 50 });
    expect(await service.panelContext(await service.analyze(today))).toEqual(first);
    // What the panel reads is the digests: the ban changed in them in place (as no write would) shows.
    let changed = 0;
    for (const key of await db.getAllKeys('digests')) {
      const digest = (await db.get('digests', key)) as EntityDigest;
      const at = digest.postings.findIndex(([, id]) => id === ban.id);
      const [record, terms] = digest.items[at] ?? [];
      if (!record) continue;
      digest.items[at] = [{ ...record, title: 'As the digest holds it' }, terms];
      await db.put('digests', digest, key);
      changed++;
    }
    expect(changed).toBeGreaterThan(0);
    expect(shown(await service.panelContext(await service.analyze(today)))).toContain(`${ban.id}: As the digest holds it`);
    // A write of items leaves every digest stale: the panel reads the records again.
    await putItems(await connect(), [banOnReport()]);
    const after = shown(await service.panelContext(await service.analyze(today)));
    expect(after).toContain(`${ban.id}: ${ban.title}`);
    expect(after).toEqual(shown(first));
  });

  it("makes again, once a feed's pages are written, the digests the write dropped: no panel has to ask first", async () => {
    const { service, connect } = await serviceOnMini();
    const today = { ...ARTICLE, published: '2026-07-10T08:00:00Z' };
    await service.panelContext(await service.analyze(today));
    const db = await connect();
    await vi.waitFor(async () => expect(await db.getKey('digests', 'alibaba')).toBe('alibaba'), { timeout: 5000, interval: 50 });
    await service.applyFeedPage(
      pageWrite('2026-07-10', [
        feedItem('fresh-ban', { entities: ['alibaba'], published: '2026-07-10', modified: '2026-07-10T06:00:00Z' }),
      ]),
    );
    expect(await db.count('digests')).toBe(0);
    await vi.waitFor(async () => expect(await db.getKey('digests', 'alibaba')).toBe('alibaba'), { timeout: 5000, interval: 50 });
    const digest = (await db.get('digests', 'alibaba')) as EntityDigest;
    expect(digest.postings.map(([, id]) => id)).toContain('fresh-ban');
  });

  it("writes a feed's page one item a transaction just after a panel was answered, in whole slices when no reader came", async () => {
    const transactions = async (service: Awaited<ReturnType<typeof serviceOnMini>>['service'], key: string) => {
      const items = Array.from({ length: 2 * PAGE_SLICE }, (_, i) =>
        feedItem(`${key}-${i}`, { entities: ['alibaba'], published: '2026-07-10' }),
      );
      let made = 0;
      observeWrites(() => made++);
      try {
        const applied = await service.applyFeedPage(pageWrite(key, items));
        expect(applied).toMatchObject({ state: 'applied', added: 2 * PAGE_SLICE });
      } finally {
        observeWrites(undefined);
      }
      return made;
    };
    // No reader yet (a worker started by a sync's alarm): whole slices.
    // (The fold after the import, and the digests after the panel, written first: only the page's writes are counted.)
    const quiet = await serviceOnMini();
    await quiet.service.folded();
    expect(await transactions(quiet.service, '2026-07-10')).toBe(2);
    // A panel answered a moment ago: its next question waits behind no more than one item's transaction.
    const read = await serviceOnMini();
    await read.service.folded();
    const db = await read.connect();
    await read.service.panelContext(await read.service.analyze({ ...ARTICLE, published: '2026-07-10T08:00:00Z' }));
    await vi.waitFor(async () => expect(await db.getKey('digests', 'alibaba')).toBe('alibaba'), { timeout: 5000, interval: 50 });
    // The reader's next question, a moment later (as a panel's come in a burst).
    await read.service.entityCard('alibaba');
    // The clock held where the answer left it, so that a slow machine does not see the moment pass mid-page.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      expect(await transactions(read.service, '2026-07-10')).toBe(2 * PAGE_SLICE);
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the entities its items share or name that the article does not, a relative among them, never by their ids', async () => {
    const { service, connect } = await serviceOnMini();
    // An article on Anthropic; an item on its child Claude (a relative the article does not name), which
    // also names Qwen (named by neither the article nor its relatives).
    await putItems(await connect(), [seatPrices(['claude', 'qwen'])]);
    const context = await service.panelContext(await service.analyze(PRICES_ARTICLE));
    const shown = [...context.closest, ...context.earlier].find((r) => r.item.id === '2026-07-08-claude-enterprise-seat-prices');
    expect(shown?.why).toContain('claude');
    expect(context.entities.map((e) => e.id)).not.toContain('claude');
    expect(context.names).toMatchObject({ claude: 'Claude', qwen: 'Qwen' });
    // The article's own entities are named by its spotting, not twice.
    expect(context.names.anthropic).toBeUndefined();
  });

  it('leads with the item that draws on the report the reader is on, as this story; with none when two items draw on it', async () => {
    const { service, connect } = await serviceOnMini();
    await putItems(await connect(), [banOnReport()]);
    const article = { ...ARTICLE, url: REPORT, title: 'Alibaba tells staff to stop using Claude Code', published: '2026-07-04T10:00:00Z' };
    const context = await service.panelContext(await service.analyze(article));
    expect(context.lead).toMatchObject({ kind: 'own', item: { id: ban.id } });
    // A second item drawing on the same report: it is neither's own story.
    await putItems(await connect(), [
      {
        ...seatPrices(['alibaba']),
        coverage: [{ outlet: 'Reuters', headline: 'A roundup', published: '2026-07-04', url: REPORT, checked: 'seed' }],
      },
    ]);
    const after = await service.panelContext(await service.analyze(article));
    expect(after.lead?.kind).not.toBe('own');
  });

  it('on a page that gives no date, dates the article by its own story: what came after it is since then', async () => {
    const { service, connect } = await serviceOnMini();
    const followers: Item = {
      ...seatPrices(['alibaba', 'claude-code', 'anthropic']),
      id: '2026-07-08-more-firms-ban-claude-code',
      url: 'https://example.com/more-firms-ban-claude-code',
      title: 'More Chinese firms follow Alibaba and ban Claude Code at work',
      summary: 'Following Alibaba’s ban, more Chinese employers tell staff to stop using Anthropic’s Claude Code, citing security risk.',
      take: 'Alibaba’s ban on Claude Code is spreading.',
    };
    await putItems(await connect(), [banOnReport(), followers]);
    const { published: _, ...undated } = {
      ...ARTICLE,
      url: REPORT,
      title: 'Alibaba tells staff to stop using Claude Code',
      blocks: [
        'Alibaba tells staff to stop using Claude Code',
        'Alibaba told employees to stop using Anthropic’s Claude Code, citing security risk.',
      ],
    };
    const context = await service.panelContext(await service.analyze(undated));
    expect(context.lead).toMatchObject({ kind: 'own', item: { id: ban.id } });
    expect(context.since.map((r) => r.item.id)).toContain(followers.id);
    expect([...context.closest, ...context.earlier].map((r) => r.item.id)).not.toContain(followers.id);
  });
});

describe('the worker and a hostile datePublished', () => {
  // The day "-271821-04" was kept, and counting two days from it threw "RangeError: Invalid time value".
  it.each(['-271821-04-20', '-271821-04-20T00:00:00Z'])('gives the panel its context for a page dated %s', async (published) => {
    const { service } = await serviceOnMini();
    // As the worker answers a content script's message (entrypoints/background/index.ts).
    const analysis = await service.analyze(parseArticleInput({ ...ARTICLE, published }));
    expect(analysis.published).toBeUndefined();
    expect(analysis.entities.length).toBeGreaterThan(0);
    const context = await service.panelContext(analysis);
    expect(context.entities.length).toBeGreaterThan(0);
  });

  // "+010000-01" was kept, and sorted as text before today: the article was read as an old one.
  it('keeps no date for a page dated in the year 10000, or later than tomorrow', async () => {
    const { service } = await serviceOnMini();
    for (const published of ['Jan 1 10000', '2027-01-01']) {
      expect((await service.analyze(parseArticleInput({ ...ARTICLE, published }))).published).toBeUndefined();
    }
    expect((await service.analyze(parseArticleInput({ ...ARTICLE, published: '2026-07-09T08:00:00Z' }))).published).toBe('2026-07-09');
  });
});
