/**
 * What an organisation sets for Backstory through the browser's policies: Chrome's managed storage
 * (`storage.managed_schema`, set by an administrator's policy) and Firefox's `policies.json`
 * (`3rdparty.Extensions`), both read through the same `storage.managed` area. Managed values win over the
 * reader's, and the worker enforces them (docs/enterprise.md).
 */
import { browser } from 'wxt/browser';
import type { Problem } from '../messaging/problem';
import { normalizeFeedUrl } from '../sync/feed-url';
import { addedSiteOf, siteToAdd } from './added-sites';
import { MANAGED_SCHEMA, type PolicyKey } from './managed-schema';
import { defineSetting } from './setting';

export { SET_BY_ORGANISATION } from './managed-schema';

import { DEFAULT_SITES, type SiteHost, siteOfHost } from './sites';

/** The policy, validated: each key absent where the organisation set nothing. */
export interface ManagedPolicy {
  /** Feeds every reader follows (addresses as stored): listed, synced, and neither paused nor removed by the reader. */
  feeds?: string[];
  /** Sites beyond the default ones that Backstory runs on for every reader (hosts, as the reader's added sites). */
  addedSites?: string[];
  /** Default sites switched off for every reader: no script runs there, and the reader cannot turn them on. */
  disabledSites?: SiteHost[];
  /** No feed is fetched at all: the archive stays the bundled snapshot (and what was synced before). */
  syncDisabled?: boolean;
}

/**
 * A host as written in a policy: lower case, without a scheme, path or leading "www.". A leading "*." is read as
 * the site itself: `*.example.com`, or `https://*.example.com/*` as Chrome's own host policies are written, means
 * example.com and its subdomains, which is what an added site covers already (its pattern is `https://*.SITE/*`).
 * It is taken off before the address is read: Chromium's URL parser writes a "*" in a host as "%2A" (the site
 * "%2A.example.com" matched no page), Firefox's refuses the address. Any other "*" stays, for the caller to refuse.
 */
