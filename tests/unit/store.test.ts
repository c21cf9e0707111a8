import { afterEach, describe, expect, it } from 'vitest';
import { type ArchiveDatabase, openArchiveDb } from '../../lib/archive/db';
import { ensureSeeded, readSeedState } from '../../lib/archive/seed';
import {
  candidatesForEntities,
  childrenOf,
  counts,
  entitiesByAlias,
  importDocument,
  itemByUrl,
  itemsForEntities,
  itemsOfEntity,
  putItems,
  recentItems,
  termStats,
} from '../../lib/archive/store';
import { normalizeUrl } from '../../lib/archive/url';
import { itemText, terms } from '../../lib/search/terms';
import { freshDbName, miniArchive } from './helpers';

let db: ArchiveDatabase | undefined;
afterEach(() => db?.close());

async function seededDb(): Promise<ArchiveDatabase> {
  db = await openArchiveDb(freshDbName());
  await importDocument(db, miniArchive());
  return db;
}

describe('queries', () => {
  it('counts what was imported', async () => {
    const d = await seededDb();
    expect(await counts(d)).toEqual({ entities: 8, items: 4 });
  });

  it('finds the items for a set of entities, newest first, each once', async () => {
    const d = await seededDb();
    const items = await itemsForEntities(d, ['alibaba', 'anthropic', 'openai']);
    expect(items.map((i) => i.id)).toEqual([
      '2026-07-04-alibaba-bans-claude-code',
      '2026-06-10-distillation-letter',
      '2026-05-01-openai-update',
    ]);
  });

  it("pages through an entity's items by date", async () => {
    const d = await seededDb();
    expect((await itemsOfEntity(d, 'anthropic')).map((i) => i.published)).toEqual(['2026-07-04', '2026-06-10']);
    expect((await itemsOfEntity(d, 'anthropic', 1)).map((i) => i.published)).toEqual(['2026-07-04']);
    expect((await itemsOfEntity(d, 'anthropic', 5, '2026-07-04')).map((i) => i.published)).toEqual(['2026-06-10']);
  });

  it('finds an item by its article address, however it is dressed', async () => {
    const d = await seededDb();
    const variants = [
      'https://techcrunch.com/2026/07/04/alibaba-reportedly-bans-employees-from-using-claude-code/',
      'http://www.techcrunch.com/2026/07/04/alibaba-reportedly-bans-employees-from-using-claude-code',
      'https://techcrunch.com/2026/07/04/alibaba-reportedly-bans-employees-from-using-claude-code/?utm_source=x&utm_medium=y#comments',
    ];
    for (const url of variants) expect((await itemByUrl(d, url))?.id).toBe('2026-07-04-alibaba-bans-claude-code');
    expect(await itemByUrl(d, 'https://techcrunch.com/2026/07/04/something-else/')).toBeUndefined();
  });

  it('finds entities by any alias, in any case', async () => {
    const d = await seededDb();
    expect((await entitiesByAlias(d, '阿里巴巴')).map((e) => e.id)).toEqual(['alibaba']);
    expect((await entitiesByAlias(d, 'baba')).map((e) => e.id)).toEqual(['alibaba']);
    expect((await entitiesByAlias(d, 'tongyi qianwen')).map((e) => e.id)).toEqual(['qwen']);
  });

  it('finds an entity’s children by the index on their parent', async () => {
    const d = await seededDb();
    const children = await childrenOf(d, ['anthropic', 'openai']);
    expect(children.get('anthropic')?.sort()).toEqual(['claude', 'claude-code']);
    expect(children.get('openai')).toEqual([]);
  });

  it('reads candidates with the terms stored for them, the same as stemming their text again', async () => {
    const d = await seededDb();
    const found = await candidatesForEntities(d, ['alibaba', 'anthropic']);
    expect(found.length).toBeGreaterThan(0);
    for (const { item, terms: stored } of found) {
      expect(stored).toEqual(terms(itemText(item)));
      expect(item).not.toHaveProperty('termText');
    }
  });

  it('lists recent items', async () => {
    const d = await seededDb();
    expect((await recentItems(d, 2)).map((i) => i.id)).toEqual(['2026-07-04-alibaba-bans-claude-code', '2026-06-10-distillation-letter']);
  });
});

