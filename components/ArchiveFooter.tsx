/** "Archive as of DATE" (the last successful sync's, else the bundled snapshot's), and a warning when no sync has succeeded for a week. A storage problem shows at the top of each view instead (StorageError.tsx). */
import type { ArchiveStatus } from '../lib/archive/views';
import { useI18n } from './i18n';
import type { StatusLoad } from './useArchiveStatus';
import { useSyncSummary } from './useSyncSummary';

export function ArchiveFooter({ status, refresh = 0 }: { status: ArchiveStatus; refresh?: number }) {
  const { t } = useI18n();
  const sync = useSyncSummary(refresh);
  const asOf = [status.asOf, sync?.asOf]
    .filter((day): day is string => day !== undefined)
    .sort()
    .at(-1);
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
