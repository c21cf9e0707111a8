/** The news sites Backstory runs on by default; the reader can turn each one off. */
export const DEFAULT_SITES = [
  { host: 'techcrunch.com', name: 'TechCrunch' },
  { host: 'theverge.com', name: 'The Verge' },
  { host: 'wired.com', name: 'Wired' },
  { host: 'arstechnica.com', name: 'Ars Technica' },
  { host: 'venturebeat.com', name: 'VentureBeat' },
  { host: 'reuters.com', name: 'Reuters' },
  { host: 'cnbc.com', name: 'CNBC' },
  { host: 'bloomberg.com', name: 'Bloomberg' },
  { host: 'technologyreview.com', name: 'MIT Technology Review' },
  { host: 'theregister.com', name: 'The Register' },
  { host: 'axios.com', name: 'Axios' },
  { host: 'theinformation.com', name: 'The Information' },
  { host: 'engadget.com', name: 'Engadget' },
  { host: 'zdnet.com', name: 'ZDNET' },
  { host: 'fortune.com', name: 'Fortune' },
  { host: 'semafor.com', name: 'Semafor' },
  { host: '404media.co', name: '404 Media' },
  { host: 'businessinsider.com', name: 'Business Insider' },
] as const;

export type SiteHost = (typeof DEFAULT_SITES)[number]['host'];

/** The match pattern of a site: the host and every subdomain, over https. */
export function sitePattern(host: string): string {
  return `https://*.${host}/*`;
}

/** Every default site's match pattern: the manifest's host permissions and the sidebar's only embedders. */
export const SITE_PATTERNS: string[] = DEFAULT_SITES.map((site) => sitePattern(site.host));

/** The default site a hostname belongs to, if any (`www.techcrunch.com` belongs to `techcrunch.com`). */
export function siteOfHost(hostname: string): SiteHost | undefined {
  return DEFAULT_SITES.find((site) => hostname === site.host || hostname.endsWith(`.${site.host}`))?.host;
}

/** The default site an https URL belongs to, if any. */
export function siteOfUrl(url: string): SiteHost | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? siteOfHost(parsed.hostname) : undefined;
  } catch {
    return undefined;
  }
}
