/**
 * The popup's parts other than the search: this tab's status and the archive's (above the search), the
 * site's controls, the shortcut, what is new for followed entities and the footer (below it). A script of
 * its own, loaded once the first results are on screen (Popup.tsx): none of it stands between the reader
 * and the search, and the messages it sends (which wake a stopped worker) do not compete with the first
 * read. Rendered into the shell's two places with portals, so the search beside it is never remounted.
 */
import { createPortal } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import type { TabStatus } from '../lib/messaging/protocol';
import { runOnceOnTab } from '../lib/settings/run-once';
import { type SiteHost, siteOfUrl } from '../lib/settings/sites';
import { StatusFooter } from './ArchiveFooter';
import { EnableSite } from './EnableSite';
import { FollowedList } from './FollowedList';
import { useI18n } from './i18n';
import { PanelToggle } from './PanelToggle';
import { PauseControl } from './PauseControl';
import { TabLinePending } from './PopupPending';
import { SyncLine, TabStatusLine } from './PopupStatus';
import { ShortcutNote } from './ShortcutNote';
import { SiteSwitch } from './SiteSwitch';
import { StorageError } from './StorageError';
import { useArchiveStatus } from './useArchiveStatus';

export interface PopupRestProps {
  /** Where the parts above the search go, and those below it. */
  top: HTMLElement;
  bottom: HTMLElement;
}

export function PopupRest({ top, bottom }: PopupRestProps) {
  const { t } = useI18n();
  const status = useArchiveStatus();
  const [tab, setTab] = useState<{ id?: number; url?: string; status: TabStatus | null; site: SiteHost | undefined } | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const refresh = async (): Promise<void> => {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    if (active?.id === undefined) return setTab({ status: null, site: undefined });
    const reply = await sendMessage('getTabStatus', { tabId: active.id, ...(active.url ? { url: active.url } : {}) });
    setTab({ id: active.id, url: active.url, status: reply.ok ? reply.value : null, site: siteOfUrl(active.url ?? '') });
  };
  useEffect(() => {
    void refresh();
  }, []);
  const runOnce = async (tabId: number): Promise<void> => {
    const result = await runOnceOnTab(tabId, t);
    if (!result.ok) return setRunError(errorText(t, result));
    setRunError(null);
    // The script reports to the background as it reads the page; ask again once it has.
    setTimeout(() => void refresh(), 800);
  };
  return (
    <>
      {createPortal(
        <>
          <StorageError load={status} />
          {tab ? <TabStatusLine status={tab.status} /> : <TabLinePending />}
          <SyncLine />
        </>,
        top,
      )}
      {createPortal(
        <>
          <PauseControl />
          {tab?.status && tab.id !== undefined && tab.url && <PanelToggle tabId={tab.id} url={tab.url} />}
          {tab && !tab.status && !tab.site && tab.id !== undefined && (
            <p>
              <button type="button" onClick={() => void runOnce(tab.id as number)}>
                {t.popup.runOnce}
              </button>
            </p>
          )}
          {runError && <p role="alert">{runError}</p>}
          {tab?.site && <SiteSwitch host={tab.site} />}
          {tab && !tab.site && tab.id !== undefined && tab.url && (
            <EnableSite url={tab.url} tabId={tab.id} onEnabled={() => void refresh()} />
          )}
          <ShortcutNote />
          <FollowedList />
          <StatusFooter load={status} />
        </>,
        bottom,
      )}
    </>
  );
}
