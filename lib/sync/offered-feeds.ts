/**
 * The news feeds Backstory offers, at first run and in the options: the AI or technology feeds of the
 * default sites, off until the reader turns one on. Each address is one a stored public page links to
 * (docs/feeds.md cites the page); a site whose feed address could not be shown real is left out. Their
 * hosts are default sites, already in the manifest, so turning one on asks for no new permission.
 */
import type { SiteHost } from '../settings/sites';

export interface OfferedFeed {
  /** The feed's address (RSS or Atom). */
  url: string;
  /** The outlet, as its headlines are labelled. */
  name: string;
  /** The default site it belongs to. */
  site: SiteHost;
  /** What it carries (worded by the catalogues: `feeds.offeredAbout`): every story, the AI ones, or the headlines. */
  scope: 'all' | 'ai' | 'headlines';
  format: 'RSS' | 'Atom';
}

export const OFFERED_FEEDS: readonly OfferedFeed[] = [
  { url: 'https://techcrunch.com/feed/', name: 'TechCrunch', site: 'techcrunch.com', scope: 'all', format: 'RSS' },
  { url: 'https://arstechnica.com/feed/', name: 'Ars Technica', site: 'arstechnica.com', scope: 'all', format: 'RSS' },
  { url: 'https://www.wired.com/feed/tag/ai/latest/rss', name: 'Wired', site: 'wired.com', scope: 'ai', format: 'RSS' },
  { url: 'https://www.theverge.com/rss/index.xml', name: 'The Verge', site: 'theverge.com', scope: 'all', format: 'Atom' },
  { url: 'https://venturebeat.com/category/ai/feed/', name: 'VentureBeat', site: 'venturebeat.com', scope: 'ai', format: 'RSS' },
  {
    url: 'https://www.technologyreview.com/feed/',
    name: 'MIT Technology Review',
    site: 'technologyreview.com',
    scope: 'all',
    format: 'RSS',
  },
  { url: 'https://www.theregister.com/headlines.atom', name: 'The Register', site: 'theregister.com', scope: 'headlines', format: 'Atom' },
];
