/**
 * The local feed server, for `npm start` and the tests: a feed's files served as a static host serves
 * them (JSON, ETag and Last-Modified, 304 to a conditional request), on the site server of browser.ts,
 * so Chromium reaches it as a real host. Knobs make it a bad host: one that ignores validators, one
 * that stalls on a page (to stop the worker mid-sync), one that sends garbage.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { type Entity, EntitySchema, type Item, ItemSchema } from '../../lib/archive/schema';
import type { FeedFile } from '../../lib/sync/publish';
import type { Page } from './browser';

export interface FeedServer {
  /** The routes to give the site server: each file of the feed under `base`. */
  routes(): Record<string, Page>;
  /** Replaces the feed's files (a publisher's new run); returns the new routes to add. */
  publish(files: readonly FeedFile[]): Record<string, Page>;
  /** Every request answered: its path, the status answered, and whether it was conditional. */
  log: { path: string; status: number; conditional: boolean }[];
  /** Every request's path as it arrived (a held one too). */
  requested: string[];
  /** Answer 200 whatever the validators say. */
  ignoreValidators: boolean;
  /** Hold the answer to paths this matches until `release()`. */
  stall?: (path: string) => boolean;
  release(): void;
  /** Answer every request for these paths with this body instead (a broken feed). */
  broken: Map<string, string>;
}

const LAST_MODIFIED = new Date('2026-12-05T06:00:00Z').toUTCString();

export function createFeedServer(base: string, files: readonly FeedFile[]): FeedServer {
  const baseUrl = new URL(base);
  let table = new Map<string, Uint8Array>();
  const held: (() => void)[] = [];
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', baseUrl).pathname;
    server.requested.push(path);
    const answer = () => {
      const broken = server.broken.get(path);
      const body = broken === undefined ? table.get(path) : new TextEncoder().encode(broken);
      const conditional = req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
      if (!body) {
        server.log.push({ path, status: 404, conditional });
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      const fresh =
        req.headers['if-none-match'] === etag ||
        (req.headers['if-none-match'] === undefined && req.headers['if-modified-since'] === LAST_MODIFIED);
      const status = fresh && !server.ignoreValidators ? 304 : 200;
      server.log.push({ path, status, conditional });
      // A news site's RSS feed (.xml, or a WordPress-style /feed/) as such; Backstory's feed files as JSON.
      const type = /\.xml$|\/feed\/?$/.test(path) ? 'application/rss+xml; charset=UTF-8' : 'application/json';
      const headers = { etag, 'last-modified': LAST_MODIFIED, 'cache-control': 'no-cache', 'content-type': type };
      if (status === 304) res.writeHead(304, headers).end();
      else res.writeHead(200, headers).end(body);
    };
    if (server.stall?.(path)) held.push(answer);
    else answer();
  };
  const routesOf = (list: readonly FeedFile[]): Record<string, Page> =>
    Object.fromEntries(list.map((file) => [new URL(file.path, baseUrl).href, { handle: serve }]));
  const server: FeedServer = {
    log: [],
    requested: [],
    ignoreValidators: false,
    broken: new Map(),
    routes: () => routesOf([...table.keys()].map((path) => ({ path: path.slice(baseUrl.pathname.length), bytes: new Uint8Array() }))),
    publish(list) {
      table = new Map(list.map((file) => [new URL(file.path, baseUrl).pathname, file.bytes]));
      return routesOf(list);
    },
    release() {
      for (const answer of held.splice(0)) answer();
    },
  };
  server.publish(files);
  return server;
}

/** The demonstration feed's records (tests/fixtures/feed/demo.json), checked by the archive's schemas. */
/** An article the demo feed's first item is about: its panel shows that item as "this story". */
export const DEMO_FEED_ARTICLE = {
  url: 'https://techcrunch.com/2026/11/20/backstory-demo-alibaba-reviews-claude-code-ban/',
  html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alibaba reviews its Claude Code ban | TechCrunch</title>
<meta property="og:type" content="article"><meta property="og:title" content="Alibaba reviews its Claude Code ban">
<meta property="article:published_time" content="2026-11-20T09:00:00Z"></head>
<body><main><article><h1>Alibaba reviews its Claude Code ban</h1><div class="article-content">
<p>Alibaba is reviewing the internal ban on Anthropic's Claude Code that it announced in July, people familiar with the matter said.</p>
<p>The review could let Alibaba staff use Claude Code again, while Anthropic keeps its own limits on Chinese-controlled companies.</p>
</div></article></main></body></html>`,
};

export function demoFeedRecords(): { entities: Entity[]; items: Item[] } {
  const raw = JSON.parse(readFileSync(new URL('../../tests/fixtures/feed/demo.json', import.meta.url), 'utf8')) as {
    entities: unknown[];
    items: unknown[];
  };
  return { entities: raw.entities.map((e) => v.parse(EntitySchema, e)), items: raw.items.map((i) => v.parse(ItemSchema, i)) };
}
