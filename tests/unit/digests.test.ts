import { afterEach, describe, expect, it } from 'vitest';
import { type ArchiveDatabase, openArchiveDb } from '../../lib/archive/db';
import { candidatesWithDigests, type EntityDigest, makeDigests } from '../../lib/archive/digests';
import { applyFeedPage, cursorKeyOf } from '../../lib/archive/feed-apply';
import type { Item } from '../../lib/archive/schema';
import { ARCHIVE_TOKEN, candidatesForEntities, clearArchive, importDocument, putItems, writesBegun } from '../../lib/archive/store';
import { parseFeedPage } from '../../lib/sync/feed-format';
import { random } from '../../scripts/lib/synth-archive';
import { feedItem, feedPage, NOW } from './feed-helpers';
import { archiveAtVersion, freshDbName, miniArchive } from './helpers';

let db: ArchiveDatabase | undefined;
afterEach(() => db?.close());

const ENTITIES = ['alibaba', 'anthropic', 'openai', 'claude-code', 'nvidia'];
const PER = 6;
const LIMIT = 10;

function makeItem(rand: () => number, id: string, modified: string): Item {
  const day = 1 + Math.floor(rand() * 28);
  const entities = ENTITIES.filter((_, i) => rand() < [0.7, 0.5, 0.3, 0.1, 0.05][i]!);
  return {
    id,
    title: `${id} at ${modified}`,
    published: `2026-0${1 + Math.floor(rand() * 9)}-${String(day).padStart(2, '0')}`,
    summary: `What ${id} says as of ${modified}.`,
    take: 't',
    signals: [],
    coverage: [{ outlet: 'Test', headline: id, published: '2026-01-01', checked: 'recall' }],
    entities: entities.length > 0 ? entities : ['openai'],
    follows: [],
    modified,
    deleted: rand() < 0.05,
  };
}

/** What the panel gets with digests where they hold, beside what the lists and records alone say. */
async function bothWays(d: ArchiveDatabase, ids = ENTITIES) {
  const digested = await candidatesWithDigests(d, ids, PER, LIMIT);
  return { digested, direct: await candidatesForEntities(d, ids, PER, LIMIT) };
}

async function archiveWith(items: Item[]): Promise<ArchiveDatabase> {
  db = await openArchiveDb(freshDbName());
  await importDocument(db, miniArchive());
  await putItems(db, items);
  return db;
}

