/**
 * The popup's status lines, above whatever else it shows: this tab's (entities found; PanelToggle opens the
 * panel), and the archive's sync ("Archive as of DATE", the last sync, "Sync now").
 */
import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '../lib/messaging/client';
import type { TabStatus } from '../lib/messaging/protocol';
import { StaleWarning } from './ArchiveFooter';
import { useI18n } from './i18n';
import { SyncLinePending } from './PopupPending';
import { useManagedPolicy } from './useManagedPolicy';
import { useSyncSummary } from './useSyncSummary';

/** This tab's line: what Backstory found there (the panel's own toggle, PanelToggle, follows it in the popup). */
export function TabStatusLine({ status }: { status: TabStatus | null }) {
  const { t } = useI18n();
  if (!status) return <p class="quiet status-line">{t.popup.noArticle}</p>;
  const found = t.popup.entitiesOnPage(status.entities);
  return (
    <p class="status-line tab-status" title={`${found}${status.title}`}>
      {found}
      <em>{status.title}</em>
    </p>
  );
}

/** How long "Sync now" waits for the sync it started to show, at most. */
const SYNC_WAIT_MS = 60_000;

/** The sync line: how current the archive is, the last sync, and "Sync now". */
export function SyncLine() {
  const { t } = useI18n();
  const [refresh, setRefresh] = useState(0);
  const [syncing, setSyncing] = useState(false);
  const summary = useSyncSummary(refresh);
  const syncOff = useManagedPolicy()?.policy.syncDisabled === true;
  const started = useState<{ last?: string; at: number } | null>(null);
  const [pending, setPending] = started;
  // While a sync started here runs, ask again every second until the last success moves (or time is up).
  useEffect(() => {
    if (!pending) return;
    if (summary?.lastSuccess !== pending.last || Date.now() - pending.at > SYNC_WAIT_MS) {
      setPending(null);
      setSyncing(false);
      return;
    }
    const timer = setTimeout(() => setRefresh((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [summary, pending]);
  const syncNow = async () => {
    setSyncing(true);
    setPending({ ...(summary?.lastSuccess ? { last: summary.lastSuccess } : {}), at: Date.now() });
    const reply = await sendMessage('syncNow', {});
    if (!reply.ok) {
      setSyncing(false);
      setPending(null);
    }
  };
  if (!summary) return <SyncLinePending />;
  return (
    <div class="status-line sync-line">
      <p>
        {summary.asOf ? t.common.archiveAsOf(summary.asOf) : t.popup.archive}
        {' · '}
        {summary.lastSuccess ? t.popup.lastSync(summary.lastSuccess) : t.popup.noSyncYet}{' '}
        {syncOff && <span class="quiet managed">· {t.managed.syncOff}</span>}
        {summary.feeds > 0 && !syncOff && (
          <button type="button" class="more" disabled={syncing} onClick={() => void syncNow()}>
            {syncing ? t.popup.syncing : t.popup.syncNow}
          </button>
        )}
      </p>
      {summary.stale && !syncOff && <StaleWarning lastSuccess={summary.lastSuccess} />}
    </div>
  );
}