describe('writes', () => {
  it('re-importing duplicates nothing', async () => {
    const d = await seededDb();
    const again = await importDocument(d, miniArchive());
    expect(again).toMatchObject({ written: 0, skipped: 4 });
    expect(await counts(d)).toEqual({ entities: 8, items: 4 });
    expect(await itemsOfEntity(d, 'alibaba')).toHaveLength(2);
  });

  it('keeps the newer copy of an item, whichever arrives first', async () => {
    const d = await seededDb();
    const [item] = miniArchive().items;
    const newer = { ...item!, title: 'Updated by sync', entities: ['alibaba'], modified: '2026-08-01T00:00:00Z' };
    await putItems(d, [newer]);
    await importDocument(d, miniArchive()); // the older bundled copy comes again
    expect((await itemByUrl(d, item!.url!))?.title).toBe('Updated by sync');
    // Its mention rows follow the copy that won.
    expect((await itemsOfEntity(d, 'claude-code')).map((i) => i.id)).toEqual([]);
  });

  it('a deleted item disappears from every query and an older copy cannot revive it', async () => {
    const d = await seededDb();
    const [item] = miniArchive().items;
    await putItems(d, [{ ...item!, deleted: true, modified: '2026-08-01T00:00:00Z' }]);
    await importDocument(d, miniArchive());
    expect(await itemByUrl(d, item!.url!)).toBeUndefined();
    expect((await itemsForEntities(d, ['claude-code'])).length).toBe(0);
    expect((await recentItems(d)).map((i) => i.id)).not.toContain(item!.id);
  });

  it('keeps each term’s document frequency in step with additions, rewrites and deletions', async () => {
    const d = await seededDb();
    const base = miniArchive().items[0]!;
    const docs = (await termStats(d, [])).docs;
    const at = (modified: string) => `2026-08-0${modified}T00:00:00Z`;
    const df = async (term: string) => (await termStats(d, [term])).df.get(term) ?? 0;
    await putItems(d, [
      { ...base, id: 'zebra-1', title: 'Zebras everywhere', summary: 'A zebra story.', take: 'Zebra.', modified: at('1') },
      { ...base, id: 'zebra-2', title: 'More zebras', summary: 'Another zebra.', take: 'Zebra again.', modified: at('1') },
    ]);
    expect(await df('zebra')).toBe(2);
    expect((await termStats(d, [])).docs).toBe(docs + 2);
    // A rewrite that drops the word, then a deletion: the count follows, and the totals too.
    await putItems(d, [{ ...base, id: 'zebra-1', title: 'Horses', summary: 'A horse story.', take: 'Horse.', modified: at('2') }]);
    expect(await df('zebra')).toBe(1);
    expect(await df('hors')).toBe(1);
    await putItems(d, [{ ...base, id: 'zebra-2', title: 'More zebras', summary: 'x', take: 'y', deleted: true, modified: at('3') }]);
    expect(await df('zebra')).toBe(0);
    expect((await termStats(d, [])).docs).toBe(docs + 1);
    // An older copy changes nothing.
    await putItems(d, [{ ...base, id: 'zebra-1', title: 'Zebras', summary: 'Zebra.', take: 'Zebra.', modified: at('1') }]);
    expect(await df('zebra')).toBe(0);
  });
});

describe('seeding', () => {
  it('imports the bundled snapshot once', async () => {
    db = await openArchiveDb(freshDbName());
    let loads = 0;
    const load = async () => {
      loads++;
      return miniArchive();
    };
    expect(await ensureSeeded(db, 'v1', load)).toMatchObject({ state: 'imported', asOf: '2026-07-04', written: 4 });
    expect(await ensureSeeded(db, 'v1', load)).toEqual({ state: 'current', asOf: '2026-07-04' });
    expect(loads).toBe(1);
    // A new snapshot (an update) is imported again, idempotently.
    expect(await ensureSeeded(db, 'v2', load)).toMatchObject({ state: 'imported', written: 0, skipped: 4 });
  });

  it('completes an import that was cut off halfway, without loss or duplicates', async () => {
    db = await openArchiveDb(freshDbName());
    const doc = miniArchive();
    // The worker stopped after the first two items went in: the seed record says incomplete.
    await db.put('meta', { snapshot: 'v1', complete: false }, 'seed');
    await putItems(db, doc.items.slice(0, 2));
    const outcome = await ensureSeeded(db, 'v1', async () => doc);
    expect(outcome).toMatchObject({ state: 'imported', written: 2, skipped: 2 });
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
    expect((await readSeedState(db))?.complete).toBe(true);
  });

  it('reports a bad snapshot and keeps what was stored', async () => {
    db = await openArchiveDb(freshDbName());
    await importDocument(db, miniArchive());
    const outcome = await ensureSeeded(db, 'v9', async () => ({ format: 'backstory-archive', version: 1, items: 'nope' }));
    expect(outcome.state).toBe('failed');
    if (outcome.state === 'failed') expect(outcome.error).toMatch(/^The bundled archive is invalid/);
    expect(await counts(db)).toEqual({ entities: 8, items: 4 });
  });
});

describe('normalizeUrl', () => {
  it('ignores scheme, www, trailing slash, utm_* and fragment, and keeps other parameters', () => {
    expect(normalizeUrl('https://www.Example.com/a/b/?utm_campaign=x&id=2#top')).toBe('example.com/a/b?id=2');
    expect(normalizeUrl('http://example.com/a/b?id=2')).toBe('example.com/a/b?id=2');
    expect(normalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(normalizeUrl('not a url')).toBeUndefined();
  });
});
