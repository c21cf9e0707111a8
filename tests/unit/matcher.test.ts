import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../lib/entities/analysis';
import { compileMatcher, findMentions, matcherFromBytes, matcherToBytes } from '../../lib/entities/matcher';
import { matcherFromBase64, matcherToBase64 } from '../../lib/entities/prebuilt';
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

  it('matches a ticker or acronym written in capitals only so: the same letters in lower case are ordinary words', () => {
    expect(spot('baba ganoush, Baba the cat, and BABA shares')).toEqual([['alibaba', 'BABA']]);
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

describe('the automaton', () => {
  /** The obvious quadratic reference: every alias tried at every position, then leftmost-longest. */
  function naive(text: string, surfaces: string[]): [number, number][] {
    const lower = text.toLowerCase();
    const isWord = (ch: string | undefined) => ch !== undefined && /[a-z0-9]/i.test(ch);
    const hits: [number, number][] = [];
    for (let i = 0; i < text.length; i++) {
      for (const s of surfaces) {
        if (lower.startsWith(s.toLowerCase(), i) && !isWord(text[i - 1]) && !isWord(text[i + s.length])) hits.push([i, i + s.length]);
      }
    }
    hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const out: [number, number][] = [];
    let taken = 0;
    for (const h of hits) {
      if (h[0] < taken) continue;
      out.push(h);
      taken = h[1];
    }
    return out;
  }

  it('finds exactly what the naive scan finds, on overlapping aliases and random text', () => {
    const surfaces = ['he', 'she', 'hers', 'his', 'a b', 'ab', 'b', 'bab', 'a', 'ha he'];
    const patterns = surfaces.map((surface, i) => ({ entityId: `e${i}`, surface, ambiguous: false }));
    const m = compileMatcher(patterns);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'abehrsi -';
    for (let run = 0; run < 300; run++) {
      const text = Array.from({ length: 40 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const got = findMentions(text, m).map((x) => [x.start, x.end]);
      expect(got, text).toEqual(naive(text, surfaces));
    }
  });

  it('loads from its bytes and finds the same mentions', () => {
    const text = 'Alibaba (阿里巴巴, BABA) bans Claude Code; Anthropic and OpenAI react.';
    const bytes = matcherToBytes(matcher);
    const copy = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(copy).set(bytes);
    expect(findMentions(text, matcherFromBytes(copy))).toEqual(findMentions(text, matcher));
  });
});

describe('the prebuilt matcher', () => {
  it('survives the trip through base64 that the build makes', () => {
    const text = 'Alibaba bans Claude Code, Anthropic says.';
    expect(findMentions(text, matcherFromBase64(matcherToBase64(matcher)))).toEqual(findMentions(text, matcher));
  });
});
