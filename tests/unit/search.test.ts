import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ArchiveDatabase, openArchiveDb } from '../../lib/archive/db';
import { foldAll } from '../../lib/archive/fold';
import type { Entity, Item } from '../../lib/archive/schema';
import { newSearchMemory, searchArchive } from '../../lib/archive/search';
import { importDocument, putEntities, putItems } from '../../lib/archive/store';
import { markMatches, parseQuery, queryWords, rangeIsEmpty, snippet, withinEdits } from '../../lib/search/query';
import { terms } from '../../lib/search/terms';
import { freshDbName, miniArchive } from './helpers';

let db: ArchiveDatabase | undefined;
afterEach(() => db?.close());

const base = miniArchive().items[2] as Item;
const nvidia: Entity = { id: 'nvidia', name: 'Nvidia', type: 'company', aliases: ['NVDA', '英伟达'], ambiguous: [], description: 'Chips.' };
const alphabet: Entity = {
  id: 'alphabet',
  name: 'Alphabet',
  type: 'company',
  aliases: ['Google', 'GOOG', 'GOOGL'],
  ambiguous: [],
  description: 'Search.',
};
const chips: Item = {
  ...base,
  id: '2026-06-20-nvidia-chips',
  title: 'Nvidia ships new datacenter chips',
  summary: 'Nvidia said its new accelerators ship in volume to cloud providers.',
  take: 'Supply, not demand, limits the market.',
  published: '2026-06-20',
  entities: ['nvidia'],
  url: 'https://example.com/nvidia-chips',
};

/** The mini archive plus Nvidia and Alphabet, folded (the index built). */
async function archive(): Promise<ArchiveDatabase> {
  const d = await openArchiveDb(freshDbName());
  await importDocument(d, miniArchive());
  await putEntities(d, [nvidia, alphabet]);
  await putItems(d, [chips]);
  await foldAll(d);
  return d;
}

const ids = (r: { items: { item: Item }[] }) => r.items.map((hit) => hit.item.id);
/** An item of plain text with no entities or address: only its title and date tell it apart. */
const plainItem = (id: string, title: string, published: string): Item => ({
  ...chips,
  id,
  url: undefined,
  title,
  summary: 'Plain text.',
  take: 'Plain.',
  published,
  entities: [],
});
/** The day `n` days after 1 January 2024. */
const dayOf = (n: number): string => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const entityIds = (r: { entities: { entity: Entity }[] }) => r.entities.map((hit) => hit.entity.id);

