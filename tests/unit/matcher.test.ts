import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../lib/entities/analysis';
import { findMentions } from '../../lib/entities/matcher';
import { miniMatcher } from './helpers';

const { matcher, entities } = miniMatcher();
const spot = (text: string) => findMentions(text, matcher).map((m) => [m.entityId, text.slice(m.start, m.end)]);

describe('findMentions', () => {
  it('takes the longest alias at a position: "Claude Code" is one mention', () => {
    expect(spot('Engineers love Claude Code.')).toEqual([['claude-code', 'Claude Code']]);
  });

  it('matches whole words only', () => {
    expect(spot('Anthropical ideas and OpenAIs')).toEqual([]);
    expect(spot('BABAS are not BABA')).toEqual([['alibaba', 'BABA']]);
  });

  it('handles possessives, hyphens and curly apostrophes', () => {
    expect(spot("Anthropic's model, Anthropic’s tool, an OpenAI-backed firm")).toEqual([
      ['anthropic', 'Anthropic'],
      ['anthropic', 'Anthropic'],
      ['openai', 'OpenAI'],
    ]);
  });

  it('sees through soft hyphens and line breaks, with offsets on the original text', () => {
    const text = 'Staff must stop using Claude\n   Code and Anthro\u00adpic tools';
    expect(spot(text)).toEqual([
      ['claude-code', 'Claude\n   Code'],
      ['anthropic', 'Anthro\u00adpic'],
    ]);
  });

  it('matches CJK aliases without spaces around them', () => {
    expect(spot('据报道阿里巴巴禁止员工使用通义千问以外的工具')).toEqual([
      ['alibaba', '阿里巴巴'],
      ['qwen', '通义千问'],
    ]);
  });

  it('is case-insensitive for ordinary names but exact for ambiguous ones', () => {
    expect(spot('ANTHROPIC and openai')).toEqual([
      ['anthropic', 'ANTHROPIC'],
      ['openai', 'openai'],
    ]);
    expect(spot('an apple a day, APPLE shares, Apple shares')).toEqual([['apple', 'Apple']]);
  });
});

describe('analyzeArticle', () => {
  const analyze = (blocks: string[]) => analyzeArticle({ url: 'https://example.com/a', title: blocks[0] ?? '', blocks }, matcher, entities);

  it('keeps an ambiguous name only with evidence in the article', () => {
    const person = analyze(['Claude Monet painted water lilies', 'Claude was a French painter.']);
    expect(person.entities).toEqual([]);
    const model = analyze(['Anthropic updates its models', 'Claude now writes longer answers, Anthropic said.']);
    expect(model.entities.map((e) => e.id).sort()).toEqual(['anthropic', 'claude']);
  });

  it('does not take a sentence-initial capital as evidence', () => {
    expect(analyze(['Fruit prices', 'Apple pie is popular. Apple orchards grow.']).entities).toEqual([]);
    expect(analyze(['Tim Cook speaks', 'Apple will ship a new phone, Tim Cook said.']).entities.map((e) => e.id)).toEqual([
      'tim-cook',
      'apple',
    ]);
  });

  it('counts mentions and weighs the headline and lede more', () => {
    const result = analyze([
      'Alibaba bans Claude Code',
      'The ban on Claude Code starts soon.',
      'Alibaba said so. Alibaba, 阿里巴巴, BABA.',
    ]);
    const alibaba = result.entities.find((e) => e.id === 'alibaba');
    const claudeCode = result.entities.find((e) => e.id === 'claude-code');
    expect(alibaba).toMatchObject({ count: 5, weight: 3 + 4, surfaces: ['Alibaba', '阿里巴巴', 'BABA'] });
    expect(claudeCode).toMatchObject({ count: 2, weight: 3 + 2 });
    expect(result.mentions).toHaveLength(7);
    expect(result.mentions[0]).toEqual({ entityId: 'alibaba', block: 0, start: 0, end: 7 });
  });
});
