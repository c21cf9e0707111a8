/**
 * The worker's side of the global controls: pausing (the article script unregistered, the toolbar
 * button saying so, syncs refused) and "Delete everything" (lib/settings/control.ts), as protocol handlers.
 */

import { browser } from 'wxt/browser';
import { chosenI18n } from '../i18n/choose';
import { failureOf } from '../i18n/index';
import { type Problem, ProblemError } from '../messaging/problem';
import type { ControlToBackground } from '../messaging/protocol';
import type { Handlers } from '../messaging/server';
import type { SyncRunner } from '../sync/runner';
import { eraseEverything, pausedSetting } from './control';
import { ACTION_BADGE } from './follow-news';
import { oneAtATime } from './one-writer';

export interface ControlDeps {
  runner: Pick<SyncRunner, 'start' | 'withSyncStopped'>;
  /** Empties the archive and imports the bundled snapshot again; what went wrong, or undefined. */
  resetArchive(): Promise<Problem | undefined>;
  /** Registers the article script for the enabled sites, or none while paused. */
  syncScripts(): Promise<void>;
  /** Draws the badge as its mode wants, on the button and each tab: the counts the pause's "off" hid. */
  redrawBadge(): Promise<void>;
}

/**
 * The toolbar button while paused: "off" on it and in its tooltip, on every tab (a tab's own count would hide it).
 * Resumed: the title back and "off" taken away; `redrawBadge` then puts back the counts.
 */
export function showPausedOnAction(paused: boolean): Promise<void> {
  return oneAtATime(ACTION_BADGE, async () => {
    const { t } = await chosenI18n();
    const text = paused ? t.worker.badgeOff : '';
    await browser.action.setTitle({ title: paused ? t.worker.actionPaused : t.worker.actionTitle });
    await browser.action.setBadgeText({ text });
    for (const tab of await browser.tabs.query({})) {
      if (tab.id !== undefined) await browser.action.setBadgeText({ tabId: tab.id, text }).catch(() => undefined);
    }
  });
}

export function createControlHandlers(deps: ControlDeps): Pick<Handlers, keyof ControlToBackground> {
  return {
    async setPaused(data) {
      const paused = data.paused === true;
      await pausedSetting.setValue(paused);
      await deps.syncScripts();
      await showPausedOnAction(paused);
      if (!paused) {
        await deps.redrawBadge();
        // Feeds that fell due while paused sync after the usual short random delay.
        await deps.runner.start();
      }
      return paused;
    },
    async deleteEverything() {
      const manifest = browser.runtime.getManifest();
      const outcome = await eraseEverything({
        withSyncStopped: (work) => deps.runner.withSyncStopped(work),
        resetArchive: deps.resetArchive,
        areas: [browser.storage.local, browser.storage.session],
        permissions: browser.permissions,
        requiredOrigins: manifest.host_permissions ?? [],
        restart: async () => {
          await deps.syncScripts();
          await showPausedOnAction(false);
          await deps.redrawBadge();
          await deps.runner.start();
        },
      });
      if (!outcome.ok) throw new ProblemError(failureOf(outcome.problem));
      return null;
    },
  };
}
