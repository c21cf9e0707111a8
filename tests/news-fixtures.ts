/**
 * News feed fixtures built from real headlines: TechCrunch's AI stories of 2026 in the shared corpus
 * (`../shared/corpus/techcrunch-ai-2026.jsonl`, read in place, never copied), written out as RSS 2.0 and
 * Atom 1.0. Without the corpus, a few headlines written for these tests stand in (and `fromCorpus` says so).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Headline {
  title: string;
  url: string;
  /** RFC 822, as TechCrunch's feed writes it. */
  published: string;
  lede: string;
}

const CORPUS = new URL('../../shared/corpus/techcrunch-ai-2026.jsonl', import.meta.url);

/** Our own headlines, for a machine without the corpus: names of the mini archive, in news phrasing. */
const WRITTEN: Headline[] = [
  {
    title: 'Alibaba tells staff to stop using Claude Code at work',
    url: 'https://techcrunch.com/2026/07/05/alibaba-tells-staff-to-stop-using-claude-code/',
    published: 'Sun, 05 Jul 2026 10:00:00 +0000',
    lede: 'An internal memo bans Anthropic’s coding agent in favour of Qwen tools.',
  },
  {
    title: 'Anthropic says Chinese labs distilled Claude at scale',
    url: 'https://techcrunch.com/2026/06/11/anthropic-says-chinese-labs-distilled-claude/',
    published: 'Thu, 11 Jun 2026 15:30:00 +0000',
    lede: 'The letter names Alibaba’s Qwen team among those it says copied its model’s answers.',
  },
  {
    title: 'OpenAI updates its pricing for developers',
    url: 'https://techcrunch.com/2026/05/02/openai-updates-pricing/',
    published: 'Sat, 02 May 2026 09:00:00 +0000',
    lede: 'The change lowers the cost of OpenAI’s smaller models.',
  },
];

export function corpusPresent(): boolean {
  return existsSync(CORPUS);
}

/** The corpus's headlines (or the written ones), and where they came from. */
export function newsHeadlines(): { headlines: Headline[]; fromCorpus: boolean } {
  if (!corpusPresent()) return { headlines: WRITTEN, fromCorpus: false };
  const headlines = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Partial<Headline>)
    .filter((h): h is Headline => typeof h.title === 'string' && typeof h.url === 'string' && typeof h.published === 'string')
    .map((h) => ({ ...h, lede: h.lede ?? '' }));
  return { headlines, fromCorpus: true };
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An RSS 2.0 channel as WordPress (TechCrunch's) writes it: descriptions as HTML in CDATA. */
export function toRss(headlines: readonly Headline[], title = 'TechCrunch', link = 'https://techcrunch.com'): string {
  const items = headlines
    .map(
      (h) => `<item>
<title>${xmlEscape(h.title)}</title>
<link>${xmlEscape(h.url)}</link>
<dc:creator><![CDATA[TechCrunch staff]]></dc:creator>
<pubDate>${h.published}</pubDate>
<guid isPermaLink="false">${xmlEscape(h.url)}?p=1</guid>
<description><![CDATA[<p>${xmlEscape(h.lede)}</p><p>The post <a href="${xmlEscape(h.url)}">${xmlEscape(h.title)}</a> appeared first on TechCrunch.</p>]]></description>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xmlEscape(title)}</title>
<atom:link href="${xmlEscape(link)}/feed/" rel="self" type="application/rss+xml" />
<link>${xmlEscape(link)}</link>
<description>Startup and Technology News</description>
${items}
</channel>
</rss>`;
}

/** The same headlines as an Atom 1.0 feed, dates in RFC 3339, summaries as escaped HTML. */
export function toAtom(headlines: readonly Headline[], title = 'TechCrunch'): string {
  const entries = headlines
    .map((h) => {
      const iso = new Date(Date.parse(h.published)).toISOString();
      return `<entry>
<title type="html">${xmlEscape(xmlEscape(h.title))}</title>
<link rel="alternate" type="text/html" href="${xmlEscape(h.url)}"/>
<id>${xmlEscape(h.url)}</id>
<published>${iso}</published>
<updated>${iso}</updated>
<summary type="html">${xmlEscape(`<p>${xmlEscape(h.lede)}</p>`)}</summary>
</entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${xmlEscape(title)}</title>
<link rel="alternate" href="https://techcrunch.com/"/>
<id>https://techcrunch.com/atom</id>
<updated>2026-12-05T00:00:00Z</updated>
${entries}
</feed>`;
}
