/**
 * What the built extension asks for, against the README's table "What it asks for, and why": every
 * permission, host permission, optional permission, `web_accessible_resources` entry and managed-storage
 * policy in the built manifest has a row with a reason, and the table names nothing the manifest does not
 * ask for. A permission added without a reason fails here, before a reader or a store review finds it.
 * (Reads the build, so it runs with the end-to-end tests, after `wxt build`.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_PATTERNS } from '../../lib/settings/sites';
import { EXTENSION_DIR, ROOT } from '../../scripts/lib/browser';

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  web_accessible_resources?: { resources: string[]; matches?: string[]; extension_ids?: string[]; use_dynamic_url?: boolean }[];
  externally_connectable?: unknown;
  storage?: { managed_schema?: string };
}

/** One row of the table: the backquoted names in its first cell, that cell's words, and the reason. */
interface Row {
  names: string[];
  asked: string;
  why: string;
}

/** The table under the README's "What it asks for, and why". */
function permissionTable(readme: string): Row[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('What it asks for, and why'));
  if (!section) throw new Error('README.md has no "What it asks for, and why" section');
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  // The header and the |---| line.
  return lines.slice(2).map((line) => {
    const [asked = '', why = ''] = line
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
    return { names: [...asked.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string), asked, why };
  });
}

/**
 * The host patterns a row accounts for: the ones it names; for a row "host access to the N news sites",
 * all the default sites' patterns when N is their number (so adding a site means updating N); for a row
 * naming `BACKSTORY_FEED_URL`, the origin of the official feed the build was given.
 */
function hostsOf(row: Row): string[] {
  const summary = /\bthe (\d+) news sites\b/.exec(row.asked);
  const all = summary && Number(summary[1]) === SITE_PATTERNS.length ? SITE_PATTERNS : [];
  const feed = process.env.BACKSTORY_FEED_URL;
  const official = row.names.includes('BACKSTORY_FEED_URL') && feed ? [`${new URL(feed).origin}/*`] : [];
  return [...all, ...official, ...row.names.filter((name) => name.includes('://'))];
}

