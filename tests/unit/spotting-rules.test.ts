/**
 * The spotting rules of issue 10, each on a small gazetteer of its own (so a rule is tested, not the bundled data):
 * the sense prior of big names on the default news sites, their other sense, lists of companies, and the parts
 * of longer names that are not the shorter entity.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type Entity, EntitySchema } from '../../lib/archive/schema';
import { analyzeArticle } from '../../lib/entities/analysis';
import { compileMatcher, patternsOf } from '../../lib/entities/matcher';

const raw: unknown[] = [
  {
    id: 'amazon',
    name: 'Amazon',
    type: 'company',
    aliases: ['Amazon.com'],
    ambiguous: ['Amazon'],
    newsSense: { names: ['Amazon'], otherSense: ['river', 'rainforest', 'basin'] },
  },
  { id: 'amazon-web-services', name: 'Amazon Web Services', type: 'company', aliases: ['AWS'], parent: 'amazon' },
  {
    id: 'apple',
    name: 'Apple',
    type: 'company',
    ambiguous: ['Apple'],
    newsSense: { names: ['Apple'], otherSense: ['pie', 'orchard', 'juice'] },
  },
  { id: 'ios', name: 'iOS', type: 'product', parent: 'apple' },
  { id: 'iphone', name: 'iPhone', type: 'product', parent: 'apple' },
  { id: 'app-store', name: 'App Store', type: 'product', ambiguous: ['App Store'], parent: 'apple' },
  { id: 'meta', name: 'Meta', type: 'company', ambiguous: ['Meta'], newsSense: { names: ['Meta'], otherSense: ['commentary'] } },
  { id: 'instagram', name: 'Instagram', type: 'product', parent: 'meta' },
  {
    id: 'x',
    name: 'X',
    type: 'company',
    aliases: ['Twitter'],
    ambiguous: ['X'],
    newsSense: { names: ['X'], otherSense: ['axis', 'equation'] },
  },
  { id: 'microsoft', name: 'Microsoft', type: 'company' },
  { id: 'google', name: 'Google', type: 'company' },
  { id: 'intel', name: 'Intel', type: 'company' },
  { id: 'openai', name: 'OpenAI', type: 'lab' },
  { id: 'chatgpt', name: 'ChatGPT', type: 'product', parent: 'openai' },
  { id: 'chatgpt-atlas', name: 'ChatGPT Atlas', type: 'product', aliases: ['Atlas'], ambiguous: ['Atlas'], parent: 'openai' },
  { id: 'amd', name: 'AMD', type: 'company' },
  { id: 'amd-instinct', name: 'AMD Instinct', type: 'product', aliases: ['Instinct'], ambiguous: ['Instinct'], parent: 'amd' },
  { id: 'google-deepmind', name: 'Google DeepMind', type: 'lab', parent: 'google' },
  { id: 'gemini', name: 'Gemini', type: 'model', ambiguous: ['Gemini'], parent: 'google-deepmind' },
  { id: 'fortune', name: 'Fortune', type: 'outlet', aliases: ['fortune.com'], ambiguous: ['Fortune'], homepage: 'https://fortune.com' },
].map((e) => ({ description: 'A test entity.', ...(e as object) }));
const list: Entity[] = raw.map((e) => v.parse(EntitySchema, e));
const entities = new Map(list.map((e) => [e.id, e]));
const matcher = compileMatcher(patternsOf(list));

const NEWS = 'https://techcrunch.com/2026/05/01/story/';
const READER = 'https://blog.example.org/2026/05/01/post/';
/**
 * The ids found in a one-paragraph article, under a headline that names nothing, whose address is `url` (read on
 * `page`, when that is another: a syndicated story).
 */
const spot = (text: string, url = READER, page?: string): string[] =>
  analyzeArticle({ url, ...(page ? { page } : {}), title: 'Notes from the week', blocks: ['Notes from the week', text] }, matcher, entities)
    .entities.map((e) => e.id)
    .sort();

