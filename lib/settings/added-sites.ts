/**
 * Sites the reader added beyond the default news sites: each one asked for, host by host, inside the click
 * on "Enable Backstory on SITE" (`optional_host_permissions`), and given back when removed.
 */
import { browser } from 'wxt/browser';
import { askWorker, changeItem, withMember } from './one-writer';
import { defineSetting } from './setting';
import { siteOfHost, sitePattern } from './sites';

/** The added sites' hosts (`example.com` covers www. and every other subdomain), in the order added. */
// A setting read only when asked (./setting.ts): the article script reads it at every page load.
export const addedSitesSetting = /* @__PURE__ */ defineSetting<string[]>('local:addedSites', []);

/**
 * The site an address would be added as: its https host without a leading "www.", or null for an address
 * that cannot be one (not https, an IP address, a host without a dot, a default site already).
 */
export function siteToAdd(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.replace(/^www\./, '');
  if (parsed.protocol !== 'https:' || !host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[')) return null;
  return siteOfHost(host) ? null : host;
}

/** The added site a hostname belongs to, if any. */
export function addedSiteOf(hostname: string, added: readonly string[]): string | undefined {
  return added.find((site) => hostname === site || hostname.endsWith(`.${site}`));
}

/**
 * Asks for the site's host. Call it first thing in the reader's click, before any await: the browser
 * shows its prompt only inside a user gesture.
 */
export function requestSite(site: string): Promise<boolean> {
  return browser.permissions.request({ origins: [sitePattern(site)] }).catch(() => false);
}

/** Adds a site the reader was granted: the worker stores it (./one-writer.ts), then registers the article script there too. */
export async function addSite(site: string): Promise<void> {
  await askWorker('addSite', { site });
}

/**
 * Removes an added site and gives its host back. The list is what counts: a host the browser would not
 * give back (one a test build was granted at install) leaves the site removed all the same.
 */
export async function removeSite(site: string): Promise<void> {
  await askWorker('removeSite', { site });
  await browser.permissions.remove({ origins: [sitePattern(site)] }).catch(() => false);
}

/** The worker's side of `addSite`, one change to the list at a time. */
export async function storeAddedSite(site: string): Promise<void> {
  await changeItem(addedSitesSetting, (added) => withMember(added, site, true));
}

/** The worker's side of `removeSite`: the site off the list. */
export async function storeRemovedSite(site: string): Promise<void> {
  await changeItem(addedSitesSetting, (added) => withMember(added, site, false));
}

/**
 * Adds the sites whose hosts the browser just granted (`permissions.onAdded`), as the popup's "Enable
 * Backstory on SITE" asked for them (`https://*.SITE/*`; a feed's host is asked for without the `*.`).
 * The worker does it, not only the popup: a popup may be gone by the time its prompt is answered (Firefox
 * shows the prompt outside it), and the reader may grant a site from the browser's own extension menu.
 * `except`: sites not to add (the organisation's own, which are not the reader's to remove).
 */
export async function addGrantedSites(origins: readonly string[], except: (site: string) => boolean = () => false): Promise<void> {
  for (const origin of origins) {
    const host = /^https:\/\/\*\.([^/*]+)\/\*$/.exec(origin)?.[1];
    const site = host ? siteToAdd(`https://${host}/`) : null;
    if (site === host && site && !except(site)) await storeAddedSite(site);
  }
}

/** Forgets the added sites whose host the reader took back in the browser's own settings. In the worker. */
export async function forgetRevokedSites(origins: readonly string[]): Promise<void> {
  const revoked = new Set(origins);
  await changeItem(addedSitesSetting, (added) => added.filter((site) => !revoked.has(sitePattern(site))));
}
