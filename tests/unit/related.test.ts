import { describe, expect, it } from 'vitest';
import type { Item } from '../../lib/archive/schema';
import { buildPanelContext } from '../../lib/related/panel';
import { rankRelated } from '../../lib/related/rank';

const NOW = new Date('2026-07-05T12:00:00Z');
const ARTICLE_URL = 'https://techcrunch.com/2026/07/04/alibaba-reportedly-bans-employees-from-using-claude-code/';

function item(id: string, published: string, entities: string[], extra: Partial<Item> = {}): Item {
  return {
    id,
    title: `Story ${id}`,
    published,
    summary: `About ${entities.join(', ')}.`,
    take: `Take on ${id}.`,
    signals: [],
    coverage: [{ outlet: 'TechCrunch', headline: `Story ${id}`, published, checked: 'recall' }],
    entities,
    follows: [],
    modified: '2026-07-05T00:00:00Z',
    deleted: false,
    ...extra,
  };
}

/** A fixed archive: the Alibaba / Claude Code story, what it follows, and much generic OpenAI news. */
const ownItem = item('own', '2026-07-04', ['alibaba', 'claude-code', 'anthropic'], {
  url: ARTICLE_URL,
  title: 'Alibaba bans Claude Code',
  follows: ['claude-code-china-check'],
  signals: [
    { claim: 'Two more Chinese firms follow within 60 days.', by: '2026-09-02', status: 'open' },
    { claim: 'An old deadline that passed.', by: '2026-07-01', status: 'open' },
  ],
});
const claudeCodeCheck = item('claude-code-china-check', '2026-06-30', ['claude-code', 'anthropic'], {
  title: 'Hidden China check found in Claude Code',
});
const chineseRestrictions = item('bytedance-restricts-ai', '2026-05-20', ['bytedance', 'alibaba'], {
  title: 'ByteDance and Alibaba restrict foreign AI coding tools',
});
const openAiNews = Array.from({ length: 8 }, (_, i) => item(`openai-${i}`, `2026-07-0${(i % 3) + 1}`, ['openai', 'anthropic']));
const archive = [ownItem, claudeCodeCheck, chineseRestrictions, ...openAiNews];

/** How often each entity occurs in a big archive: OpenAI and Anthropic are everywhere, Claude Code and Alibaba rarer. */
const entities = [
  { id: 'alibaba', weight: 7, items: 40 },
  { id: 'claude-code', weight: 6, items: 25 },
  { id: 'anthropic', weight: 3, items: 900 },
  { id: 'openai', weight: 1, items: 999 },
];
const rank = (url: string) =>
  rankRelated({
    url,
    lead: 'Alibaba bans Claude Code. Alibaba will bar employees from using Anthropic’s Claude Code.',
    entities,
    candidates: archive,
    archiveSize: 20_000,
    now: NOW,
  });

describe('rankRelated', () => {
  it('ranks items about Claude Code and Chinese firms’ restrictions above generic OpenAI items', () => {
    const ranked = rank('https://techcrunch.com/2026/07/04/some-other-article/').map((r) => r.item.id);
    expect(ranked.indexOf('claude-code-china-check')).toBeLessThan(ranked.indexOf('openai-0'));
    expect(ranked.indexOf('bytedance-restricts-ai')).toBeLessThan(ranked.indexOf('openai-0'));
    expect(ranked.slice(0, 3)).toEqual(expect.arrayContaining(['own', 'claude-code-china-check', 'bytedance-restricts-ai']));
  });

  it('says why each item is related: the shared entities, most telling first', () => {
    const check = rank('https://example.com/x').find((r) => r.item.id === 'claude-code-china-check');
    expect(check?.why).toEqual(['claude-code', 'anthropic']);
  });

  it('leaves out the article’s own item, however its address is dressed', () => {
    const ranked = rank(`${ARTICLE_URL}?utm_source=feed#top`.replace('https://', 'http://www.'));
    expect(ranked.map((r) => r.item.id)).not.toContain('own');
  });

  it('prefers the recent of two otherwise equal items', () => {
    const old = item('old', '2024-01-01', ['claude-code']);
    const recent = item('recent', '2026-06-01', ['claude-code']);
    const ranked = rankRelated({ url: 'https://e.com/a', lead: '', entities, candidates: [old, recent], archiveSize: 1000, now: NOW });
    expect(ranked.map((r) => r.item.id)).toEqual(['recent', 'old']);
  });
});

describe('buildPanelContext', () => {
  const base = {
    article: { url: ARTICLE_URL, page: ARTICLE_URL, title: 'Alibaba bans Claude Code' },
    entities: [],
    titles: new Map<string, string>(),
    status: {},
    now: NOW,
  };

  it('leads with this article’s own item, which does not appear again as related', () => {
    const context = buildPanelContext({ ...base, own: ownItem, follows: [claudeCodeCheck], ranked: rank(ARTICLE_URL) });
    expect(context.lead).toEqual({ kind: 'own', item: ownItem });
    expect(context.timeline.map((r) => r.item.id)).not.toContain('own');
    expect(context.timeline.map((r) => r.item.id)).toContain('claude-code-china-check');
  });

  it('otherwise borrows the most relevant item’s take, marked as borrowed', () => {
    const ranked = rank('https://techcrunch.com/2026/07/06/a-later-story/').filter((r) => r.item.id !== 'own');
    const context = buildPanelContext({
      ...base,
      article: {
        url: 'https://techcrunch.com/2026/07/06/a-later-story/',
        page: 'https://techcrunch.com/2026/07/06/a-later-story/',
        title: 'Later',
      },
      own: undefined,
      follows: [],
      ranked,
    });
    expect(context.lead?.kind).toBe('borrowed');
    expect(context.lead?.item.id).toBe(ranked[0]?.item.id);
  });

  it('lays the timeline out oldest first and judges signals against the clock', () => {
    const context = buildPanelContext({ ...base, own: ownItem, follows: [claudeCodeCheck], ranked: rank(ARTICLE_URL) });
    const dates = context.timeline.map((r) => r.item.published);
    expect(dates).toEqual([...dates].sort());
    expect(context.today).toBe('2026-07-05');
    expect(context.signals.map((s) => [s.by, s.status])).toEqual([
      ['2026-09-02', 'open'],
      ['2026-07-01', 'overdue'],
    ]);
  });

  it('has no lead and an empty timeline when nothing is related', () => {
    const context = buildPanelContext({ ...base, own: undefined, follows: [], ranked: [] });
    expect(context.lead).toBeNull();
    expect(context.timeline).toEqual([]);
  });
});
