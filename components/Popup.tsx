/** The toolbar popup: the archive at a glance. */
import { StatusFooter } from './ArchiveFooter';
import { useArchiveStatus } from './useArchiveStatus';

export function Popup() {
  const status = useArchiveStatus();
  return (
    <main class="popup">
      <h1>Backstory</h1>
      <StatusFooter load={status} />
    </main>
  );
}
