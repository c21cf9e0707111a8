/**
 * The store submission's permission justifications (docs/store/permissions.md) cover everything the
 * manifest asks for, in both browsers: a permission added without a justification fails here, before a
 * store reviewer rejects the upload for it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SITE_PATTERNS } from '../../lib/settings/sites';
import config from '../../wxt.config';

const DOC = readFileSync(new URL('../../docs/store/permissions.md', import.meta.url), 'utf8');

type Manifest = {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
};

async function manifestFor(browser: 'chrome' | 'firefox'): Promise<Manifest> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') return (manifest ?? {}) as Manifest;
  return (await manifest({ browser, manifestVersion: 3, mode: 'production', command: 'build' })) as Manifest;
}

describe('docs/store/permissions.md', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    it(`justifies every permission the ${browser} manifest asks for`, async () => {
      const manifest = await manifestFor(browser);
      const named = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
      expect(named.length).toBeGreaterThan(0);
      for (const permission of named) expect(DOC, permission).toContain(`| \`${permission}\``);
    });

    it(`justifies the ${browser} manifest's host access: the news sites, and any other host by name`, async () => {
      const manifest = await manifestFor(browser);
      expect(DOC).toContain(`the ${SITE_PATTERNS.length} news sites`);
      // A release names its official feed (BACKSTORY_FEED_URL): its site is justified by that row.
      const feed = process.env.BACKSTORY_FEED_URL ? `${new URL(process.env.BACKSTORY_FEED_URL).origin}/*` : undefined;
      if (feed) expect(DOC).toContain("the official feed's site");
      for (const pattern of [...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])])
        if (!SITE_PATTERNS.includes(pattern) && pattern !== feed) expect(DOC, pattern).toContain(pattern);
    });
  }
});
