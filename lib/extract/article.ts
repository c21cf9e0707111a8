/**
 * Finding the article on a page: its metadata and the elements that hold its body text. Pure: it reads
 * the document it is given and changes nothing (Readability runs on a clone). docs/extraction.md has
 * the order and which path each site takes.
 */
import { AncestorTest } from './ancestors';
import { BLOCK_BREAK_SELECTOR, type BodyBlock, isLoose, type LooseText } from './blocks';
import type { ReadabilityParse } from './readability';
import { type SiteRule, siteRuleFor } from './sites';
import { drain, type Steps, wait } from './steps';

/** Loops over a page's nodes pause (`yield`) once in this many iterations: often enough, cheaply. */
const STEP = 64;

/** What found the body: structured data, selectors (a site's, or the common ones), or Readability. */
export type ExtractionPath = 'jsonld' | 'selectors' | 'readability' | 'none';

export interface ArticleMeta {
  title: string;
  /** The canonical address when the page gives one, else the page's own. */
  url: string;
  site: string;
  published?: string;
  byline?: string;
  isArticle: boolean;
  /** The structured data says the article is not free to read; what is visible is the headline and lede. */
  paywalled: boolean;
  path: ExtractionPath;
}

export interface ExtractedArticle extends ArticleMeta {
  /** The headline element, when the page shows one. */
  headline: Element | null;
  /** The article body's block elements (paragraphs, list items, subheads) and its loose text, in document order. */
  blocks: BodyBlock[];
  /** Evidence that is not marked: the structured data's description, about, mentions and keywords. */
  context: string[];
}

/** Block elements whose text is read as one unit. */
export const BLOCK_SELECTOR = 'h2, h3, h4, p, li, blockquote, td, th, dd, dt';

/** Inside these, text is not the article's: navigation, rails, promos, forms, credits, comments. */
export const NOT_ARTICLE =
  'nav, aside, form, figure, footer, script, style, noscript, template, button, [hidden], [aria-hidden="true"], [role="complementary"], [role="navigation"], ' +
  '[class*="newsletter" i], [class*="related" i], [class*="recirc" i], [class*="promo" i], [class*="advert" i], [class*="ad-unit" i], [class*="ad-slot" i], ' +
  '[class*="most-popular" i], [class*="most-read" i], [class*="trending" i], [class*="comment" i], [id*="comment" i], [class~="cmt"], [class*="cmts" i], [class*="share" i], [class*="social" i], ' +
  '[class*="subscribe" i], div[class*="paywall" i], section[class*="paywall" i], [class*="credit" i], [class*="caption" i], [class*="byline" i], [class*="author" i], ' +
  // Posts embedded from elsewhere, video players' titles, "Popular" lists and sponsored-link widgets: others' words.
  'figcaption, [class*="twitter-tweet" i], [class*="instagram-media" i], [class*="tiktok-embed" i], [class*="fb-post" i], [class*="bluesky-embed" i], ' +
  '[class*="embed-widget" i], [class*="inline-video" i], [class*="video-player" i], [class*="popular" i], [class*="outbrain" i], [class*="taboola" i], [class*="sponsored" i], [class~="ad"]';

/** Common article-body containers, for sites without a rule of their own. */
const COMMON_BODY = [
  '[itemprop="articleBody"]',
  '[class*="article-body" i]',
  '[class*="article__body" i]',
  '[class*="body" i][class*="article" i]',
  '[class*="article-content" i]',
  '[class*="entry-content" i]',
  '[class*="post-content" i]',
  '[class*="story-body" i]',
  '[class*="article-text" i]',
  '[class*="story-text" i]',
  '[class*="post-body" i]',
  'article',
  'main',
];

/** A body needs at least this much paragraph text to be believed. */
export const MIN_BODY_CHARS = 200;

/**
 * Readability, for the pages that need it: at once (the CLI and tests import it), or loaded on demand (the
 * article script has the worker inject it: it is not in the script's bundle).
 */
export type ReadabilityLoader = () => ReadabilityParse | Promise<ReadabilityParse>;

