/**
 * The feed list as OPML 2.0 (http://opml.org/spec2.opml), out and in, the way feed readers exchange
 * their subscriptions: one `<outline type="rss" text="…" xmlUrl="…"/>` per feed.
 *
 * Reading takes a DOMParser: OPML is imported only from the options page, where the browser's own XML
 * parser is there (entities, CDATA, character references and encodings done right); the worker never
 * reads OPML, so no XML parser is written or bundled for it. Tests pass linkedom's. Writing is a few
 * escaped attributes, done here.
 */
import { failureOf } from '../i18n/index';
import type { Failure } from '../messaging/problem';
import { normalizeFeedUrl } from './feed-url';

/** A feed as OPML carries it. */
export interface OpmlFeed {
  url: string;
  title?: string;
}

/** At most this many feeds are read from one file. */
export const OPML_MAX_FEEDS = 500;

/** Whether XML 1.0 can hold this character at all (tab, newline and return are the only controls it takes). */
function xmlChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= 0x20 ? code !== 0xfffe && code !== 0xffff : code === 9 || code === 10 || code === 13;
}

function escapeXml(text: string): string {
  return [...text]
    .filter(xmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The feeds as an OPML document. */
export function feedsToOpml(feeds: readonly OpmlFeed[], now = new Date()): string {
  const outlines = feeds.map((feed) => {
    const text = escapeXml(feed.title ?? feed.url);
    return `    <outline type="rss" text="${text}" title="${text}" xmlUrl="${escapeXml(feed.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>Backstory feeds</title>',
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** The parts of DOMParser this uses (the browser's, or linkedom's in tests). */
export interface XmlParser {
  parseFromString(text: string, type: 'text/xml'): Document;
}

/**
 * The feeds an OPML document lists (every `outline` with an `xmlUrl`, nested ones too), http(s) addresses
 * only, each once; or why none can be read. Addresses that are not http(s) are left out and counted.
 */
export function parseOpml(text: string, parser: XmlParser): { ok: true; feeds: OpmlFeed[]; ignored: number } | Failure {
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    return failureOf({ code: 'notOpml', detail: (error as Error).message });
  }
  if (doc.getElementsByTagName('parsererror').length > 0) return failureOf({ code: 'opmlNotXml' });
  const root = doc.documentElement;
  if (root?.nodeName.toLowerCase() !== 'opml') return failureOf({ code: 'opmlRoot' });
  const feeds = new Map<string, OpmlFeed>();
  let ignored = 0;
  for (const outline of Array.from(root.getElementsByTagName('outline'))) {
    const raw = outline.getAttribute('xmlUrl') ?? outline.getAttribute('xmlurl');
    if (raw === null) continue;
    const normal = normalizeFeedUrl(raw);
    if (!normal.ok || feeds.size >= OPML_MAX_FEEDS) {
      ignored += 1;
      continue;
    }
    const title = (outline.getAttribute('title') ?? outline.getAttribute('text') ?? '').trim().slice(0, 200);
    if (!feeds.has(normal.url)) feeds.set(normal.url, { url: normal.url, ...(title ? { title } : {}) });
  }
  if (feeds.size === 0) return failureOf({ code: 'opmlNoFeeds' });
  return { ok: true, feeds: [...feeds.values()], ignored };
}