describe('the sense prior of a big name on the default news sites', () => {
  it('takes a capitalised big name there as the company with no other evidence, and stays neutral elsewhere', () => {
    expect(spot('Amazon’s new podcast strategy: monetize everything.', NEWS)).toEqual(['amazon']);
    expect(spot('Tim said it was displacing Amazon for good.', NEWS)).toEqual(['amazon']);
    expect(spot('Amazon’s new podcast strategy: monetize everything.', READER)).toEqual([]);
  });

  it('leaves the name to its other sense when a word of it is near, on a news site too', () => {
    expect(spot('The Amazon fell to its lowest level in a century, stranding river boats.', NEWS)).toEqual([]);
    expect(spot('Apple pie remains the best-selling dessert at the diner.', NEWS)).toEqual([]);
    // A business word does not outweigh the other sense: "investors" is a cue for a company.
    expect(spot('Investors toured the Amazon rainforest last week.', READER)).toEqual([]);
  });

  it('is no reason to take a single letter that belongs to another name or to a list of letters', () => {
    expect(spot('Generation X workers have saved less than their parents.', NEWS)).toEqual([]);
    expect(spot('Later, Malcolm X spoke at the rally in Harlem.', NEWS)).toEqual([]);
    expect(spot('Three boxes are labelled X, Y and Z, and one label is true.', NEWS)).toEqual([]);
    expect(spot('If you want franchises, then the X makes more sense.', NEWS)).toEqual([]);
    expect(spot('As X shuts down Communities, rivals step in.', NEWS)).toEqual(['x']);
  });

  it('is no reason to take a name inside a hyphenated word, unless the word says who is behind something', () => {
    expect(spot('Meta-analysis of forty trials found no effect.', NEWS)).toEqual([]);
    expect(spot('The Amazon-backed startup raised more.', NEWS)).toEqual(['amazon']);
  });
});

describe('lists of companies', () => {
  it('vouch for an ambiguous member beside one that stands alone', () => {
    expect(spot('Representatives from Amazon, Microsoft, and Intel gathered in Toronto.')).toEqual(['amazon', 'intel', 'microsoft']);
    expect(spot('Representatives from Amazon gathered in Toronto.')).toEqual([]);
  });

  it('do not vouch for a short form whose family is not named', () => {
    expect(spot('The company owns Instagram, Atlas, WhatsApp, and dozens of other companies.')).toEqual(['instagram']);
  });
});

describe('evidence for a company', () => {
  it("takes a retailer's words as a company's", () => {
    expect(spot('Third-party sellers on Amazon pay more in fees this year.')).toEqual(['amazon']);
    expect(spot('Most visitors to Amazon stay for a week.')).toEqual([]);
  });

  it('takes a company as the subject of a product release', () => {
    expect(spot('In an age where Apple is supposed to release ARM laptops, nobody knows.')).toEqual(['apple']);
  });

  it('reads "$50B" as a figure, not as a name before the company', () => {
    expect(spot('OpenAI ends Microsoft legal peril over its $50B Amazon deal')).toEqual(['amazon', 'microsoft', 'openai']);
  });

  it('takes a capitalised word at a sentence start as part of the name after it, unless it is a common opener', () => {
    expect(spot('Killer Instinct runs well, and the console uses AMD chips in every unit it sells.')).toEqual(['amd']);
    expect(spot('Yesterday Apple said it will ship a phone.', NEWS)).toEqual(['apple']);
  });
});

describe('parts of longer names', () => {
  it('does not take a product line in the name of one release, but does for a model family', () => {
    expect(spot('HomeKit works on Apple devices running iOS 8.2 or later.', NEWS)).toEqual(['apple']);
    expect(spot('The iPhone XS Max is big.')).toEqual([]);
    expect(spot('The iPhone is big, and iOS apps run on it.')).toEqual(['ios', 'iphone']);
    expect(spot('Gemini 2.5 is the fastest model yet.')).toEqual(['gemini']);
  });

  it('does not take a name inside an address or a handle', () => {
    expect(spot('Of me, saying hummus. pic.twitter.com/fob8W59IgP')).toEqual([]);
    expect(spot('Follow us at twitter.com/Google or @Google.')).toEqual([]);
    expect(spot('Amazon.com (AMZN) rose.')).toEqual(['amazon']);
  });

  it('does not take a company that starts a longer product name, or a product inside a longer one', () => {
    expect(spot('ATF uses AWS Simple Queue Service (SQS) to queue tasks.')).toEqual([]);
    expect(spot('The test PC is powered by an Intel Core i7 CPU.')).toEqual(['intel']);
    expect(spot('The app costs 50 euros in the Mac App Store.')).toEqual([]);
  });
});

describe("an outlet's own name", () => {
  const text = 'Microsoft cut the price, Fortune reported on Tuesday.';

  it('is a mention on another site, and a byline on its own', () => {
    expect(spot(text)).toContain('fortune');
    expect(spot(text, 'https://fortune.com/2026/05/01/story/')).toEqual(['microsoft']);
  });

  it('is a byline on its own site when the canonical address names another (a syndicated story)', () => {
    expect(spot(text, 'https://time.com/4603308/story/', 'https://fortune.com/2016/12/15/story/')).toEqual(['microsoft']);
    // And on the site the canonical names, read elsewhere.
    expect(spot(text, 'https://fortune.com/2016/12/15/story/', 'https://time.com/4603308/story/')).toEqual(['microsoft']);
  });
});
