/**
 * The privacy audit: every request of a browsing session (read from Chromium's net log, net-log.ts),
 * classified by who made it, and what breaks Backstory's promise that nothing the reader reads leaves
 * the machine.
 *
 * - **extension**: started by the extension's origin (its service worker, popup, options page or
 *   panel frame). Allowed only to a configured feed's origin, and carrying nothing of any page read.
 * - **navigation**: a top-level page load the reader asked for (an address opened, a link clicked, in
 *   the page or in the panel). The reader's own; an unasked one is a finding.
 * - **page**: started by a page's origin, the page's own (its images, scripts, trackers). A content
 *   script's fetch would also carry the page's origin, so a page request must go to the page's own host
 *   or a host the page's source names, and carry none of the article's text.
 * - **browser**: Chromium's own (no initiator: update checks, the autofill service). Carries nothing of a page.
 *
 * Matching is on normalised text (percent-decoded, lower case, runs of anything but letters and digits
 * as one space), so an address or sentence sent as a query parameter, JSON or form body is found.
 * What it cannot see: text encoded past that (base64, compressed, hashed) and bodies of requests that
 * never reached a server (their address is still checked).
 */
import type { NetRequest } from './net-log';

export type RequestKind = 'extension' | 'navigation' | 'page' | 'browser';

/** A page the session read: its address, its text (title and paragraphs as the browser rendered them), its source. */
export interface AuditedPage {
  url: string;
  title: string;
  paragraphs: string[];
  /** The HTML served: the hosts a page's own requests go to are named in it. */
  source: string;
}

export interface AuditInput {
  requests: readonly NetRequest[];
  /** `chrome-extension://ID`. */
  extensionOrigin: string;
  /** The configured feeds' index addresses (the build's official feed and those the reader added). */
  feeds: readonly string[];
  pages: readonly AuditedPage[];
  /** Addresses the reader opened or clicked. */
  navigations: readonly string[];
}

export interface Finding {
  request: NetRequest;
  kind: RequestKind;
  reason: string;
}

export interface Audit {
  byKind: Record<RequestKind, NetRequest[]>;
  findings: Finding[];
}

/** Percent-decoded (run by run, so one bad escape spoils nothing), JSON escapes undone, lower case, words only. */
export function plainText(text: string): string {
  let decoded = text.replace(/\+/g, ' ');
  for (let pass = 0; pass < 2; pass++) {
    decoded = decoded.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
  decoded = decoded.replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return ` ${decoded
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** The first words of a text, as a needle: at least `minWords` words and about `chars` characters, or none. */
function needle(text: string, chars: number, minWords: number): string | undefined {
  const words = plainText(text).trim().split(' ').filter(Boolean);
  const out: string[] = [];
  for (const word of words) {
    out.push(word);
    if (out.join(' ').length >= chars) break;
  }
  return out.length >= minWords ? ` ${out.join(' ')} ` : undefined;
}

interface Needles {
  address: string[];
  host?: string;
  title?: string;
  text: string[];
}

function needlesOf(page: AuditedPage): Needles {
  const url = new URL(page.url);
  const address = [plainText(`${url.host}${url.pathname}${url.search}`)];
  const path = plainText(url.pathname);
  // A path of a few words ("/2016/08/airplane-tires/") is the article's address even without its host.
  if (path.trim().split(' ').length >= 3) address.push(path);
  // The headline without the site's name ("Why Airplane Tires Rarely Burst | WIRED"): the longest part.
  const headline = page.title.split(/\s+[|–—-]\s+/).sort((a, b) => b.length - a.length)[0] ?? '';
  const title = needle(headline, 40, 4);
  return {
    address,
    host: plainText(url.hostname.replace(/^www\./, '')),
    ...(title ? { title } : {}),
    text: page.paragraphs.flatMap((p) => needle(p, 60, 6) ?? []),
  };
}

const isHttp = (url: string): boolean => url.startsWith('http://') || url.startsWith('https://');

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

const withoutHash = (url: string): string => url.replace(/#.*$/, '');

/** What a request carried, as plain text: its addresses, headers and bytes on the wire (less its Referer, for a page's own). */
function carried(request: NetRequest, dropReferer: boolean): { url: string; rest: string } {
  const keep = (line: string) => !(dropReferer && /^referer:/i.test(line.trim()));
  const sent = request.sent.split('\r\n').filter(keep).join('\r\n');
  return { url: plainText(request.urls.join(' ')), rest: plainText([...request.headers.filter(keep), sent].join('\n')) };
}

/** Which of a page's needles a request carries, in words ("the address of https://… in its URL"). */
function leaks(request: NetRequest, pages: readonly AuditedPage[], needles: Needles[], strict: boolean): string[] {
  const { url, rest } = carried(request, !strict);
  const found: string[] = [];
  pages.forEach((page, i) => {
    const n = needles[i] as Needles;
    const lists = [
      ['address', strict ? n.address : []],
      ['host', strict && n.host ? [n.host] : []],
      ['title', strict && n.title ? [n.title] : []],
      ['text', n.text],
    ] as const;
    for (const [what, list] of lists) {
      for (const [where, hay] of [
        ['URL', url],
        ['headers or body', rest],
      ] as const) {
        if (!list.some((x) => hay.includes(x))) continue;
        // Pages of one site share their host: it is named once.
        found.push(
          what === 'host' ? `the host ${new URL(page.url).hostname} in its ${where}` : `the ${what} of ${page.url} in its ${where}`,
        );
      }
    }
  });
  return [...new Set(found)];
}

export function auditRequests(input: AuditInput): Audit {
  const needles = input.pages.map(needlesOf);
  const feedOrigins = new Set(input.feeds.map(originOf));
  const asked = new Set(input.navigations.map(withoutHash));
  const byKind: Record<RequestKind, NetRequest[]> = { extension: [], navigation: [], page: [], browser: [] };
  const findings: Finding[] = [];
  const find = (request: NetRequest, kind: RequestKind, reason: string) => findings.push({ request, kind, reason });

  for (const request of input.requests) {
    const [first] = request.urls;
    if (!first || !isHttp(first)) continue;
    if (request.type === 'main frame') {
      byKind.navigation.push(request);
      if (!asked.has(withoutHash(first))) find(request, 'navigation', 'a page load the reader did not ask for');
      continue;
    }
    if (request.initiator === input.extensionOrigin) {
      byKind.extension.push(request);
      const elsewhere = request.urls.filter((url) => !feedOrigins.has(originOf(url)));
      if (elsewhere.length > 0) find(request, 'extension', `to an address that is not a configured feed: ${elsewhere.join(', ')}`);
      for (const leak of leaks(request, input.pages, needles, true)) find(request, 'extension', `carries ${leak}`);
      continue;
    }
    if (request.initiator === null) {
      byKind.browser.push(request);
      for (const leak of leaks(request, input.pages, needles, true)) find(request, 'browser', `carries ${leak}`);
      continue;
    }
    byKind.page.push(request);
    const own = input.pages.filter((page) => originOf(page.url) === request.initiator);
    const host = new URL(first).hostname;
    const named = own.some((page) => new URL(page.url).hostname === host || page.source.includes(host));
    if (!named) find(request, 'page', `from ${request.initiator} to ${host}, a host its page neither is nor names`);
    for (const leak of leaks(request, input.pages, needles, false)) find(request, 'page', `carries ${leak}`);
  }
  return { byKind, findings };
}
