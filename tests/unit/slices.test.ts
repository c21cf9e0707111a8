/**
 * Reading a page in slices: the sliced reading gives the same article as reading at once, pauses for the
 * page when its slice is spent, and past its budget reads the first part of a long page and says how much.
 * (That no task is long in a real browser is measured by `npm run bench`, not asserted here.)
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { analyzeArticle, parseArticleInput } from '../../lib/entities/analysis';
import { AncestorTest } from '../../lib/extract/ancestors';
import { MIN_BODY_CHARS } from '../../lib/extract/article';
import { readArticle, readArticleSteps } from '../../lib/extract/read-article';
import { boundedCopy, parseWithReadability } from '../../lib/extract/readability';
import { drain, runInSlices, type Steps } from '../../lib/extract/steps';
import { readHtmlFile } from '../../scripts/lib/html-file';
import { fixtureArticles } from './fixture-pages';
import { miniMatcher } from './helpers';

/** An article (by its structured data) of `paragraphs` paragraphs, each of `spans` one-word spans or one sentence. */
function longArticle(paragraphs: number, spans: number): Document {
  const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'A very long article' });
  const sentence = 'OpenAI trains models while Nvidia ships chips and Anthropic releases Claude to developers. '.repeat(3);
  const body = Array.from({ length: paragraphs }, (_, p) =>
    spans > 0 ? `<p>${Array.from({ length: spans }, (_, s) => `<span>w${p}x${s}</span> `).join('')}</p>` : `<p>${sentence}${p}</p>`,
  ).join('');
  const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>A very long article</h1><div class="entry-content">${body}</div></article></body></html>`;
  return parseHTML(html).document as unknown as Document;
}

describe('running steps', () => {
  function* counting(n: number, log: string[]): Steps<number> {
    for (let i = 0; i < n; i++) {
      log.push(`step ${i}`);
      yield;
    }
    return n;
  }

  it('drains them at once', () => {
    const log: string[] = [];
    expect(drain(counting(3, log))).toBe(3);
    expect(log).toHaveLength(3);
  });

  it('pauses for the page each time a slice is spent, and only then', async () => {
    let clock = 0;
    const log: string[] = [];
    // Each step takes 4 ms of a fake clock: a slice of 10 ms holds three.
    const ticking = (function* (): Steps<string> {
      for (let i = 0; i < 6; i++) {
        clock += 4;
        log.push(`step ${i}`);
        yield;
      }
      return 'done';
    })();
    const pause = async () => void log.push('pause');
    expect(await runInSlices(ticking, { sliceMs: 10, now: () => clock, pause })).toBe('done');
    expect(log).toEqual(['step 0', 'step 1', 'step 2', 'pause', 'step 3', 'step 4', 'step 5', 'pause']);
    // Steps that take no time never pause.
    log.length = 0;
    expect(await runInSlices(counting(5, log), { sliceMs: 10, now: () => clock, pause })).toBe(5);
    expect(log).not.toContain('pause');
  });
});

describe('Readability on demand', () => {
  it('waits for Readability to load only in slices, never in a straight run', () => {
    const html = `<html><body><div><div>${'Just some text. '.repeat(50)}</div></div></body></html>`;
    const needsReadability = parseHTML(html).document as unknown as Document;
    const loader = async () => (page: Document) => parseWithReadability(page);
    expect(() => drain(readArticleSteps(needsReadability, 'https://venturebeat.com/x/', loader))).toThrow(/runInSlices/);
  });

  it('is given a bounded copy of the page: its head whole, its body in order up to the limits', () => {
    const doc = longArticle(500, 0);
    const copy = boundedCopy(doc, { elements: 50, chars: 1_000_000 });
    expect(copy.querySelector('script[type="application/ld+json"]')).not.toBeNull();
    expect(copy.querySelectorAll('body *').length).toBe(50);
    // The last paragraph copied may be cut off before its text: the ones before it are whole, in order.
    const paragraphs = [...copy.querySelectorAll('p')].map((p) => p.textContent).slice(0, -1);
    expect(paragraphs.length).toBeGreaterThan(40);
    expect(paragraphs).toEqual([...doc.querySelectorAll('p')].slice(0, paragraphs.length).map((p) => p.textContent));
    expect(doc.querySelectorAll('p').length).toBe(500);
  });
});

describe('reading in slices', () => {
  it('reads every fixture article the same as reading it at once', async () => {
    for (const { source, expected } of fixtureArticles()) {
      const whole = readArticle(readHtmlFile(source), expected.url);
      // Readability arrives later, as it does when the worker injects it.
      const later = async () => (page: Document) => parseWithReadability(page, MIN_BODY_CHARS);
      const sliced = await runInSlices(readArticleSteps(readHtmlFile(source), expected.url, later), { sliceMs: 0, pause: async () => {} });
      expect(sliced.input, expected.url).toEqual(whole.input);
      expect(sliced.article.path).toBe(whole.article.path);
    }
  });

  it('reads a short article whole, and says nothing of a budget', () => {
    const [first] = fixtureArticles();
    const { input } = readArticle(readHtmlFile(first?.source as string), first?.expected.url as string);
    expect(input.readWords).toBeUndefined();
  });

  it('reads the first part of a very long article, in whole paragraphs, and says how many words', () => {
    const { input, blocks } = readArticle(longArticle(2_000, 0), 'https://techcrunch.com/2026/07/01/huge/', {
      chars: 50_000,
      nodes: 1_000_000,
    });
    const chars = input.blocks.reduce((n, b) => n + b.length, 0);
    expect(chars).toBeLessThanOrEqual(50_000);
    expect(chars).toBeGreaterThan(49_000);
    expect(input.blocks[0]).toBe('A very long article');
    expect(input.readWords).toBe(input.blocks.join(' ').split(/\s+/).filter(Boolean).length);
    // Whole paragraphs: each read block is a paragraph's full text.
    expect(blocks.slice(1).every((b) => b.nodes.length === 1 && b.text === b.nodes[0]?.data)).toBe(true);
  });

  it('reads the loose text of a body container to the budget too, in slices as at once', async () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Loose lines' });
    const sentence = 'OpenAI trains models while Nvidia ships chips and Anthropic releases Claude to developers. '.repeat(3);
    // 20,000 lines of the container's own text between rules: some 700,000 characters.
    const lines = Array.from({ length: 20_000 }, (_, i) => `Loose words ${i} about the chips.<hr>`).join('');
    const page = () =>
      parseHTML(
        `<html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>Loose lines</h1><div class="entry-content"><p>${sentence}</p>${lines}</div></article></body></html>`,
      ).document as unknown as Document;
    const url = 'https://techcrunch.com/2026/07/01/loose/';
    const budget = { chars: 50_000, nodes: 1_000_000 };
    const whole = readArticle(page(), url, budget);
    const chars = whole.input.blocks.reduce((n, b) => n + b.length, 0);
    expect(chars).toBeLessThanOrEqual(50_000);
    expect(chars).toBeGreaterThan(49_000);
    expect(whole.input.blocks[2]).toBe('Loose words 0 about the chips.');
    expect(whole.input.readWords).toBe(whole.input.blocks.join(' ').split(/\s+/).filter(Boolean).length);
    const sliced = await runInSlices(
      readArticleSteps(page(), url, () => () => null, budget),
      { sliceMs: 0, pause: async () => {} },
    );
    expect(sliced.input).toEqual(whole.input);
  });

  it('stops at the node budget on a page of many tiny elements', () => {
    const { input } = readArticle(longArticle(400, 50), 'https://techcrunch.com/2026/07/01/many/', { chars: 1_000_000, nodes: 10_000 });
    // 50 spans of a word and 50 spaces a paragraph: 100 text nodes each, so 100 paragraphs (the headline first).
    expect(input.blocks.length).toBe(100);
    expect(input.blocks[99]).toContain('w98x49');
    expect(input.readWords).toBe(4 + 99 * 50);
  });
});

describe('a page nested thousands deep', () => {
  /** An article whose paragraphs sit under `depth` nested spans, and a link-credit span between them to leave out. */
  function deepArticle(depth: number): Document {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'A deep article' });
    const { document } = parseHTML(
      `<html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>A deep article</h1><div class="entry-content"></div></article></body></html>`,
    );
    let at = document.querySelector('.entry-content') as unknown as Element;
    for (let i = 0; i < depth; i++) {
      const span = document.createElement('span');
      at.append(span);
      at = span as unknown as Element;
    }
    for (let p = 0; p < 5; p++) {
      const paragraph = document.createElement('p');
      paragraph.textContent = `OpenAI trains models while Nvidia ships chips, paragraph ${p}. `.repeat(3);
      at.append(paragraph);
    }
    return document as unknown as Document;
  }

  it('walks up its ancestors in pauses, never thousands of levels in one step, with the answer closest() gives', () => {
    const doc = deepArticle(5_000);
    const root = doc.querySelector('.entry-content') as Element;
    const paragraph = doc.querySelector('p') as Element;
    const asides = new AncestorTest('aside', root);
    const steps = asides.steps(paragraph);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    expect(next.value).toBe(paragraph.closest('aside') !== null);
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(5_000 / 128));
    // The answer is remembered: a sibling asks again without a walk.
    const sibling = paragraph.nextElementSibling as Element;
    expect([...drainCounting(asides.steps(sibling))]).toEqual([]);
    expect(asides.test(sibling)).toBe(false);
    // A match nearby ends the walk at once.
    expect(new AncestorTest('span', root).test(paragraph)).toBe(true);
  });

  it('is read whole, in slices as at once', async () => {
    const whole = readArticle(deepArticle(5_000), 'https://techcrunch.com/2026/07/01/deep/');
    const sliced = await runInSlices(
      readArticleSteps(deepArticle(5_000), 'https://techcrunch.com/2026/07/01/deep/', () => () => null),
      {
        sliceMs: 0,
        pause: async () => {},
      },
    );
    expect(whole.input.blocks).toHaveLength(6);
    expect(sliced.input).toEqual(whole.input);
  });
});

/** The pauses a run of steps makes, one `undefined` each. */
function* drainCounting<T>(steps: Steps<T>): Generator<undefined> {
  for (let next = steps.next(); !next.done; next = steps.next()) yield undefined;
}

describe('how much was read, from the page to the panel', () => {
  const input = { url: 'https://techcrunch.com/a/', title: 'OpenAI', blocks: ['OpenAI', 'Nvidia ships chips.'], readWords: 4 };

  it('is checked where the page hands it over, and carried into the analysis', () => {
    expect(parseArticleInput(input).readWords).toBe(4);
    expect(() => parseArticleInput({ ...input, readWords: -1 })).toThrow(/Bad article/);
    expect(() => parseArticleInput({ ...input, readWords: 'all' })).toThrow(/Bad article/);
    const { matcher, entities } = miniMatcher();
    expect(analyzeArticle(input, matcher, entities).readWords).toBe(4);
    const { readWords: _, ...whole } = input;
    expect('readWords' in analyzeArticle(whole, matcher, entities)).toBe(false);
  });
});
