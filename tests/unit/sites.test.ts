import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addedSiteOf,
  addedSitesSetting,
  addGrantedSites,
  addSite,
  forgetRevokedSites,
  removeSite,
  requestSite,
  siteToAdd,
} from '../../lib/settings/added-sites';
import { fakeWorker } from './helpers';

/** The browser's granted optional hosts, in memory: request grants (the reader says yes), remove gives back. */
function fakePermissions(answer = true) {
  const granted = new Set<string>();
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins = [] }) => {
    if (answer) for (const origin of origins) granted.add(origin);
    return answer;
  });
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    let removed = false;
    for (const origin of origins) removed = granted.delete(origin) || removed;
    return removed;
  });
  return granted;
}

describe('the site an address is added as', () => {
  it('is its https host without www., and none for a default site or an address that cannot be one', () => {
    expect(siteToAdd('https://www.example.com/2026/07/04/story/')).toBe('example.com');
    expect(siteToAdd('https://news.example.co.uk/a')).toBe('news.example.co.uk');
    expect(siteToAdd('https://techcrunch.com/2026/07/04/x/')).toBeNull();
    expect(siteToAdd('https://www.theverge.com/x')).toBeNull();
    expect(siteToAdd('http://example.com/')).toBeNull();
    expect(siteToAdd('https://192.168.1.10/')).toBeNull();
    expect(siteToAdd('https://localhost/')).toBeNull();
    expect(siteToAdd('chrome://extensions/')).toBeNull();
    expect(siteToAdd('not a url')).toBeNull();
  });

  it('covers the host and its subdomains, not a host that merely ends the same', () => {
    expect(addedSiteOf('example.com', ['example.com'])).toBe('example.com');
    expect(addedSiteOf('www.example.com', ['example.com'])).toBe('example.com');
    expect(addedSiteOf('badexample.com', ['example.com'])).toBeUndefined();
  });
});

describe('adding and removing a site', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    fakeWorker();
  });

  it('asks for that site and its subdomains only, and adds it once', async () => {
    const granted = fakePermissions();
    await expect(requestSite('example.com')).resolves.toBe(true);
    expect([...granted]).toEqual(['https://*.example.com/*']);
    await addSite('example.com');
    await addSite('example.com');
    await addSite('news.example.org');
    await expect(addedSitesSetting.getValue()).resolves.toEqual(['example.com', 'news.example.org']);
  });

  it('answers no when the reader declines, and adds nothing by itself', async () => {
    fakePermissions(false);
    await expect(requestSite('example.com')).resolves.toBe(false);
    await expect(addedSitesSetting.getValue()).resolves.toEqual([]);
  });

  it('gives the host back when the site is removed', async () => {
    const granted = fakePermissions();
    await requestSite('example.com');
    await addSite('example.com');
    await removeSite('example.com');
    expect([...granted]).toEqual([]);
    await expect(addedSitesSetting.getValue()).resolves.toEqual([]);
  });

  it('removes the site even when the browser keeps the host (one granted at install)', async () => {
    vi.spyOn(fakeBrowser.permissions, 'remove').mockRejectedValue(new Error('You cannot remove required permissions.'));
    await addSite('example.com');
    await removeSite('example.com');
    await expect(addedSitesSetting.getValue()).resolves.toEqual([]);
  });

  it('adds a site whose host the browser granted, but not a feed host, a default site or one set aside', async () => {
    await addGrantedSites([
      'https://*.example.com/*',
      'https://feeds.example.org/*',
      'https://*.techcrunch.com/*',
      'http://*.example.net/*',
    ]);
    await addGrantedSites(['https://*.example.com/*', 'https://*.intranet.example.org/*'], (site) => site === 'intranet.example.org');
    await expect(addedSitesSetting.getValue()).resolves.toEqual(['example.com']);
  });

  it('forgets a site whose host the reader took back in the browser', async () => {
    await addSite('example.com');
    await addSite('example.org');
    await forgetRevokedSites(['https://*.example.com/*']);
    await expect(addedSitesSetting.getValue()).resolves.toEqual(['example.org']);
  });
});
