/**
 * Storage failures, on fake-indexeddb: a disk that fills up (fake-disk.ts), a database that cannot be
 * opened, one saved by a newer version. Each is told to the reader in plain words (the archive's status,
 * which the popup, the options page and the panel show), and a write that fails leaves what was stored
 * exactly as it was. The end-to-end tests (tests/e2e/storage.e2e.test.ts) show what the reader sees.
 */
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ARCHIVE_DB_VERSION, createArchiveConnection, openArchiveDb } from '../../lib/archive/db';
import { cursorKeyOf, type FeedPageWrite, PAGE_SLICE } from '../../lib/archive/feed-apply';
import { DEFAULT_RETENTION } from '../../lib/archive/headlines';
import { unpackBlock } from '../../lib/archive/postings';
import { describeStorageError } from '../../lib/archive/seed';
import { createArchiveService } from '../../lib/archive/service';
import { storageProblemOf } from '../../lib/archive/storage-problem';
import type { ArticleInput } from '../../lib/entities/analysis';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { fillDisk, freeDisk } from './fake-disk';
import { feedItem, feedPage, NOW } from './feed-helpers';
import { freshDbName, miniArchive } from './helpers';

beforeEach(() => fakeBrowser.reset());

const FEED = 'https://feed.test/feed/index.json';

/** Every record of every store, read with the bare IndexedDB API: what "nothing changed" is checked against. */
async function everything(name: string): Promise<Record<string, [unknown, unknown][]>> {
  const db = await openDB(name);
  const out: Record<string, [unknown, unknown][]> = {};
  for (const store of [...db.objectStoreNames]) {
    const [keys, values] = await Promise.all([db.getAllKeys(store), db.getAll(store)]);
    out[store] = keys.map((key, i) => [key, values[i]]);
  }
  db.close();
  return out;
}

/** A feed page of `count` new items, ready to apply. */
function pageOf(key: string, count: number): FeedPageWrite {
  const items = Array.from({ length: count }, (_, i) => feedItem(`${key}-item-${i}`, { entities: ['openai'] }));
  const parsed = parseFeedPage(feedPage(key, { items }), NOW);
  if (!parsed.ok) throw new Error(parsed.error);
  return { namespace: '', cursorKey: cursorKeyOf(FEED), ref: { key, sha256: 'a'.repeat(64) }, page: parsed.value };
}

async function seededService(name = freshDbName()) {
  const archive = createArchiveService(createArchiveConnection(name), { snapshotId: 'one', loadSnapshot: async () => miniArchive() });
  expect((await archive.seeded).state).toBe('imported');
  // The fold job after the import settled, so that what is stored stays as it is unless a write changes it.
  await archive.folded();
  return { name, archive };
}

const ARTICLE: ArticleInput = {
  url: 'https://techcrunch.com/2026/07/04/an-article/',
  title: 'OpenAI ships a model',
  blocks: ['OpenAI ships a model.'],
};

