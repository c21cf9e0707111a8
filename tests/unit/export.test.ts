/**
 * Export and import: items and a panel's backstory as Markdown (only http(s) links, text escaped), the feed
 * list as OPML out and in, and feed files out of one archive and into another through a feed's checks
 * (a malformed file changes nothing).
 */

import { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArchiveDatabase, createArchiveConnection, openArchiveDb } from '../../lib/archive/db';
import { readEntityPage, recordsForExport } from '../../lib/archive/entity-page';
import type { Item } from '../../lib/archive/schema';
import { createArchiveService } from '../../lib/archive/service';
import { counts, importDocument } from '../../lib/archive/store';
import { backstoryToMarkdown, escapeMarkdown, itemToMarkdown, markdownHref, markdownWords } from '../../lib/export/markdown';
import { errorText, i18nFor } from '../../lib/i18n/index';
import type { PanelContext } from '../../lib/related/panel';
import { buildFeedFile, FEED_FILE_FORMAT, fileId, fileNamespace, importFeedFile, parseFeedFile } from '../../lib/sync/feed-file';
import { feedsToOpml, parseOpml, type XmlParser } from '../../lib/sync/opml';
import { NAMESPACE_SEPARATOR } from '../../lib/sync/trust';
import { NOW } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

let db: ArchiveDatabase | undefined;
afterEach(() => db?.close());

const base = (): Item => miniArchive().items[0] as Item;
const EN = markdownWords(i18nFor('en').t);

