/** The toolbar popup: this tab's article at a glance, its site's switch, and the archive's state. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import type { TabStatus } from '../lib/messaging/protocol';
import { createPopupSearch } from '../lib/search/popup-search';
import { runOnceOnTab } from '../lib/settings/run-once';
import { type SiteHost, siteOfUrl } from '../lib/settings/sites';
import { StatusFooter } from './ArchiveFooter';
import { ArchiveSearch } from './ArchiveSearch';
import { EnableSite } from './EnableSite';
import { FollowedList } from './FollowedList';
import { useI18n } from './i18n';
import { PanelToggle } from './PanelToggle';
import { PauseControl } from './PauseControl';
import { SyncLine, TabStatusLine } from './PopupStatus';
import { ShortcutNote } from './ShortcutNote';
import { SiteSwitch } from './SiteSwitch';
import { StorageError } from './StorageError';
import { useArchiveStatus } from './useArchiveStatus';

export function Popup() {
  const { t } = useI18n();
  const [search] = useState(createPopupSearch);
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
    <main class="popup">
      <h1>{t.common.product}</h1>
      <StorageError load={status} />
      {tab && <TabStatusLine status={tab.status} />}
      <SyncLine />
      <ArchiveSearch source={search} />
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
      {tab && !tab.site && tab.id !== undefined && tab.url && <EnableSite url={tab.url} tabId={tab.id} onEnabled={() => void refresh()} />}
      <ShortcutNote />
      <FollowedList />
      <StatusFooter load={status} />
    </main>
  );
}
