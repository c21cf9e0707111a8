/**
 * Fetching a feed's documents as a stranger's data: no credentials, no referrer, a time limit, a size
 * limit while reading, JSON content types only, and no redirect to another origin. Errors come back as
 * plain words a reader can act on, never thrown.
 */
import type { Problem } from '../messaging/problem';
import { FEED_LIMITS } from './feed-format';

/** HTTP validators of the last index applied in full: sent again so an unchanged index costs a 304. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type Fetched =
  | { state: 'not-modified' }
  | { state: 'ok'; bytes: Uint8Array; validators: Validators; contentType?: string }
  | { state: 'failed'; error: string; problem?: Problem };

export interface FetchOptions {
  validators?: Validators;
  /** Milliseconds before the request is given up. */
  timeout?: number;
  limit?: number;
  /**
   * What the document must be: Backstory's JSON (the default), a news feed's XML (RSS, Atom: a web page is
   * refused), or either (adding a feed, before its kind is known).
   */
  expect?: 'json' | 'xml' | 'any';
}

export const REQUEST_TIMEOUT = 30_000;

const JSON_TYPE = /^(application|text)\/([\w.+-]*\+)?json\b/i;
const HTML_TYPE = /^(text\/html|application\/xhtml\+xml)\b/i;

/** Why a response of this type is not what was asked for, or undefined. */
function typeProblem(
  type: string | null,
  expect: NonNullable<FetchOptions['expect']>,
  host: string,
): { error: string; problem: Problem } | undefined {
  if (!type) return undefined;
  const bare = type.split(';')[0]?.trim() ?? type;
  const problem: Problem = { code: 'wrongType', host, type: bare };
  if (expect === 'json' && !JSON_TYPE.test(type)) return { error: `${host} sent ${bare}, not a JSON feed.`, problem };
  if (expect !== 'json' && HTML_TYPE.test(type)) return { error: `${host} sent a web page (${bare}), not a feed.`, problem };
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Same origin, or the same host moved from http to https. */
function sameOrigin(asked: URL, got: URL): boolean {
  return asked.origin === got.origin || (asked.protocol === 'http:' && got.protocol === 'https:' && asked.host === got.host);
}

/** The body, read no further than the limit. */
async function readLimited(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export async function fetchFeedDocument(fetcher: typeof fetch, url: string, options: FetchOptions = {}): Promise<Fetched> {
  const host = hostOf(url);
  const expect = options.expect ?? 'json';
  const accept = {
    json: 'application/json',
    xml: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9',
    any: 'application/json, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9',
  }[expect];
  const headers: Record<string, string> = { accept };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  const controller = new AbortController();
  const timeout = options.timeout ?? REQUEST_TIMEOUT;
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetcher(url, {
      headers,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      // Our own validators, not the HTTP cache's: the cache would answer a 304 with its stored 200.
      cache: 'no-store',
      redirect: 'follow',
      signal: controller.signal,
    });
    if (response.url && !sameOrigin(new URL(url), new URL(response.url))) {
      await response.body?.cancel().catch(() => undefined);
      const to = hostOf(response.url);
      return {
        state: 'failed',
        error: `${host} sent Backstory to another site (${to}); add that address as a feed if you trust it.`,
        problem: { code: 'redirected', host, to },
      };
    }
    if (response.status === 304) return { state: 'not-modified' };
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const { status } = response;
      if (status === 404 || status === 410)
        return {
          state: 'failed',
          error: `${host} has no feed at this address (HTTP ${status}).`,
          problem: { code: 'noFeed', host, status },
        };
      if (status >= 500)
        return {
          state: 'failed',
          error: `${host} failed to answer (HTTP ${status}); Backstory will try again later.`,
          problem: { code: 'serverFailed', host, status },
        };
      return { state: 'failed', error: `${host} refused the request (HTTP ${status}).`, problem: { code: 'refused', host, status } };
    }
    const type = response.headers.get('content-type');
    const wrongType = typeProblem(type, expect, host);
    if (wrongType) {
      await response.body?.cancel().catch(() => undefined);
      return { state: 'failed', ...wrongType };
    }
    const limit = options.limit ?? FEED_LIMITS.responseBytes;
    const bytes = await readLimited(response, limit);
    const megabytes = Math.round(limit / 1024 / 1024);
    if (!bytes)
      return {
        state: 'failed',
        error: `${host} sent more than ${megabytes} MB: not read.`,
        problem: { code: 'tooLarge', host, megabytes },
      };
    const validators: Validators = {};
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    return { state: 'ok', bytes, validators, ...(type ? { contentType: type } : {}) };
  } catch (error) {
    if (controller.signal.aborted) {
      const seconds = Math.round(timeout / 1000);
      return { state: 'failed', error: `${host} did not answer within ${seconds} seconds.`, problem: { code: 'timedOut', host, seconds } };
    }
    const detail = (error as Error).message || 'network error';
    return { state: 'failed', error: `Could not reach ${host} (${detail}).`, problem: { code: 'unreachable', host, detail } };
  } finally {
    clearTimeout(timer);
  }
}