describe('the search query', () => {
  it('reads filters apart from words, and says which it did not understand', () => {
    expect(parseQuery('claude cod entity:anthropic type:lab from:2026-06 to:2026-07-15')).toMatchObject({
      words: ['claude', 'cod'],
      entity: 'anthropic',
      type: 'lab',
      from: '2026-06',
      to: '2026-07-15',
      typing: false,
      ignored: [],
    });
    expect(parseQuery('claude cod').typing).toBe(true);
    expect(parseQuery('claude cod ').typing).toBe(false);
    expect(parseQuery('type:spaceship from:June').ignored).toEqual(['type:spaceship', 'from:June']);
    // A month or day that is none is not understood either, rather than matching nothing in silence.
    expect(parseQuery('from:2026-13 to:2026-02-30').ignored).toEqual(['from:2026-13', 'to:2026-02-30']);
    expect(parseQuery('from:2026-12-31').from).toBe('2026-12-31');
  });

  it('says when the dates leave no day between them, and only then', () => {
    expect(rangeIsEmpty({ from: '2026-06', to: '2026-01' })).toBe(true);
    expect(rangeIsEmpty({ from: '2026-06-15', to: '2026-06' })).toBe(false);
    expect(rangeIsEmpty({ from: '2026-06-15', to: '2026-06-15' })).toBe(false);
    expect(rangeIsEmpty({ from: '2026', to: '2025-12-31' })).toBe(true);
    expect(rangeIsEmpty({ from: '2026-06' })).toBe(false);
  });

  it('tokenises Latin and CJK names without breaking', () => {
    expect(terms('Alibaba bans Claude Code')).toEqual(['alibaba', 'ban', 'claud', 'code']);
    expect(terms('阿里巴巴')).toEqual(['阿里', '里巴', '巴巴']);
    expect(queryWords(parseQuery('阿里巴巴 Nvida'))).toEqual([
      { raw: '阿里巴巴', folded: '阿里巴巴', terms: ['阿里', '里巴', '巴巴'], prefix: false },
      { raw: 'Nvida', folded: 'nvida', terms: ['nvida'], prefix: true },
    ]);
  });

  it('counts typos as edits, a swap of neighbours as one', () => {
    expect(withinEdits('nvida', 'nvidia', 1)).toBe(true);
    expect(withinEdits('antrhopic', 'anthropic', 1)).toBe(true);
    expect(withinEdits('openai', 'apple', 1)).toBe(false);
  });

  it('marks matched words as text parts, never markup', () => {
    const parts = markMatches('Alibaba <b>bans</b> Claude Code', new Set(['ban']), ['cod']);
    expect(parts).toEqual([
      { text: 'Alibaba <b>', mark: false },
      { text: 'bans', mark: true },
      { text: '</b> Claude ', mark: false },
      { text: 'Code', mark: true },
    ]);
    const long = `${'Filler words here. '.repeat(20)}The zebra escaped. ${'More filler. '.repeat(20)}`;
    const cut = snippet(long, new Set(['zebra']));
    expect(cut.some((p) => p.mark && p.text === 'zebra')).toBe(true);
    // Nothing typed (the newest items): the text whole and unmarked, the snippet its first sentence, cut.
    expect(markMatches('Alibaba <b>bans</b> Claude Code', new Set())).toEqual([{ text: 'Alibaba <b>bans</b> Claude Code', mark: false }]);
    expect(markMatches('', new Set())).toEqual([]);
    const first = snippet(`${'A first sentence that goes on and on. '.repeat(1)}The zebra escaped.`, new Set(), ['']);
    expect(first).toEqual([{ text: 'A first sentence that goes on and on.', mark: false }]);
    // A first sentence too long to show whole is shown from its start, not its end.
    const opening = `Anthropic already bars Chinese companies ${'and their subsidiaries '.repeat(8)}from its models.`;
    expect(snippet(opening, new Set()).map((p) => p.text)).toEqual([`${opening.slice(0, 160)}…`]);
    expect(snippet(long, new Set()).map((p) => p.text)).toEqual(['Filler words here.']);
  });
});

