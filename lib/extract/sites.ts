/** Article-body selectors for the default sites, each written from a real saved page of that site (see docs/extraction.md). */
export interface SiteRule {
  /** The site's registrable host, e.g. 'theverge.com'. */
  host: string;
  /** Selectors for the element(s) holding the article body's paragraphs, most specific first; the first that matches is used. */
  body: string[];
  /** Selectors inside the body that are not article text (ads, newsletter boxes, related links, image credits, embeds). */
  exclude: string[];
  /** The corpus page(s) the rule was read from, e.g. 'pages/readability/ars-1.html'. */
  evidence: string[];
}

/*
 * One rule per default site that the shared corpus holds a page of, and only those: a site with no saved page
 * gets the generic path (structured data, generic selectors, Readability). Where a site's saved pages show two
 * templates, both are listed, newer first. Sites change their markup: a rule that stops matching falls through
 * to the generic path, it does not break extraction.
 */
export const SITE_RULES: readonly SiteRule[] = [
  {
    host: 'arstechnica.com',
    // 2015 and 2016 articles; the copies' footers say © 2020 and © 2022.
    body: ['.article-content[itemprop="articleBody"]', 'section.article-guts .article-content'],
    exclude: [
      '.social-left', // comment count and share buttons
      '.ad_wrapper', // "In Content advertisement"
      '.story-sidebar', // "Further Reading" boxes
      '.caption-credit', // image credit
      'figure.video', // video embed and its caption
      '#action_button_container',
    ],
    evidence: ['pages/readability/ars-1.html', 'pages/postlight/arstechnica.com.html'],
  },
  {
    host: 'theverge.com',
    body: [
      // 2023 article (Next.js "duet" template; copy's footer © 2024).
      '.duet--article--article-body-component-container',
      // 2016 articles (Chorus template; copies' footer © 2022).
      '.c-entry-content',
    ],
    exclude: [
      '.duet--media--caption', // image caption and credit
      '.duet--recirculation--related-list', // "Related" links
      '.duet--article--article-pullquote', // pull quote (display text, not a paragraph)
      '.newsletter-wrapper', // paid-newsletter pitch
      '.duet--article--comments-button',
      '.c-float-left', // pull quotes
      '.c-float-right', // pull quotes
      '.c-entry-content aside', // pull quote
      'q.center', // pull quote
      '.e-image__meta', // image caption and credit
      '.c-image-gallery',
      '.volume-video', // video embed
    ],
    evidence: [
      'pages/readability/theverge.html',
      'pages/postlight/www.theverge.com.html',
      'pages/postlight/www.theverge.com--feature.html',
    ],
  },
  {
    host: 'wired.com',
    // 2016 articles in a later Condé Nast template (footers © 2022); the body may be split into several containers.
    body: ['.body__inner-container', '.article__body'],
    exclude: [
      '.ad', // in-content ad slots
      '.inline-recirc-wrapper', // recirculation links
      '.consumer-marketing-unit', // subscription pitch
      '[data-testid="GenericCallout"]', // boxed link to another story
      '[data-testid="SidebarEmbed"]',
      '.asset-embed__caption', // image caption and credit
      '[aria-label="social media post"]', // tweet embed (consent banner text)
    ],
    evidence: ['pages/postlight/www.wired.com.html', 'pages/postlight/www.wired.com--other.html'],
  },
  {
    host: 'reuters.com',
    // 2016 article in a later Next.js template (the copy shows no save date; the latest year it mentions is 2019).
    // Class names carry generated suffixes, so all but the wrapper are matched on their stable prefix.
    body: ['.ArticleBodyWrapper'],
    exclude: [
      '[class*="ArticleBody-byline-container"]', // byline and read time
      '[class*="AdSlot__container"]',
      '[class*="RCOMVideo-"]', // video embed
      '[class*="RelatedCoverage-container"]', // "Related Coverage"
      '[class*="ArticleBody-slideshow"]', // slideshow
      '[class*="Slideshow-description"]', // slideshow label
      '[class*="Attribution-attribution"]', // "Reporting by …; Editing by …"
      '[class*="TrustBadge-"]', // "Our Standards: …"
    ],
    evidence: ['pages/postlight/www.reuters.com.html'],
  },
  {
    host: 'cnbc.com',
    // 2016 and 2019 articles, both copies in the same later template (footers © 2022).
    body: ['[data-module="ArticleBody"]', '.ArticleBody-articleBody'],
    exclude: [
      '[data-test="VideoPlaceHolder"]', // inline video and its title
      '[data-test="InlineImage"]', // image and its credit
      '.HighlightShare-hidden',
      '[data-module="mps-slot"]', // ad slot
    ],
    evidence: ['pages/postlight/www.cnbc.com.html', 'pages/postlight/www.cnbc.com--redesign.html'],
  },
  {
    host: 'bloomberg.com',
    body: [
      // 2016 /news/articles/ page (copy's footer © 2016).
      '.body-copy',
      // 2016 /graphics/ feature (copy's footer © 2022): the prose sections; headline, byline, map and methodology are outside.
      '.dvz-content > .copy-block.copy-width',
    ],
    exclude: [
      '.inline-newsletter', // newsletter sign-up
      '.page-ad',
      '.chartHed', // chart title, dek, labels and note
      '.chartDek',
      '.chartNote',
      '.dvz-content .desktop',
      '.dvz-content .mobile',
    ],
    evidence: ['pages/postlight/www.bloomberg.com--news.html', 'pages/postlight/www.bloomberg.com--graphics.html'],
  },
  {
    host: 'engadget.com',
    // 2017 review (footer © 2018) and 2020 article (footer © 2020): the text sits in several .article-text blocks, between
    // galleries, score boxes, ads and the image credit, which are outside them.
    body: ['#page_body .article-text', '#engadget-post-contents'],
    // Nothing inside the .article-text blocks of either page was other than article text.
    exclude: [],
    evidence: ['pages/readability/engadget.html', 'pages/postlight/www.engadget.com.html'],
  },
  {
    host: 'fortune.com',
    // 2016 page (a Time.com article republished on fortune.com; no save date shown, latest year mentioned 2017) in a
    // React template with generated class names.
    body: ['article.row'],
    exclude: [
      '.brightcove-wrapper', // video player
      '[id^="ad-"]', // ad slot
      'article.row > div:not(.column)', // "Related" story box (its own classes are generated)
    ],
    evidence: ['pages/postlight/fortune.com.html'],
  },
];

/** The rule for a hostname (www. and subdomains belong to their site), if any. */
export function siteRuleFor(hostname: string): SiteRule | undefined {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '');
  if (!host) return undefined;
  return SITE_RULES.find((rule) => host === rule.host || host.endsWith(`.${rule.host}`));
}
