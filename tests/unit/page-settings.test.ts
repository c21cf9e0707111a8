/**
 * The settings the article script reads at each page load: all in one storage read, each the stored value or
 * its default, and what storage holds of the wrong kind taken as the default.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { readPageSettings } from '../../lib/content/page-settings';
import { pausedSetting } from '../../lib/settings/control';
import { defineSetting, readSettings } from '../../lib/settings/setting';
import { markModeSetting, panelOpenSitesSetting, rememberPanelOpen } from '../../lib/settings/settings';
import { fakeWorker } from './helpers';

/** Counts the storage reads made from now on (each `storage.local.get` call). */
function countReads(): { count: number } {
  const reads = { count: 0 };
  const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
  fakeBrowser.storage.local.get = ((keys?: unknown) => {
    reads.count++;
    return get(keys as string[]);
  }) as typeof fakeBrowser.storage.local.get;
  return reads;
}

describe("the article script's settings", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    fakeWorker();
  });

  it('are the defaults when nothing is stored, read in a single storage call', async () => {
    const reads = countReads();
    await expect(readPageSettings()).resolves.toMatchObject({
      paused: false,
      addedSites: [],
      panelOpenSites: [],
      markMode: 'first',
    });
    expect(reads.count).toBe(1);
  });

  it('are what the reader set, as the options and the panel write them', async () => {
    await pausedSetting.setValue(true);
    await markModeSetting.setValue('all');
    await rememberPanelOpen('theverge.com', true);
    await fakeBrowser.storage.local.set({ language: 'ja', addedSites: ['example.com'] });
    await expect(readPageSettings()).resolves.toEqual({
      paused: true,
      addedSites: ['example.com'],
      locale: 'ja',
      panelOpenSites: ['theverge.com'],
      markMode: 'all',
    });
    await rememberPanelOpen('theverge.com', false);
    await expect(panelOpenSitesSetting.getValue()).resolves.toEqual([]);
  });

  it('take what storage holds of the wrong kind as the default', async () => {
    await fakeBrowser.storage.local.set({
      paused: 'yes',
      addedSites: 'example.com',
      markMode: 'sparkles',
      panelOpenSites: [1, 'wired.com'],
    });
    await expect(readPageSettings()).resolves.toMatchObject({
      paused: false,
      addedSites: [],
      markMode: 'first',
      panelOpenSites: ['wired.com'],
    });
  });
});

describe('a setting read only when asked', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads nothing when defined, and tells a watcher of each change, the default when removed', async () => {
    const reads = countReads();
    const setting = defineSetting<string[]>('local:testList', ['none']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads.count).toBe(0);
    const seen: string[][] = [];
    setting.watch((value) => seen.push(value));
    await setting.setValue(['a']);
    await fakeBrowser.storage.local.remove('testList');
    await expect(setting.getValue()).resolves.toEqual(['none']);
    expect(seen).toEqual([['a'], ['none']]);
  });

  it('tells a watcher nothing when the same value is written again, and stops when unwatched', async () => {
    const setting = defineSetting<string[]>('local:testList', []);
    const seen: string[][] = [];
    const unwatch = setting.watch((value) => seen.push(value));
    await setting.setValue(['a']);
    await setting.setValue(['a']);
    unwatch();
    await setting.setValue(['b']);
    expect(seen).toEqual([['a']]);
  });

  it("is the same stored value as WXT's storage item of that key, either way", async () => {
    const setting = defineSetting<string[]>('local:disabledSites', []);
    await storage.setItem('local:disabledSites', ['wired.com']);
    await expect(setting.getValue()).resolves.toEqual(['wired.com']);
    await setting.setValue(['cnbc.com']);
    await expect(storage.getItem('local:disabledSites')).resolves.toEqual(['cnbc.com']);
    await setting.setValue(null as unknown as string[]);
    await expect(storage.getItem('local:disabledSites')).resolves.toBeNull();
    await expect(setting.getValue()).resolves.toEqual([]);
  });

  it('are read together with one read per storage area', async () => {
    const reads = countReads();
    const sessionGet = fakeBrowser.storage.session.get.bind(fakeBrowser.storage.session);
    let sessionReads = 0;
    fakeBrowser.storage.session.get = ((keys?: unknown) => {
      sessionReads++;
      return sessionGet(keys as string[]);
    }) as typeof fakeBrowser.storage.session.get;
    await fakeBrowser.storage.local.set({ a: 1, b: 2 });
    await fakeBrowser.storage.session.set({ a: 'session' });
    const values = await readSettings([
      defineSetting('local:a', 0),
      defineSetting('session:a', ''),
      defineSetting('local:b', 0),
      defineSetting('local:c', 'fallback'),
    ]);
    expect(values).toEqual([1, 'session', 2, 'fallback']);
    expect([reads.count, sessionReads]).toEqual([1, 1]);
  });
});
