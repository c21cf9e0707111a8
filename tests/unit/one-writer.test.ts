/**
 * Two changes at once to one of the reader's lists both count. Each list is stored whole, so each change is
 * a read, a change and a write; the worker is their one writer (lib/settings/one-writer.ts) and makes one
 * change to a list at a time. Here the pages' changes travel as messages to the worker's handlers, as they do
 * in the browser, while the worker makes its own.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addedSitesSetting, addSite, forgetRevokedSites } from '../../lib/settings/added-sites';
import { createFollowNews, type NewsBrowser } from '../../lib/settings/follow-news';
import { type Arrival, arrivalsItem, followsSetting, recordSeen, setFollow, unseenArrivals } from '../../lib/settings/follows';
import {
  disabledSitesSetting,
  hiddenItemsSetting,
  panelOpenSitesSetting,
  rememberPanelOpen,
  setHiddenItems,
  setSiteEnabled,
} from '../../lib/settings/settings';
import { fakeWorker } from './helpers';

beforeEach(() => {
  fakeBrowser.reset();
  fakeWorker();
});

const NOW = new Date('2026-07-10T12:00:00Z');
const ANTHROPIC = { entityId: 'anthropic', name: 'Anthropic', since: '2026-07-01T00:00:00.000Z' };

describe('two changes at once to one list', () => {
  it('keeps an item a sync brought for a followed entity and what the reader marked seen meanwhile', async () => {
    await followsSetting.setValue([ANTHROPIC]);
    const old: Arrival = { itemId: 'old', title: 'Old', published: '2026-07-05', entities: ['anthropic'], arrived: '2026-07-05T00:00:00Z' };
    await arrivalsItem.setValue([old]);
    const news = createFollowNews(fakeBrowser as unknown as NewsBrowser, () => NOW);
    // The worker applies a feed page while the reader opens the old item from Anthropic's page.
    await Promise.all([
      news.noteArrivals([{ id: 'new', title: 'New', published: '2026-07-10', entities: ['anthropic'] }]),
      recordSeen({ itemIds: ['old'] }),
    ]);
    const arrivals = await arrivalsItem.getValue();
    expect(arrivals.map((a) => a.itemId).sort()).toEqual(['new', 'old']);
    expect(arrivals.find((a) => a.itemId === 'old')?.seen).toBeDefined();
    expect(unseenArrivals(arrivals, [ANTHROPIC]).map((a) => a.itemId)).toEqual(['new']);
  });

  it('keeps two entities followed at once (the panel and an entity page)', async () => {
    await Promise.all([setFollow({ id: 'anthropic', name: 'Anthropic' }, true), setFollow({ id: 'openai', name: 'OpenAI' }, true)]);
    expect((await followsSetting.getValue()).map((f) => f.entityId).sort()).toEqual(['anthropic', 'openai']);
  });

  it('keeps both sites switched off, from the popup and the options page at once', async () => {
    await Promise.all([setSiteEnabled('techcrunch.com', false), setSiteEnabled('wired.com', false)]);
    expect([...(await disabledSitesSetting.getValue())].sort()).toEqual(['techcrunch.com', 'wired.com']);
  });

  it('keeps a site added by the reader while the worker forgets one revoked, and two added at once', async () => {
    await addedSitesSetting.setValue(['example.org']);
    await Promise.all([addSite('example.com'), forgetRevokedSites(['https://*.example.org/*']), addSite('example.net')]);
    expect([...(await addedSitesSetting.getValue())].sort()).toEqual(['example.com', 'example.net']);
  });

  it('keeps the panel left open on two sites at once (two tabs), and items hidden on two articles at once', async () => {
    await Promise.all([rememberPanelOpen('theverge.com', true), rememberPanelOpen('wired.com', true)]);
    expect([...(await panelOpenSitesSetting.getValue())].sort()).toEqual(['theverge.com', 'wired.com']);
    await Promise.all([setHiddenItems('https://wired.com/a', ['x']), setHiddenItems('https://theverge.com/b', ['y'])]);
    expect(Object.values(await hiddenItemsSetting.getValue()).sort()).toEqual([['x'], ['y']]);
  });
});
