import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { matcherToBase64, PREBUILT_MATCHER_FILE } from './lib/entities/prebuilt';
import { HIGHLIGHT_CSS, HIGHLIGHT_CSS_FILE } from './lib/marks/highlights';
import { MANAGED_SCHEMA, MANAGED_SCHEMA_FILE } from './lib/settings/managed-schema';
import { SITE_PATTERNS } from './lib/settings/sites';
import { loadBundledGazetteer } from './scripts/lib/gazetteer';
import { firefoxThemeIcons, manifestIcons, writeIcons } from './scripts/lib/icons';
import { readSnapshotSource } from './scripts/lib/snapshot-source';

/** A hash of the bundled snapshot, so the worker imports a changed snapshot once and an unchanged one never. */
function snapshotId(): string {
  return createHash('sha256').update(JSON.stringify(readSnapshotSource())).digest('hex').slice(0, 16);
}

/**
 * The official feed: its address (the index document) and its Ed25519 public key (raw, base64), given to
 * the build; none is invented, so a build without them has no official feed. See the README, "Publishing a feed".
 */
const FEED_URL = process.env.BACKSTORY_FEED_URL ?? '';
const FEED_PUBLIC_KEY = process.env.BACKSTORY_FEED_PUBLIC_KEY ?? '';
/** The official feed's origin as a host permission: the worker fetches it without asking. */
const feedHosts = FEED_URL ? [`${new URL(FEED_URL).origin}/*`] : [];
/**
 * Hosts a test build is granted at install (BACKSTORY_GRANT_HOSTS, comma-separated match patterns): no
 * test can answer a permission prompt. Never set for a release.
 */
const grantedHosts = (process.env.BACKSTORY_GRANT_HOSTS ?? '').split(',').filter(Boolean);

/**
 * A test build's manifest `key` (BACKSTORY_MANIFEST_KEY, a base64 public key): it fixes the extension's id,
 * so a test can write a Chromium policy for that id (tests/e2e/managed.e2e.test.ts). Never set for a release:
 * the store assigns the id.
 */
const MANIFEST_KEY = process.env.BACKSTORY_MANIFEST_KEY ?? '';

/** Where the panel page may be framed: every https page, at an address only Backstory's script knows (above). */
const PANEL_EMBEDDERS = 'https://*/*';

