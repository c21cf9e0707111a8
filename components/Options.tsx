/** The options page: the archive's state and the sites Backstory runs on. */
import { useEffect, useState } from 'preact/hooks';
import type { ArchiveStatus } from '../lib/archive/views';
import { sendMessage } from '../lib/messaging/client';
import { DEFAULT_SITES } from '../lib/settings/sites';
import { ArchiveFooter } from './ArchiveFooter';

export function Options() {
  const [status, setStatus] = useState<ArchiveStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void sendMessage('getArchiveStatus', {}).then((reply) => (reply.ok ? setStatus(reply.value) : setError(reply.error)));
  }, []);
  return (
    <main class="options">
      <h1>Backstory settings</h1>
      <section aria-labelledby="archive-heading">
        <h2 id="archive-heading">Archive</h2>
        {error && <p role="alert">{error}</p>}
        {status ? <ArchiveFooter status={status} /> : !error && <p class="quiet">Reading the archive…</p>}
      </section>
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        <ul>
          {DEFAULT_SITES.map((site) => (
            <li key={site.host}>
              {site.name} <span class="quiet">({site.host})</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
