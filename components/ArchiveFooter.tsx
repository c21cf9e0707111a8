/** "Archive as of DATE", and any storage problem the reader should know of. */
import type { ArchiveStatus } from '../lib/archive/views';

export function ArchiveFooter({ status }: { status: ArchiveStatus }) {
  return (
    <footer class="archive-footer">
      {status.error && <p role="alert">{status.error}</p>}
      <p>
        {status.items} items on {status.entities} entities{status.asOf ? ` · Archive as of ${status.asOf}` : ''}
      </p>
    </footer>
  );
}
