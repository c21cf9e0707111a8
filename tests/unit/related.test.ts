import { describe, expect, it } from 'vitest';
import type { Entity, Item } from '../../lib/archive/schema';
import { termsOfItem } from '../../lib/archive/term-stats';
import { analyzeArticle, dayOf, type SpottedEntity } from '../../lib/entities/analysis';
import { compileMatcher, patternsOf } from '../../lib/entities/matcher';
import { buildPanelContext, type PanelInput, panelNames, relatedCount, shownCount } from '../../lib/related/panel';
import { type RankEntity, type RankInput, rankRelated } from '../../lib/related/rank';
import { normalizeTitle, ownItemByTitle, relativesToRead } from '../../lib/related/story';
import type { TermStats } from '../../lib/search/terms';

const NOW = new Date('2026-07-05T12:00:00Z');
const URL_ = 'https://techcrunch.com/2026/07/04/alibaba-reportedly-bans-employees-from-using-claude-code/';

function item(id: string, published: string, entities: string[], extra: Partial<Item> = {}): Item {
  return {
    id,
    title: `Story ${id}`,
    published,
    summary: 'A company did a thing.',
    take: 'It matters.',
    signals: [],
    coverage: [{ outlet: 'TechCrunch', headline: `Story ${id}`, published, checked: 'recall' }],
    entities,
    follows: [],
    modified: '2026-07-05T00:00:00Z',
    deleted: false,
    ...extra,
  };
}

