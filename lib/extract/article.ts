/**
 * Finding the article on a page: its metadata and the element that holds its body. Pure: it reads the
 * document it is given and changes nothing.
 */

export interface ArticleMeta {
  title: string;
  url: string;
  site: string;
  published?: string;
  isArticle: boolean;
}

export interface ExtractedArticle extends ArticleMeta {
  /** The headline element, when the page shows one. */
  headline: Element | null;
  /** The element that holds the article's body text. */
  body: Element | null;
}

/** Selectors that hold an article body on common news templates, most specific first. */
const BODY_SELECTORS = ['[itemprop="articleBody"]', '.article-content', '.entry-content', '.article-body', 'article', 'main'];

function meta(doc: Document, key: string): string | undefined {
  const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  const content = el?.getAttribute('content')?.trim();
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
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A page's broken structured data is its own problem, not a reason to fail.
    }
  }
  return out;
}

const ARTICLE_TYPES = new Set(['NewsArticle', 'Article', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'BlogPosting', 'TechArticle']);

function isArticleType(type: unknown): boolean {
  return (Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && ARTICLE_TYPES.has(t));
}

export function extractArticle(doc: Document, url: string): ExtractedArticle {
  const ld = jsonLdObjects(doc).find((o) => isArticleType(o['@type']));
  const headline = doc.querySelector('article h1, h1');
  const title = (typeof ld?.headline === 'string' && ld.headline) || meta(doc, 'og:title') || headline?.textContent?.trim() || doc.title;
  const published = (typeof ld?.datePublished === 'string' && ld.datePublished) || meta(doc, 'article:published_time');
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url') ?? url;
  const body = BODY_SELECTORS.map((s) => doc.querySelector(s)).find((el) => el !== null) ?? null;
  const isArticle = ld !== undefined || meta(doc, 'og:type') === 'article';
  let site = '';
  try {
    site = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    // An unparsable address leaves the site unknown.
  }
  return { title: title.trim(), url: canonical, site, ...(published ? { published } : {}), isArticle, headline, body };
}