describe('Markdown', () => {
  it('writes an item with its links, its take labelled as analysis, and its coverage', () => {
    const item = base();
    const md = itemToMarkdown(item, EN);
    expect(md).toContain(`### [${escapeMarkdown(item.title)}](${item.url})`);
    expect(md).toContain('> **Analyst take · analysis:**');
    for (const row of item.coverage) expect(md).toContain(escapeMarkdown(row.outlet));
  });

  it('keeps only http(s) links: any other address loses its link, not its text', () => {
    const item: Item = {
      ...base(),
      url: 'javascript:alert(1)',
      coverage: [{ outlet: 'Evil', headline: 'Click', published: '2026-07-04', url: 'data:text/html,<script>', checked: 'seed' }],
    };
    const md = itemToMarkdown(item, EN);
    expect(md).not.toMatch(/javascript:|data:/);
    expect(md).toContain('Evil: Click');
  });

  it('escapes text, so a title cannot become a link, an image or HTML', () => {
    const item: Item = { ...base(), title: '![x](https://evil.example/x.png) <img src=x onerror=alert(1)> [link](javascript:1)' };
    const md = itemToMarkdown({ ...item, url: undefined as unknown as string }, EN);
    expect(md).not.toMatch(/(^|[^\\])!\[/);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain('\\[link\\]');
  });

  it('percent-encodes the characters that would end a link early', () => {
    expect(markdownHref('https://example.com/a_(b)')).toBe('https://example.com/a_%28b%29');
    expect(markdownHref('ftp://example.com/')).toBeUndefined();
  });

  it('never writes a link that is not http(s), whatever the text and addresses (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.oneof(fc.webUrl(), fc.string()), (title, url) => {
        const md = itemToMarkdown({ ...base(), title, url, coverage: [{ ...base().coverage[0], url } as Item['coverage'][0]] }, EN);
        for (const [, target] of md.matchAll(/\]\(([^)]*)\)/g)) expect(target).toMatch(/^https?:\/\//);
      }),
    );
  });

  it("writes a panel's whole backstory, section by section", () => {
    const [lead, other] = miniArchive().items as [Item, Item];
    const context = {
      article: { url: 'https://techcrunch.com/a', page: 'https://techcrunch.com/a', title: 'An article' },
      today: '2026-12-05',
      entities: [{ id: 'anthropic', name: 'Anthropic' }],
      lead: { kind: 'own', item: lead },
      closest: [{ item: other, why: ['anthropic'], words: [] }],
      earlier: [],
      since: [],
      signals: [],
      names: { alibaba: 'Alibaba', 'claude-code': 'Claude Code', qwen: 'Qwen' },
      status: { asOf: '2026-07-04' },
    } as unknown as PanelContext;
    const md = backstoryToMarkdown(context, EN);
    // Every entity of its items by name, those the article does not name too: never an id.
    expect(md).toContain('**Entities:** Alibaba, Claude Code, Anthropic');
    for (const line of md.split('\n').filter((l) => l.startsWith('**Entities:**'))) expect(line).not.toMatch(/[a-z]+-[a-z]+/);
    expect(md).toMatch(/^# Backstory: \[An article\]\(https:\/\/techcrunch\.com\/a\)/);
    expect(md).toContain('## This story');
    expect(md).toContain('## Closest stories');
    expect(md).toContain(escapeMarkdown(other.title));
    expect(md).toContain('as of 2026-07-04');
  });

  it('copies what the panel shows: not the items marked not relevant, the signals as it judges them, in its language', () => {
    const [lead, other, third] = miniArchive().items as [Item, Item, Item];
    const signal = {
      claim: 'Two more firms follow within 60 days.',
      by: '2026-09-02',
      status: 'overdue' as const,
      from: { id: lead.id, title: lead.title, entities: [] },
    };
    const context = {
      article: { url: 'https://techcrunch.com/a', page: 'https://techcrunch.com/a', title: 'An article' },
      today: '2026-12-05',
      entities: [{ id: 'anthropic', name: 'Anthropic' }],
      lead: { kind: 'own', item: { ...lead, signals: [{ claim: signal.claim, by: signal.by, status: 'open' }] } },
      closest: [
        { item: other, why: ['anthropic'], words: [] },
        { item: third, why: ['anthropic'], words: [] },
      ],
      earlier: [],
      since: [],
      signals: [signal],
      names: {},
      status: { asOf: '2026-07-04' },
    } as unknown as PanelContext;
    const md = backstoryToMarkdown(context, EN, (item) => item.id !== other.id);
    expect(md).not.toContain(escapeMarkdown(other.title));
    expect(md).toContain(escapeMarkdown(third.title));
    // The signal once, as the panel judges it (overdue), not as the item stored it (open).
    expect(md.split(escapeMarkdown(signal.claim)).length - 1).toBe(1);
    expect(md).toContain('overdue');
    expect(md).not.toMatch(/; open\)|· open\)/);
    const ja = backstoryToMarkdown(context, markdownWords(i18nFor('ja').t, '2026-07-04'));
    for (const english of ['This story', 'Closest stories', 'Signals to watch', 'Analyst take', 'Coverage', "From Backstory's archive"]) {
      expect(ja).not.toContain(english);
    }
    expect(ja).toContain(`## ${i18nFor('ja').t.panel.thisStory}`);
  });
});

/** A W3C DOMParser in Node (the options page uses the browser's): @xmldom/xmldom, which throws on XML that is not well-formed. */
const parser = new XmlDomParser({ onError: () => undefined }) as unknown as XmlParser;

