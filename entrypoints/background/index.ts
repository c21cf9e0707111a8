import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { ARCHIVE_DB_NAME, createArchiveConnection } from '../../lib/archive/db';
import { opfsRoomProbe } from '../../lib/archive/room';
import { createArchiveService } from '../../lib/archive/service';
import { createBrowseHandlers } from '../../lib/browse/handlers';
import { entityPageUrl } from '../../lib/browse/links';
import { parseArticleInput } from '../../lib/entities/analysis';
import { matcherFromBase64, PREBUILT_MATCHER_FILE } from '../../lib/entities/prebuilt';
import { isAboutAiOrTechnology } from '../../lib/entities/topic';
import { READABILITY_FILE } from '../../lib/extract/readability-global';
import { failureOf } from '../../lib/i18n/index';
import { ProblemError } from '../../lib/messaging/problem';
import { createMessageListener } from '../../lib/messaging/server';
import { createCommandListener } from '../../lib/messaging/to-content';
import { shownCount } from '../../lib/related/panel';
import {
  analysisFor,
  entitiesShown,
  forgetClosedTabs,
  forgetTabAnalysis,
  keepTabAnalysis,
  loadPanelFilter,
  loadTabAnalysis,
  openTabs,
  savePanelFilter,
} from '../../lib/related/tab-contexts';
import { parseSearchFilters } from '../../lib/search/query';
import { addedSitesSetting, addGrantedSites, forgetRevokedSites } from '../../lib/settings/added-sites';
import { PAUSED, pausedSetting } from '../../lib/settings/control';
import { createControlHandlers, showPausedOnAction } from '../../lib/settings/control-worker';
import { openFirstRunOnInstall } from '../../lib/settings/first-run';
import { createFollowNews, FOLLOW_NOTIFICATION_PREFIX, tellingFollows } from '../../lib/settings/follow-news';
import { arrivalsItem, badgeModeSetting, followsSetting } from '../../lib/settings/follows';
import {
  effectiveSites,
  forbiddenByPolicy,
  managedSiteOf,
  readManagedPolicy,
  SITE_OFF,
  syncBlockedByPolicy,
  watchManagedPolicy,
} from '../../lib/settings/managed';
import { serialScriptSync } from '../../lib/settings/registration';
import { aiArticlesOnlySetting, disabledSitesSetting } from '../../lib/settings/settings';
import { createSettingsHandlers } from '../../lib/settings/settings-worker';
import { readShortcut } from '../../lib/settings/shortcut';
import { hostToGiveBack } from '../../lib/sync/feeds';
import { createSyncHandlers } from '../../lib/sync/handlers';
import { createSyncRunner } from '../../lib/sync/runner';
import { createBenchHooks } from '../../scripts/lib/bench-hooks';