describe('a full disk', () => {
  it('a feed page that does not fit is not applied at all, the reader is told, and it applies once space is freed', async () => {
    const { name, archive } = await seededService();
    const before = await everything(name);
    const counted = (await archive.status()).counts;
    // Room for a few of the page's items, not all: a page written in more than one transaction would leave some.
    fillDisk(name, 3000);
    await expect(archive.applyFeedPage(pageOf('2026-12-01', 12))).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(await everything(name)).toEqual(before);
    const status = await archive.status();
    expect(status.problem).toMatchObject({ kind: 'full', title: 'The disk is full' });
    expect(status.error).toBe('The disk is full: Backstory cannot update its archive until space is freed. Nothing it stored is lost.');
    // What was stored is still read and shown.
    expect(status.counts).toEqual(counted);

    freeDisk(name);
    expect((await archive.applyFeedPage(pageOf('2026-12-01', 12))).added).toBe(12);
    const after = await archive.status();
    expect(after.problem).toBeUndefined();
    expect(after.counts?.items).toBe((counted?.items ?? 0) + 12);
  });

  it('a long page that fills the disk part way keeps its whole slices, says how far it got, and finishes each item exactly once', async () => {
    const { name, archive } = await seededService();
    const counted = (await archive.status()).counts?.items ?? 0;
    const write = pageOf('2026-12-02', 3 * PAGE_SLICE + 5);
    // Room for a slice or two of the page: it is written a slice per transaction, the cursor moving with each.
    fillDisk(name, 15_000);
    await expect(archive.applyFeedPage(write)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    const cursor = await archive.feedCursor(FEED);
    const done = cursor?.partial?.done ?? 0;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(write.page.items.length);
    expect(done % PAGE_SLICE).toBe(0);
    // Exactly the slices written are there, each item with its postings (the counts follow the lists).
    expect((await archive.status()).counts?.items).toBe(counted + done);
    expect((await archive.status()).problem?.kind).toBe('full');

    freeDisk(name);
    const rest = await archive.applyFeedPage(write);
    expect(rest.added).toBe(write.page.items.length - done);
    expect((await archive.status()).counts?.items).toBe(counted + write.page.items.length);
    expect((await archive.feedCursor(FEED))?.partial).toBeUndefined();
    expect((await archive.applyFeedPage(write)).state).toBe('already');
    const db = await openDB(name);
    const every = await db.getAll('postings', IDBKeyRange.bound([''], ['', '\uffff']));
    const ids = every.map(unpackBlock).flatMap((block) => block.postings.map(([, id]) => id));
    expect(ids.filter((id) => id.startsWith('2026-12-02-item-')).length).toBe(write.page.items.length);
    expect(new Set(ids).size).toBe(ids.length);
    db.close();
  });

  it('a new bundled snapshot that does not fit leaves the archive as it was, and says so until it is imported', async () => {
    const { name } = await seededService();
    const before = await everything(name);
    fillDisk(name, 0);
    const doc = miniArchive();
    const newer = { ...doc, items: [...doc.items, { ...(doc.items[0] as (typeof doc.items)[0]), id: 'only-in-the-new-snapshot' }] };
    const updated = createArchiveService(createArchiveConnection(name), { snapshotId: 'two', loadSnapshot: async () => newer });
    expect(await updated.seeded).toMatchObject({ state: 'failed', problem: { kind: 'full' } });
    expect(await everything(name)).toEqual(before);
    expect((await updated.status()).problem?.kind).toBe('full');
    // The archive still answers from what it holds.
    expect((await updated.analyze(ARTICLE)).entities.map((e) => e.id)).toContain('openai');
    freeDisk(name);
  });
});

/**
 * A disk the room probe (lib/archive/room.ts) finds full or not. Chromium's LevelDB can lose the whole archive
 * when a write, or an open, is cut short by a full disk, which fake-indexeddb cannot show: what these tests
 * hold to is that Backstory asks the disk first and does not touch the archive while it has no room.
 */
function probedDisk() {
  const disk = { full: false, asked: 0 };
  const room = async () => {
    disk.asked++;
    return disk.full
      ? new DOMException('The operation failed because it would cause the application to exceed its storage quota.', 'QuotaExceededError')
      : undefined;
  };
  return { disk, room };
}

describe('the browser closing the archive on a full disk', () => {
  it('does not open it again while the disk has no room, says the disk is full, and reads everything once there is room', async () => {
    const name = freshDbName();
    const { disk, room } = probedDisk();
    const connect = createArchiveConnection(name, room);
    const archive = createArchiveService(connect, { snapshotId: 'one', loadSnapshot: async () => miniArchive(), room });
    expect((await archive.seeded).state).toBe('imported');
    await archive.folded();
    const counted = (await archive.status()).counts;
    const asked = disk.asked;

    // As Chromium does after a write meets the full disk: the connection is closed under the readers.
    disk.full = true;
    (await connect()).close();
    // Two readers at once find it closed: the disk is asked once, and the archive is not opened.
    const [status, analysis] = await Promise.all([archive.status(), archive.analyze(ARTICLE).catch((error: Error) => error)]);
    expect(disk.asked).toBe(asked + 1);
    // Not even readable until then: said so.
    expect(status.problem).toMatchObject({ kind: 'full-at-open' });
    expect(status.error).toBe(
      'The disk is full: Backstory cannot open its archive until space is freed: until then no names are marked and the panel has nothing to show. Nothing it stored is lost.',
    );
    expect(analysis).toBeInstanceOf(Error);
    expect((analysis as Error).message).toMatch(/^The disk is full/);

    // Space freed: the next question opens the archive again, and all of it is there.
    disk.full = false;
    expect((await archive.status()).counts).toEqual(counted);
    expect((await archive.analyze(ARTICLE)).entities.map((e) => e.id)).toContain('openai');
  });

  it('an import the full disk has no room for is not begun, and the tab on a page says why rather than finding nothing', async () => {
    const name = freshDbName();
    const { disk, room } = probedDisk();
    disk.full = true;
    const archive = createArchiveService(createArchiveConnection(name, room), {
      snapshotId: 'one',
      loadSnapshot: async () => miniArchive(),
      room,
    });
    expect(await archive.seeded).toMatchObject({ state: 'failed', problem: { kind: 'full' } });
    // Not even the import's marker was written.
    expect((await everything(name)).meta?.find(([key]) => key === 'seed')).toBeUndefined();
    await expect(archive.analyze(ARTICLE)).rejects.toThrow(/^The disk is full/);
  });
});

describe('a worker that starts on a full disk', () => {
  afterEach(() => vi.useRealTimers());
  // Chromium's answer to opening an origin's store again on a full disk (it closed the store two seconds after
  // its last connection closed): the same words as for a damaged folder.
  const backingStore = () => new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');

  it('says the disk is full, not that the archive is damaged, and works once space is freed, without a restart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const name = freshDbName();
    const { archive: first } = await seededService(name);
    const counted = (await first.status()).counts;
    (await createArchiveConnection(name)()).close();

    const { disk, room } = probedDisk();
    disk.full = true;
    const openDb: typeof openArchiveDb = (...args) => (disk.full ? Promise.reject(backingStore()) : openArchiveDb(...args));
    const archive = createArchiveService(createArchiveConnection(name, room, openDb), {
      snapshotId: 'one',
      loadSnapshot: async () => miniArchive(),
      room,
    });
    expect(await archive.seeded).toMatchObject({ state: 'failed', problem: { kind: 'full-at-open' } });
    const status = await archive.status();
    expect(status.error).toBe(
      'The disk is full: Backstory cannot open its archive until space is freed: until then no names are marked and the panel has nothing to show. Nothing it stored is lost.',
    );
    await expect(archive.analyze(ARTICLE)).rejects.toThrow(/^The disk is full: Backstory cannot open its archive/);

    // Space freed: a question a little later opens the archive, and everything stored is there.
    disk.full = false;
    vi.setSystemTime(Date.now() + 6_000);
    const again = await archive.status();
    expect(again.problem).toBeUndefined();
    expect(again.counts).toEqual(counted);
    expect((await archive.analyze(ARTICLE)).entities.map((e) => e.id)).toContain('openai');
  });

  it('a store that fails to open on a disk with room is still reported as one that cannot be opened', async () => {
    const { disk, room } = probedDisk();
    const archive = createArchiveService(
      createArchiveConnection(freshDbName(), room, () => Promise.reject(backingStore())),
      {
        snapshotId: 'one',
        loadSnapshot: async () => miniArchive(),
        room,
      },
    );
    expect(await archive.seeded).toMatchObject({ state: 'failed', problem: { kind: 'cannot-open' } });
    expect(disk.asked).toBe(1);
    expect((await archive.status()).problem?.title).toBe('Backstory cannot open its archive');
  });
});