describe('OPML', () => {
  it('round-trips the feed list, titles with XML characters included', () => {
    const feeds = [
      { url: 'https://feeds.example.org/demo/index.json', title: 'Demo & "friends" <news>' },
      { url: 'https://other.example/feed.json?a=1&b=2' },
    ];
    const parsed = parseOpml(feedsToOpml(feeds), parser);
    expect(parsed).toEqual({ ok: true, ignored: 0, feeds: [feeds[0], { url: feeds[1]?.url, title: feeds[1]?.url }] });
  });

  it('reads nested outlines from other readers, keeps http(s) addresses only, each once', () => {
    const text = `<?xml version="1.0"?><opml version="1.0"><body><outline text="AI">
      <outline type="rss" text="One" xmlUrl="https://one.example/feed"/>
      <outline type="rss" text="Again" xmlUrl="https://one.example/feed#x"/>
      <outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
      <outline type="rss" text="File" xmlUrl="file:///etc/passwd"/>
    </outline></body></opml>`;
    expect(parseOpml(text, parser)).toEqual({ ok: true, ignored: 2, feeds: [{ url: 'https://one.example/feed', title: 'One' }] });
  });

  it('refuses a file that is not OPML, or lists no feed, with a reason', () => {
    expect(parseOpml('<html><body>hello</body></html>', parser)).toMatchObject({ ok: false, error: expect.stringContaining('not OPML') });
    expect(parseOpml('<opml><body><outline xmlUrl="https://a.example/"></body>', parser)).toMatchObject({
      ok: false,
      error: expect.stringContaining('not OPML'),
    });
    const none = parseOpml('<opml><body><outline text="x"/></body></opml>', parser);
    expect(none).toMatchObject({ ok: false, error: expect.stringContaining('no feed address') });
    // The options page says why in the reader's language.
    if (!none.ok) expect(errorText(i18nFor('zh-CN').t, none)).toBe('该文件没有列出任何订阅源地址（带 xmlUrl 的 outline）。');
    const html = parseOpml('<html><body>hello</body></html>', parser);
    if (!html.ok) expect(errorText(i18nFor('ja').t, html)).toMatch(/^このファイルは OPML ではありません: /);
  });
});

/** A seeded archive service (the worker's), with its database. */
async function seededService() {
  const connect = createArchiveConnection(freshDbName());
  const archive = createArchiveService(connect, { snapshotId: 't', loadSnapshot: async () => miniArchive() });
  await archive.seeded;
  return { archive, connect };
}

