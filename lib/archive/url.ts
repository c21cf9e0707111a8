/**
 * The key an article's address is stored and looked up by: scheme, `www.`, a trailing slash, tracking
 * parameters, the AMP form of a page and the fragment do not make a different article. One key for the
 * curated items, their coverage rows and the headlines of news feeds, so one report is one record.
 */

/** Query parameters that say who sent the reader, never which article it is. */
const TRACKING = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'yclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_ga',
  'ref',
  'ref_src',
  'cmpid',
  'ncid',
  'smid',
  'sr_share',
  'taid',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'tpcc',
  'amp',
  'outputtype',
]);

function isTracking(key: string, value: string): boolean {
  const lower = key.toLowerCase();
  if (lower === 'outputtype') return value.toLowerCase() === 'amp';
  return lower.startsWith('utm_') || TRACKING.has(lower);
}

/**
 * The article's address without what does not name it: tracking parameters, the fragment, and the AMP
 * forms news sites publish (`amp.` hosts, an `/amp` path segment at either end, `.amp.html`). Keeps the
 * scheme and host as given (it is still the link a reader follows). Undefined when it is not http(s).
 */
export function canonicalUrl(url: string): string | undefined {
  const parsed = httpUrl(url);
  if (!parsed) return undefined;
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  if (/^amp\./i.test(parsed.hostname) && parsed.hostname.split('.').length > 2) parsed.hostname = parsed.hostname.slice(4);
  let path = parsed.pathname.replace(/\.amp\.html$/i, '.html').replace(/\/amp\/?$/i, '/');
  if (/^\/amp\//i.test(path)) path = path.slice(4);
  parsed.pathname = path;
  const params = [...parsed.searchParams].filter(([key, value]) => !isTracking(key, value));
  parsed.search = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  return parsed.href;
}

export function normalizeUrl(url: string): string | undefined {
  const canonical = canonicalUrl(url);
  if (canonical === undefined) return undefined;
  const parsed = new URL(canonical);
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const params = [...parsed.searchParams];
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const path = parsed.pathname.replace(/\/+$/, '');
  const port = parsed.port ? `:${parsed.port}` : '';
  return `${host}${port}${path}${query}`;
}

/** The address parsed, when it is an http(s) one (feed and page content may carry `javascript:`, `data:`, …). */
export function httpUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The host of an address without `www.`, or '' when it is not an address. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