const ARTICLE_TYPES = new Set([
  'NewsArticle',
  'Article',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'BlogPosting',
  'TechArticle',
  'OpinionNewsArticle',
  'LiveBlogPosting',
]);
/** Structured-data types that say a page is a listing, not an article. */
const LISTING_TYPES = new Set(['CollectionPage', 'ItemList', 'SearchResultsPage', 'WebSite', 'ProfilePage', 'VideoGallery']);

/**
 * The page's <meta> values by property or name, the first in document order for each, read in one pass
 * (a query per key would walk a huge page's whole tree once a key).
 */
function metaTable(doc: Document): Map<string, string | null> {
  const table = new Map<string, string | null>();
  for (const element of doc.querySelectorAll('meta')) {
    for (const attribute of ['property', 'name']) {
      const name = element.getAttribute(attribute);
      if (name !== null && !table.has(name)) table.set(name, element.getAttribute('content'));
    }
  }
  return table;
}

function metaOf(table: Map<string, string | null>, key: string): string | undefined {
  const content = table.get(key)?.trim();
  return content ? content : undefined;
}

/** The JSON-LD objects on the page, flattened out of arrays and `@graph`s; bad JSON is skipped. */
export function jsonLdObjects(doc: Document): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      out.push(value as Record<string, unknown>);
      const graph = (value as Record<string, unknown>)['@graph'];
      if (graph) visit(graph);
    }
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    // Some CMSs wrap the JSON in a CDATA section or HTML comment.
    const text = (script.textContent ?? '').replace(/^\s*(?:<!\[CDATA\[|<!--)/, '').replace(/(?:\]\]>|-->)\s*$/, '');
    try {
      visit(JSON.parse(text));
    } catch {
      // A page's broken structured data is its own problem, not a reason to fail.
    }
  }
  return out;
}

const typesOf = (o: Record<string, unknown>): string[] =>
  (Array.isArray(o['@type']) ? o['@type'] : [o['@type']]).filter((t): t is string => typeof t === 'string');
const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** Names in schema.org values that may be strings, objects with a name, or lists of either. */
function namesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(namesIn);
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') {
    const name = (value as Record<string, unknown>).name;
    return typeof name === 'string' ? [name] : [];
  }
  return [];
}

/** Text folded for comparing a page's element with a text from elsewhere. */
const squash = (text: string): string => text.replace(/[\s\u00ad\u200b]+/g, ' ').trim();

/** What is not article text on a site: the common non-article parts and the site rule's own. */
const notArticle = (rule?: SiteRule): string =>
  rule && rule.exclude.length > 0 ? `${NOT_ARTICLE}, ${rule.exclude.join(', ')}` : NOT_ARTICLE;

/** A label that opens a line pointing elsewhere: "Related: …", "Read more: …", "Follow Backchannel: Twitter | Facebook". */
const POINTER_LABEL =
  /^(?:related(?: stories| articles| coverage)?|read (?:more|next|also)|also read|see also|more (?:from|on) [^:]{1,40}|further reading|recommended|follow [^:]{0,40}|watch|listen|sign up[^:]{0,40})\s*:/i;

/** A block's whole text, as the page's DOM has it. */
const textContentOf = (block: BodyBlock): string =>
  isLoose(block) ? block.nodes.map((node) => node.textContent ?? '').join('') : (block.textContent ?? '');

/** The links in a block. */
const linksIn = (block: BodyBlock): Element[] =>
  isLoose(block)
    ? block.nodes.flatMap((node) =>
        node.nodeType !== 1 ? [] : (node as Element).matches('a') ? [node as Element] : [...(node as Element).querySelectorAll('a')],
      )
    : [...block.querySelectorAll('a')];

/** A block that only points elsewhere, a labelled link line: other stories' headlines, the site's social accounts. */
function pointsElsewhere(block: BodyBlock, text = squash(textContentOf(block))): boolean {
  if (!POINTER_LABEL.test(text) || text.length > 300) return false;
  const linked = linksIn(block).reduce((n, a) => n + squash(a.textContent ?? '').length, 0);
  return linked >= 0.3 * text.length;
}