/** A bench build (BACKSTORY_BENCH=1) carries benchmark hooks in the worker, and goes to its own folder. */
const BENCH = process.env.BACKSTORY_BENCH === '1';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // BACKSTORY_OUT_DIR: a build of its own (the feed end-to-end test's, the demo's), beside the default one.
  ...(process.env.BACKSTORY_OUT_DIR ? { outDir: process.env.BACKSTORY_OUT_DIR } : BENCH ? { outDir: '.output/bench' } : {}),
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({
    // BACKSTORY_UNMINIFIED=1: function names and lines a CPU profile can be read by (a bench build's profile).
    ...(process.env.BACKSTORY_UNMINIFIED === '1' ? { build: { minify: false } } : {}),
    define: {
      'import.meta.env.BACKSTORY_SNAPSHOT_ID': JSON.stringify(snapshotId()),
      'import.meta.env.BACKSTORY_BENCH': JSON.stringify(BENCH),
      'import.meta.env.BACKSTORY_FEED_URL': JSON.stringify(FEED_URL),
      'import.meta.env.BACKSTORY_FEED_PUBLIC_KEY': JSON.stringify(FEED_PUBLIC_KEY),
    },
  }),
  manifest: ({ browser }) => ({
    // The name and description in the browser's language, from public/_locales (the one use of the browser's
    // own i18n: the interface's words are bundled in lib/i18n, since the reader may choose another language).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Rendered from assets/icon.svg by the build (hook below); Firefox also gets a light mark for dark toolbars.
    icons: manifestIcons(),
    action: { default_icon: manifestIcons(), ...(browser === 'firefox' ? { theme_icons: firefoxThemeIcons() } : {}) },
    // storage: settings. scripting: register the article script on the enabled sites only.
    // activeTab: run Backstory once on the current tab from the popup, with no standing permission.
    // alarms: sync the archive's feeds every few hours, whether or not a page is open.
    // unlimitedStorage: without it the extension's origin is "best-effort" storage, and when the disk runs low
    // Chromium's quota manager evicts such an origin whole: the archive, what feeds brought, follows. Only
    // unlimitedStorage exempts an extension (navigator.storage.persist() is refused to extension origins);
    // the full-disk e2e test lost the whole archive to that eviction without it (lib/archive/room.ts).
    permissions: ['storage', 'scripting', 'activeTab', 'alarms', 'unlimitedStorage'],
    // notifications: only when the reader turns on notifications for followed entities, asked inside that click.
    optional_permissions: ['notifications'],
    commands: {
      // Not Alt+Shift+B: Chromium leaves a suggested key unassigned where it is one of its own (Alt+Shift+B focuses the
      // bookmarks bar on Windows and Linux; P, W and X are refused too), so the reader had no shortcut at all.
      'toggle-panel': { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_togglePanel__' },
    },
    host_permissions: [...SITE_PATTERNS, ...feedHosts, ...grantedHosts],
    // A feed the reader adds: its host is asked for inside the click on "Add feed", and for that host only.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The panel is framed on the default sites and on any site the reader adds at run time. A manifest's
    // web-accessible matches cannot grow at run time, so it is open to https pages; what keeps a page from
    // telling Backstory is installed, or framing the panel, is that only Backstory's script knows its address:
    // a per-session URL in Chrome (use_dynamic_url), a per-install UUID in Firefox. A page framing it
    // anyway gets a panel for its own tab, which has no article: nothing to read.
    web_accessible_resources: [
      {
        resources: ['sidebar.html'],
        matches: [PANEL_EMBEDDERS],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    // An organisation's policy (feeds, sites, sync off): Chrome validates it against this schema and gives it
    // to storage.managed. Firefox reads the same settings from policies.json without a schema (docs/enterprise.md).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: MANAGED_SCHEMA_FILE } }),
    ...(MANIFEST_KEY && browser !== 'firefox' ? { key: MANIFEST_KEY } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Backstory collects nothing: Firefox's data-collection declaration says so. The declaration needs
            // Firefox 140 on the desktop (the ESR, Debian's firefox-esr among them) and 142 on Android, where the
            // desktop's minimum would otherwise apply too.
            gecko: { id: 'backstory@backstory.example', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  // The sources zip for addons.mozilla.org's reviewers: what rebuilds the extension (README, "Publishing"),
  // without the tests' saved news pages and the pictures.
  zip: { excludeSources: ['tests/**', 'docs/**/*.png'] },
  hooks: {
    // The article script talks to the browser directly, without webextension-polyfill: it runs in every article
    // page, where the polyfill's wrappers cost each load some evaluation (its API table, ~10 KB minified) and
    // buy nothing: the script's few calls (runtime.sendMessage and getURL, onMessage with a listener that
    // answers nothing, storage, i18n) return promises natively in Chromium's MV3 and in Firefox. Every other
    // entrypoint keeps the polyfill (the module above), where a listener may answer with a promise.
    // And its context is Backstory's own (lib/content/script-context.ts): WXT's announces the extension's id to
    // every page, and a page could answer it to take Backstory off the page.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((entry) => entry.type === 'content-script')) return;
      const native = { find: /^wxt\/browser$/, replacement: createRequire(import.meta.url).resolve('wxt/browser') };
      const context = {
        find: /^wxt\/utils\/content-script-context$/,
        replacement: fileURLToPath(new URL('./lib/content/script-context.ts', import.meta.url)),
      };
      const alias = config.resolve?.alias;
      const rest = Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = { ...config.resolve, alias: [native, context, ...rest] };
    },
    // The bundled snapshot is joined from data/ at build time, in the same format as the sync feed.
    'build:publicAssets': (wxt, files) => {
      // The icons, rendered from assets/icon.svg (scripts/lib/icons.ts).
      const variants = wxt.config.browser === 'firefox' ? (['default', 'light'] as const) : (['default'] as const);
      files.push(...writeIcons(join(wxt.config.wxtDir, 'icons'), variants));
      // The organisation policy's schema, from the one in code that also validates what the browser gives.
      if (wxt.config.browser !== 'firefox')
        files.push({ relativeDest: MANAGED_SCHEMA_FILE, contents: JSON.stringify(MANAGED_SCHEMA, null, 2) });
      const snapshot = readSnapshotSource();
      files.push({ relativeDest: 'snapshot.json', contents: JSON.stringify(snapshot) });
      // The matcher is compiled here, once, from the same gazetteer: the worker only loads it.
      files.push({ relativeDest: PREBUILT_MATCHER_FILE, contents: matcherToBase64(loadBundledGazetteer().matcher) });
      // The marks' stylesheet, which the browser injects with the article script (lib/settings/registration.ts).
      files.push({ relativeDest: HIGHLIGHT_CSS_FILE, contents: HIGHLIGHT_CSS });
    },
  },
});
