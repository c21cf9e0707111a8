/**
 * A feed host in memory, answering `fetch` as a static server would: files by path, ETag and
 * Last-Modified with conditional requests, and knobs for what a bad host does (ignore validators, fail,
 * stall, redirect away, send the wrong type). Every request is recorded with its options.
 */
import type { FeedFile } from '../../lib/sync/publish';

export interface FakeFile {
  body: Uint8Array | string;
  type?: string;
  status?: number;
  /** Milliseconds before the answer (a stalled host honours the request's abort signal). */
  delay?: number;
  /** The connection fails. */
  fail?: boolean;
  /** Answered as if redirected to this address. */
  redirectedTo?: string;
}

export interface FakeFeedServer {
  origin: string;
  files: Map<string, FakeFile>;
  requests: { url: string; init: RequestInit }[];
  /** Answers 200 whatever the request's validators say. */
  ignoreValidators: boolean;
  fetch: typeof fetch;
  /** Serves a published feed under `path` (`/feed/`). */
  publish(files: readonly FeedFile[], path?: string): void;
}

const LAST_MODIFIED = 'Sat, 05 Dec 2026 06:00:00 GMT';

function etagOf(body: Uint8Array | string): string {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return `"${(hash >>> 0).toString(16)}-${text.length}"`;
}

export function createFakeFeedServer(origin = 'https://feed.test'): FakeFeedServer {
  const server: FakeFeedServer = {
    origin,
    files: new Map(),
    requests: [],
    ignoreValidators: false,
    publish(files, path = '/feed/') {
      for (const file of files) server.files.set(`${path}${file.path}`, { body: file.bytes });
    },
    fetch: async (input, init = {}) => {
      const url = new URL(String(input));
      server.requests.push({ url: url.href, init });
      const file = url.origin === origin ? server.files.get(url.pathname) : undefined;
      if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
      if (file.delay) {
        await new Promise<void>((done, fail) => {
          const timer = setTimeout(done, file.delay);
          init.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            fail(new DOMException('The operation was aborted.', 'AbortError'));
          });
        });
      }
      if (file.fail) throw new TypeError('Failed to fetch');
      const etag = etagOf(file.body);
      const headers = new Headers(init.headers);
      const fresh = headers.get('if-none-match') === etag || headers.get('if-modified-since') === LAST_MODIFIED;
      const response =
        !server.ignoreValidators && fresh
          ? new Response(null, { status: 304, headers: { etag } })
          : new Response(file.body as BodyInit, {
              status: file.status ?? 200,
              headers: { 'content-type': file.type ?? 'application/json', etag, 'last-modified': LAST_MODIFIED },
            });
      Object.defineProperty(response, 'url', { value: file.redirectedTo ?? url.href });
      return response;
    },
  };
  return server;
}