/** The archive's statistics over these items, counted as the store counts them. */
function statsOf(items: readonly Item[]): TermStats {
  const df = new Map<string, number>();
  let length = 0;
  for (const it of items) {
    const list = termsOfItem(it);
    length += list.length;
    for (const term of new Set(list)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return { docs: items.length, avgLength: length / Math.max(1, items.length), df };
}

const entity = (id: string, weight: number, items: number, extra: Partial<RankEntity> = {}): RankEntity => ({
  id,
  type: 'company',
  weight,
  items,
  central: weight >= 2,
  family: [id],
  ...extra,
});

/** The Alibaba / Claude Code story, what it follows, and generic news sharing only a name. */
const check = item('check', '2026-06-30', ['claude-code', 'anthropic'], {
  title: 'Reverse-engineering reveals a hidden China check in Claude Code',
  summary: 'Claude Code checked time zones against a hidden list tied to China and signalled it to Anthropic.',
  take: 'Monitoring Chinese users inside a coding tool makes it a security risk that Chinese employers may ban.',
});
const pricing = item('pricing', '2026-06-28', ['claude-code', 'anthropic'], {
  title: 'Claude Code gets a cheaper plan',
  summary: 'Anthropic cut the price of its coding subscription.',
});
const restrict = item('restrict', '2026-06-20', ['alibaba', 'bytedance'], {
  title: 'Alibaba and ByteDance restrict foreign AI coding tools for employees',
  summary: 'Chinese firms tell employees to stop using foreign coding tools over security risk.',
});
const cloud = item('cloud', '2026-06-25', ['alibaba'], {
  title: 'Alibaba Cloud posts quarterly revenue growth',
  summary: 'The cloud unit grew revenue as demand for compute rose.',
});
const generic = Array.from({ length: 6 }, (_, i) =>
  item(`anthropic-${i}`, `2026-06-0${i + 1}`, ['anthropic'], {
    title: `Anthropic hires a new executive ${i}`,
    summary: 'Anthropic named an executive to lead partnerships.',
  }),
);
const ARCHIVE = [check, restrict, cloud, pricing, ...generic];
const ARTICLE = {
  title: 'Alibaba reportedly bans employees from using Claude Code',
  lede: 'Alibaba will ban employees from using Anthropic’s Claude Code, citing security risk, and tells staff to use its own coding agent.',
  body: '',
  names: ['Alibaba', 'Claude Code', 'Anthropic'],
};
const ENTITIES = [entity('alibaba', 5, 40), entity('claude-code', 5, 25), entity('anthropic', 2, 900)];

function rank(extra: Partial<RankInput> = {}) {
  return rankRelated({
    article: ARTICLE,
    entities: ENTITIES,
    candidates: ARCHIVE,
    archiveSize: 20_000,
    stats: statsOf(ARCHIVE),
    day: '2026-07-04',
    ...extra,
  });
}

/** Thirty items on nothing in particular: the archive's other documents, for its word frequencies. */
const filler = () => Array.from({ length: 30 }, (_, i) => item(`o${i}`, '2026-03-01', ['x'], { title: `Other ${i}`, summary: 'Nothing.' }));

/** Whether one candidate clears the floor for an article, on an archive of it and thirty others. */
function clearsAlone(article: RankInput['article'], entities: RankEntity[], candidate: Item, day: string): boolean | undefined {
  const others = filler();
  return rankRelated({
    article,
    entities,
    candidates: [candidate],
    archiveSize: others.length + 1,
    stats: statsOf([candidate, ...others]),
    day,
  })[0]?.relevant;
}

describe('rankRelated: by story, with a floor', () => {
  it('ranks items about the same matter above items sharing only a name', () => {
    const ids = rank().map((r) => r.item.id);
    expect(ids.slice(0, 2)).toEqual(expect.arrayContaining(['check', 'restrict']));
    expect(ids.indexOf('restrict')).toBeLessThan(ids.indexOf('cloud'));
  });

  it('lets an item through only with a central entity and telling words of the same matter, or two central entities and some', () => {
    const byId = new Map(rank().map((r) => [r.item.id, r]));
    expect(byId.get('restrict')?.relevant).toBe(true); // Alibaba, and "employees", "security", "risk"...
    expect(byId.get('check')?.relevant).toBe(true); // Claude Code and Anthropic, and "ban", "security", "risk"
    expect(byId.get('pricing')?.relevant).toBe(false); // Claude Code and Anthropic, and no word of this matter
    expect(byId.get('cloud')?.relevant).toBe(false); // Alibaba and nothing else
    expect(byId.get('anthropic-0')?.relevant).toBe(false);
  });

  it('takes a rarely named model or product, with some words of the matter, as evidence on its own', () => {
    const glasswing = item('glasswing', '2026-04-07', ['mythos'], {
      title: 'Anthropic limits Mythos to a few partners for cyber defence',
      summary: 'Mythos is a model for cyber work that finds software flaws; access is limited.',
    });
    const article = {
      title: 'NSA is using Mythos despite the feud',
      lede: 'Spies use the model for cyber work.',
      body: '',
      names: ['Mythos'],
    };
    const judge = (type: RankEntity['type']) => clearsAlone(article, [entity('mythos', 3, 1, { type })], glasswing, '2026-04-20');
    expect(judge('model')).toBe(true);
    expect(judge('company')).toBe(false);
  });

  it('takes a specific model or product in recent news with a single word of the matter, and not with none or long ago', () => {
    const article = {
      title: 'SpaceX holds an option to buy Cursor',
      lede: 'The coding startup works with SpaceX on models, the company said on Tuesday, after weeks of talks about a deal worth billions.',
      body: '',
      names: ['Cursor', 'SpaceX'],
    };
    const judge = (published: string, summary: string) =>
      clearsAlone(
        article,
        [entity('cursor', 3, 2, { type: 'product' }), entity('spacex', 3, 4)],
        item('talks', published, ['cursor'], { title: 'Cursor in talks at a higher valuation', summary }),
        '2026-04-21',
      );
    // Four days before, sharing "models": the same run of news about a product few items name.
    expect(judge('2026-04-17', 'Investors value its models highly.')).toBe(true);
    // The same item a year earlier needs the ordinary evidence, which one word is not.
    expect(judge('2025-04-17', 'Investors value its models highly.')).toBe(false);
    // Recent, but nothing shared beside the name.
    expect(judge('2026-04-17', 'Revenue grew.')).toBe(false);
  });

  it('takes no function word as a word of the matter, however rare it is in the archive', () => {
    // Otter's search across Gmail, Drive and Slack; the archive's item on Gmail's AI overviews says "across"
    // too, and in a small archive "across" is as rare as any telling word.
    const article = {
      title: 'Otter’s new feature lets users search across their enterprise tools',
      lede: 'The transcription company now searches Gmail, Google Drive and Slack from one box.',
      body: '',
      names: ['Otter', 'Gmail', 'Google Drive', 'Slack'],
    };
    const judge = (summary: string) =>
      clearsAlone(
        article,
        [entity('otter', 3, 0), entity('gmail', 3, 2, { type: 'product' })],
        item('overviews', '2026-04-22', ['gmail'], { title: 'Gmail gets AI overviews at work', summary }),
        '2026-04-28',
      );
    expect(judge('Summaries of threads, across and within the inbox, including attachments.')).toBe(false);
    // The same item with a word of the matter is taken: the floor is not closed to it.
    expect(judge('Summaries of threads, and a search of the inbox.')).toBe(true);
  });

  it('takes one telling word in a text this close, and not a close text of common words alone', () => {
    // Words most of the archive uses: none of them tells alone.
    const others = Array.from({ length: 30 }, (_, i) =>
      item(`o${i}`, '2026-03-01', ['x'], { title: `Other ${i}`, summary: 'An open reasoning model at the frontier of its lab.' }),
    );
    const judge = (summary: string) => {
      const r1 = item('r1', '2025-01-20', ['deepseek'], { title: 'DeepSeek releases R1', summary });
      return rankRelated({
        article: {
          title: 'DeepSeek previews an open reasoning model at the frontier',
          lede: 'It is performant, the lab says.',
          body: '',
          names: ['DeepSeek'],
        },
        entities: [entity('deepseek', 3, 3)],
        candidates: [r1],
        archiveSize: 31,
        stats: statsOf([r1, ...others]),
        day: '2026-04-24',
      })[0];
    };
    const close = judge('An open reasoning model at the frontier, and performant.');
    expect(close?.text).toBeGreaterThan(0.25);
    expect(close?.relevant).toBe(true);
    const common = judge('An open reasoning model at the frontier, and popular.');
    expect(common?.relevant).toBe(false);
  });

  it('takes two central entities with a few words of the matter when one of them is rarely named', () => {
    const others = Array.from({ length: 30 }, (_, i) =>
      item(`o${i}`, '2026-03-01', ['x'], { title: `Other ${i}`, summary: i < 5 ? 'A deal for agents.' : 'Nothing.' }),
    );
    const judge = (manusItems: number) => {
      const bought = item('bought', '2025-12-29', ['meta', 'manus'], {
        title: 'Meta buys Manus',
        summary: 'A deal for agents that run tasks for people, with a plan to sell them across its apps this year.',
      });
      return rankRelated({
        article: {
          title: 'China blocks Meta’s Manus deal after a probe',
          lede: 'Regulators stopped the purchase of the agents startup.',
          body: '',
          names: ['Meta', 'Manus'],
        },
        entities: [entity('meta', 3, 8), entity('manus', 3, manusItems)],
        candidates: [bought],
        archiveSize: 31,
        stats: statsOf([bought, ...others]),
        day: '2026-04-27',
      })[0];
    };
    const rare = judge(1);
    expect(rare?.text).toBeLessThan(0.1);
    expect(rare?.relevant).toBe(true);
    // The same two names, neither rare: a few common words are not enough.
    expect(judge(20)?.relevant).toBe(false);
  });

  it('counts a rare model of the same line (the parent or a child of the one named) as specific too', () => {
    const others = filler();
    const launch = item('launch', '2026-04-23', ['openai', 'gpt-5-5'], {
      title: 'OpenAI makes GPT-5.5 the default',
      summary: 'Paying users get it first.',
    });
    const judge = (relative: RankEntity) =>
      rankRelated({
        article: {
          title: 'OpenAI releases GPT-5.5 Instant, a new default model',
          lede: 'It replaces the previous default.',
          body: '',
          names: ['OpenAI', 'GPT-5.5 Instant'],
        },
        entities: [
          entity('openai', 2, 25, { family: ['openai', 'gpt-5-5-instant'] }),
          entity('gpt-5-5-instant', 3, 0, { type: 'model' }),
          relative,
        ],
        candidates: [launch],
        archiveSize: 31,
        stats: statsOf([launch, ...others]),
        day: '2026-05-25',
      }).find((r) => r.item.id === 'launch')?.relevant;
    expect(judge(entity('gpt-5-5', 3, 2, { type: 'model', central: false, relativeOf: 'gpt-5-5-instant' }))).toBe(true);
    // A relative that is a company, or a model named by many items, is no such evidence.
    expect(judge(entity('gpt-5-5', 3, 2, { type: 'company', central: false, relativeOf: 'gpt-5-5-instant' }))).toBe(false);
    expect(judge(entity('gpt-5-5', 3, 20, { type: 'model', central: false, relativeOf: 'gpt-5-5-instant' }))).toBe(false);
  });

  it('keeps, of the items over the floor, only those close to the best', () => {
    const strong = item('strong', '2026-06-30', ['alibaba', 'claude-code'], {
      title: 'Alibaba bans employees from Claude Code over security risk',
      summary: 'Alibaba staff must stop using Claude Code, a security risk, and use its own coding agent.',
    });
    const weak = item('weak', '2026-06-30', ['alibaba', 'claude-code'], { title: 'Alibaba and Claude Code', summary: 'Staff notes.' });
    const ranked = rank({ candidates: [strong, weak], stats: statsOf([...ARCHIVE, strong, weak]) });
    expect(ranked.find((r) => r.item.id === 'strong')?.relevant).toBe(true);
    expect(ranked.find((r) => r.item.id === 'weak')?.relevant).toBe(false);
  });

  it('takes two central entities with few words only when one of them is the article’s subject', () => {
    const others = Array.from({ length: 30 }, (_, i) =>
      item(`o${i}`, '2026-03-01', ['x'], { title: `Other ${i}`, summary: i < 4 ? 'Cloud networks and deals.' : 'Nothing.' }),
    );
    const judge = (entities: string[]) => {
      const glasswing = item('glasswing', '2026-04-07', entities, {
        title: 'A lab shares its security model with partners',
        summary: 'Partners including the cloud giants test the model to secure classified systems before release.',
      });
      return rankRelated({
        article: {
          title: 'Pentagon inks deals with Nvidia, Microsoft, and AWS to deploy AI on classified networks',
          lede: 'The Department of Defense signed agreements with the companies.',
          body: '',
          names: ['Pentagon', 'Nvidia', 'Microsoft', 'AWS', 'Department of Defense'],
        },
        entities: [entity('dod', 5, 6), entity('aws', 3, 12), entity('microsoft', 3, 15), entity('nvidia', 3, 14)],
        candidates: [glasswing],
        archiveSize: 31,
        stats: statsOf([glasswing, ...others]),
        day: '2026-05-01',
      })[0];
    };
    const sides = judge(['aws', 'microsoft']);
    expect(sides?.centralShared).toBe(2);
    expect(sides?.text).toBeLessThan(0.25);
    // Two of the deal's side names, and not the Pentagon whose story it is: not evidence enough.
    expect(sides?.relevant).toBe(false);
    // The same item naming the subject with one of them clears the floor.
    expect(judge(['dod', 'microsoft'])?.relevant).toBe(true);
  });

  it('counts two names of one family as one shared entity', () => {
    const family = ['openai', 'chatgpt'];
    const entities = [entity('openai', 5, 900, { family }), entity('chatgpt', 3, 500, { family })];
    const ads = item('ads', '2026-06-01', ['openai', 'chatgpt'], {
      title: 'ChatGPT adds a health tab',
      summary: 'OpenAI launched health.',
    });
    const [ranked] = rankRelated({
      article: {
        title: 'OpenAI raises prices for ChatGPT Plus',
        lede: 'Subscribers will pay more.',
        body: '',
        names: ['OpenAI', 'ChatGPT'],
      },
      entities,
      candidates: [ads],
      archiveSize: 1000,
      stats: statsOf([ads]),
      day: '2026-07-04',
    });
    expect(ranked?.centralShared).toBe(1);
    expect(ranked?.relevant).toBe(false);
  });

  it('says why: the shared names, most telling first, and the article’s words as it spells them', () => {
    const restricted = rank().find((r) => r.item.id === 'restrict');
    expect(restricted?.why).toEqual(['alibaba']);
    expect(restricted?.words).toEqual(expect.arrayContaining(['employees', 'security']));
    // The entities' own names are not words of evidence ("code" is Claude Code's), nor are common verbs.
    const words = rank().flatMap((r) => r.words);
    for (const word of ['alibaba', 'code', 'coding', 'using', 'tells']) expect(words).not.toContain(word);
  });

  it('finds a relative’s items at lower weight: an article on Alphabet, an item on Google', () => {
    const capacity = item('capacity', '2026-06-01', ['google'], {
      title: 'Google Cloud runs short of AI data center capacity',
      summary: 'Capacity constraints limit cloud growth.',
    });
    const direct = item('direct', '2026-06-01', ['alphabet'], { title: 'Alphabet says data center capacity limits cloud growth' });
    const article = { title: 'Alphabet warns data center capacity will limit cloud growth', lede: '', body: '', names: ['Alphabet'] };
    const entities = [entity('alphabet', 3, 10), entity('google', 3, 100, { central: false, relativeOf: 'alphabet', relation: 'child' })];
    const ranked = rankRelated({
      article,
      entities,
      candidates: [capacity, direct],
      archiveSize: 1000,
      stats: statsOf([capacity, direct]),
      day: '2026-07-04',
    });
    expect(ranked.map((r) => r.item.id)).toEqual(['direct', 'capacity']);
    expect(ranked[1]?.relevant).toBe(true);
  });

  it('takes no company parent the article leaves unnamed as a sign of its story: Google’s search news on an article about Gmail', () => {
    const others = filler();
    const nearby = item('nearby', '2026-04-17', ['google'], {
      title: 'Google’s AI search answers a query about stock nearby',
      summary: 'Search across shops now lets users find notes with one query.',
    });
    const judge = (relation: 'parent' | 'child') =>
      rankRelated({
        article: {
          title: 'Otter lets users search across Gmail and Slack',
          lede: 'One query finds notes.',
          body: '',
          names: ['Otter', 'Gmail'],
        },
        entities: [
          entity('otter', 3, 1),
          entity('gmail', 3, 2, { type: 'product' }),
          entity('google', 3, 20, { central: false, relativeOf: 'gmail', relation }),
        ],
        candidates: [nearby],
        archiveSize: 31,
        stats: statsOf([nearby, ...others]),
        day: '2026-04-28',
      })[0];
    const asParent = judge('parent');
    expect(asParent?.words).toEqual(expect.arrayContaining(['search', 'query']));
    expect(asParent?.relevant).toBe(false);
    // The same words through a child of a central entity are evidence (Google's items on an article about Alphabet).
    expect(judge('child')?.relevant).toBe(true);
  });

  it('measures recency from the article’s date, not today', () => {
    const early = item('early', '2024-03-01', ['claude-code'], { title: 'Claude Code ban' });
    const late = item('late', '2026-06-01', ['claude-code'], { title: 'Claude Code ban' });
    const on2024 = rankRelated({
      article: ARTICLE,
      entities: ENTITIES,
      candidates: [late, early],
      archiveSize: 100,
      stats: statsOf([early, late]),
      day: '2024-03-05',
    });
    expect(on2024.map((r) => r.item.id)).toEqual(['early', 'late']);
  });
});

describe('buildPanelContext: sections', () => {
  const base: Omit<PanelInput, 'ranked' | 'own' | 'follows'> = {
    article: { url: URL_, page: URL_, title: ARTICLE.title, published: '2026-07-04' },
    entities: [],
    titles: new Map(),
    newest: new Map(),
    status: { asOf: '2026-07-04' },
    now: NOW,
  };
  const ranked = (items: Item[], relevant = true) =>
    items.map((it, i) => ({ item: it, score: 10 - i, why: it.entities, words: ['ban'], text: 0.5, centralShared: 2, relevant }));

  it('puts only items before the article under Earlier; the same day only for what it follows; later ones under Since then', () => {
    const dayBefore = item('before', '2026-07-03', ['alibaba']);
    const sameDay = item('same', '2026-07-04', ['alibaba']);
    const sameDayFollowed = item('same-followed', '2026-07-04', ['alibaba']);
    const after = item('after', '2026-07-06', ['alibaba']);
    const own = item('own', '2026-07-04', ['alibaba'], { follows: ['same-followed'] });
    const context = buildPanelContext({ ...base, own, follows: [sameDayFollowed], ranked: ranked([after, sameDay, dayBefore]) });
    const before = [...context.closest, ...context.earlier].map((r) => r.item.id);
    expect(before).toEqual(expect.arrayContaining(['before', 'same-followed']));
    expect(before).not.toContain('same');
    expect(before).not.toContain('after');
    expect(context.since.map((r) => r.item.id)).toEqual(['same', 'after']);
  });

  it('counts this story’s own item as something on the story: the tab is not dimmed for it', () => {
    const own = item('own', '2026-07-04', ['alibaba']);
    const alone = buildPanelContext({ ...base, own, follows: [], ranked: [] });
    expect(relatedCount(alone)).toBe(0);
    expect(shownCount(alone)).toBe(1);
    expect(shownCount(buildPanelContext({ ...base, own: undefined, follows: [], ranked: [] }))).toBe(0);
  });

  it('keeps the names of the entities its shown items name, and only those', () => {
    const shown = item('shown', '2026-07-03', ['alibaba', 'qwen']);
    const context = buildPanelContext({
      ...base,
      entities: [],
      own: undefined,
      follows: [],
      ranked: ranked([shown]),
      names: new Map([
        ['qwen', 'Qwen'],
        ['alibaba', 'Alibaba'],
        ['openai', 'OpenAI'],
      ]),
    });
    expect(context.names).toEqual({ qwen: 'Qwen', alibaba: 'Alibaba' });
    expect(panelNames(context).get('qwen')).toBe('Qwen');
  });

  it('without the article’s date, takes everything up to today as before', () => {
    const context = buildPanelContext({
      ...base,
      article: { url: URL_, page: URL_, title: 'x' },
      own: undefined,
      follows: [],
      ranked: ranked([item('a', '2026-07-05', ['x']), item('b', '2026-01-01', ['x'])]),
    });
    expect(context.since).toEqual([]);
    expect([context.lead?.item.id, ...context.closest.map((r) => r.item.id)]).toEqual(['a', 'b']);
  });

  it('shows no item twice, the closest few by relevance, and Earlier oldest first', () => {
    const items = Array.from({ length: 12 }, (_, i) => item(`i${i}`, `2026-06-${String(10 + i).padStart(2, '0')}`, ['alibaba']));
    const own = item('own', '2026-07-04', ['alibaba'], { follows: ['i11'] });
    const context = buildPanelContext({ ...base, own, follows: [items[11] as Item], ranked: ranked(items) });
    const all = [context.lead?.item.id, ...context.closest, ...context.earlier, ...context.since].map((r) =>
      typeof r === 'string' ? r : r?.item.id,
    );
    expect(new Set(all).size).toBe(all.length);
    expect(context.closest.map((r) => r.item.id)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4']);
    expect(context.earlier.map((r) => r.item.id)[0]).toBe('i5');
    const dates = context.earlier.map((r) => r.item.published);
    expect(dates).toEqual([...dates].sort());
    expect(context.earlier.map((r) => r.item.id)).toContain('i11');
  });

  it('leaves out what does not clear the floor, and then says nothing at all', () => {
    const context = buildPanelContext({ ...base, own: undefined, follows: [], ranked: ranked([item('a', '2026-07-01', ['x'])], false) });
    expect(context.lead).toBeNull();
    expect([...context.closest, ...context.earlier, ...context.since]).toEqual([]);
  });

  it('borrows a take only from an item close by every measure: two central entities, the same matter, within 30 days before', () => {
    const close = item('close', '2026-06-20', ['alibaba', 'claude-code']);
    const old = item('old', '2026-05-01', ['alibaba', 'claude-code']);
    const one = {
      item: item('one', '2026-07-01', ['alibaba']),
      score: 9,
      why: ['alibaba'],
      words: ['ban'],
      text: 0.9,
      centralShared: 1,
      relevant: true,
    };
    const weakText = { ...ranked([close])[0], text: 0.1 } as typeof one;
    const lead = (list: (typeof one)[]) => buildPanelContext({ ...base, own: undefined, follows: [], ranked: list }).lead?.item.id;
    expect(lead([one, ...ranked([close])])).toBe('close');
    expect(lead([one])).toBeUndefined(); // one central entity: not enough
    expect(lead(ranked([old]))).toBeUndefined(); // over 30 days before
    expect(lead([weakText])).toBeUndefined(); // a weak text score
  });

  it('judges a signal overdue only where the archive holds items on its names after the date, else unresolved as of the archive', () => {
    const own = item('own', '2026-07-04', ['alibaba', 'tencent'], {
      signals: [
        { claim: 'Tencent follows.', by: '2026-07-01', status: 'open' },
        { claim: 'Later.', by: '2026-09-01', status: 'open' },
      ],
    });
    const judged = (newest: Map<string, string>) =>
      buildPanelContext({ ...base, own, follows: [], ranked: [], newest }).signals.map((s) => [s.by, s.status]);
    expect(judged(new Map([['tencent', '2026-07-03']]))).toEqual([
      ['2026-07-01', 'overdue'],
      ['2026-09-01', 'open'],
    ]);
    expect(judged(new Map([['tencent', '2026-06-30']]))).toEqual([
      ['2026-07-01', 'unresolved'],
      ['2026-09-01', 'open'],
    ]);
  });
});

describe('the article’s own story and its date', () => {
  const flagship = item('own', '2026-07-04', ['alibaba'], { title: 'Alibaba reportedly bans employees from using Claude Code' });

  it('reads a date-time as its calendar day in UTC', () => {
    expect(dayOf('2026-07-04T23:30:00-05:00')).toBe('2026-07-05');
    expect(dayOf('Thu, 16 Apr 2026 22:55:30 +0000')).toBe('2026-04-16');
    expect(dayOf('not a date')).toBeUndefined();
    expect(dayOf(undefined)).toBeUndefined();
  });

  it('finds an item without an address by its title, the same day or one either side', () => {
    expect(normalizeTitle('Alibaba “reportedly” bans — employees')).toBe('alibaba reportedly bans employees');
    expect(ownItemByTitle('Alibaba Reportedly Bans Employees From Using Claude Code!', '2026-07-05', [flagship])?.id).toBe('own');
    expect(ownItemByTitle('Alibaba reportedly bans employees from using Claude Code', '2026-07-06', [flagship])).toBeUndefined();
    expect(ownItemByTitle('Alibaba bans Claude Code', '2026-07-04', [flagship])).toBeUndefined();
    expect(ownItemByTitle(flagship.title, undefined, [flagship])).toBeUndefined();
    // An item with an address is this story only by that address.
    expect(ownItemByTitle(flagship.title, '2026-07-04', [{ ...flagship, url: 'https://example.com/other' }])).toBeUndefined();
  });

  it('finds the item that draws on a report of this headline, when the report has no address to match by', () => {
    const report = {
      outlet: 'TechCrunch',
      headline: 'Claude Code’s complicated China problem',
      published: '2026-07-03',
      checked: 'seed' as const,
    };
    const drawsOn = (row: Partial<Item['coverage'][number]>) =>
      item('story', '2026-07-03', ['anthropic'], {
        title: 'Anthropic tightens the routes to Claude Code',
        coverage: [{ ...report, ...row }],
      });
    expect(ownItemByTitle("Claude Code's complicated China problem", '2026-07-04', [drawsOn({})])?.id).toBe('story');
    // Not a report dated two days away, nor a description of a report, nor one with an address (matched by it).
    expect(ownItemByTitle("Claude Code's complicated China problem", '2026-07-05', [drawsOn({})])).toBeUndefined();
    expect(ownItemByTitle("Claude Code's complicated China problem", '2026-07-03', [drawsOn({ description: true })])).toBeUndefined();
    expect(
      ownItemByTitle("Claude Code's complicated China problem", '2026-07-03', [drawsOn({ url: 'https://techcrunch.com/x' })]),
    ).toBeUndefined();
    // An item of that very title comes first.
    expect(
      ownItemByTitle(flagship.title, '2026-07-04', [drawsOn({ headline: flagship.title, published: '2026-07-04' }), flagship])?.id,
    ).toBe('own');
  });

  it('reads the relatives of central entities only, and not those the article names', () => {
    const gazetteer = new Map<string, Entity>(
      [
        { id: 'alphabet', name: 'Alphabet', type: 'company', aliases: [], ambiguous: [], description: 'x' },
        { id: 'google', name: 'Google', type: 'company', aliases: [], ambiguous: [], description: 'x', parent: 'alphabet' },
        { id: 'waymo', name: 'Waymo', type: 'company', aliases: [], ambiguous: [], description: 'x', parent: 'alphabet' },
        { id: 'gemini', name: 'Gemini', type: 'model', aliases: [], ambiguous: [], description: 'x', parent: 'google' },
      ].map((e) => [e.id, e as Entity]),
    );
    const children = new Map([
      ['alphabet', ['google', 'waymo']],
      ['google', ['gemini']],
    ]);
    const spotted = (id: string, central: boolean): SpottedEntity => ({
      id,
      name: id,
      type: 'company',
      description: '',
      count: 1,
      weight: 3,
      central,
      surfaces: [id],
    });
    expect(relativesToRead([spotted('alphabet', true), spotted('waymo', true)], gazetteer, children).map((r) => r.id)).toEqual(['google']);
    expect(relativesToRead([spotted('google', true)], gazetteer, children).map((r) => [r.id, r.relation])).toEqual([
      ['alphabet', 'parent'],
      ['gemini', 'child'],
    ]);
    expect(relativesToRead([spotted('google', false)], gazetteer, children)).toEqual([]);
  });
});

describe('names that are not the same entity', () => {
  // Two real companies a letter or two apart: Cohere (the AI lab) and Coherent (the optics maker).
  const entities: Entity[] = [
    { id: 'cohere', name: 'Cohere', type: 'lab', aliases: [], ambiguous: [], description: 'An AI lab.' },
    { id: 'coherent', name: 'Coherent', type: 'company', aliases: ['Coherent Corp.'], ambiguous: [], description: 'Optics and lasers.' },
  ];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const matcher = compileMatcher(patternsOf(entities));

  it('spots each as itself and never the other', () => {
    const analysis = analyzeArticle(
      {
        url: 'https://techcrunch.com/a',
        title: 'Coherent raises prices',
        blocks: ['Coherent raises prices', 'Coherent Corp. said lasers cost more; Cohere was not involved.'],
      },
      matcher,
      byId,
    );
    expect(analysis.entities.map((e) => [e.id, e.count])).toEqual([
      ['coherent', 2],
      ['cohere', 1],
    ]);
  });

  it('keeps their stories apart in the panel', () => {
    const laser = item('laser', '2026-06-01', ['coherent'], {
      title: 'Coherent lasers prices rise',
      summary: 'Coherent raises laser prices.',
    });
    const lab = item('lab', '2026-06-01', ['cohere'], {
      title: 'Cohere raises prices of its models',
      summary: 'Cohere raises model prices.',
    });
    const ranked = rankRelated({
      article: { title: 'Coherent raises laser prices', lede: '', body: '', names: ['Coherent'] },
      entities: [entity('coherent', 3, 1)],
      candidates: [laser, lab],
      archiveSize: 2,
      stats: statsOf([laser, lab]),
      day: '2026-07-01',
    });
    expect(ranked.map((r) => r.item.id)).toEqual(['laser']);
  });
});
