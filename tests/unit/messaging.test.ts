import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sendMessage } from '../../lib/messaging/client';
import { createMessageListener, type Handlers, senderKind } from '../../lib/messaging/server';

const EXTENSION_ID = 'test-extension-id';
const fakeHandlers: Handlers = {
  analyzeArticle: (data) => ({ url: data.url, title: data.title, headline: '', lede: '', body: '', entities: [], mentions: [] }),
  getPanelContext: () => null,
  getEntityCard: () => null,
  getTabStatus: () => null,
  searchArchive: () => ({ items: [], headlines: [], entities: [], matched: [], prefixes: [], ignored: [] }),
  leftArticle: () => null,
  loadReadability: () => false,
  getArchiveStatus: () => {
    throw new Error('disk on fire');
  },
  getFeeds: () => [],
  previewFeed: () => ({ url: '', title: '', pages: 0 }),
  addFeed: () => ({ url: '', title: '', pages: 0 }),
  removeFeed: () => null,
  setFeedPaused: () => null,
  setSyncInterval: (data) => data.hours,
  syncNow: () => null,
  getSyncSummary: () => ({ stale: false, intervalHours: 6, feeds: 0 }),
  openEntityPage: () => null,
  setPanelFilter: () => null,
  getPanelFilter: () => null,
  getEntityPage: () => null,
  exportFeedFile: () => ({ name: '', text: '', items: 0 }),
  importFeedFile: () => ({ title: '', pages: 0, added: 0, updated: 0, unchanged: 0, entities: 0, skipped: [], skippedCount: 0 }),
  setPaused: (data) => data.paused,
  rememberPanelOpen: () => null,
  setFollow: () => null,
  recordSeen: () => null,
  setSiteEnabled: () => null,
  addSite: () => null,
  removeSite: () => null,
  setHiddenItems: () => null,
  deleteEverything: () => null,
};

describe('senderKind', () => {
  it("tells this extension's pages from its content scripts, and refuses everyone else", () => {
    expect(senderKind({ id: EXTENSION_ID, url: 'chrome-extension://abc/popup.html' }, EXTENSION_ID)).toBe('extension-page');
    expect(senderKind({ id: EXTENSION_ID, url: 'https://techcrunch.com/x', tab: { id: 3 } as never }, EXTENSION_ID)).toBe('content-script');
    expect(senderKind({ id: 'another-extension', url: 'chrome-extension://evil/x.html' }, EXTENSION_ID)).toBeNull();
    expect(senderKind({ id: EXTENSION_ID, url: 'https://techcrunch.com/x' }, EXTENSION_ID)).toBeNull();
  });
});

describe('the message listener', () => {
  const listener = createMessageListener(fakeHandlers, EXTENSION_ID);
  const ask = (message: unknown, sender: object) =>
    new Promise<unknown>((done) => {
      const kept = listener(message, sender, done);
      if (kept !== true) setTimeout(() => done('no answer'), 10);
    });
  const contentScript = { id: EXTENSION_ID, url: 'https://techcrunch.com/x', tab: { id: 1 } };
  const popup = { id: EXTENSION_ID, url: 'chrome-extension://abc/popup.html' };

  it('answers a well-formed message from the right kind of sender', async () => {
    const reply = await ask({ backstory: 1, type: 'analyzeArticle', data: { url: 'u', title: 't', blocks: [] } }, contentScript);
    expect(reply).toEqual({ ok: true, value: { url: 'u', title: 't', headline: '', lede: '', body: '', entities: [], mentions: [] } });
  });

  it('refuses a message from the wrong kind of sender or from elsewhere', async () => {
    expect(await ask({ backstory: 1, type: 'getArchiveStatus', data: {} }, contentScript)).toMatchObject({ ok: false });
    expect(await ask({ backstory: 1, type: 'analyzeArticle', data: {} }, { ...contentScript, id: 'other' })).toMatchObject({ ok: false });
  });

  it('turns a handler error into an error value', async () => {
    expect(await ask({ backstory: 1, type: 'getArchiveStatus', data: {} }, popup)).toEqual({ ok: false, error: 'disk on fire' });
  });

  it('ignores messages that are not its own', async () => {
    expect(await ask({ type: 'getArchiveStatus' }, popup)).toBe('no answer');
    expect(await ask({ backstory: 1, type: 'dropTables', data: {} }, popup)).toBe('no answer');
  });
});

describe('the client over the fake browser', () => {
  beforeEach(() => fakeBrowser.reset());

  it('carries a message from the client to the listener and the answer back', async () => {
    browser.runtime.onMessage.addListener(createMessageListener(fakeHandlers, browser.runtime.id));
    // The fake browser's sender carries no URL or tab, so the listener must refuse it as not ours.
    expect(await sendMessage('getPanelContext', {})).toEqual({ ok: false, error: 'getPanelContext is not accepted from this sender.' });
  });

  it('returns an error value when nothing answers', async () => {
    const reply = await sendMessage('getArchiveStatus', {});
    expect(reply.ok).toBe(false);
  });
});
