import { beforeAll, describe, expect, it } from 'vitest';
import { createArchiveConnection } from '../../lib/archive/db';
import type { Item } from '../../lib/archive/schema';
import { createArchiveService } from '../../lib/archive/service';
import { counts, getItems } from '../../lib/archive/store';
import { advanceCursor, FEED_INDEX_FORMAT, FEED_LIMITS, FEED_VERSION, type FeedIndex, pagesAfter } from '../../lib/sync/feed-format';
import { publishFeed } from '../../lib/sync/publish';
import { generateKeyPair, sha256Hex, signBytes } from '../../lib/sync/signature';
import { type SyncContext, type SyncOutcome, syncFeed } from '../../lib/sync/sync';
import { namespaced, namespaceOf } from '../../lib/sync/trust';
import { createFakeFeedServer, type FakeFeedServer, type FakeFile } from './fake-feed-server';
import { feedEntity, feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

const INDEX = 'https://feed.test/feed/index.json';
const BUNDLED = miniArchive().items.map((item) => item.id);

let keys: { privateKey: string; publicKey: string };
let otherKeys: { privateKey: string; publicKey: string };
beforeAll(async () => {
  keys = await generateKeyPair();
  otherKeys = await generateKeyPair();
});

/** A seeded archive, a feed host, and a run of the feed at INDEX (official unless said). */
async function setup(official = true) {
  const connect = createArchiveConnection(freshDbName());
  const archive = createArchiveService(connect, { snapshotId: 'test', loadSnapshot: async () => miniArchive() });
  await archive.seeded;
  const server = createFakeFeedServer();
  const source = { url: INDEX, official, namespace: official ? '' : await namespaceOf(INDEX) };
  const run = (over: Partial<SyncContext> = {}) =>
    syncFeed(source, { fetch: server.fetch, archive, publicKey: keys.publicKey, now: () => NOW, timeout: 200, ...over });
  const bundled = async () => getItems(await connect(), BUNDLED);
  return { archive, server, source, run, connect, bundled, ns: source.namespace };
}

interface RawPage {
  /** The page document, or its text as served. */
  raw: unknown;
  key?: string;
  /** What the index says of it, over what is true. */
  ref?: Record<string, unknown>;
  file?: Partial<FakeFile>;
  /** Sign with this private key (default: the official key); null: no signature. */
  signWith?: string | null;
}

/** Serves pages and an index listing them, as a publisher would, with any of it made wrong on purpose. */
async function serve(server: FakeFeedServer, pages: RawPage[], index: Record<string, unknown> = {}, indexFile: Partial<FakeFile> = {}) {
  const refs = [];
  for (const [i, page] of pages.entries()) {
    const text = typeof page.raw === 'string' ? page.raw : JSON.stringify(page.raw);
    const bytes = new TextEncoder().encode(text);
    const key = page.key ?? (page.raw as { key?: string }).key ?? `2026-11-2${i}`;
    const path = `pages/${key}.json`;
    server.files.set(`/feed/${path}`, { body: bytes, ...page.file });
    const signer = page.signWith === undefined ? keys.privateKey : page.signWith;
    refs.push({
      key,
      url: path,
      sha256: await sha256Hex(bytes),
      ...(signer ? { signature: await signBytes(bytes, signer) } : {}),
      ...page.ref,
    });
  }
  const doc = {
    format: FEED_INDEX_FORMAT,
    version: FEED_VERSION,
    title: 'Test feed',
    generated: '2026-12-01T00:00:00Z',
    pages: refs,
    ...index,
  };
  server.files.set('/feed/index.json', { body: JSON.stringify(doc), ...indexFile });
}

const item = (id: string, over: Record<string, unknown> = {}) => feedItem(id, over);
const failed = (outcome: SyncOutcome) => (outcome.state === 'failed' ? outcome.error : `not failed: ${outcome.state}`);

describe('a run', () => {
  it('applies every page after the cursor, sends validators next time, and a 304 changes nothing', async () => {
    const { server, run, connect } = await setup();
    await serve(server, [
      { raw: feedPage('2026-11-20', { items: [item('a'), item('b')] }) },
      { raw: feedPage('2026-11-21', { items: [item('c')] }) },
    ]);
    const first = await run();
    expect(first).toMatchObject({ state: 'synced', totals: { pages: 2, added: 3 }, more: false });
    const validators = first.state === 'synced' ? first.validators : undefined;
    expect(validators?.etag).toBeDefined();
    const second = await run(validators ? { validators } : {});
    expect(second.state).toBe('unchanged');
    const last = server.requests.at(-1);
    expect(new Headers(last?.init.headers).get('if-none-match')).toBe(validators?.etag);
    expect(last?.init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect((await counts(await connect())).items).toBe(7);
  });

  it('a server that ignores validators and resends the whole feed changes nothing', async () => {
    const { server, run, connect } = await setup();
    await serve(server, [{ raw: feedPage('2026-11-20', { items: [item('a')] }) }]);
    const first = await run();
    server.ignoreValidators = true;
    const requests = server.requests.length;
    const again = await run(first.state === 'synced' && first.validators ? { validators: first.validators } : {});
    expect(again.state).toBe('unchanged');
    expect(server.requests.length).toBe(requests + 1); // the index only: no page fetched again
    expect((await counts(await connect())).items).toBe(5);
  });

  it('stopped between pages, the next run resumes after the last page applied: every item exactly once', async () => {
    const { server, run, connect } = await setup();
    await serve(server, [
      { raw: feedPage('2026-11-20', { items: [item('a')] }) },
      { raw: feedPage('2026-11-21', { items: [item('b')] }), file: { fail: true } },
      { raw: feedPage('2026-11-22', { items: [item('c')] }) },
    ]);
    const cut = await run();
    expect(cut).toMatchObject({ state: 'failed', totals: { pages: 1, added: 1 } });
    (server.files.get('/feed/pages/2026-11-21.json') as FakeFile).fail = false;
    const resumed = await run();
    expect(resumed).toMatchObject({ state: 'synced', totals: { pages: 2, added: 2 } });
    expect(server.requests.filter((r) => r.url.endsWith('2026-11-20.json'))).toHaveLength(1);
    expect((await counts(await connect())).items).toBe(7);
  });

  it('takes at most pagesPerRun pages, says more are left, and keeps the validators back until the index is done', async () => {
    const { server, run } = await setup();
    await serve(
      server,
      [0, 1, 2].map((i) => ({ raw: feedPage(`2026-11-2${i}`, { items: [item(`p${i}`)] }) })),
    );
    const first = await run({ pagesPerRun: 2 });
    expect(first).toMatchObject({ state: 'synced', more: true, totals: { pages: 2 } });
    expect(first.state === 'synced' && first.validators).toBeFalsy();
    expect(await run({ pagesPerRun: 2 })).toMatchObject({ state: 'synced', more: false, totals: { pages: 1 } });
  });

  it("a page of the cursor's day that grew is applied again; earlier days are done", () => {
    const ref = (key: string, sha256: string) => ({ key, url: `${key}.json`, sha256 });
    const index: FeedIndex = { format: FEED_INDEX_FORMAT, version: FEED_VERSION, title: 't', generated: '2026-12-01T00:00:00Z', pages: [] };
    let cursor = advanceCursor(undefined, ref('2026-11-20-001', 'a'));
    cursor = advanceCursor(cursor, ref('2026-11-21-001', 'b'));
    const pages = [ref('2026-11-20-001', 'x'), ref('2026-11-21-001', 'b'), ref('2026-11-21-002', 'c'), ref('2026-11-22-001', 'd')];
    expect(pagesAfter({ ...index, pages }, cursor).map((p) => p.key)).toEqual(['2026-11-21-002', '2026-11-22-001']);
    expect(pagesAfter({ ...index, pages: [ref('2026-11-21-001', 'grown')] }, cursor).map((p) => p.sha256)).toEqual(['grown']);
  });
});

describe('signatures', () => {
  it('an official page signed with the official key is applied; another feed needs none', async () => {
    const official = await setup(true);
    await serve(official.server, [{ raw: feedPage('2026-11-20', { items: [item('signed')] }) }]);
    expect(await official.run()).toMatchObject({ state: 'synced', totals: { added: 1 } });
    const other = await setup(false);
    await serve(other.server, [{ raw: feedPage('2026-11-20', { items: [item('unsigned')] }), signWith: null }]);
    expect(await other.run()).toMatchObject({ state: 'synced', totals: { added: 1 } });
  });
});

describe('publishing: feed:build output read back', () => {
  it('the bundled archive published as a signed feed brings the same items into an empty archive', async () => {
    const doc = miniArchive();
    const files = await publishFeed(doc.entities, doc.items, { title: 'Mini', privateKey: keys.privateKey, pageItems: 2, now: NOW });
    const connect = createArchiveConnection(freshDbName());
    const empty = { ...doc, items: [], entities: [] };
    const archive = createArchiveService(connect, { snapshotId: 'empty', loadSnapshot: async () => empty });
    const server = createFakeFeedServer();
    server.publish(files);
    const outcome = await syncFeed(
      { url: INDEX, official: true, namespace: '' },
      { fetch: server.fetch, archive, publicKey: keys.publicKey, now: () => NOW },
    );
    expect(outcome).toMatchObject({ state: 'synced', totals: { added: 4, skipped: 0 } });
    expect(await counts(await connect())).toEqual({ entities: 8, items: 4 });
    expect(await getItems(await connect(), BUNDLED)).toEqual(doc.items);
  });
});

/**
 * Broken and hostile feeds. Each case serves something wrong; the run must end with a clear status
 * (and, for a failure, a reason in words matching `error`), and the archive keeps everything it had.
 */
type Case = {
  name: string;
  official?: boolean;
  /** Sets up the host. */
  serve: (server: FakeFeedServer, ns: string) => Promise<void>;
  expect: { error: RegExp } | { state: 'synced' | 'unchanged'; added?: number; skipped?: number };
  /** Further checks on the archive. */
  after?: (items: (ids: string[]) => Promise<Item[]>, ns: string) => Promise<void>;
};

const onePage =
  (raw: unknown, extra: Partial<RawPage> = {}) =>
  (server: FakeFeedServer) =>
    serve(server, [{ raw, ...extra }]);
const pageWith = (items: unknown[], more: Record<string, unknown> = {}) => feedPage('2026-11-20', { items, ...more });
const indexText =
  (text: string, file: Partial<FakeFile> = {}) =>
  async (server: FakeFeedServer) => {
    server.files.set('/feed/index.json', { body: text, ...file });
  };
const ALIBABA = '2026-07-04-alibaba-bans-claude-code';
const big = 'x'.repeat(FEED_LIMITS.responseBytes + 10);

const CASES: Case[] = [
  {
    name: 'the index is not JSON',
    serve: indexText('{"format": "backstory-feed-index",'),
    expect: { error: /index is unreadable: not valid JSON/ },
  },
  { name: 'the index is a JSON array', serve: indexText('[1, 2, 3]'), expect: { error: /not a Backstory feed index/ } },
  {
    name: 'the index is of another format',
    serve: indexText('{"format": "rss", "version": "1.0"}'),
    expect: { error: /not a Backstory feed index: format/ },
  },
  {
    name: 'the index is of a newer major version',
    serve: indexText('{"format": "backstory-feed-index", "version": "2.0"}'),
    expect: { error: /version 2\.0; this Backstory reads version 1\.x/ },
  },
  {
    name: 'the index version is a number',
    serve: indexText('{"format": "backstory-feed-index", "version": 1, "title": "t", "generated": "2026-12-01T00:00:00Z", "pages": []}'),
    expect: { error: /version/ },
  },
  {
    name: 'the index pages are not a list',
    serve: indexText(
      '{"format": "backstory-feed-index", "version": "1.0", "title": "t", "generated": "2026-12-01T00:00:00Z", "pages": {}}',
    ),
    expect: { error: /pages/ },
  },
  {
    name: "the index's pages are out of order",
    serve: (server) =>
      serve(server, [{ raw: feedPage('2026-11-21', { items: [item('a')] }) }, { raw: feedPage('2026-11-20', { items: [item('b')] }) }]),
    expect: { error: /in order/ },
  },
  {
    name: 'the index lists one key twice',
    serve: (server) =>
      serve(server, [{ raw: feedPage('2026-11-20', { items: [item('a')] }) }, { raw: feedPage('2026-11-20', { items: [item('b')] }) }]),
    expect: { error: /in order/ },
  },
  {
    name: "a page's hash in the index is not hex",
    serve: onePage(pageWith([item('a')]), { ref: { sha256: 'zz' } }),
    expect: { error: /sha256/ },
  },
  { name: 'the index is larger than the limit', serve: indexText(big), expect: { error: /more than 4 MB/ } },
  {
    name: 'the index is cut short',
    serve: indexText('{"format": "backstory-feed-index", "version": "1.0", "title": "t", "pag'),
    expect: { error: /not valid JSON/ },
  },
  { name: 'the index is not found (404)', serve: async () => {}, expect: { error: /feed\.test has no feed at this address \(HTTP 404\)/ } },
  {
    name: 'the server fails (500)',
    serve: indexText('oops', { status: 500, type: 'text/plain' }),
    expect: { error: /failed to answer \(HTTP 500\); Backstory will try again later/ },
  },
  { name: 'the feed is gone (410)', serve: indexText('gone', { status: 410 }), expect: { error: /HTTP 410/ } },
  { name: 'the server refuses (403)', serve: indexText('no', { status: 403 }), expect: { error: /refused the request \(HTTP 403\)/ } },
  {
    name: 'the index comes as HTML',
    serve: indexText('<html><script>alert(1)</script></html>', { type: 'text/html; charset=utf-8' }),
    expect: { error: /sent text\/html, not a JSON feed/ },
  },
  {
    name: 'the index redirects to another site',
    serve: indexText('{}', { redirectedTo: 'https://evil.test/feed.json' }),
    expect: { error: /sent Backstory to another site \(evil\.test\)/ },
  },
  { name: 'the server never answers', serve: indexText('{}', { delay: 5000 }), expect: { error: /did not answer within/ } },
  { name: 'the connection fails', serve: indexText('{}', { fail: true }), expect: { error: /Could not reach feed\.test/ } },
  {
    name: 'a page is not JSON',
    serve: onePage('{"format": "backstory-feed-page", "items": ['),
    expect: { error: /Page 2026-11-20: The feed is unreadable: not valid JSON/ },
  },
  {
    name: 'a page is not what the index lists (changed after signing)',
    serve: onePage(pageWith([item('a')]), { ref: { sha256: 'a'.repeat(64) } }),
    expect: { error: /not what the index lists/ },
  },
  {
    name: 'a page is cut short in transit',
    serve: async (server) => {
      await serve(server, [{ raw: pageWith([item('a'), item('b')]) }]);
      const file = server.files.get('/feed/pages/2026-11-20.json') as FakeFile;
      file.body = (file.body as Uint8Array).slice(0, 100);
    },
    expect: { error: /not what the index lists/ },
  },
  {
    name: 'a page of another format',
    serve: onePage({ ...pageWith([item('a')]), format: 'backstory-archive' }),
    expect: { error: /not a Backstory feed page: format/ },
  },
  {
    name: 'a page of a newer major version',
    serve: onePage({ ...pageWith([item('a')]), version: '3.1' }),
    expect: { error: /version 3\.1/ },
  },
  {
    name: 'a page that says it is another page',
    serve: onePage(pageWith([item('a')]), { key: '2026-11-21' }),
    expect: { error: /says it is page 2026-11-20/ },
  },
  {
    name: 'a page with more items than allowed',
    serve: onePage(pageWith(Array.from({ length: FEED_LIMITS.pageItems + 1 }, (_, i) => item(`n${i}`)))),
    expect: { error: /at most 500 items/ },
  },
  {
    name: 'a page missing (404)',
    serve: async (server) => {
      await serve(server, [{ raw: pageWith([item('a')]) }]);
      server.files.delete('/feed/pages/2026-11-20.json');
    },
    expect: { error: /Page 2026-11-20: .*HTTP 404/ },
  },
  {
    name: 'a page served as HTML',
    serve: onePage(pageWith([item('a')]), { file: { type: 'text/html' } }),
    expect: { error: /Page 2026-11-20: .*text\/html/ },
  },
  {
    name: 'a page on another site than the index',
    serve: onePage(pageWith([item('a')]), { ref: { url: 'https://evil.test/page.json' } }),
    expect: { error: /not on the feed's own site/ },
  },
  {
    name: 'a page larger than the limit',
    serve: onePage(pageWith([item('a')]), { file: { body: big } }),
    expect: { error: /more than 4 MB/ },
  },
  {
    name: 'an official page whose signature fails',
    serve: onePage(pageWith([item('a')]), { ref: { signature: `${'A'.repeat(86)}==` } }),
    expect: { error: /signature does not match the official key: rejected/ },
  },
  {
    name: 'an official page with no signature',
    serve: onePage(pageWith([item('a')]), { signWith: null }),
    expect: { error: /signature does not match/ },
  },
  {
    name: 'an official page signed with another key',
    serve: async (server) => onePage(pageWith([item('a')]), { signWith: otherKeys.privateKey })(server),
    expect: { error: /signature does not match/ },
  },
  {
    name: 'a javascript: link: that item is skipped, the rest applies',
    serve: onePage(pageWith([item('good'), item('evil', { url: 'javascript:alert(document.cookie)' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'a data: link in coverage: that item is skipped',
    serve: onePage(
      pageWith([
        item('good'),
        item('evil', {
          coverage: [{ outlet: 'X', headline: 'H', published: '2026-11-20', checked: 'seed', url: 'data:text/html,<script>1</script>' }],
        }),
      ]),
    ),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'HTML and script in text are kept as text, never markup',
    serve: onePage(pageWith([item('markup', { title: '<img src=x onerror=alert(1)><script>alert(2)</script>' })])),
    expect: { state: 'synced', added: 1, skipped: 0 },
    after: async (items) => expect((await items(['markup']))[0]?.title).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>'),
  },
  {
    name: 'an id repeated on a page',
    serve: onePage(pageWith([item('dup'), item('dup', { title: 'again' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'a deletion of an unknown id',
    serve: onePage(feedPage('2026-11-20', { deletions: [{ id: 'nothing-here', modified: '2026-11-20T00:00:00Z' }] })),
    expect: { state: 'synced', added: 0, skipped: 1 },
  },
  {
    name: 'another feed overwriting an official item gets its own copy only',
    official: false,
    serve: onePage(pageWith([{ ...miniArchive().items[0], title: 'Overwritten', modified: '2026-11-20T00:00:00Z' }]), { signWith: null }),
    expect: { state: 'synced', added: 1 },
    after: async (items, ns) => expect((await items([namespaced(ns, ALIBABA)]))[0]?.title).toBe('Overwritten'),
  },
  {
    name: 'another feed deleting an official item deletes nothing',
    official: false,
    serve: onePage(feedPage('2026-11-20', { deletions: [{ id: ALIBABA, modified: '2026-11-20T00:00:00Z' }] }), { signWith: null }),
    expect: { state: 'synced', added: 0, skipped: 1 },
  },
  {
    name: "another feed settling an official item's signal settles only its copy",
    official: false,
    serve: onePage(
      pageWith([
        {
          ...miniArchive().items[0],
          signals: [{ claim: 'Two more firms follow within 60 days.', by: '2026-09-02', status: 'refuted', resolvedBy: 'x' }],
          modified: '2026-11-20T00:00:00Z',
        },
      ]),
      { signWith: null },
    ),
    expect: { state: 'synced', added: 1 },
  },
  {
    name: 'a modified date far in the future is clamped to tomorrow',
    serve: onePage(pageWith([item('future', { modified: '2999-01-01T00:00:00Z' })])),
    expect: { state: 'synced', added: 1 },
    after: async (items) => expect((await items(['future']))[0]?.modified).toBe('2026-12-06T08:00:00Z'),
  },
  {
    name: 'an impossible date',
    serve: onePage(pageWith([item('good'), item('feb30', { published: '2026-02-30' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'a date-time that is no time',
    serve: onePage(pageWith([item('good'), item('t99', { modified: '2026-11-20T99:99Z' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'an item published next year',
    serve: onePage(pageWith([item('good'), item('later', { published: '2027-06-01' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'wrong types in an item',
    serve: onePage(pageWith([item('good'), item('typed', { title: 42, entities: 'openai' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'an item that is not an object',
    serve: onePage(pageWith([item('good'), null, 'item', 7, []])),
    expect: { state: 'synced', added: 1, skipped: 4 },
  },
  {
    name: 'a blank title',
    serve: onePage(pageWith([item('good'), item('blank', { title: '   ' })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'a text longer than the limit',
    serve: onePage(pageWith([item('good'), item('long', { summary: 'y'.repeat(5000) })])),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
  {
    name: 'an entity whose aliases are common words or short',
    serve: onePage(feedPage('2026-11-20', { entities: [feedEntity('newco', 'NewCo Robotics', { aliases: ['it', 'and', 'NewCo'] })] })),
    expect: { state: 'synced', added: 0, skipped: 2 },
  },
  { name: 'an empty index', serve: (server) => serve(server, []), expect: { state: 'unchanged' } },
  {
    name: 'items of too many coverage rows',
    serve: onePage(
      pageWith([
        item('good'),
        item('rows', {
          coverage: Array.from({ length: 41 }, () => ({ outlet: 'O', headline: 'H', published: '2026-11-20', checked: 'seed' })),
        }),
      ]),
    ),
    expect: { state: 'synced', added: 1, skipped: 1 },
  },
];

describe(`${CASES.length} broken or hostile feeds: each ends with a clear status and loses nothing`, () => {
  it.each(CASES)('$name', async (test) => {
    const { server, run, connect, bundled, ns } = await setup(test.official ?? true);
    const before = await bundled();
    const countBefore = await counts(await connect());
    await test.serve(server, ns);
    const outcome = await run();
    if ('error' in test.expect) {
      expect(failed(outcome)).toMatch(test.expect.error);
      expect(await counts(await connect())).toEqual(countBefore);
    } else {
      expect(outcome.state).toBe(test.expect.state);
      if (outcome.state === 'synced') {
        if (test.expect.added !== undefined) expect(outcome.totals.added).toBe(test.expect.added);
        if (test.expect.skipped !== undefined) expect(outcome.totals.skipped).toBe(test.expect.skipped);
      }
    }
    // Nothing lost: every bundled item as it was.
    expect(await bundled()).toEqual(before);
    await test.after?.(async (ids) => getItems(await connect(), ids), ns);
  });
});