describe('searching the archive', () => {
  it('matches the word being typed as a prefix ("claude cod")', async () => {
    db = await archive();
    const found = await searchArchive(db, 'claude cod');
    expect(ids(found)).toEqual(['2026-07-04-alibaba-bans-claude-code']);
    expect(found.prefixes).toEqual(['cod']);
    expect(entityIds(found)[0]).toBe('claude-code');
  });

  it('puts the stories whose titles hold the words before those that name them in passing, newest first among equals', async () => {
    db = await archive();
    const passing = (id: string, published: string): Item => ({
      ...chips,
      id,
      url: undefined,
      title: `A vibe-coding app comes to phones ${id}`,
      summary: 'It widens the market beyond the coders Cursor and Claude Code serve.',
      published,
      entities: [],
    });
    await putItems(db, [passing('passing-1', '2026-07-10'), passing('passing-2', '2026-07-09')]);
    await foldAll(db);
    const found = ids(await searchArchive(db, 'claude cod'));
    // The mini archive's story on Claude Code is older than both.
    expect(found).toEqual(['2026-07-04-alibaba-bans-claude-code', 'passing-1', 'passing-2']);
  });

  it('forgives a typo ("Nvida") in items and in entity names', async () => {
    db = await archive();
    const found = await searchArchive(db, 'Nvida ');
    expect(ids(found)).toEqual([chips.id]);
    expect(entityIds(found)).toContain('nvidia');
  });

  it('finds entities by alias, ticker and native-script name, exactly and by prefix', async () => {
    db = await archive();
    const memory = newSearchMemory();
    const first = async (q: string) => entityIds(await searchArchive(db as ArchiveDatabase, q, { memory }))[0];
    expect(await first('GOOG')).toBe('alphabet');
    expect(await first('goo')).toBe('alphabet');
    expect(await first('BABA')).toBe('alibaba');
    expect(await first('阿里巴巴')).toBe('alibaba');
    expect(await first('阿里')).toBe('alibaba');
    expect(await first('英伟达')).toBe('nvidia');
    // A ticker no item's text holds still brings its entity's items.
    expect(ids(await searchArchive(db, 'BABA ', { memory }))).toEqual([
      '2026-07-04-alibaba-bans-claude-code',
      '2026-06-10-distillation-letter',
    ]);
    const found = await searchArchive(db, 'BABA', { memory });
    expect(found.entities[0]?.items).toBe(2);
  });

  it('says which filters typed as words are in effect, the entity by its name; a chosen one is not repeated', async () => {
    db = await archive();
    expect((await searchArchive(db, 'claude entity:anthropic from:2026-06 type:spaceship')).typed).toEqual({
      entity: 'Anthropic',
      from: '2026-06',
    });
    expect((await searchArchive(db, 'entity:nobody-we-know')).typed).toBeUndefined();
    expect((await searchArchive(db, 'from:2026-06', { filters: { from: '2026-07' } })).typed).toBeUndefined();
    expect((await searchArchive(db, 'claude')).typed).toBeUndefined();
  });

  it('filters by entity, entity type and dates, typed or chosen', async () => {
    db = await archive();
    expect(ids(await searchArchive(db, 'entity:anthropic'))).toEqual([
      '2026-07-04-alibaba-bans-claude-code',
      '2026-06-10-distillation-letter',
    ]);
    expect(ids(await searchArchive(db, '', { filters: { entity: 'anthropic', to: '2026-06' } }))).toEqual([
      '2026-06-10-distillation-letter',
    ]);
    expect(ids(await searchArchive(db, 'from:2026-06 to:2026-06'))).toEqual([chips.id, '2026-06-10-distillation-letter']);
    expect(ids(await searchArchive(db, 'type:person'))).toEqual(['2026-04-20-apple-ternus']);
    expect(entityIds(await searchArchive(db, 'claude type:product'))).toEqual(['claude-code']);
    // The empty query: the newest items, with their entities' names (read by id, on a fresh memory too).
    const newest = await searchArchive(db, '', { memory: newSearchMemory() });
    expect(ids(newest)[0]).toBe('2026-07-04-alibaba-bans-claude-code');
    expect(newest.items[0]?.entityNames).toEqual(['Alibaba', 'Claude Code', 'Anthropic']);
  });

  it('follows updates and deletions once the fold job has run', async () => {
    db = await archive();
    await putItems(db, [{ ...chips, title: 'Nvidia ships zebras', summary: 'A zebra shipment.', modified: '2026-08-01T00:00:00Z' }]);
    await foldAll(db);
    expect(ids(await searchArchive(db, 'datacenter '))).toEqual([]);
    expect(ids(await searchArchive(db, 'zebra '))).toEqual([chips.id]);
    await putItems(db, [{ ...chips, deleted: true, modified: '2026-08-02T00:00:00Z' }]);
    await foldAll(db);
    expect(ids(await searchArchive(db, 'zebra '))).toEqual([]);
    expect(ids(await searchArchive(db, 'nvidia '))).toEqual([]);
  });

  it('finds every item holding all the words when some words are in hundreds of items, old ones included', async () => {
    db = await archive();
    const day = (n: number) => `2025-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    // 900 items say "harbor"; the 3 oldest of them also "quartz"; 500 newer ones say "lantern" too.
    const many = Array.from({ length: 900 }, (_, i) =>
      plainItem(`harbor-${i}`, i < 500 ? 'Harbor lantern' : 'Harbor news', `2026-0${1 + (i % 5)}-10`),
    );
    const old = [0, 1, 2].map((i) => plainItem(`harbor-quartz-${i}`, 'Harbor quartz', day(i)));
    await putItems(db, [...many, ...old]);
    await foldAll(db);
    // A rare word with a very common one: the common one is checked on the rare one's items.
    expect(new Set(ids(await searchArchive(db, 'quartz harbor ')))).toEqual(new Set(old.map((i) => i.id)));
    expect(new Set(ids(await searchArchive(db, 'harbor quartz')))).toEqual(new Set(old.map((i) => i.id)));
    // Two common words: the newest items holding both.
    const both = await searchArchive(db, 'harbor lantern ', { limit: 10 });
    expect(both.items).toHaveLength(10);
    for (const hit of both.items) expect(hit.item.title).toBe('Harbor lantern');
    // Shown the best 10 of 500: it says more match. The three that hold "quartz" are all there is.
    expect(both.more).toBe(true);
    expect((await searchArchive(db, 'harbor quartz')).more).toBeUndefined();
  });

  it('joins two common words over the candidates’ dates, wherever the common word’s other items lie', async () => {
    const item = (id: string, title: string, day: number): Item => plainItem(id, title, dayOf(day));
    // "alpha" in 700 items, one a day; four of them, within its newest 320, say "bravo" too. The rarer word's
    // newest are the candidates; "bravo" (1,000 items) is read beside them, as many as it likely holds there.
    const alphas = Array.from({ length: 700 }, (_, day) => item(`alpha-${day}`, 'Alpha news', day));
    const joined = [690, 650, 600, 500].map((day) => item(`alpha-bravo-${day}`, 'Alpha bravo', day));
    // Spread over the same days, "bravo"'s newest reach back past the candidates; packed into the last days
    // (two a day), they do not, and the rest is read over the candidates' dates.
    for (const bravoDay of [(i: number) => Math.floor((i * 700) / 1000), (i: number) => 600 + Math.floor(i / 2)]) {
      db?.close();
      db = await archive();
      const bravos = Array.from({ length: 1000 }, (_, i) => item(`bravo-${i}`, 'Bravo news', bravoDay(i)));
      await putItems(db, [...alphas, ...joined, ...bravos]);
      await foldAll(db);
      expect(ids(await searchArchive(db, 'alpha bravo '))).toEqual(joined.map((i) => i.id));
      expect(ids(await searchArchive(db, 'bravo alpha '))).toEqual(joined.map((i) => i.id));
    }
  });

  it('reads further back into the rarer word’s items when its newest few hold too few of the other word', async () => {
    const item = (id: string, title: string, day: number): Item => plainItem(id, title, dayOf(day));
    // "alpha" in 730 items, one a day; the 30 that say "bravo" too are a few hundred days back from its newest.
    const alphas = Array.from({ length: 700 }, (_, i) => item(`alpha-${i}`, 'Alpha news', i < 400 ? i : i + 30));
    const joined = Array.from({ length: 30 }, (_, i) => item(`alpha-bravo-${i}`, 'Alpha bravo', 400 + i));
    const newest = joined.map((i) => i.id).reverse();
    // "bravo" elsewhere in 800 old and new items (a common word, read over the candidates' dates); or in 100 old
    // ones, when it is the rarer word and read whole.
    for (const others of [100, 800]) {
      db?.close();
      db = await archive();
      const bravos = Array.from({ length: others }, (_, i) => item(`bravo-${i}`, 'Bravo news', Math.floor((i * 1100) / others)));
      await putItems(db, [...alphas, ...joined, ...bravos]);
      await foldAll(db);
      expect(ids(await searchArchive(db, 'alpha bravo ', { limit: 20 }))).toEqual(newest.slice(0, 20));
      expect(ids(await searchArchive(db, 'bravo alpha ', { limit: 20 }))).toEqual(newest.slice(0, 20));
    }
  });

  it('completes a short prefix with its most frequent terms, however many terms it begins, once the reader types on', async () => {
    db = await archive();
    // 450 terms begin with "zq", each in one item; the most frequent one ("zqzzz", in five) sorts after them all.
    const rare = Array.from({ length: 450 }, (_, i) => plainItem(`zq-${i}`, `Zq${String(i).padStart(3, '0')}x report`, dayOf(i)));
    const frequent = Array.from({ length: 5 }, (_, i) => plainItem(`zqzzz-${i}`, 'Zqzzz report', dayOf(500 + i)));
    await putItems(db, [...rare, ...frequent]);
    await foldAll(db);
    const memory = newSearchMemory();
    // The first key reads the first of its completions only; the ones after it are read for the next keys.
    const first = await searchArchive(db, 'zq', { memory });
    expect(first.matched).not.toContain('zqzzz');
    await vi.waitFor(async () => expect((await searchArchive(db as ArchiveDatabase, 'zq', { memory })).matched).toContain('zqzzz'));
    const next = await searchArchive(db, 'zqz', { memory });
    expect(next.matched).toEqual(['zqzzz']);
    expect(next.items.map((hit) => hit.item.title)).toEqual(Array(5).fill('Zqzzz report'));
  });

  it('a word alone gives the newest items of its best terms first, however many of them it reads', async () => {
    db = await archive();
    const day = (n: number) => `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const item = (id: string, title: string, n: number): Item => plainItem(id, title, day(n));
    // "lant" stands for "lantern" (400 items) and "lantana" (90, so rarer: it ranks first), each newest first.
    const lanterns = Array.from({ length: 400 }, (_, i) => item(`lantern-${i}`, 'Lantern', i));
    const lantanas = Array.from({ length: 90 }, (_, i) => item(`lantana-${i}`, 'Lantana', i * 3));
    await putItems(db, [...lanterns, ...lantanas]);
    await foldAll(db);
    const newest = (items: Item[]) => items.map((i) => i.published).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    const typed = await searchArchive(db, 'lant', { limit: 20 });
    expect(typed.items.map((hit) => hit.item.title)).toEqual(Array(20).fill('Lantana'));
    expect(typed.items.map((hit) => hit.item.published)).toEqual(newest(lantanas).slice(0, 20));
    const whole = await searchArchive(db, 'lantern ', { limit: 20 });
    expect(whole.items.map((hit) => hit.item.published)).toEqual(newest(lanterns).slice(0, 20));
  });
});

