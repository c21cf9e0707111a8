/**
 * Extraction and spotting on the project's own article fixtures (tests/fixtures/articles), read with a
 * DOM library the way the `spot` CLI reads a saved page: each extraction path, the ambiguous names both
 * ways, a non-article page, a paywalled page, CJK aliases, possessives and hyphenation, noisy rails.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { analyzeArticle, parseArticleInput } from '../../lib/entities/analysis';
import type { TextBlock } from '../../lib/extract/blocks';
import { readArticle } from '../../lib/extract/read-article';
import { READ_BUDGET } from '../../lib/extract/read-steps';
import { loadBundledGazetteer } from '../../scripts/lib/gazetteer';
import { readHtmlFile } from '../../scripts/lib/html-file';
import { ARTICLES_DIR, fixtureArticles } from './fixture-pages';

const gazetteer = loadBundledGazetteer();

describe.each(fixtureArticles())('$slug', ({ source, expected }) => {
  const { article, input } = readArticle(readHtmlFile(source), expected.url);
  const found = article.isArticle ? analyzeArticle(input, gazetteer.matcher, gazetteer.entities).entities.map((e) => e.id) : [];

  it(`is ${expected.isArticle ? 'an article' : 'not an article'}, served by ${expected.path}`, () => {
    expect(article.isArticle).toBe(expected.isArticle);
    expect(article.path).toBe(expected.path);
    if (expected.title) expect(article.title).toBe(expected.title);
  });

  it('finds exactly the entities a careful reader would tag', () => {
    expect([...found].sort()).toEqual([...expected.entities].sort());
  });

  it('finds none of the names that stand outside the body or mean something else', () => {
    expect(found.filter((id) => expected.absent.includes(id))).toEqual([]);
  });
});

describe('the body text', () => {
  it('leaves out the ad slot, the newsletter box, the rail and the footer', () => {
    const { input } = readArticle(
      readHtmlFile(join(ARTICLES_DIR, 'techcrunch-alibaba-claude-code/source.html')),
      'https://techcrunch.com/2026/07/04/x/',
    );
    const text = input.blocks.join('\n');
    expect(input.blocks[0]).toBe('Alibaba reportedly bans employees from using Claude Code');
    expect(text).toContain('Staff have been pointed to Qoder');
    for (const noise of ['Advertisement', 'Most Popular', 'ChatGPT', 'All rights reserved', 'Startups']) expect(text).not.toContain(noise);
  });
  it('leaves out a block that is non-article itself, or inside something non-article, and reads a nested block once', () => {
    // Asked of each block read (no query of the whole body first): the answers must be what closest() says.
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'A test', datePublished: '2026-07-01' });
    const para = (words: string) => `${words} ${'and the story goes on at some length about the chips. '.repeat(4)}`;
    const { document } = parseHTML(`<!doctype html><html><head><script type="application/ld+json">${ld}</script></head><body>
      <article><h1>A test</h1><div class="entry-content">
        <p>${para('Kept first.')}</p>
        <p class="share-line">${para('Shared line.')}</p>
        <aside><p>${para('Aside text.')}</p></aside>
        <ul class="Related-Links"><li><p>${para('Related item.')}</p></li></ul>
        <ul><li>${para('Kept item.')}<p>${para('Nested paragraph.')}</p></li></ul>
        <p>${para('Kept last.')}</p>
      </div></article></body></html>`);
    const { input } = readArticle(document as unknown as Document, 'https://techcrunch.com/2026/07/01/a-test/');
    const text = input.blocks.join('\n');
    for (const kept of ['Kept first.', 'Kept item.', 'Kept last.']) expect(text).toContain(kept);
    for (const left of ['Shared line.', 'Aside text.', 'Related item.']) expect(text).not.toContain(left);
    expect(text.split('Nested paragraph.').length - 1).toBe(1);
  });

  it("leaves out a picture's caption and credit written inside the paragraph, and reads the paragraph's own text", () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Mario runs', datePublished: '2016-12-01' });
    const story = 'and the story goes on at some length about the game and its price. '.repeat(3);
    const { document } = parseHTML(
      `<!doctype html><html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>Mario runs</h1><div class="articlebody">` +
        '<p><span class="storyimage"><span class="image"><img alt=""></span><span class="caption truncate">' +
        '<span class="attribution">© Provided by Business Insider Inc</span><span>Nintendo/Apple</span></span></span>' +
        ` Nintendo and Apple shocked the world ${story}</p><p>The game costs $10 ${story}</p></div></article></body></html>`,
    );
    const { input } = readArticle(document as unknown as Document, 'https://www.businessinsider.com/mario-run/');
    const text = input.blocks.join('\n');
    expect(text).not.toContain('Nintendo/Apple');
    expect(text).not.toContain('Provided by');
    expect(text).toContain('Nintendo and Apple shocked the world');
  });
});

describe('text a body container holds outside any block', () => {
  const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Chips rally', datePublished: '2016-12-06' });
  const story = 'and the story goes on at some length about the chips and the markets. '.repeat(3);
  const page = (body: string) =>
    parseHTML(
      `<!doctype html><html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>Chips rally</h1><div class="body-copy">${body}</div></article></body></html>`,
    ).document as unknown as Document;
  const squashed = (blocks: string[]) => blocks.map((b) => b.replace(/\s+/g, ' ').trim());

  it('reads the words a paragraph leaves loose when the parser closes it at an <aside> or a <div>, in their place', () => {
    // Bloomberg writes `<p> <aside class="inline-newsletter">…</aside> The 30-member blue-chip index jumped …</p>`: the
    // <p> ends at the <aside>, and the paragraph's words are the container's own, followed by an empty <p>.
    const doc = page(
      `<p>The index rose ${story}</p>` +
        `<p> <aside class="inline-newsletter"><div>Get our markets daily newsletter.</div></aside> Chip shares jumped after <a href="/n">Nvidia</a> said ${story}</p>` +
        `<p>Later, <div class="page-ad"></div> Anthropic raised money ${story}</p>` +
        `<p>The end ${story}</p>`,
    );
    const { input, blocks } = readArticle(doc, 'https://www.bloomberg.com/news/articles/2016-12-06/chips');
    expect(squashed(input.blocks).map((b) => b.split(' ').slice(0, 3).join(' '))).toEqual([
      'Chips rally',
      'The index rose',
      'Chip shares jumped',
      'Later,',
      'Anthropic raised money',
      'The end and',
    ]);
    expect(input.blocks.join('\n')).not.toContain('newsletter');
    const found = analyzeArticle(input, gazetteer.matcher, gazetteer.entities).entities.map((e) => e.id);
    expect(found).toEqual(expect.arrayContaining(['nvidia', 'anthropic']));
    // The marks find the page's own text nodes: the link's among them, each where the block's text has it.
    const loose = blocks.find((b) => b.text.includes('Chip shares jumped')) as TextBlock;
    expect(loose.nodes.map((node, i) => loose.text.slice(loose.starts[i], (loose.starts[i] as number) + node.data.length))).toEqual(
      loose.nodes.map((node) => node.data),
    );
    expect(loose.nodes.some((node) => node.data === 'Nvidia' && node.parentElement?.tagName === 'A')).toBe(true);
  });

  it('adds nothing for white space, a link or a share label between blocks, a script, or a "Read more:" line', () => {
    const doc = page(`
      <p>First ${story}</p>
      <a href="/subscribe">Subscribe to the newsletter about Google</a>
      <p>Second ${story}</p>
      <span class="share-tools">Share on Meta</span> <button>Ask Gemini</button> <script>var openai = 1;</script>
      <p>Third ${story}</p>
      Read more: <a href="/other">Microsoft ships a thing</a>
      <p>Fourth ${story}</p>
      Its own words about Nvidia stand here, <span class="share-icons">Share on X</span> alone.
      <figure><img alt=""><figcaption>An Apple photo</figcaption></figure>
    `);
    const { input } = readArticle(doc, 'https://www.bloomberg.com/news/articles/2016-12-06/chips');
    expect(squashed(input.blocks)).toEqual([
      'Chips rally',
      ...['First', 'Second', 'Third', 'Fourth'].map((first) => `${first} ${story}`.replace(/\s+/g, ' ').trim()),
      'Its own words about Nvidia stand here, alone.',
    ]);
  });
});

describe('a page read to its budget', () => {
  it('is taken by the worker however many blocks it gave, the title among them', () => {
    const items = Array.from({ length: READ_BUDGET.nodes + 50 }, (_, i) => `<li>${i}</li>`).join('');
    const { document } = parseHTML(
      `<!doctype html><html><head><title>A long list</title><meta property="og:type" content="article"></head><body><article><div class="entry-content"><ul>${items}</ul></div></article></body></html>`,
    );
    const { input } = readArticle(document as unknown as Document, 'https://techcrunch.com/2026/07/07/list/');
    expect(input.blocks.length).toBe(READ_BUDGET.nodes + 1);
    expect(() => parseArticleInput(input)).not.toThrow();
  });
});

describe("the page's own address", () => {
  const page = (link: string) =>
    parseHTML(
      `<!doctype html><html><head><link rel="canonical" href="${link}"><meta property="og:type" content="article"></head><body><article><h1>A deal</h1><div class="entry-content"><p>${'OpenAI signed a deal, and the story goes on at some length. '.repeat(5)}</p></div></article></body></html>`,
    ).document as unknown as Document;
  it('is its canonical link made whole when the site writes it relative, and never a link that is not http(s)', () => {
    const at = 'https://techcrunch.com/2026/07/07/deal/?utm_source=x';
    expect(readArticle(page('/2026/07/07/deal/'), at).input.url).toBe('https://techcrunch.com/2026/07/07/deal/');
    expect(readArticle(page('javascript:alert(1)'), at).input.url).toBe(at);
  });
});

describe('text that the page breaks where its markup has no space', () => {
  it('reads a line break, or a block inside a block, as a break: names on either side stay apart and are found', () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Chips and backers', datePublished: '2026-07-01' });
    const story = 'and the story goes on at some length about the chips and the money behind them. '.repeat(3);
    const { document } = parseHTML(
      `<!doctype html><html><head><script type="application/ld+json">${ld}</script></head><body><article><h1>Chips and backers</h1><div class="entry-content">` +
        `<p>Backers:<br>Nvidia<br>Microsoft ${story}</p>` +
        `<ul><li><h3>OpenAI</h3><p>Anthropic's rival shipped a model ${story}</p></li></ul>` +
        `<p>Open<b>AI</b> kept its <i>name</i> whole ${story}</p>` +
        '</div></article></body></html>',
    );
    const { input } = readArticle(document as unknown as Document, 'https://techcrunch.com/2026/07/01/chips/');
    const text = input.blocks.join('\n');
    expect(text).toContain('Backers:\nNvidia\nMicrosoft');
    expect(text).toContain('OpenAI\nAnthropic');
    expect(text).toContain('OpenAI kept its name whole');
    const found = analyzeArticle(input, gazetteer.matcher, gazetteer.entities).entities.map((e) => e.id);
    expect(found).toEqual(expect.arrayContaining(['nvidia', 'microsoft', 'openai', 'anthropic']));
  });
});

describe('the spot CLI', () => {
  it('prints the article, its entities and the related archive items as one JSON object', () => {
    const file = join(ARTICLES_DIR, 'techcrunch-alibaba-claude-code/source.html');
    const run = spawnSync(
      'npx',
      ['tsx', 'scripts/spot.ts', file, '--url', 'https://techcrunch.com/2026/07/04/backstory-demo-alibaba-claude-code/'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      article: { title: string; site: string };
      isArticle: boolean;
      entities: { id: string; count: number; surfaces: string[] }[];
      related: { id: string; published: string; why: string[] }[];
    };
    expect(out.article).toMatchObject({ title: 'Alibaba reportedly bans employees from using Claude Code', site: 'techcrunch.com' });
    expect(out.isArticle).toBe(true);
    expect(out.entities.find((e) => e.id === 'alibaba')?.surfaces).toEqual(expect.arrayContaining(['Alibaba', '阿里巴巴', 'BABA']));
    expect(out.related.length).toBeGreaterThan(0);
    const dates = out.related.map((r) => r.published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(out.related.every((r) => r.why.length > 0)).toBe(true);
  }, 30_000);
});