/** The block elements and loose text of a body container, leaving out what is not article text. */
export function bodyBlocks(root: Element, rule?: SiteRule): BodyBlock[] {
  return drain(bodyBlocksSteps(root, rule));
}

/** A run of loose text, and the first block element after it in document order (null: none), before which it is read. */
interface PlacedText {
  text: LooseText;
  before: Element | null;
}

const FIRST_ORDERED_NODE = 9; // XPathResult.FIRST_ORDERED_NODE_TYPE, spelled out like the other DOM constants here

/** Whether a container has a child text node that is not white space. */
function* hasOwnText(root: Element, worded: (node: Node) => boolean): Steps<boolean> {
  // One native query where the DOM has XPath (the browser): a look at each child from script cost the 5 MB article
  // of the benchmarks (40,000 children, blank text between its paragraphs) some 20 ms a load. linkedom has none.
  const doc = root.ownerDocument;
  if (typeof doc.evaluate === 'function') {
    return doc.evaluate('text()[normalize-space()]', root, null, FIRST_ORDERED_NODE, null).singleNodeValue !== null;
  }
  let step = 0;
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (++step % STEP === 0) yield;
    if (worded(child)) return true;
  }
  return false;
}

/**
 * The runs of a body container's loose text (./blocks.ts, LooseText): its text and inline elements between its
 * block-level children (./blocks.ts, BREAK_TAGS but a line break: elements shown as blocks, or holding one, whose
 * blocks are read on their own). Inline elements that are not article text are left out; a run with no words of the
 * container's own (only links or labels in inline elements between blocks) is not the article's text. Most
 * containers have no text of their own: for them, one look through their children finds none.
 */
function* looseTextSteps(root: Element, exclude: string, maxChars: number): Steps<PlacedText[]> {
  const worded = (node: Node): boolean => node.nodeType === 3 && /\S/.test((node as Text).data);
  const placed: PlacedText[] = [];
  if (!(yield* hasOwnText(root, worded))) return placed;
  let step = 0;
  let run: ChildNode[] = [];
  let own = false;
  // Runs ended, waiting for the next block after them.
  let waiting: LooseText[] = [];
  // Text past the reader's budget would not be read: no need to look through the rest of a huge container.
  let chars = 0;
  const end = (): void => {
    if (own) waiting.push({ root, nodes: run });
    run = [];
    own = false;
  };
  for (let child = root.firstChild; child && chars <= maxChars; child = child.nextSibling) {
    if (++step % STEP === 0) yield;
    if (child.nodeType === 3) {
      run.push(child);
      own ||= worded(child);
      chars += (child as Text).data.length;
      continue;
    }
    if (child.nodeType !== 1) continue; // a comment
    const element = child as Element;
    // Placed by identity, not by comparing positions: linkedom's compareDocumentPosition misorders a text node and
    // an element nested in an earlier sibling of it.
    const block = element.matches(BLOCK_SELECTOR) ? element : element.querySelector(BLOCK_SELECTOR);
    if (block) {
      // (A block read whole counts toward the budget; one holding blocks may hold parts that are not read.)
      if (block === element) chars += element.textContent?.length ?? 0;
      end();
      for (const text of waiting) placed.push({ text, before: block });
      waiting = [];
    } else if (element.matches(BLOCK_BREAK_SELECTOR) || element.querySelector(BLOCK_BREAK_SELECTOR) !== null) end();
    else if (!element.matches(exclude)) {
      run.push(element);
      chars += element.textContent?.length ?? 0;
    }
  }
  end();
  for (const text of waiting) placed.push({ text, before: null });
  return placed;
}

/**
 * `bodyBlocks`, pausing between elements, and stopping once the blocks found hold more than `maxChars`
 * characters: the reader's budget (read-article.ts) reads no further, so a huge page is not sifted whole.
 */
