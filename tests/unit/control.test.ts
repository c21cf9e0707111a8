import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storageProblemOf } from '../../lib/archive/storage-problem';
import { errorText, failureOf, i18nFor } from '../../lib/i18n/index';
import { type EraseSteps, eraseEverything, optionalOriginsToRemove, pausedSetting } from '../../lib/settings/control';
import { FIRST_RUN_PATH, openFirstRunOnInstall } from '../../lib/settings/first-run';
import { disabledSitesSetting, storeSiteEnabled } from '../../lib/settings/settings';
import { feedsSetting, syncIntervalSetting } from '../../lib/sync/feeds';

beforeEach(() => fakeBrowser.reset());

const REQUIRED = ['https://*.techcrunch.com/*', 'https://*.theverge.com/*'];

/** Granted host permissions, as the browser keeps them: required ones cannot be removed. */
function fakePermissions(granted: string[]) {
  const origins = new Set(granted);
  return {
    origins,
    async getAll() {
      return { origins: [...origins] };
    },
    async remove(request: { origins: string[] }) {
      if (request.origins.some((o) => REQUIRED.includes(o))) throw new Error('You cannot remove required permissions.');
      for (const origin of request.origins) origins.delete(origin);
      return true;
    },
  };
}

/** The worker's steps with the fake browser's storage and a record of the order things ran in. */
function fakeSteps(over: Partial<EraseSteps> = {}) {
  const log: string[] = [];
  const permissions = fakePermissions([...REQUIRED, 'https://feeds.example.org/*', 'https://news.example.net/*']);
  const steps: EraseSteps = {
    async withSyncStopped(work) {
      log.push('syncs stopped');
      try {
        return await work();
      } finally {
        log.push('syncs allowed');
      }
    },
    async resetArchive() {
      log.push('archive reset');
      return undefined;
    },
    areas: [browser.storage.local, browser.storage.session],
    permissions,
    requiredOrigins: REQUIRED,
    async restart() {
      log.push('restarted');
    },
    ...over,
  };
  return { steps, log, permissions };
}

describe('delete everything', () => {
  it('forgets every setting and feed, gives back the hosts granted since install, resets the archive, with syncs stopped', async () => {
    await storeSiteEnabled('techcrunch.com', false);
    await syncIntervalSetting.setValue(24);
    await pausedSetting.setValue(true);
    await feedsSetting.setValue([{ url: 'https://feeds.example.org/index.json', official: false, namespace: 'f1', paused: false }]);
    await browser.storage.local.set({ follows: ['openai'] });
    await browser.storage.session.set({ 'tab:3': { url: 'https://techcrunch.com/x' } });
    const { steps, log, permissions } = fakeSteps();

    expect(await eraseEverything(steps)).toEqual({ ok: true });

    expect(await browser.storage.local.get(null)).toEqual({});
    expect(await browser.storage.session.get(null)).toEqual({});
    expect(await disabledSitesSetting.getValue()).toEqual([]);
    expect(await pausedSetting.getValue()).toBe(false);
    expect(await feedsSetting.getValue()).toEqual([]);
    expect([...permissions.origins]).toEqual(REQUIRED);
    expect(log).toEqual(['syncs stopped', 'archive reset', 'syncs allowed', 'restarted']);
  });

  it('goes on past a step that fails, and says which failed', async () => {
    const full = storageProblemOf(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    const { steps, log } = fakeSteps({ resetArchive: async () => ({ code: 'storage', storage: full }) });
    await browser.storage.local.set({ syncIntervalHours: 12 });
    const outcome = await eraseEverything(steps);
    expect(outcome).toEqual({
      ok: false,
      problem: { code: 'eraseFailed', steps: [{ step: 'archive', problem: { code: 'storage', storage: full } }] },
    });
    // Worded in the reader's language, the storage problem with it.
    if (!outcome.ok) {
      expect(failureOf(outcome.problem).error).toBe(
        'The archive could not be reset: The disk is full: Backstory cannot update its archive until space is freed. Nothing it stored is lost.',
      );
      expect(errorText(i18nFor('zh-CN').t, failureOf(outcome.problem))).toMatch(/^无法重置档案库：磁盘已满: /);
    }
    expect(await browser.storage.local.get(null)).toEqual({});
    expect(log).toContain('restarted');
  });

  it('gives back only the hosts the manifest does not ask for at install', () => {
    expect(optionalOriginsToRemove([...REQUIRED, 'https://a.example/*'], REQUIRED)).toEqual(['https://a.example/*']);
    expect(optionalOriginsToRemove(REQUIRED, REQUIRED)).toEqual([]);
  });
});

describe('the first-run page', () => {
  it('opens once, on a new install only: not on an update, nor on a second report of the same install', async () => {
    const opened: string[] = [];
    browser.tabs.onCreated.addListener((tab) => void opened.push(tab.url ?? ''));
    await openFirstRunOnInstall({ reason: 'update' });
    expect(opened).toEqual([]);
    await openFirstRunOnInstall({ reason: 'install' });
    await openFirstRunOnInstall({ reason: 'install' });
    expect(opened).toEqual([browser.runtime.getURL(FIRST_RUN_PATH)]);
  });
});