describe('feed files', () => {
  it("round-trips one entity's items into another archive, namespaced as a source that is not official", async () => {
    const from = await seededService();
    const { entities, items } = await from.archive.exportRecords('anthropic');
    expect(items.map((i) => i.id).sort()).toEqual(['2026-06-10-distillation-letter', '2026-07-04-alibaba-bans-claude-code']);
    const text = await buildFeedFile(entities, items, { title: 'Backstory: Anthropic', now: NOW });
    expect(JSON.parse(text)).toMatchObject({ format: FEED_FILE_FORMAT, version: '1.0', title: 'Backstory: Anthropic' });

    const to = await seededService();
    const imported = await importFeedFile(to.archive, text, NOW);
    expect(imported).toMatchObject({ ok: true, value: { added: 2, pages: expect.any(Number) } });
    const namespace = await fileNamespace('Backstory: Anthropic');
    const page = await to.archive.entityPage({ entityId: 'anthropic' });
    const ids = page?.items.map((i) => i.id) ?? [];
    for (const item of items) {
      const copy = page?.items.find((i) => i.id === `${namespace}${NAMESPACE_SEPARATOR}${item.id}`);
      // The same record, under the file's namespace, naming the archive's own entities.
      expect(copy, `${item.id} among ${ids.join(', ')}`).toMatchObject({ title: item.title, take: item.take, entities: item.entities });
    }
    // The bundled items are not changed by the file (it may only add its own).
    expect(ids).toContain('2026-07-04-alibaba-bans-claude-code');
    // Importing the same file again changes nothing.
    expect(await importFeedFile(to.archive, text, NOW)).toMatchObject({ ok: true, value: { added: 0 } });
  });

  it('round-trips the whole archive, feed items included (their namespaced ids made kebab-case)', async () => {
    const from = await seededService();
    const theirs: Item = {
      ...base(),
      id: `f0123456789ab${NAMESPACE_SEPARATOR}their-item`,
      follows: [`f0123456789ab${NAMESPACE_SEPARATOR}x`],
    };
    const db1 = await from.connect();
    await importDocument(db1, { ...miniArchive(), items: [theirs] });
    const { entities, items } = await from.archive.exportRecords();
    expect(items).toHaveLength(5);
    const text = await buildFeedFile(entities, items, { title: 'Backstory archive', now: NOW });
    const parsed = await parseFeedFile(text, NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const exported = parsed.value.pages.flatMap((p) => p.page.items);
    expect(exported.map((i) => i.id).sort()).toEqual(items.map((i) => fileId(i.id)).sort());
    expect(exported.find((i) => i.id === 'f0123456789ab-their-item')?.follows).toEqual(['f0123456789ab-x']);
    expect(
      parsed.value.pages
        .flatMap((p) => p.page.entities)
        .map((e) => e.id)
        .sort(),
    ).toEqual(entities.map((e) => e.id).sort());
  });

  it('refuses a malformed file whole, with a clear error, and changes nothing', async () => {
    const to = await seededService();
    const good = await buildFeedFile(miniArchive().entities, miniArchive().items, { title: 'A file', now: NOW });
    const doc = JSON.parse(good) as { pages: Record<string, unknown>[] };
    const badPage = JSON.stringify({ ...doc, pages: [doc.pages[0], { ...doc.pages[0], format: 'something-else' }] });
    const before = await counts(await to.connect());
    const cases: [string, RegExp][] = [
      ['{"format": "backstory-feed-file", "pages": [', /not valid JSON/],
      ['[]', /not a Backstory feed file/],
      [JSON.stringify({ ...doc, version: '2.0' }), /version 2\.0; this Backstory reads version 1\.x/],
      [JSON.stringify({ ...doc, pages: 'x' }), /pages/],
      [badPage, /page 2 of the file: not a Backstory feed page/],
    ];
    for (const [text, reason] of cases) {
      const outcome = await importFeedFile(to.archive, text, NOW);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error).toMatch(/^Nothing was imported: /);
        expect(outcome.error).toMatch(reason);
        // In Japanese, the same refusal, the parser's detail kept.
        expect(errorText(i18nFor('ja').t, outcome)).toMatch(/^何もインポートしませんでした: /);
      }
    }
    expect(await counts(await to.connect())).toEqual(before);
  });

  it('skips bad records inside a whole page and counts them, keeping the rest', async () => {
    const to = await seededService();
    const good = await buildFeedFile([], [base()], { title: 'With a bad one', now: NOW });
    const doc = JSON.parse(good) as { pages: { items: Record<string, unknown>[] }[] };
    const page = doc.pages[0] as { items: Record<string, unknown>[] };
    page.items.push({ ...page.items[0], id: 'bad-link', url: 'javascript:alert(1)' });
    const outcome = await importFeedFile(to.archive, JSON.stringify(doc), NOW);
    expect(outcome).toMatchObject({ ok: true, value: { added: 1, skippedCount: 1 } });
  });
});

describe('the entity page', () => {
  it("lists the entity's relatives by parent, and its items by date, filtered by dates and by a co-named entity", async () => {
    db = await openArchiveDb(freshDbName());
    await importDocument(db, miniArchive());
    const page = await readEntityPage(db, { entityId: 'anthropic' });
    expect(page?.children.map((c) => c.id).sort()).toEqual(['claude', 'claude-code']);
    expect(page?.items.map((i) => i.published)).toEqual(['2026-07-04', '2026-06-10']);
    expect(page?.coNamed.map((e) => e.id)).toEqual(['alibaba', 'claude-code', 'qwen']);
    const child = await readEntityPage(db, { entityId: 'claude-code' });
    expect(child?.parent).toMatchObject({ id: 'anthropic', name: 'Anthropic', items: 2 });

    const byDate = await readEntityPage(db, { entityId: 'anthropic', from: '2026-06-01', to: '2026-06-30' });
    expect(byDate?.items.map((i) => i.id)).toEqual(['2026-06-10-distillation-letter']);
    const byRelated = await readEntityPage(db, { entityId: 'anthropic', related: 'claude-code' });
    expect(byRelated?.items.map((i) => i.id)).toEqual(['2026-07-04-alibaba-bans-claude-code']);
    expect(byRelated?.matched).toBe(1);
    expect(await readEntityPage(db, { entityId: 'nobody' })).toBeNull();
    const all = await recordsForExport(db);
    expect(all.items).toHaveLength(4);
  });
});
