/**
 * A change the worker could not store (lib/settings/one-writer.ts: it is the one writer of the reader's lists) does
 * not look done: the control shows what is stored again, and the page says plainly that the change was not saved.
 * Here the worker's write fails as Chromium's does on a full disk; the pages' components run on WXT's fake browser,
 * their messages reaching the worker's real handlers (helpers.ts `fakeWorker`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AddedSites } from '../../components/AddedSites';
import { EnableSite } from '../../components/EnableSite';
import { FollowButton } from '../../components/FollowButton';
import { FollowedList } from '../../components/FollowedList';
import { Sidebar } from '../../components/Sidebar';
import { SiteSwitch } from '../../components/SiteSwitch';
import { createArchiveConnection } from '../../lib/archive/db';
import { createArchiveService } from '../../lib/archive/service';
import { parseArticleInput } from '../../lib/entities/analysis';
import { addedSitesSetting } from '../../lib/settings/added-sites';
import { arrivalsItem, followsSetting } from '../../lib/settings/follows';
import { disabledSitesSetting, hiddenItemsSetting } from '../../lib/settings/settings';
import { click, type FakePage, isChecked, renderPage, shown, toggle } from './dom';
import { fakeWorker, freshDbName, miniArchive } from './helpers';

/** Chromium's words when `storage.local` cannot write to a full disk. */
const DISK_FULL =
  'IO error: .../Local Extension Settings/backstory/000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)';
const NOT_SAVED = /^Not saved\b.*FILE_ERROR_NO_SPACE/;

let page: FakePage | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  fakeWorker();
});

afterEach(() => {
  page?.close();
  page = undefined;
  vi.restoreAllMocks();
});

/** From now on the worker's writes to the reader's settings fail, as on a full disk. */
function fillDisk(): void {
  vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error(DISK_FULL));
}

/** Lets the page's message reach the worker, fail there, and the page draw what follows. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a change the worker could not store', () => {
  it('the site switch: back on, and the reader is told it was not saved', async () => {
    page = renderPage(<SiteSwitch host="techcrunch.com" />);
    const input = await shown<HTMLInputElement>(page, 'input[type="checkbox"]');
    expect(isChecked(input)).toBe(true);
    fillDisk();
    toggle(input);
    await vi.waitFor(() => expect(page?.alerts()).toEqual([expect.stringMatching(NOT_SAVED)]));
    expect(isChecked(input)).toBe(true);
    // Not the note of a site switched off.
    expect(page.root.textContent).not.toContain('off from the next page load');
    expect(await disabledSitesSetting.getValue()).toEqual([]);
  });

  it('Not relevant in the panel: the item is shown again, and the reader is told', async () => {
    const archive = createArchiveService(createArchiveConnection(freshDbName()), {
      snapshotId: 'mini',
      loadSnapshot: async () => miniArchive(),
      now: () => new Date('2026-07-10T12:00:00Z'),
    });
    await archive.seeded;
    const context = await archive.panelContext(
      await archive.analyze(
        parseArticleInput({
          url: 'https://techcrunch.com/2026/07/09/tencent-bans-claude-code/',
          title: 'Tencent bans Claude Code at work',
          published: '2026-07-09T10:00:00Z',
          blocks: ['Following Alibaba, more Chinese tech firms tell staff to stop using Anthropic’s Claude Code at work.'],
        }),
      ),
    );
    // The worker answers the panel's questions as well.
    fakeBrowser.reset();
    fakeWorker({ getPanelContext: () => context, getPanelFilter: () => null, getArchiveStatus: () => archive.status() });
    page = renderPage(<Sidebar />);
    Object.assign(window, { parent: { postMessage: () => undefined } });
    const dismiss = await shown(page, 'button.dismiss');
    const label = dismiss.getAttribute('aria-label');
    fillDisk();
    click(dismiss);
    await vi.waitFor(() => expect(page?.alerts()).toEqual([expect.stringMatching(NOT_SAVED)]));
    expect(page.root.querySelector(`button[aria-label="${label}"]`)).not.toBeNull();
    expect(await hiddenItemsSetting.getValue()).toEqual({});
  });

  it('Follow: not followed, and the reader is told', async () => {
    page = renderPage(<FollowButton entity={{ id: 'anthropic', name: 'Anthropic' }} />);
    const button = await shown(page, 'button.follow:not([disabled])');
    fillDisk();
    click(button);
    await vi.waitFor(() => expect(page?.alerts()).toEqual([expect.stringMatching(NOT_SAVED)]));
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(await followsSetting.getValue()).toEqual([]);
  });

  it('Mark all as seen in the popup: still new, and the reader is told', async () => {
    await followsSetting.setValue([{ entityId: 'anthropic', name: 'Anthropic', since: '2026-07-01T00:00:00Z' }]);
    await arrivalsItem.setValue([
      { itemId: 'x', title: 'Anthropic ships', published: '2026-07-09', entities: ['anthropic'], arrived: '2026-07-09T10:00:00Z' },
    ]);
    page = renderPage(<FollowedList />);
    const markAll = await shown(page, 'p > button.more');
    fillDisk();
    click(markAll);
    await vi.waitFor(() => expect(page?.alerts()).toEqual([expect.stringMatching(NOT_SAVED)]));
    expect(page.root.textContent).toContain('Anthropic ships');
  });

  it('Enable Backstory on a site in the popup: not added, not run, and the reader is told', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    const run = vi.spyOn(fakeBrowser.scripting, 'executeScript');
    const enabled = vi.fn();
    page = renderPage(<EnableSite url="https://news.example.org/a" tabId={1} onEnabled={enabled} />);
    const button = await shown(page, 'button');
    fillDisk();
    click(button);
    await vi.waitFor(() => expect(page?.alerts()).toEqual([expect.stringMatching(NOT_SAVED)]));
    await settled();
    expect(run).not.toHaveBeenCalled();
    expect(enabled).not.toHaveBeenCalled();
    expect(page.root.textContent).not.toMatch(/Backstory runs on news\.example\.org/);
    expect(await addedSitesSetting.getValue()).toEqual([]);
  });

  it('Remove an added site in the options: still listed, its access kept, and the reader is told', async () => {
    await addedSitesSetting.setValue(['news.example.org']);
    const giveBack = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true);
    page = renderPage(<AddedSites />);
    const remove = await shown(page, 'ul.sites button');
    fillDisk();
    click(remove);
    await vi.waitFor(() => expect(page?.alerts()).toEqual([expect.stringMatching(NOT_SAVED)]));
    await settled();
    expect(page.root.querySelector('ul.sites')?.textContent).toContain('news.example.org');
    expect(giveBack).not.toHaveBeenCalled();
  });
});
