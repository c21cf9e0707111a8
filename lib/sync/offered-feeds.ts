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
  /** What it carries, in a few words. */
  about: string;
}

export const OFFERED_FEEDS: readonly OfferedFeed[] = [
  { url: 'https://techcrunch.com/feed/', name: 'TechCrunch', site: 'techcrunch.com', about: 'all TechCrunch stories (RSS)' },
  { url: 'https://arstechnica.com/feed/', name: 'Ars Technica', site: 'arstechnica.com', about: 'all Ars Technica stories (RSS)' },
  { url: 'https://www.wired.com/feed/tag/ai/latest/rss', name: 'Wired', site: 'wired.com', about: 'Wired’s AI stories (RSS)' },
  { url: 'https://www.theverge.com/rss/index.xml', name: 'The Verge', site: 'theverge.com', about: 'all The Verge stories (Atom)' },
  {
    url: 'https://venturebeat.com/category/ai/feed/',
    name: 'VentureBeat',
    site: 'venturebeat.com',
    about: 'VentureBeat’s AI stories (RSS)',
  },
  {
    url: 'https://www.technologyreview.com/feed/',
    name: 'MIT Technology Review',
    site: 'technologyreview.com',
    about: 'all MIT Technology Review stories (RSS)',
  },
  {
    url: 'https://www.theregister.com/headlines.atom',
    name: 'The Register',
    site: 'theregister.com',
    about: 'The Register’s headlines (Atom)',
  },
];