describe('writes on a disk the probe finds full', () => {
  afterEach(() => vi.useRealTimers());

  it('a feed page, headlines and a feed removed are not begun, the reader is told, and the page applies once there is room', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const name = freshDbName();
    const { disk, room } = probedDisk();
    const archive = createArchiveService(createArchiveConnection(name, room), {
      snapshotId: 'one',
      loadSnapshot: async () => miniArchive(),
      room,
    });
    expect((await archive.seeded).state).toBe('imported');
    await archive.folded();
    const before = await everything(name);

    // Past the time a "there is room" answer is trusted: the next write asks the disk again.
    disk.full = true;
    vi.setSystemTime(Date.now() + 60_000);
    const asked = disk.asked;
    await expect(archive.applyFeedPage(pageOf('2026-12-01', 3))).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(
      archive.applyNewsFeed({ feedUrl: 'https://news.test/rss', entries: [], now: new Date(NOW), retention: DEFAULT_RETENTION }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(archive.removeFeed(FEED, '')).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(disk.asked).toBe(asked + 3);
    expect(await everything(name)).toEqual(before);
    expect((await archive.status()).problem).toMatchObject({ kind: 'full', title: 'The disk is full' });

    disk.full = false;
    expect((await archive.applyFeedPage(pageOf('2026-12-01', 3))).added).toBe(3);
    expect((await archive.status()).problem).toBeUndefined();
  });
});

describe('an archive that cannot be opened', () => {
  // Chromium's answer when the database's folder in the profile is damaged or not a folder.
  const cannotOpen = () => Promise.reject(new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'));

  it('is reported as such, and every question gets that answer rather than waiting', async () => {
    const archive = createArchiveService(cannotOpen, { snapshotId: 'one', loadSnapshot: async () => miniArchive() });
    expect(await archive.seeded).toMatchObject({ state: 'failed', problem: { kind: 'cannot-open' } });
    const status = await archive.status();
    expect(status.counts).toBeUndefined();
    expect(status.problem).toMatchObject({ kind: 'cannot-open', title: 'Backstory cannot open its archive' });
    expect(status.problem?.detail).toContain('Internal error opening backing store');
    expect(status.problem?.detail).toContain('Nothing was deleted');
    await expect(archive.analyze(ARTICLE)).rejects.toThrow(/^Backstory cannot open its archive/);
    await expect(archive.entityCard('openai')).rejects.toThrow(/^Backstory cannot open its archive/);
  });
});

describe('an archive saved by a newer version of Backstory', () => {
  it('is reported, and left exactly as that version saved it', async () => {
    const name = freshDbName();
    const newer = await openDB(name, ARCHIVE_DB_VERSION + 1, {
      upgrade(db) {
        db.createObjectStore('future').put({ kept: true }, 'record');
      },
    });
    newer.close();
    const before = await everything(name);
    const archive = createArchiveService(createArchiveConnection(name), { snapshotId: 'one', loadSnapshot: async () => miniArchive() });
    expect(await archive.seeded).toMatchObject({ state: 'failed', problem: { kind: 'newer-version' } });
    expect((await archive.status()).problem).toMatchObject({
      kind: 'newer-version',
      title: 'The archive was saved by a newer version of Backstory',
    });
    await expect(archive.analyze(ARTICLE)).rejects.toThrow(/^The archive was saved by a newer version of Backstory/);
    expect(await everything(name)).toEqual(before);
    const db = await openDB(name);
    expect(db.version).toBe(ARCHIVE_DB_VERSION + 1);
    db.close();
  });
});

describe('the words for each cause', () => {
  it('names the cause the browser reports', () => {
    expect(storageProblemOf(new DOMException('', 'QuotaExceededError')).kind).toBe('full');
    // Chromium's error when the disk itself is full, rather than the origin's quota.
    const io = new DOMException('Connection is closing because of: IO error: FILE_ERROR_NO_SPACE', 'UnknownError');
    expect(storageProblemOf(io).kind).toBe('full');
    expect(
      storageProblemOf(new DOMException('The requested version (4) is less than the existing version (5).', 'VersionError'), 'open').kind,
    ).toBe('newer-version');
    expect(storageProblemOf(new DOMException('Internal error.', 'UnknownError'), 'open').kind).toBe('cannot-open');
    expect(storageProblemOf(new DOMException('Internal error.', 'UnknownError'))).toEqual({
      kind: 'failed',
      title: 'The archive could not be updated',
      detail: 'Internal error.',
      cause: 'Internal error.',
    });
    expect(describeStorageError(new Error('boom'))).toBe('The archive could not be updated: boom');
  });
});