function builtManifest(): Manifest {
  const path = join(EXTENSION_DIR, 'manifest.json');
  if (!existsSync(path)) throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first.`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

describe("the built manifest against the README's table of permissions", () => {
  const manifest = builtManifest();
  const rows = permissionTable(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  // The managed-storage row names the policy's settings, which are not permissions.
  const policy = (r: Row) => r.names.includes('managed_schema');
  const required = rows.filter((r) => !/\boptional\b/i.test(r.asked) && !policy(r));
  const optional = rows.filter((r) => /\boptional\b/i.test(r.asked) && !policy(r));

  it('gives a reason in every row', () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.why.length, `no reason for ${row.asked}`).toBeGreaterThan(20);
  });

  it('explains every API permission asked for, and names none that is not', () => {
    const explained = required.flatMap((r) => r.names).filter((n) => /^[a-zA-Z.]+$/.test(n) && !n.includes('.html'));
    for (const permission of manifest.permissions ?? []) expect(explained, `${permission} has no row`).toContain(permission);
    const apiNames = explained.filter((n) => /^[a-z][a-zA-Z]*$/.test(n));
    for (const name of apiNames)
      expect(manifest.permissions ?? [], `the README names ${name}, the manifest does not ask for it`).toContain(name);
  });

  it('explains every optional permission in a row that says it is optional', () => {
    const explained = optional.flatMap((r) => r.names);
    for (const permission of manifest.optional_permissions ?? [])
      expect(explained, `optional ${permission} has no row`).toContain(permission);
    const hosts = optional.flatMap(hostsOf);
    for (const pattern of manifest.optional_host_permissions ?? []) expect(hosts, `optional host ${pattern} has no row`).toContain(pattern);
  });

  it('explains every host it may read, and the host access the README claims is what is asked', () => {
    const hosts = required.flatMap(hostsOf);
    for (const pattern of manifest.host_permissions ?? []) expect(hosts, `host ${pattern} has no row`).toContain(pattern);
    for (const script of manifest.content_scripts ?? [])
      for (const pattern of script.matches ?? []) expect(hosts, `content script on ${pattern} has no row`).toContain(pattern);
    // The count in "host access to the N news sites" is the number of sites asked for.
    const claimed = rows.map((r) => /\bthe (\d+) news sites\b/.exec(r.asked)).find(Boolean);
    if (claimed) expect(Number(claimed[1])).toBe((manifest.host_permissions ?? []).filter((p) => SITE_PATTERNS.includes(p)).length);
  });

  it('explains every page resource, embeddable only where a row says', () => {
    const rowsOfWar = rows.filter((r) => r.names.includes('web_accessible_resources'));
    for (const entry of manifest.web_accessible_resources ?? []) {
      for (const resource of entry.resources) {
        const row = rowsOfWar.find((r) => r.names.includes(resource));
        expect(row, `web-accessible ${resource} has no row`).toBeDefined();
        const hosts = row ? hostsOf(row) : [];
        for (const pattern of entry.matches ?? [])
          expect(hosts, `${resource} embeddable on ${pattern} without a reason`).toContain(pattern);
        expect(entry.matches ?? [], `${resource} is embeddable everywhere`).not.toContain('<all_urls>');
        expect(entry.extension_ids ?? [], `${resource} is open to other extensions`).toEqual([]);
      }
    }
    expect(manifest.externally_connectable, 'other extensions or pages may message Backstory without a row').toBeUndefined();
  });

  it('lets sites the reader adds embed the panel, and asks for each such site only when the reader adds it', () => {
    const added = 'https://*.news.example.net/*';
    const covers = (pattern: string) => pattern === '<all_urls>' || pattern === 'https://*/*';
    // The panel page: embeddable on an added site, but (Chrome) only at a per-session address, where a page
    // cannot find it to tell Backstory is installed.
    const panel = (manifest.web_accessible_resources ?? []).filter((e) => e.resources.includes('sidebar.html'));
    expect(
      panel.some((e) => (e.matches ?? []).some(covers)),
      'the panel cannot be framed on an added site',
    ).toBe(true);
    for (const entry of panel)
      if ((entry.matches ?? []).some((p) => !SITE_PATTERNS.includes(p)))
        expect(entry.use_dynamic_url, 'the panel is open beyond the news sites at a fixed address').toBe(true);
    // The site's host is optional (asked for in the click), never granted at install.
    expect((manifest.optional_host_permissions ?? []).some(covers), `${added} cannot be asked for`).toBe(true);
    expect(manifest.host_permissions ?? []).not.toContain(added);
    expect((manifest.host_permissions ?? []).some(covers), 'every site is granted at install').toBe(false);
  });

  it('explains the managed-storage policy, each of its settings by name', () => {
    const schemaFile = manifest.storage?.managed_schema;
    if (!schemaFile) {
      expect(rows.some((r) => r.names.includes('managed_schema'))).toBe(false);
      return;
    }
    const row = rows.find((r) => r.names.includes('managed_schema'));
    expect(row, 'the managed-storage schema has no row').toBeDefined();
    const schema = JSON.parse(readFileSync(join(EXTENSION_DIR, schemaFile), 'utf8')) as { properties?: Record<string, unknown> };
    for (const key of Object.keys(schema.properties ?? {})) expect(row?.names, `policy ${key} is not named`).toContain(key);
  });
});

describe('reading the table', () => {
  it('fails a permission without a row, and a host beyond the news sites', () => {
    const readme = [
      '## What it asks for, and why',
      '',
      '| permission | why |',
      '| --- | --- |',
      '| `storage` | your settings, kept on your machine and nowhere else |',
      `| host access to the ${SITE_PATTERNS.length} news sites | to read the article you are on and mark it |`,
      '',
      '## Next',
    ].join('\n');
    const rows = permissionTable(readme);
    expect(rows.map((r) => r.names)).toEqual([['storage'], []]);
    expect(rows.flatMap(hostsOf)).toEqual(SITE_PATTERNS);
    expect(rows.flatMap(hostsOf)).not.toContain('https://feeds.example.com/*');
    expect(permissionTable(readme.replace(`the ${SITE_PATTERNS.length} news`, 'the 3 news')).flatMap(hostsOf)).toEqual([]);
  });
});
