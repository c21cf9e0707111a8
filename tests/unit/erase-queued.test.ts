/**
 * "Delete everything" and the worker's queue of the reader's changes (lib/settings/one-writer.ts): whatever the
 * reader asked for before it is gone after it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { eraseEverything } from '../../lib/settings/control';
import { followsSetting, storeFollow } from '../../lib/settings/follows';
import { disabledSitesSetting, storeSiteEnabled } from '../../lib/settings/settings';
import { fakeWorker } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
  fakeWorker();
});

function eraseSteps() {
  return {
    withSyncStopped: <T>(work: () => Promise<T>) => work(),
    resetArchive: async () => undefined,
    areas: [fakeBrowser.storage.local],
    permissions: { getAll: async () => ({ origins: [] }), remove: async () => true },
    requiredOrigins: [],
    restart: async () => undefined,
  };
}

describe('Delete everything and a change the worker has queued', () => {
  it('leaves no follow behind when the reader followed an entity just before deleting everything', async () => {
    // The worker has two follows in its queue (the panel's, an entity page's: their messages came first), when the
    // options page's Delete everything comes. Whatever was asked before it must be gone after it.
    const follows = Promise.all([
      storeFollow({ id: 'anthropic', name: 'Anthropic' }, true),
      storeFollow({ id: 'openai', name: 'OpenAI' }, true),
    ]);
    const erased = eraseEverything(eraseSteps());
    await Promise.all([follows, erased]);
    expect(await followsSetting.getValue()).toEqual([]);
  });

  it('leaves no site switched off when the reader switched two off just before deleting everything', async () => {
    const offs = Promise.all([storeSiteEnabled('techcrunch.com', false), storeSiteEnabled('wired.com', false)]);
    const erased = eraseEverything(eraseSteps());
    await Promise.all([offs, erased]);
    expect(await disabledSitesSetting.getValue()).toEqual([]);
  });
});
