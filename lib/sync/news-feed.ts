/**
 * RSS 2.0, RSS 1.0 and Atom 1.0 feeds of news sites, read as a stranger's data: bytes in, headlines out.
 * - Limits before and while parsing: the bytes (as Backstory's own feed), and the items (as a page of it).
 * - A document that declares a DOCTYPE or entities is refused before it is parsed (billion laughs,
 *   external entities): a news feed needs neither.
 * - The XML is tokenized by htmlparser2 in XML mode, as a stream of events handled here: it runs in an
 *   MV3 service worker (no DOMParser there), uses no Node built-ins, expands no entity but XML's five and
 *   numeric ones, and stops as soon as the item limit is reached. docs/feeds.md records how it was chosen.
 * - HTML in titles and descriptions becomes text with a real HTML tokenizer (html-text.ts).
 * - Links are resolved against the feed's address, and only http(s) ones are kept.
 *
 * Pure: never throws, never fetches.
 */
import { Parser } from 'htmlparser2';
import { parseFeedDate } from './feed-dates';
import { FEED_LIMITS } from './feed-format';
import { clip, collapse, HTML_INPUT_LIMIT, htmlToText } from './html-text';

/** One headline as the feed gave it. */
export interface NewsEntry {
  title: string;
  /** The link, absolute and http(s). */
  url: string;
  /** When it was published (ISO 8601, UTC), when the feed says and the date is believable. */
  published?: string;
  /** The description as plain text, cut to SUMMARY_CHARS. */
  summary: string;
}

export interface NewsFeed {
  format: 'rss' | 'atom';
  /** The feed's own title ('' when it has none). */
  title: string;
  /** The site it is the feed of (its channel link), when it says. */
  site?: string;
  entries: NewsEntry[];
  /** A line for each entry left out, and for the items beyond the limit. */
  skipped: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const NEWS_LIMITS = {
  /** As a response of Backstory's own feed. */
  bytes: FEED_LIMITS.responseBytes,
  /** As a page of Backstory's own feed: the entries read; the rest are left out and said so. */
  entries: FEED_LIMITS.pageItems,
  titleChars: 300,
  summaryChars: 600,
} as const;

/** Where a field's text stops being gathered: a description is cut before it becomes text anyway. */
const FIELD_LIMIT = HTML_INPUT_LIMIT;
/**
 * How deep elements may nest: a feed needs a handful; htmlparser2 keeps its open elements in an array it
 * grows at the front, so a document of thousands of unclosed elements costs time quadratic in their number.
 */
export const MAX_DEPTH = 100;
/** How much of the document is handed to the tokenizer at a time (so it can stop at the item limit). */
const CHUNK = 32 * 1024;

/**
 * The document's text from its bytes: the byte-order mark, else the HTTP charset, else the XML
 * declaration's encoding, else UTF-8 (RFC 7303). A declaration of UTF-16 on bytes that read as ASCII is
 * wrong on its face and ignored. An encoding no browser knows is an error; bytes that are not valid in
 * theirs become U+FFFD rather than failing the feed.
 */
export function decodeFeed(bytes: Uint8Array, contentType?: string | null): Parsed<string> {
  const [a, b, c] = bytes;
  let label: string | undefined;
  let skip = 0;
  if (a === 0xef && b === 0xbb && c === 0xbf) [label, skip] = ['utf-8', 3];
  else if (a === 0xff && b === 0xfe) [label, skip] = ['utf-16le', 2];
  else if (a === 0xfe && b === 0xff) [label, skip] = ['utf-16be', 2];
  else if (a === 0x3c && b === 0x00) label = 'utf-16le';
  else if (a === 0x00 && b === 0x3c) label = 'utf-16be';
  if (!label) {
    const http = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
    const head = String.fromCharCode(...bytes.subarray(0, 200));
    const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
    label = [http, declared].find((name) => name !== undefined && !/^utf-?16/i.test(name)) ?? 'utf-8';
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return { ok: false, error: `the feed declares an encoding no browser reads ("${label.slice(0, 40)}")` };
  }
  return { ok: true, value: decoder.decode(bytes.subarray(skip)) };
}

/**
 * Why a document may not be parsed: a DOCTYPE or an entity declaration anywhere outside CDATA. Checked on
 * the text before the tokenizer sees it; the tokenizer's own declaration events are refused as well.
 */
export function declarationProblem(text: string): string | undefined {
  const found = /<!(doctype|entity|element|attlist)\b/i.exec(stripCdata(text));
  return found ? `the document declares <!${(found[1] as string).toUpperCase()}>: refused (a news feed needs no DTD)` : undefined;
}

/** The text without its CDATA sections (their content is text, not markup). */
function stripCdata(text: string): string {
  if (!text.includes('<![CDATA[')) return text;
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf('<![CDATA[', at);
    if (start < 0) break;
    out.push(text.slice(at, start));
    const end = text.indexOf(']]>', start + 9);
    if (end < 0) return out.join('');
    at = end + 3;
  }
  out.push(text.slice(at));
  return out.join('');
}

