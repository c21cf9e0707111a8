/** "Archive as of DATE" (the last successful sync's, else the bundled snapshot's), and a warning when no sync has succeeded for a week. A storage problem shows at the top of each view instead (StorageError.tsx). */
import type { ArchiveStatus } from '../lib/archive/views';
import type { SyncSummary } from '../lib/messaging/protocol';
import { useI18n } from './i18n';
import type { StatusLoad } from './useArchiveStatus';
import { useSyncSummary } from './useSyncSummary';

/**
 * The day the archive is as of, as every view says it (its foot, the signals still unresolved, a copied backstory):
 * the worker's answer (the newest successful sync, else the bundled snapshot: lib/sync/handlers.ts `syncSummary`),
 * the snapshot's until it comes.
 */
export function useArchiveDay(status: ArchiveStatus, refresh = 0): { asOf: string | undefined; sync: SyncSummary | undefined } {
  const sync = useSyncSummary(refresh);
  return { asOf: sync?.asOf ?? status.asOf, sync };
}

export type ArchiveDay = ReturnType<typeof useArchiveDay>;

export function ArchiveFooter({ status, refresh = 0 }: { status: ArchiveStatus; refresh?: number }) {
  return <ArchiveFooterOf status={status} day={useArchiveDay(status, refresh)} />;
}

/** The foot for a day already asked for (the panel asks once, for its signals and its foot). */
export function ArchiveFooterOf({ status, day: { asOf, sync } }: { status: ArchiveStatus; day: ArchiveDay }) {
  const { t } = useI18n();
  return (
    <footer class="archive-footer">
      {status.counts && (
        <p>
          {t.common.countsLine(status.counts.items, status.counts.entities)}
          {asOf ? ` · ${t.common.archiveAsOf(asOf)}` : ''}
        </p>
      )}
      {sync?.stale && <StaleWarning lastSuccess={sync.lastSuccess} />}
    </footer>
  );
}

/** No sync has succeeded for 7 days: what the panel shows may be missing the latest. */
export function StaleWarning({ lastSuccess }: { lastSuccess?: string | undefined }) {
  const { t } = useI18n();
  return (
    <p class="stale-warning" role="status">
      {lastSuccess ? t.common.staleSince(lastSuccess.slice(0, 10)) : t.common.staleNever}
    </p>
  );
}

/** The footer for a status still being asked for, or that could not be asked. */
export function StatusFooter({ load, refresh }: { load: StatusLoad; refresh?: number }) {
  const { t } = useI18n();
  if (load.state === 'loading') return <p class="quiet">{t.common.readingArchive}</p>;
  if (load.state === 'error') return <p role="alert">{load.error}</p>;
  return <ArchiveFooter status={load.status} refresh={refresh} />;
}
