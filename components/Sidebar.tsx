/** The analyst-context panel, shown in its iframe beside the article. */
import { useEffect, useState } from 'preact/hooks';
import type { PanelContext } from '../lib/archive/views';
import { sendMessage } from '../lib/messaging/client';
import { ArchiveFooter, StatusFooter } from './ArchiveFooter';
import { useArchiveStatus } from './useArchiveStatus';

type Load = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; context: PanelContext | null };

export function Sidebar() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    void sendMessage('getPanelContext', {}).then((reply) =>
      setLoad(reply.ok ? { state: 'ready', context: reply.value } : { state: 'error', error: reply.error }),
    );
  }, []);

  return (
    <aside class="sidebar" aria-label="Backstory">
      <header class="sidebar-header">
        <h1>Backstory</h1>
      </header>
      {load.state === 'loading' && <p class="quiet">Reading the archive…</p>}
      {load.state === 'error' && <p role="alert">{load.error}</p>}
      {load.state === 'ready' && load.context === null && <NoContext />}
      {load.state === 'ready' && load.context !== null && <Context context={load.context} />}
    </aside>
  );
}

/** No context for this tab: the archive could not be asked, or the page is not an article. */
function NoContext() {
  const status = useArchiveStatus();
  return (
    <>
      <p class="quiet">No context for this page yet.</p>
      <StatusFooter load={status} />
    </>
  );
}

function Context({ context }: { context: PanelContext }) {
  const names = new Map(context.entities.map((e) => [e.id, e.name]));
  return (
    <>
      <p class="count" aria-live="polite">
        {context.entities.length} {context.entities.length === 1 ? 'entity' : 'entities'} in this article, {context.related.length} related{' '}
        {context.related.length === 1 ? 'item' : 'items'}
      </p>
      <section aria-labelledby="mentions-heading">
        <h2 id="mentions-heading">Mentioned</h2>
        <ul class="chips">
          {context.entities.map((entity) => (
            <li key={entity.id} class="chip" title={entity.description}>
              {entity.name}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="related-heading">
        <h2 id="related-heading">What this follows</h2>
        {context.related.length === 0 ? (
          <p class="quiet">The archive has nothing on these names yet.</p>
        ) : (
          <ol class="timeline">
            {context.related.map(({ item, why }) => (
              <li key={item.id}>
                <time dateTime={item.published}>{item.published}</time>
                <h3>{item.title}</h3>
                <p>{item.summary}</p>
                <p class="why">Shares: {why.map((id) => names.get(id) ?? id).join(' · ')}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      <ArchiveFooter status={context.status} />
    </>
  );
}