export default defineBackground(() => {
  // While paused, no site has the article script (lib/settings/control.ts).
  // The article script runs on the enabled default sites and on the sites the reader added; while paused, on none.
  // The organisation's policy wins: its sites switched off stay off, its added sites are added
  // (lib/settings/managed.ts); the policy is read afresh each time, as the browser may change it at any moment.
  const syncScripts = serialScriptSync(async () =>
    (await pausedSetting.getValue())
      ? []
      : effectiveSites(await readManagedPolicy(), await disabledSitesSetting.getValue(), await addedSitesSetting.getValue()),
  );
  // Relative to the worker's own URL: the snapshot written into the package at build time.
  const loadSnapshot = async (): Promise<unknown> => (await fetch('/snapshot.json')).json();
  // Before the archive is opened again, or imported into, the disk is asked whether it has room (lib/archive/room.ts).
  const room = opfsRoomProbe();
  const archive = createArchiveService(createArchiveConnection(ARCHIVE_DB_NAME, room), {
    room,
    snapshotId: `${browser.runtime.getManifest().version}:${import.meta.env.BACKSTORY_SNAPSHOT_ID}`,
    loadSnapshot,
    loadMatcher: async () => matcherFromBase64(await (await fetch(`/${PREBUILT_MATCHER_FILE}`)).text()),
  });
  // Items sync (or an imported feed file) adds for followed entities are recorded as new; the badge follows.
  const news = createFollowNews(browser);
  const feedArchive = tellingFollows(archive, news);
  for (const item of [arrivalsItem, followsSetting]) item.watch(() => void news.refreshBadge());
  // Each open tab's badge as the mode wants: after the reader switched the mode, and once resumed from a pause.
  const redrawBadge = async () => {
    const urls = await openTabs();
    await news.refreshTabs([...urls.keys()], async (tabId) => entitiesShown(analysisFor(await loadTabAnalysis(tabId), urls.get(tabId))));
  };
  badgeModeSetting.watch(() => void redrawBadge());
  browser.notifications?.onClicked.addListener((id) => {
    if (id.startsWith(FOLLOW_NOTIFICATION_PREFIX))
      void browser.tabs.create({ url: entityPageUrl(id.slice(FOLLOW_NOTIFICATION_PREFIX.length)) });
  });
  const { BACKSTORY_FEED_URL: feedUrl, BACKSTORY_FEED_PUBLIC_KEY: publicKey } = import.meta.env;
  const sync = createSyncRunner({
    archive: feedArchive,
    fetch: (input, init) => fetch(input, init),
    alarms: browser.alarms,
    ...(feedUrl ? { official: { url: feedUrl, publicKey } } : {}),
    // Entities a feed brought are spotted from the next page on.
    afterChange: async () => void (await archive.refreshSyncedMatcher()),
    blocked: async () => ((await pausedSetting.getValue()) ? PAUSED : await syncBlockedByPolicy()),
    managedFeeds: async () => (await readManagedPolicy()).feeds ?? [],
    // The fewest permissions that work: a removed feed's site is given back unless another feed is on it.
    async removed(feedUrl, remaining) {
      const pattern = hostToGiveBack(feedUrl, remaining);
      if (pattern) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
    },
  });
  browser.alarms.onAlarm.addListener((alarm) => void sync.onAlarm(alarm.name));
  void sync.start();
  // Only in a bench build: the dead branch and its imports are dropped from the shipped worker.
  if (import.meta.env.BACKSTORY_BENCH) Object.assign(globalThis, { backstoryBench: createBenchHooks(loadSnapshot) });

  browser.runtime.onMessage.addListener(
    createMessageListener(
      {
        async analyzeArticle(data, sender) {
          // Paused: a page that still has the script (it loaded just before) is not read.
          if (await pausedSetting.getValue()) throw new ProblemError(failureOf(PAUSED));
          // A site the organisation switched off: not read, even where the reader ran Backstory once.
          if (forbiddenByPolicy(await readManagedPolicy(), sender.tab?.url ?? sender.url)) throw new ProblemError(failureOf(SITE_OFF));
          const analysis = await archive.analyze(parseArticleInput(data));
          // With "Only articles about AI and technology" on, one that is not is left alone: no tab, marks or count.
          const quiet =
            analysis.entities.length > 0 && (await aiArticlesOnlySetting.getValue()) && !isAboutAiOrTechnology(analysis.entities);
          // Kept with the tab's record: the badge drawn again later (a resume, a new badge mode) counts nothing either.
          if (quiet) analysis.quiet = true;
          // Whether the archive has anything on this story: the tab is dimmed where it has not.
          if (analysis.entities.length > 0 && !quiet) {
            const context = await archive.panelContext(analysis).catch(() => null);
            if (context) analysis.related = shownCount(context);
          }
          // A new article in the tab (its panel starts on no entity), unless the tab has moved on while it was read.
          const tabId = sender.tab?.id;
          if (
            tabId !== undefined &&
            (await keepTabAnalysis(tabId, analysis, (await browser.tabs.get(tabId).catch(() => undefined))?.url))
          ) {
            // Drawn in turn with the pause's "off", which a count must not cover (a pause while the article was read).
            await news.refreshTabs([tabId], async () => entitiesShown(analysis));
          }
          return { ...analysis, shortcut: await readShortcut().catch(() => null) };
        },
        async leftArticle(_data, sender) {
          const tabId = sender.tab?.id;
          if (tabId === undefined) return null;
          await forgetTabAnalysis(tabId);
          // The tab's own count goes: the badge shows what it shows for every tab (nothing, or the new items).
          await news.refreshTabs([tabId], async () => undefined);
          return null;
        },
        async loadReadability(_data, sender) {
          if (sender.tab?.id === undefined) return false;
          // Into the article script's own isolated world, in the frame that asked.
          await browser.scripting.executeScript({
            target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
            files: [READABILITY_FILE],
          });
          return true;
        },
        async setPanelFilter(data, sender) {
          if (sender.tab?.id !== undefined && typeof data.entityId === 'string') await savePanelFilter(sender.tab.id, data.entityId);
          return null;
        },
        getPanelFilter: (_data, sender) => (sender.tab?.id === undefined ? null : loadPanelFilter(sender.tab.id)),
        async getPanelContext(_data, sender) {
          // Only the article the tab shows now: a record of a page it has left speaks for nothing on it.
          const analysis = sender.tab?.id === undefined ? undefined : analysisFor(await loadTabAnalysis(sender.tab.id), sender.tab.url);
          return analysis ? archive.panelContext(analysis) : null;
        },
        getArchiveStatus: () => archive.status(),
        getEntityCard: (data) => archive.entityCard(String(data.entityId)),
        searchArchive: (data) => archive.search(String(data.query ?? ''), parseSearchFilters(data.filters)),
        async getTabStatus(data) {
          const analysis = analysisFor(await loadTabAnalysis(Number(data.tabId)), data.url);
          // An article Backstory stays quiet on (the reader's "only AI and technology") is none to the popup either.
          return analysis && !analysis.quiet ? { url: analysis.url, title: analysis.title, entities: analysis.entities.length } : null;
        },
        ...createSyncHandlers(sync, () => archive.status()),
        ...createBrowseHandlers({ archive, feedArchive, tabs: browser.tabs }),
        ...createSettingsHandlers(),
        ...createControlHandlers({
          runner: sync,
          syncScripts,
          redrawBadge,
          async resetArchive() {
            const outcome = await archive.reset();
            return outcome.state === 'failed' ? { code: 'storage', storage: outcome.problem } : undefined;
          },
        }),
      },
      browser.runtime.id,
    ),
  );

  // At every start of the worker and of the browser too, not only at install: a registration the browser dropped
  // comes back before the first article loads; one that is right is left alone. (Chromium drops it at each launch
  // of an unpacked extension loaded with --load-extension, as the tests do: it installs it anew, "install" and no
  // registered script at the worker's start. Its re-registration used to await a policy read Chromium can leave
  // unanswered at a launch, the likely reason it stayed "lost" in the storage e2e test: docs/enterprise.md.)
  void syncScripts();
  browser.runtime.onStartup.addListener(() => void syncScripts());
  browser.runtime.onInstalled.addListener((details) => {
    void syncScripts();
    void openFirstRunOnInstall(details);
  });
  disabledSitesSetting.watch(() => void syncScripts());
  addedSitesSetting.watch(() => void syncScripts());
  pausedSetting.watch(() => void syncScripts());
  // A policy changed while the browser runs (Chrome re-reads its policies now and then; an administrator
  // pushed a new one): the sites and the feed list follow at once.
  watchManagedPolicy(() => {
    void syncScripts();
    void sync.start();
  });
  browser.permissions.onRemoved.addListener((removed) => void forgetRevokedSites(removed.origins ?? []));
  browser.permissions.onAdded.addListener(async (added) => {
    const policy = await readManagedPolicy();
    await addGrantedSites(added.origins ?? [], (site) => managedSiteOf(policy, site) !== undefined);
  });
  // The action's badge and title are not kept across browser restarts: a paused Backstory says so again.
  void pausedSetting.getValue().then(async (paused) => {
    if (paused) await showPausedOnAction(true);
  });
  // No listener for tabs loading or closing (lib/related/tab-contexts.ts): what closed tabs left goes now.
  void forgetClosedTabs();
  browser.commands.onCommand.addListener(createCommandListener());
});
