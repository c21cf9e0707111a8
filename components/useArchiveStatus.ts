/** The archive's status, asked of the background when a page opens, and again when `refresh` changes (a sync brought items). */
import { useEffect, useState } from 'preact/hooks';
import type { ArchiveStatus } from '../lib/archive/views';
import { sendMessage } from '../lib/messaging/client';

export type StatusLoad = { state: 'loading' } | { state: 'ready'; status: ArchiveStatus } | { state: 'error'; error: string };

export function useArchiveStatus(refresh = 0): StatusLoad {
  const [load, setLoad] = useState<StatusLoad>({ state: 'loading' });
  useEffect(() => {
    void sendMessage('getArchiveStatus', {}).then((reply) =>
      setLoad(reply.ok ? { state: 'ready', status: reply.value } : { state: 'error', error: reply.error }),
    );
  }, [refresh]);
  return load;
}