describe('filters where no word narrows the items', () => {
  const regulator: Entity = {
    id: 'review-ftc',
    name: 'Review Trade Commission',
    type: 'regulator',
    aliases: [],
    ambiguous: [],
    description: 'A regulator.',
  };
  /** A company known by a ticker that no item's text holds: the search answers that word with its newest items. */
  const zed: Entity = { id: 'zedcorp', name: 'Zedcorp', type: 'company', aliases: ['ZDCX'], ambiguous: [], description: 'A company.' };
  const named = (id: string, title: string, published: string, entities: string[]): Item => ({
    ...plainItem(id, title, published),
    entities,
  });
  /** Thirty Nvidia items dated March 2027, after everything else here. */
  const chipsNews = Array.from({ length: 30 }, (_, i) =>
    named(`2027-03-chips-${i}`, `Chips news number ${i}`, `2027-03-${String((i % 28) + 1).padStart(2, '0')}`, ['nvidia']),
  );
  /** Seventy Zedcorp items dated July 2026, after the mini archive's. */
  const zedDeals = Array.from({ length: 70 }, (_, i) => named(`2026-07-01-zed-${i}`, 'A deal is signed', '2026-07-01', ['zedcorp']));
  /** The archive above, the regulator and Zedcorp, and these items, folded. */
  async function withItems(items: Item[]): Promise<ArchiveDatabase> {
    const d = await archive();
    await putEntities(d, [regulator, zed]);
    await putItems(d, items);
    await foldAll(d);
    return d;
  }

  it('a type chosen with nothing typed finds its items older than the newest twenty, chosen or typed', async () => {
    const older = named('2027-01-01-regulator', 'A regulator opens a probe', '2027-01-01', ['review-ftc']);
    db = await withItems([older, ...chipsNews]);
    expect(ids(await searchArchive(db, 'probe type:regulator'))).toEqual([older.id]);
    // The popup's type menu alone, and the filter typed alone.
    for (const found of [await searchArchive(db, '', { filters: { type: 'regulator' } }), await searchArchive(db, 'type:regulator')]) {
      expect(ids(found)).toEqual([older.id]);
      expect(found.items[0]?.entityNames).toEqual(['Review Trade Commission']);
      expect(found.more).toBeFalsy();
    }
  });

  it('a type alone says there are more only when the archive holds more of it, and keeps to the dates', async () => {
    const regulated = ['2027-01-01', '2027-01-02', '2027-01-03'].map((day) =>
      named(`${day}-regulator`, 'A regulator acts', day, ['review-ftc']),
    );
    db = await withItems([...regulated, ...chipsNews]);
    const two = await searchArchive(db, '', { filters: { type: 'regulator' }, limit: 2 });
    expect(ids(two)).toEqual(['2027-01-03-regulator', '2027-01-02-regulator']);
    expect(two.more).toBe(true);
    const three = await searchArchive(db, '', { filters: { type: 'regulator' }, limit: 3 });
    expect(ids(three)).toHaveLength(3);
    expect(three.more).toBeFalsy();
    expect(ids(await searchArchive(db, 'type:regulator to:2027-01-02', { limit: 1 }))).toEqual(['2027-01-02-regulator']);
  });

  it('a type with an entity of another type finds their items older than the entity’s newest twenty', async () => {
    const both = named('2027-01-01-nvidia-probe', 'A regulator looks at chips', '2027-01-01', ['nvidia', 'review-ftc']);
    db = await withItems([both, ...chipsNews]);
    const found = await searchArchive(db, '', { filters: { entity: 'nvidia', type: 'regulator' } });
    expect(ids(found)).toEqual([both.id]);
    expect(found.items[0]?.entityNames).toEqual(['Nvidia', 'Review Trade Commission']);
    expect(found.more).toBeFalsy();
  });

  it('a word only an entity answers, with another entity chosen: no item shown or labelled as naming what it does not', async () => {
    db = await withItems([named('2026-07-05-zed-deal', 'A deal is signed', '2026-07-05', ['zedcorp'])]);
    expect(ids(await searchArchive(db, 'ZDCX '))).toEqual(['2026-07-05-zed-deal']);
    // No item names both Zedcorp and Anthropic, chosen in the popup or typed.
    for (const found of [
      await searchArchive(db, 'ZDCX ', { filters: { entity: 'anthropic' } }),
      await searchArchive(db, 'ZDCX entity:anthropic '),
    ]) {
      expect(found.items.map((hit) => [hit.item.id, hit.entityNames])).toEqual([]);
    }
  });

  it('a word only an entity answers, with another entity chosen: the items naming both, the chosen one named first', async () => {
    const both = named('2026-05-01-zed-anthropic', 'A partnership', '2026-05-01', ['zedcorp', 'anthropic']);
    db = await withItems([both, ...zedDeals]);
    const found = await searchArchive(db, 'ZDCX ', { filters: { entity: 'anthropic' } });
    expect(found.items.map((hit) => [hit.item.id, hit.entityNames])).toEqual([[both.id, ['Anthropic', 'Zedcorp']]]);
  });

  it('a word only an entity answers keeps to the dates, however many newer items the entity has', async () => {
    const older = named('2026-05-01-zed-older', 'An older deal', '2026-05-01', ['zedcorp']);
    db = await withItems([older, ...zedDeals]);
    expect(ids(await searchArchive(db, 'ZDCX to:2026-06', { limit: 5 }))).toEqual([older.id]);
  });
});