function* bodyBlocksSteps(root: Element, rule?: SiteRule, maxChars = Number.POSITIVE_INFINITY): Steps<BodyBlock[]> {
  const exclude = notArticle(rule);
  const blocks: BodyBlock[] = [];
  let step = 0;
  let chars = 0;
  // What element.closest(exclude) would say within the root, remembered (./ancestors.ts): a page nested
  // thousands deep costs its depth once, not once a block. Asked only of the blocks read, in slices: no
  // query of the whole root first (whether anything below it is excluded), which matched every element
  // against the ~50 selectors in one task (100-550 ms on a page of 100,000 elements) however little of
  // the page the read budget then reads.
  const excluded = new AncestorTest(exclude, root);
  const rootIsBlock = root.matches(BLOCK_SELECTOR);
  // The root's loose text, placed among its blocks in document order: each run before the first block after it.
  const loose = rootIsBlock ? [] : yield* looseTextSteps(root, exclude, maxChars);
  let nextLoose = 0;
  const readLoose = (run: LooseText): void => {
    const text = squash(textContentOf(run));
    if (text && !pointsElsewhere(run, text)) {
      blocks.push(run);
      chars += text.length;
    }
  };
  // The last block that is inside no other: blocks come in document order, so a block inside another block
  // (below the root) is inside this one.
  let outer: Element | null = null;
  for (const element of root.querySelectorAll(BLOCK_SELECTOR)) {
    if (++step % STEP === 0) yield;
    if (chars > maxChars) break;
    for (let run = loose[nextLoose]; run?.before === element; run = loose[++nextLoose]) readLoose(run.text);
    // A block inside another block (a <p> in an <li>) is read with its outer block.
    const nested = outer?.contains(element) ?? false;
    if (!nested) outer = element;
    // Read with its outer block (or the root), so never tested on its own.
    if (rootIsBlock || nested) continue;
    if (yield* excluded.steps(element)) continue;
    const text = squash(element.textContent ?? '');
    if (text && !pointsElsewhere(element, text)) {
      blocks.push(element);
      chars += text.length;
    }
  }
  for (let run = loose[nextLoose]; run && chars <= maxChars; run = loose[++nextLoose]) readLoose(run.text);
  return blocks;
}

/**
 * The text of a body's block elements. Its loose text is read, but not counted here, where a container is judged
 * the article's body or not: a rail or a box of teasers may have text of its own too.
 */
const textLength = (blocks: BodyBlock[]): number => blocks.reduce((n, b) => n + (isLoose(b) ? 0 : (b.textContent?.length ?? 0)), 0);

/** The element holding the structured data's articleBody: the smallest one whose text has its start and end. */
function* locateArticleBody(doc: Document, articleBody: string): Steps<Element | null> {
  const body = squash(articleBody);
  if (body.length < MIN_BODY_CHARS || !doc.body) return null;
  // The first words are found in one text node; from there, up to the first ancestor that also holds the
  // last words. Linear in the page's text, where comparing every container's text would not be.
  const head = body.slice(0, 40);
  const tail = body.slice(-40);
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  let step = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (++step % STEP === 0) yield;
    const text = squash(node.textContent ?? '');
    if (text.length < 20 || !head.startsWith(text.slice(0, Math.min(text.length, head.length)))) continue;
    for (let at = node.parentElement; at && at !== doc.body; at = at.parentElement) {
      yield;
      if (squash(at.textContent ?? '').includes(tail)) return at;
    }
    return null;
  }
  return null;
}