function policyHost(entry: unknown): string {
  if (typeof entry !== 'string') return '';
  const text = entry
    .trim()
    .toLowerCase()
    // "*://", any scheme in a match pattern, is no scheme an address can be read with.
    .replace(/^\*:\/\//, 'https://')
    .replace(/^([a-z][a-z\d+.-]*:\/\/)?\*\./, '$1');
  try {
    return new URL(text.includes('://') ? text : `https://${text}`).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Why an added site from the policy is left out (none left out: undefined). */
function addedSiteProblem(host: string, site: string | null): string | undefined {
  // "*" as Node's URL parser leaves it, or as Chromium's writes it.
  if (/\*|%2a/i.test(host)) return 'a "*" may only begin a host ("*.example.com", read as example.com, which covers its subdomains).';
  if (!site)
    return host && siteOfHost(host) ? 'it is one of the default sites already.' : 'it is not a site host (such as news.example.com).';
  return undefined;
}

/** A list value: its entries, or an issue when it is not a list. */
function listOf(key: PolicyKey, value: unknown, issues: string[]): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  issues.push(`${key}: expected a list, got ${JSON.stringify(value)}; the setting is ignored.`);
  return undefined;
}

/**
 * The policy from what the browser gives. Validated here as well as by Chrome, because Firefox's
 * policies.json is checked against no schema: what does not fit is left out, each case named in
 * `issues` in words an administrator can act on; the rest of the policy still applies.
 */
export function parsePolicy(raw: unknown): { policy: ManagedPolicy; issues: string[] } {
  const issues: string[] = [];
  const policy: ManagedPolicy = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (raw !== undefined && raw !== null) issues.push('The policy is not an object of settings; it is ignored.');
    return { policy, issues };
  }
  const values = raw as Record<string, unknown>;
  for (const key of Object.keys(values))
    if (!(key in MANAGED_SCHEMA.properties))
      issues.push(`${key}: not a Backstory setting (${Object.keys(MANAGED_SCHEMA.properties).join(', ')}); ignored.`);

  const feeds = listOf('feeds', values.feeds, issues);
  if (feeds) {
    policy.feeds = [];
    for (const entry of feeds) {
      const normal = typeof entry === 'string' ? normalizeFeedUrl(entry) : { ok: false as const, error: 'It is not text.' };
      if (!normal.ok) issues.push(`feeds: ${JSON.stringify(entry)} is left out: ${normal.error}`);
      else if (!policy.feeds.includes(normal.url)) policy.feeds.push(normal.url);
    }
  }

  const added = listOf('addedSites', values.addedSites, issues);
  if (added) {
    policy.addedSites = [];
    for (const entry of added) {
      const host = policyHost(entry);
      const site = host ? siteToAdd(`https://${host}/`) : null;
      const problem = addedSiteProblem(host, site);
      // A site with a "*" in it matches no page, or makes a pattern the browser refuses (and with it every site's).
      if (problem) issues.push(`addedSites: ${JSON.stringify(entry)} is left out: ${problem}`);
      else if (site && !policy.addedSites.includes(site)) policy.addedSites.push(site);
    }
  }

  const disabled = listOf('disabledSites', values.disabledSites, issues);
  if (disabled) {
    policy.disabledSites = [];
    for (const entry of disabled) {
      const site = DEFAULT_SITES.find((s) => s.host === policyHost(entry))?.host;
      if (!site) issues.push(`disabledSites: ${JSON.stringify(entry)} is left out: it is not one of Backstory's default sites.`);
      else if (!policy.disabledSites.includes(site)) policy.disabledSites.push(site);
    }
  }

  if (values.syncDisabled !== undefined) {
    if (typeof values.syncDisabled === 'boolean') policy.syncDisabled = values.syncDisabled;
    else issues.push(`syncDisabled: expected true or false, got ${JSON.stringify(values.syncDisabled)}; the setting is ignored.`);
  }
  return { policy, issues };
}

/** The storage area the policy is read from (the browser's `storage.managed`; the fake browser's in tests). */
export interface ManagedArea {
  get(keys?: null): Promise<Record<string, unknown>>;
}

/** The browser's managed area, where it has one (Safari, and some Firefox forks, have none). */
function browserManagedArea(): ManagedArea | undefined {
  return (browser.storage as { managed?: ManagedArea }).managed;
}

/**
 * How long a read of the managed area may take before the last answer stands in for it. Chrome answers
 * `storage.managed.get` only once its policy service has loaded the extensions' policies: that takes seconds
 * at a browser's start, and at times never comes (seen here in Chromium 156: a fresh install whose first
 * reads never settled, so the article script was never registered and no article was answered; the same is
 * reported of Chrome and Edge, ghostery/ghostery-extension#3367, microsoft/MicrosoftEdge-Extensions#299).
 * An answer in time is a few milliseconds; the worker's start and each article must not wait on a hang.
 */
export const MANAGED_READ_WAIT_MS = 1000;

/**
 * The managed area's values as the browser last gave them: what a read that is not answered in time falls
 * back to (before any answer: no policy).
 */
// A setting read only when asked (./setting.ts): the article script carries it.
export const lastManagedValuesItem = /* @__PURE__ */ defineSetting<Record<string, unknown> | null>('local:managedPolicyLastRead', null);

/** A read under way per area (callers share it while the browser has not answered), and whether one gave up on it. */
const pendingReads = new WeakMap<ManagedArea, { values: Promise<Record<string, unknown>>; late: boolean }>();
/** Told when a read answers after a caller went on without it, with values other than the last ones. */
const lateAnswerListeners = new Set<() => void>();

function answeredRead(area: ManagedArea): { values: Promise<Record<string, unknown>>; late: boolean } {
  const known = pendingReads.get(area);
  if (known) return known;
  const read = {
    late: false,
    values: area
      .get(null)
      // Firefox without a policy for Backstory rejects the read: that is "no policy", an answer like any other.
      .catch(() => ({}))
      .then(async (values) => {
        // Nothing stored stands for no policy, so a browser without one leaves nothing behind ("Delete
        // everything" leaves storage empty); only a policy, or its removal, is written down.
        const last = (await lastManagedValuesItem.getValue().catch(() => null)) ?? {};
        if (JSON.stringify(last) !== JSON.stringify(values)) {
          await lastManagedValuesItem.setValue(values).catch(() => undefined);
          if (read.late) for (const listener of lateAnswerListeners) listener();
        }
        return values;
      })
      .finally(() => pendingReads.delete(area)),
  };
  pendingReads.set(area, read);
  return read;
}

/**
 * The organisation's policy now and what of it was left out. Firefox without a policy for Backstory, and
 * a browser without managed storage, reject the read: that is "no policy", not an error. A read the
 * browser does not answer within `wait` gives the last answer instead (MANAGED_READ_WAIT_MS).
 */
export async function readManagedPolicyWithIssues(
  area: ManagedArea | undefined = browserManagedArea(),
  wait = MANAGED_READ_WAIT_MS,
): Promise<{ policy: ManagedPolicy; issues: string[] }> {
  if (!area) return { policy: {}, issues: [] };
  const read = answeredRead(area);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((done) => {
    timer = setTimeout(() => {
      read.late = true;
      done(undefined);
    }, wait);
  });
  try {
    const answer = await Promise.race([read.values, late]);
    return parsePolicy(answer ?? (await lastManagedValuesItem.getValue().catch(() => null)) ?? {});
  } finally {
    clearTimeout(timer);
  }
}

/** The organisation's policy now, or none (`{}`). */
export async function readManagedPolicy(
  area: ManagedArea | undefined = browserManagedArea(),
  wait = MANAGED_READ_WAIT_MS,
): Promise<ManagedPolicy> {
  return (await readManagedPolicyWithIssues(area, wait)).policy;
}

/** Whether the organisation set anything at all. */
export function hasPolicy(policy: ManagedPolicy): boolean {
  return Object.values(policy).some((value) => value !== undefined);
}

/**
 * The hosts the article script runs on: the default sites neither the reader nor the organisation switched
 * off, then the reader's added sites and the organisation's (each once). The organisation's switch wins:
 * a default site it turned off stays off whatever the reader chose.
 */
export function effectiveSites(policy: ManagedPolicy, readerDisabled: readonly string[], readerAdded: readonly string[]): string[] {
  const off = new Set([...readerDisabled, ...(policy.disabledSites ?? [])]);
  const defaults = DEFAULT_SITES.map((site) => site.host).filter((host) => !off.has(host));
  return [...new Set([...defaults, ...readerAdded, ...(policy.addedSites ?? [])])];
}

/**
 * Whether the organisation keeps Backstory off the page at this address: a default site it switched off.
 * The worker reads no page there, even one the reader ran Backstory on once.
 */
export function forbiddenByPolicy(policy: ManagedPolicy, url: string | undefined): boolean {
  if (!url || !policy.disabledSites?.length) return false;
  try {
    const site = siteOfHost(new URL(url).hostname);
    return site !== undefined && policy.disabledSites.includes(site);
  } catch {
    return false;
  }
}

/** The organisation's added site a hostname belongs to, if any. */
export function managedSiteOf(policy: ManagedPolicy, hostname: string): string | undefined {
  return addedSiteOf(hostname, policy.addedSites ?? []);
}

/**
 * Why no feed may be fetched under this policy; why a site it switched off is not read. Problems, worded by
 * the catalogues (lib/i18n) where they are shown: this module is in the article script, which carries only
 * the page's words. (A managed feed's refusal is the runner's `managedFeed`.)
 */
export const SYNC_OFF: Problem = { code: 'syncOff' };
export const SITE_OFF: Problem = { code: 'siteOff' };

/** Why the organisation's policy forbids syncing now, or undefined: asked by the sync runner before every fetch. */
export async function syncBlockedByPolicy(area: ManagedArea | undefined = browserManagedArea()): Promise<Problem | undefined> {
  return (await readManagedPolicy(area)).syncDisabled ? SYNC_OFF : undefined;
}

/** The browser's storage events, as much as `watchManagedPolicy` uses of them. */
interface StorageEvents {
  onChanged: { addListener(listener: (changes: Record<string, unknown>, area: string) => void): void };
}

/**
 * Calls `onChange` whenever the organisation's policy changes (`storage.onChanged` for the `managed`
 * area: Chrome re-reads its policies while running; the fake browser's managed area in tests), and when a
 * read answered late with values other than the last ones (a start that went on without them).
 */
export function watchManagedPolicy(onChange: () => void, events: StorageEvents = browser.storage): void {
  events.onChanged.addListener((_changes, area) => {
    if (area === 'managed') onChange();
  });
  lateAnswerListeners.add(onChange);
}
