/** "Archive as of DATE" (the last successful sync's, else the bundled snapshot's), and a warning when no sync has succeeded for a week. A storage problem shows at the top of each view instead (StorageError.tsx). */
import type { ArchiveStatus } from '../lib/archive/views';
import type { StatusLoad } from './useArchiveStatus';
import { useSyncSummary } from './useSyncSummary';

export function ArchiveFooter({ status }: { status: ArchiveStatus }) {
  const sync = useSyncSummary();
  const asOf = [status.asOf, sync?.asOf]
    .filter((day): day is string => day !== undefined)
    .sort()
    .at(-1);
  return (
    <footer class="archive-footer">
      {status.counts && (
        <p>
          {status.counts.items} items on {status.counts.entities} entities{asOf ? ` · Archive as of ${asOf}` : ''}
        </p>
      )}
      {sync?.stale && <StaleWarning lastSuccess={sync.lastSuccess} />}
    </footer>
  );
}

/** No sync has succeeded for 7 days: what the panel shows may be missing the latest. */
export function StaleWarning({ lastSuccess }: { lastSuccess?: string | undefined }) {
  return (
    <p class="stale-warning" role="status">
      {lastSuccess
        ? `No sync has succeeded since ${lastSuccess.slice(0, 10)}: the archive may be missing recent news.`
        : 'No sync has succeeded yet: the archive may be missing recent news.'}
    </p>
  );
}

/** The footer for a status still being asked for, or that could not be asked. */
export function StatusFooter({ load }: { load: StatusLoad }) {
  if (load.state === 'loading') return <p class="quiet">Reading the archive…</p>;
  if (load.state === 'error') return <p role="alert">{load.error}</p>;
  return <ArchiveFooter status={load.status} />;
}