/** An http(s) address from a feed's link, resolved against `base`; undefined for anything else. */
export function resolveLink(raw: string | undefined, base: string): string | undefined {
  const text = raw?.trim();
  if (!text || text.length > 2000) return undefined;
  try {
    const url = new URL(text, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** The local part of an element's name, lower-case ("atom:link" → "link"), with its prefix apart. */
function split(name: string): { prefix: string; local: string } {
  const lower = name.toLowerCase();
  const colon = lower.indexOf(':');
  return colon < 0 ? { prefix: '', local: lower } : { prefix: lower.slice(0, colon), local: lower.slice(colon + 1) };
}

/** What an entry's fields gathered, before they are judged. */
interface RawEntry {
  title?: string;
  titleHtml: boolean;
  links: { href: string; rel: string }[];
  linkText?: string;
  origLink?: string;
  guid?: string;
  guidIsLink: boolean;
  dates: { pub?: string; dc?: string; published?: string; updated?: string };
  description?: string;
  content?: string;
  contentHtml: boolean;
}

function newEntry(): RawEntry {
  return { titleHtml: false, links: [], guidIsLink: true, dates: {}, contentHtml: true };
}

/**
 * The entry field an element is, by its prefix and local name: the feed's own elements (no prefix, or
 * `atom:`), and three modules' (`dc:date`, `content:encoded`, `feedburner:origLink`). Others (`media:title`)
 * are not the entry's.
 */
function fieldOf(prefix: string, local: string): string | undefined {
  if (prefix === '' || prefix === 'atom')
    return ['title', 'link', 'guid', 'id', 'pubdate', 'published', 'updated', 'description', 'summary', 'content'].includes(local)
      ? local
      : undefined;
  if (prefix === 'dc' && local === 'date') return 'date';
  if (prefix === 'content' && local === 'encoded') return 'encoded';
  if (prefix === 'feedburner' && local === 'origlink') return 'origlink';
  return undefined;
}
/** Inside a field, elements whose text is not the field's (Atom's xhtml content may hold them). */
const SILENT = new Set(['script', 'style']);

/**
 * Reads a feed's text. `base`: the feed's address (links are resolved against it); `now`: dates after a
 * day from now are not believed (the entry is dated when first seen instead).
 */
export function parseNewsFeed(text: string, base: string, now: Date): Parsed<NewsFeed> {
  if (text.length > NEWS_LIMITS.bytes)
    return { ok: false, error: `the feed is larger than ${NEWS_LIMITS.bytes / 1024 / 1024} MB: not read` };
  const declared = declarationProblem(text);
  if (declared) return { ok: false, error: declared };

  let root: string | undefined;
  let format: NewsFeed['format'] | undefined;
  let failure: string | undefined;
  let stop = false;
  let feedTitle = '';
  let site: string | undefined;
  const raws: RawEntry[] = [];
  let beyond = 0;
  /** Open elements, by local name. */
  const stack: string[] = [];
  let entry: RawEntry | undefined;
  let entryDepth = -1;
  /** The field being gathered: its name, depth, and text so far. */
  let field: { name: string; depth: number; text: string[]; size: number } | undefined;
  let silent = 0;
  /** The feed-level title or link being gathered. */
  let feedField: { name: string; depth: number; text: string[] } | undefined;

  const parser: Parser = new Parser(
    {
      onprocessinginstruction(name) {
        if (/^!(doctype|entity|element|attlist)/i.test(name)) {
          failure = 'the document declares a DTD or entities: refused (a news feed needs none)';
          stop = true;
          parser.pause();
        }
      },
      onopentag(name, attribs) {
        const { prefix, local } = split(name);
        const depth = stack.length;
        stack.push(local);
        if (depth >= MAX_DEPTH) {
          failure = `elements nest deeper than ${MAX_DEPTH}: not read`;
          stop = true;
          parser.pause();
          return;
        }
        if (depth === 0) {
          root = local;
          if (local === 'rss' || local === 'rdf') format = 'rss';
          else if (local === 'feed') format = 'atom';
          return;
        }
        if (!format) return;
        const isEntry = format === 'atom' ? local === 'entry' : local === 'item';
        if (!entry && isEntry) {
          if (raws.length >= NEWS_LIMITS.entries) {
            beyond++;
            stop = true;
            parser.pause();
            return;
          }
          entry = newEntry();
          entryDepth = depth;
          return;
        }
        if (entry) {
          if (field) {
            if (SILENT.has(local)) silent++;
            return;
          }
          const name = fieldOf(prefix, local);
          if (depth !== entryDepth + 1 || !name) return;
          if (local === 'link' && (format === 'atom' || prefix === 'atom')) {
            const href = attribs.href;
            if (href) entry.links.push({ href, rel: (attribs.rel ?? 'alternate').toLowerCase() });
            return;
          }
          if (local === 'guid') entry.guidIsLink = (attribs.ispermalink ?? attribs.isPermaLink ?? 'true').toLowerCase() !== 'false';
          if (local === 'title') entry.titleHtml = format === 'atom' && (attribs.type ?? '').toLowerCase() === 'html';
          if (local === 'content' && format === 'atom') entry.contentHtml = (attribs.type ?? 'text').toLowerCase() !== 'text';
          field = { name, depth, text: [], size: 0 };
          return;
        }
        // Feed-level: the title, and the site's link (RSS's channel link; Atom's alternate link).
        const channelLevel = format === 'atom' ? depth === 1 : depth === 2 && stack[1] === 'channel';
        if (!channelLevel) return;
        if (local === 'title' && !feedTitle) feedField = { name: 'title', depth, text: [] };
        else if (local === 'link' && !site) {
          if (format === 'atom' || prefix === 'atom') {
            if ((attribs.rel ?? 'alternate').toLowerCase() === 'alternate' && attribs.href) site = resolveLink(attribs.href, base);
          } else feedField = { name: 'link', depth, text: [] };
        }
      },
      ontext(data) {
        if (field && silent === 0 && field.size < FIELD_LIMIT) {
          field.text.push(data);
          field.size += data.length;
        } else if (feedField && !field) feedField.text.push(data);
      },
      onclosetag() {
        const depth = stack.length - 1;
        const local = stack.pop();
        if (field && depth > field.depth) {
          if (local && SILENT.has(local)) silent = Math.max(0, silent - 1);
          return;
        }
        if (field && depth === field.depth && entry) {
          const value = field.text.join('');
          take(entry, field.name, value);
          field = undefined;
          silent = 0;
          return;
        }
        if (entry && depth === entryDepth) {
          raws.push(entry);
          entry = undefined;
          return;
        }
        if (feedField && depth === feedField.depth) {
          const value = collapse(feedField.text.join(''));
          if (feedField.name === 'title') feedTitle = clip(value, NEWS_LIMITS.titleChars);
          else site = resolveLink(value, base);
          feedField = undefined;
        }
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  try {
    for (let at = 0; at < text.length && !stop; at += CHUNK) parser.write(text.slice(at, at + CHUNK));
    if (!stop) parser.end();
  } catch (error) {
    return { ok: false, error: `the feed could not be read (${(error as Error).message})` };
  }
  if (failure) return { ok: false, error: failure };
  if (!root) return { ok: false, error: 'the document is empty or not XML' };
  if (root === 'html') return { ok: false, error: 'the address serves a web page (HTML), not a feed' };
  if (!format) return { ok: false, error: `not an RSS or Atom feed (its root element is <${root.slice(0, 40)}>)` };

  const entries: NewsEntry[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const latest = now.getTime() + 24 * 3600 * 1000;
  for (const [i, raw] of raws.entries()) {
    const judged = judge(raw, format, base, latest);
    if (typeof judged === 'string') skipped.push(`entry ${i + 1}: ${judged}`);
    else if (seen.has(judged.url)) skipped.push(`entry ${i + 1}: its link is repeated`);
    else {
      seen.add(judged.url);
      entries.push(judged);
    }
  }
  if (beyond > 0) skipped.push(`more than ${NEWS_LIMITS.entries} entries: the first ${NEWS_LIMITS.entries} were read`);
  return { ok: true, value: { format, title: feedTitle, ...(site ? { site } : {}), entries, skipped } };
}

/** Puts a gathered field on its entry. */
function take(entry: RawEntry, name: string, value: string): void {
  switch (name) {
    case 'title':
      entry.title ??= value;
      break;
    case 'link':
      entry.linkText ??= value;
      break;
    case 'origlink':
      entry.origLink ??= value;
      break;
    case 'guid':
    case 'id':
      entry.guid ??= value;
      break;
    case 'pubdate':
      entry.dates.pub ??= value;
      break;
    case 'date':
      entry.dates.dc ??= value;
      break;
    case 'published':
      entry.dates.published ??= value;
      break;
    case 'updated':
      entry.dates.updated ??= value;
      break;
    case 'description':
    case 'summary':
      entry.description ??= value;
      break;
    case 'encoded':
    case 'content':
      entry.content ??= value;
      break;
  }
}

/** An entry as a headline, or why it is left out. */
function judge(raw: RawEntry, format: NewsFeed['format'], base: string, latest: number): NewsEntry | string {
  const title = clip(
    raw.title === undefined
      ? ''
      : format === 'atom' && !raw.titleHtml
        ? collapse(raw.title)
        : htmlToText(raw.title, NEWS_LIMITS.titleChars * 2),
    NEWS_LIMITS.titleChars,
  );
  if (!title) return 'no title';
  const alternate =
    raw.links.find((link) => link.rel === 'alternate') ?? raw.links.find((link) => link.rel !== 'self' && link.rel !== 'enclosure');
  const candidates = [raw.origLink, alternate?.href, raw.linkText, raw.guidIsLink ? raw.guid : undefined];
  const url = candidates.map((candidate) => resolveLink(candidate, base)).find((link) => link !== undefined);
  if (!url) return 'no http(s) link';
  const dated = [raw.dates.published, raw.dates.pub, raw.dates.dc, raw.dates.updated]
    .map((text) => parseFeedDate(text?.trim()))
    .find((time) => time !== undefined && time <= latest && time >= Date.UTC(1995, 0, 1));
  const source = raw.description ?? raw.content ?? '';
  const summary =
    format === 'atom' && raw.description === undefined && !raw.contentHtml
      ? clip(collapse(source), NEWS_LIMITS.summaryChars)
      : htmlToText(source, NEWS_LIMITS.summaryChars);
  return { title, url, ...(dated !== undefined ? { published: new Date(dated).toISOString() } : {}), summary };
}
