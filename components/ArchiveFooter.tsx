/** "Archive as of DATE", and any storage problem the reader should know of. */
import type { ArchiveStatus } from '../lib/archive/views';
import type { StatusLoad } from './useArchiveStatus';

export function ArchiveFooter({ status }: { status: ArchiveStatus }) {
  return (
    <footer class="archive-footer">
      {status.error && <p role="alert">{status.error}</p>}
      {status.counts && (
        <p>
          {status.counts.items} items on {status.counts.entities} entities{status.asOf ? ` · Archive as of ${status.asOf}` : ''}
        </p>
      )}
    </footer>
  );
}

/** The footer for a status still being asked for, or that could not be asked. */
export function StatusFooter({ load }: { load: StatusLoad }) {
  if (load.state === 'loading') return <p class="quiet">Reading the archive…</p>;
  if (load.state === 'error') return <p role="alert">{load.error}</p>;
  return <ArchiveFooter status={load.status} />;
}