/** Body blocks by Readability, run on a copy; its paragraphs are then found in the live page by their text. */
function* readabilityBlocks(doc: Document, load: ReadabilityLoader): Steps<Element[]> {
  const loaded = load();
  const parse = loaded instanceof Promise ? yield* wait(loaded) : loaded;
  yield;
  const content = parse(doc);
  if (!content) return [];
  const wanted = [...content.querySelectorAll(BLOCK_SELECTOR)].map((element) => squash(element.textContent ?? '')).filter(Boolean);
  // Readability turns text-only <div>s into paragraphs and splits text at <br><br>, so a paragraph of its
  // output is found in the live page as the smallest element with text of its own that contains it.
  const holders: { element: Element; text: string }[] = [];
  let step = 0;
  for (const element of doc.body?.querySelectorAll('*') ?? []) {
    if (++step % STEP === 0) yield;
    if (![...element.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim())) continue;
    if (element.closest(NOT_ARTICLE)) continue;
    holders.push({ element, text: squash(element.textContent ?? '') });
  }
  const found = new Set<Element>();
  for (const paragraph of wanted) {
    yield;
    let best: { element: Element; text: string } | undefined;
    for (const holder of holders) if (holder.text.includes(paragraph) && (!best || holder.text.length < best.text.length)) best = holder;
    if (best) found.add(best.element);
  }
  // Document order, and an element inside another found one is read with it.
  const ordered = [...found].filter(
    (element) => !pointsElsewhere(element) && ![...found].some((other) => other !== element && other.contains(element)),
  );
  return ordered.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
}

/** The headline element: the heading whose text is the title, else the first h1. */
function findHeadline(doc: Document, title: string): Element | null {
  const want = squash(title).toLowerCase();
  const headings = [...doc.querySelectorAll('h1, h2')];
  return (
    headings.find((h) => squash(h.textContent ?? '').toLowerCase() === want) ??
    headings.find((h) => {
      const text = squash(h.textContent ?? '').toLowerCase();
      return text.length > 10 && want.includes(text);
    }) ??
    doc.querySelector('article h1, main h1') ??
    null
  );
}

/**
 * The title when the page states none: the part of <title> that a heading repeats ("Post :: Blog name"
 * gives "Post"), else its longest part, else the first h1.
 */
function titleFromDocument(doc: Document): string {
  const parts = squash(doc.title ?? '')
    .split(/\s+(?:[|:–—-]{1,2})\s+/)
    .filter(Boolean);
  const headings = new Set([...doc.querySelectorAll('h1, h2')].map((h) => squash(h.textContent ?? '').toLowerCase()));
  return (
    parts.find((part) => headings.has(part.toLowerCase())) ??
    [...parts].sort((a, b) => b.length - a.length)[0] ??
    squash(doc.querySelector('h1')?.textContent ?? '')
  );
}

export function extractArticle(doc: Document, url: string, readability: ReadabilityLoader): ExtractedArticle {
  return drain(extractArticleSteps(doc, url, readability));
}

/**
 * `extractArticle`, pausing between elements: the article script runs it in slices (./steps.ts). Body
 * blocks past `maxChars` characters are not looked for (the reader reads no further).
 */