describe("entities' digests", () => {
  it('give the panel the same candidates as its lists and records, and are used once made', async () => {
    const rand = random(7);
    const d = await archiveWith(Array.from({ length: 80 }, (_, i) => makeItem(rand, `item-${i}`, '2026-10-01T00:00:00Z')));
    const before = await bothWays(d);
    expect(before.digested.missed).toEqual(ENTITIES);
    expect(before.digested.candidates).toEqual(before.direct);
    expect(before.direct.length).toBe(LIMIT);

    expect(await makeDigests(d, ENTITIES, PER)).toBe(ENTITIES.length);
    const after = await bothWays(d);
    expect(after.digested.missed).toEqual([]);
    expect(after.digested.candidates).toEqual(after.direct);
    // Made for another number of postings, they are not used.
    expect((await candidatesWithDigests(d, ENTITIES, PER + 1, LIMIT)).missed).toEqual(ENTITIES);
  });

  it('hold the first items of a list whole; a deeper one the panel chooses is read from the store', async () => {
    const rand = random(9);
    const d = await archiveWith(Array.from({ length: 120 }, (_, i) => makeItem(rand, `item-${i}`, '2026-10-01T00:00:00Z')));
    const [per, limit] = [30, 50];
    await makeDigests(d, ENTITIES, per);
    const digest = (await d.get('digests', 'alibaba')) as EntityDigest;
    expect(digest.postings.length).toBe(per);
    expect(digest.items.length).toBeLessThan(per);
    const held = new Set(
      ((await d.getAll('digests')) as EntityDigest[]).flatMap((g) => g.postings.slice(0, g.items.length).map(([, id]) => id)),
    );
    const digested = await candidatesWithDigests(d, ENTITIES, per, limit);
    expect(digested.missed).toEqual([]);
    expect(digested.candidates).toEqual(await candidatesForEntities(d, ENTITIES, per, limit));
    expect(digested.candidates.some((c) => !held.has(c.item.id))).toBe(true);
  });

  it('are dropped by every write of items: any sequence of imports, updates and deletions answers as the records do', async () => {
    const rand = random(11);
    const d = await archiveWith([]);
    let next = 0;
    for (let round = 0; round < 10; round++) {
      await makeDigests(d, ENTITIES, PER);
      const batch: Item[] = [];
      for (let i = 0; i < 1 + Math.floor(rand() * 25); i++) {
        // New items, and newer copies of stored ones (new text, dates, entities, deletion).
        const id = next > 0 && rand() < 0.5 ? `item-${Math.floor(rand() * next)}` : `item-${next++}`;
        batch.push(makeItem(rand, id, `2026-11-${String(1 + round).padStart(2, '0')}T00:00:00Z`));
      }
      await putItems(d, batch, 1 + Math.floor(rand() * 10));
      expect(await d.count('digests')).toBe(0);
      const { digested, direct } = await bothWays(d);
      expect(digested.missed).toEqual(ENTITIES);
      expect(digested.candidates).toEqual(direct);
    }
  });

  it("are dropped by a write of their own archive's items, whatever was written to another archive since", async () => {
    const rand = random(13);
    const items = Array.from({ length: 30 }, (_, i) => makeItem(rand, `item-${i}`, '2026-10-01T00:00:00Z'));
    const other = await openArchiveDb(freshDbName());
    const d = await archiveWith(items);
    await makeDigests(d, ENTITIES, PER);
    await putItems(other, items);
    await putItems(other, [{ ...items[0]!, modified: '2026-12-01T00:00:00Z' }]);
    expect(await d.count('digests')).toBe(ENTITIES.length);
    await putItems(d, [{ ...items[0]!, title: 'Changed', modified: '2026-12-01T00:00:00Z' }]);
    expect(await d.count('digests')).toBe(0);
    other.close();
  });

  it('are not put when a write of items lands between their read and their put', async () => {
    const rand = random(3);
    const d = await archiveWith(Array.from({ length: 40 }, (_, i) => makeItem(rand, `item-${i}`, '2026-10-01T00:00:00Z')));
    const changed = { ...makeItem(rand, 'item-1', '2026-12-01T00:00:00Z'), entities: ENTITIES, published: '2026-09-30' };
    // The digests' read begins first; the write's transaction is made before their put.
    const [put] = await Promise.all([makeDigests(d, ENTITIES, PER), putItems(d, [changed])]);
    expect(put).toBe(0);
    expect(await d.count('digests')).toBe(0);
    const { digested, direct } = await bothWays(d);
    expect(digested.candidates).toEqual(direct);
    expect(direct.find((c) => c.item.id === 'item-1')?.item.title).toBe(changed.title);
  });

  it("are dropped by a feed's page, and with the archive", async () => {
    const rand = random(5);
    const d = await archiveWith(Array.from({ length: 30 }, (_, i) => makeItem(rand, `item-${i}`, '2026-10-01T00:00:00Z')));
    await makeDigests(d, ENTITIES, PER);
    const token = await d.get('meta', ARCHIVE_TOKEN);
    const page = parseFeedPage(
      feedPage('2026-11-20', { items: [feedItem('fresh-news', { entities: ['alibaba', 'anthropic'], published: '2026-11-20' })] }),
      NOW,
    );
    if (!page.ok) throw new Error(page.error);
    const applied = await applyFeedPage(d, {
      namespace: '',
      cursorKey: cursorKeyOf('https://feed.backstory.example/'),
      ref: { key: page.value.key, sha256: '0'.repeat(64) },
      page: page.value,
    });
    expect(applied.state).toBe('applied');
    expect(await d.get('meta', ARCHIVE_TOKEN)).not.toBe(token);
    expect(await d.count('digests')).toBe(0);
    const { digested, direct } = await bothWays(d);
    expect(digested.missed).toEqual(ENTITIES);
    expect(digested.candidates).toEqual(direct);
    expect(direct[0]?.item.id).toBe('fresh-news');

    await makeDigests(d, ENTITIES, PER);
    expect(await d.count('digests')).toBe(ENTITIES.length);
    await clearArchive(d);
    expect(await d.count('digests')).toBe(0);
    expect((await candidatesWithDigests(d, ENTITIES, PER, LIMIT)).candidates).toEqual([]);
  });

  it('can be made at once in an archive upgraded from version 6 (the upgrade puts a token)', async () => {
    const old = await archiveAtVersion(6, (d) => importDocument(d, miniArchive()).then(() => undefined));
    await old.delete('meta', ARCHIVE_TOKEN);
    old.close();
    db = await openArchiveDb(old.name);
    expect(await makeDigests(db, ['alibaba', 'anthropic'], PER)).toBe(2);
    const { digested, direct } = await bothWays(db, ['alibaba', 'anthropic']);
    expect(digested.missed).toEqual([]);
    expect(digested.candidates).toEqual(direct);
  });

  it("are made without counting as a write over the stores a feed's page reads (it would read them again)", async () => {
    const rand = random(17);
    const d = await archiveWith(Array.from({ length: 20 }, (_, i) => makeItem(rand, `item-${i}`, '2026-10-01T00:00:00Z')));
    const stores = ['entities', 'items', 'itemTerms', 'postings', 'meta'];
    const before = writesBegun(stores);
    expect(await makeDigests(d, ENTITIES, PER)).toBe(ENTITIES.length);
    expect(writesBegun(stores)).toBe(before);
  });

  it('are not made before the archive has a token', async () => {
    db = await openArchiveDb(freshDbName());
    await db.delete('meta', ARCHIVE_TOKEN);
    expect(await makeDigests(db, ENTITIES, PER)).toBe(0);
    expect(await db.count('digests')).toBe(0);
  });
});
