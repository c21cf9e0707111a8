/** How current the archive is (last sync, staleness), asked of the background when a page opens. */
import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '../lib/messaging/client';
import type { SyncSummary } from '../lib/messaging/protocol';

export function useSyncSummary(refresh = 0): SyncSummary | undefined {
  const [summary, setSummary] = useState<SyncSummary>();
  useEffect(() => {
    void sendMessage('getSyncSummary', {}).then((reply) => {
      if (reply.ok) setSummary(reply.value);
    });
  }, [refresh]);
  return summary;
}