export function* extractArticleSteps(
  doc: Document,
  url: string,
  readability: ReadabilityLoader,
  maxChars = Number.POSITIVE_INFINITY,
): Steps<ExtractedArticle> {
  const objects = jsonLdObjects(doc);
  const metas = metaTable(doc);
  const meta = (key: string) => metaOf(metas, key);
  yield;
  const ld = objects.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.has(t)));
  const ogType = meta('og:type')?.toLowerCase();
  let host = '';
  let path = '/';
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^www\./, '');
    path = parsed.pathname;
  } catch {
    // An unparsable address leaves the site unknown.
  }

  const title = textOf(ld?.headline) ?? meta('og:title') ?? titleFromDocument(doc);
  const published = textOf(ld?.datePublished) ?? meta('article:published_time');
  const byline = namesIn(ld?.author).join(', ') || meta('author');
  yield;
  const canonical = absolute(doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url'), url) ?? url;
  const paywalled =
    ld !== undefined && (ld.isAccessibleForFree === false || ld.isAccessibleForFree === 'False' || ld.isAccessibleForFree === 'false');
  const context = [
    textOf(ld?.description) ?? meta('og:description') ?? meta('description'),
    ...namesIn(ld?.about),
    ...namesIn(ld?.mentions),
    ...(typeof ld?.keywords === 'string' ? [ld.keywords] : namesIn(ld?.keywords)),
  ].filter((t): t is string => Boolean(t));

  // What the page says it is. Structured data that names a listing, or a site's front page, is no article.
  const saysArticle = ld !== undefined || ogType === 'article';
  // (og:type "website" is not enough: many news sites put it on their articles too.)
  const saysListing = objects.some((o) => typesOf(o).some((t) => LISTING_TYPES.has(t))) || path === '/';
  const base = {
    title: squash(title),
    url: canonical,
    site: host,
    ...(published ? { published } : {}),
    ...(byline ? { byline } : {}),
    paywalled,
    context,
  };
  if (!saysArticle && saysListing) return { ...base, isArticle: false, path: 'none', headline: null, blocks: [] };

  yield;
  const headline = findHeadline(doc, title);
  yield;
  const keep = (blocks: BodyBlock[]) => blocks.filter((b) => b !== headline);

  // The path is what served the page: its structured data (with the body found by what it names, or by
  // selectors), selectors alone, or Readability.
  // 1. Structured data: the body it names (microdata's articleBody, or JSON-LD's articleBody text located).
  const ldBody =
    doc.querySelector('[itemprop="articleBody"]') ??
    (textOf(ld?.articleBody) ? yield* locateArticleBody(doc, ld?.articleBody as string) : null);
  const rule = siteRuleFor(host);
  if (ldBody) {
    const blocks = keep(yield* bodyBlocksSteps(ldBody, rule, maxChars));
    if (textLength(blocks) >= MIN_BODY_CHARS || paywalled)
      return { ...base, isArticle: true, path: ld ? 'jsonld' : 'selectors', headline, blocks };
  }
  // 2. Selectors: the site's own rule, written from a saved page of it, then the common containers.
  // A site's selector may match several containers of one article (a long read in parts): all are read.
  // The common class-based containers may also come in parts (a story body in several sections); the bare
  // element selectors may not (a page's several <article>s are usually teasers).
  const candidates: [string, boolean][] = [
    ...(rule?.body ?? []).map((s): [string, boolean] => [s, true]),
    ...COMMON_BODY.map((s): [string, boolean] => [s, s.startsWith('[')]),
  ];
  for (const [selector, every] of candidates) {
    yield;
    const found = every ? [...doc.querySelectorAll(selector)] : [doc.querySelector(selector)].filter((el): el is Element => el !== null);
    const outermost = found.filter((el) => !found.some((other) => other !== el && other.contains(el)));
    // A container of the same kind inside a related-story box or a rail is that box's, not the article's (unless
    // it is the only one: a page wrapped whole in something that looks like a rail still has an article).
    const inArticle = outermost.filter((el) => {
      // (The page's own <html> and <body> often carry feature-flag classes such as "newsletterInlineModule-on".)
      const part = el.parentElement?.closest(notArticle(rule));
      return !part || part === doc.body || part === doc.documentElement;
    });
    const roots = inArticle.length > 0 ? inArticle : outermost;
    if (roots.length === 0) continue;
    const inRoots: BodyBlock[] = [];
    for (const root of roots) for (const block of yield* bodyBlocksSteps(root, rule, maxChars)) inRoots.push(block);
    const blocks = keep(inRoots);
    if (textLength(blocks) >= MIN_BODY_CHARS || (paywalled && blocks.length > 0)) {
      return { ...base, isArticle: true, path: ld ? 'jsonld' : 'selectors', headline, blocks };
    }
  }
  // 3. Readability, on a clone, when neither found a body. A page that says nothing of itself is an article
  // only if Readability finds one.
  const blocks = keep(yield* readabilityBlocks(doc, readability));
  if (textLength(blocks) >= MIN_BODY_CHARS || saysArticle) return { ...base, isArticle: true, path: 'readability', headline, blocks };
  return { ...base, isArticle: false, path: 'none', headline: null, blocks: [] };
}

/** A page's own address for itself (its canonical link, og:url) made whole against the page's: a site may write it relative. http(s) only. */
function absolute(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const resolved = new URL(href.trim(), base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}
