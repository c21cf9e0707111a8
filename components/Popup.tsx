/** The toolbar popup: the archive at a glance. */
import { useEffect, useState } from 'preact/hooks';
import type { ArchiveStatus } from '../lib/archive/views';
import { sendMessage } from '../lib/messaging/client';
import { ArchiveFooter } from './ArchiveFooter';

export function Popup() {
  const [status, setStatus] = useState<ArchiveStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void sendMessage('getArchiveStatus', {}).then((reply) => (reply.ok ? setStatus(reply.value) : setError(reply.error)));
  }, []);
  return (
    <main class="popup">
      <h1>Backstory</h1>
      {error && <p role="alert">{error}</p>}
      {status ? <ArchiveFooter status={status} /> : !error && <p class="quiet">Reading the archive…</p>}
    </main>
  );
}
