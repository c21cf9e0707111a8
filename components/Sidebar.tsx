/** The analyst-context panel, shown in its iframe beside the article. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PanelContext, RelatedItem } from '../lib/archive/views';
import { copyText } from '../lib/export/clipboard';
import { backstoryToMarkdown } from '../lib/export/markdown';
import { sendMessage } from '../lib/messaging/client';
import type { CoverageEntry } from '../lib/related/coverage';
import { relatedCount } from '../lib/related/panel';
import { hiddenItemsOf, setHiddenItems } from '../lib/settings/settings';
import { siteOfUrl } from '../lib/settings/sites';
import { ArchiveFooter, StatusFooter } from './ArchiveFooter';
import { CoverageEntries } from './CoverageEntries';
import { EntityCardView } from './EntityCardView';
import { LeadSection } from './LeadSection';
import { SignalList } from './SignalList';
import { SiteSwitch } from './SiteSwitch';
import { StorageError } from './StorageError';
import { Timeline } from './Timeline';
import { type StatusLoad, useArchiveStatus } from './useArchiveStatus';
import { useFollows } from './useFollows';

type Load = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; context: PanelContext | null };

/** Asks the page's Backstory script (the frame's parent) to close the panel; it checks that we sent it. */
function askToClose(): void {
  window.parent.postMessage({ backstory: 'close-panel' }, '*');
}

export function Sidebar() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const status = useArchiveStatus();
  const [filter, setFilter] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void sendMessage('getPanelContext', {}).then((reply) =>
      setLoad(reply.ok ? { state: 'ready', context: reply.value } : { state: 'error', error: reply.error }),
    );
    // The page's Backstory script sends the entity to filter to ("Show in Backstory" on a card); we ask for
    // it once we listen. Only a string id from our parent is taken.
    const onFilter = (event: MessageEvent) => {
      const data = event.data as { backstory?: string; entityId?: unknown } | null;
      if (
        event.source === window.parent &&
        data?.backstory === 'filter-entity' &&
        (typeof data.entityId === 'string' || data.entityId === null)
      ) {
        setFilter(data.entityId);
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        askToClose();
      } else if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        // The marks are in the page: the page's Backstory script steps through them, as from the tab.
        event.preventDefault();
        window.parent.postMessage({ backstory: 'step-mention', direction: event.key === 'ArrowDown' ? 1 : -1 }, '*');
      }
    };
    window.addEventListener('message', onFilter);
    window.addEventListener('keydown', onKey);
    window.parent.postMessage({ backstory: 'panel-ready' }, '*');
    heading.current?.focus();
    return () => {
      window.removeEventListener('message', onFilter);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <aside class="sidebar" aria-label="Backstory">
      <header class="sidebar-header">
        <h1 ref={heading} tabIndex={-1}>
          Backstory
        </h1>
        <button type="button" class="close" aria-label="Close the Backstory panel" onClick={askToClose}>
          ×
        </button>
      </header>
      <StorageError load={status} />
      {load.state === 'loading' && <p class="quiet">Reading the archive…</p>}
      {/* A storage problem is said once, above. */}
      {load.state === 'error' && !(status.state === 'ready' && status.status.problem) && <p role="alert">{load.error}</p>}
      {load.state === 'ready' && load.context === null && <NoContext status={status} />}
      {load.state === 'ready' && load.context !== null && <Context context={load.context} filter={filter} setFilter={setFilter} />}
    </aside>
  );
}

/** No context for this tab: the archive could not be asked, or the page is not an article. */
function NoContext({ status }: { status: StatusLoad }) {
  return (
    <>
      <p class="quiet">No context for this page yet.</p>
      <StatusFooter load={status} />
    </>
  );
}

function Context({ context, filter, setFilter }: { context: PanelContext; filter: string | null; setFilter: (id: string | null) => void }) {
  const names = useMemo(() => new Map(context.entities.map((e) => [e.id, e.name])), [context]);
  const [hidden, setHidden] = useState<string[]>([]);
  const [copied, setCopied] = useState<boolean | null>(null);
  const { unseen } = useFollows();
  const fresh = useMemo(() => new Set(unseen.map((a) => a.itemId)), [unseen]);
  const results = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void hiddenItemsOf(context.article.url).then(setHidden);
  }, [context.article.url]);
  const hide = (ids: string[]) => {
    setHidden(ids);
    void setHiddenItems(context.article.url, ids);
  };
  const only = (list: RelatedItem[]) =>
    list.filter((r) => !hidden.includes(r.item.id) && (filter === null || r.item.entities.includes(filter)));
  const signals = filter ? context.signals.filter((s) => s.from.entities.includes(filter)) : context.signals;
  const site = siteOfUrl(context.article.page);
  const related = relatedCount(context);
  const nothing = context.lead === null && related === 0;
  const filtered = filter ? `: ${names.get(filter) ?? filter}` : '';
  const sections = [
    { id: 'closest', title: 'Closest stories', items: context.closest, coverage: [] },
    { id: 'earlier', title: 'What this follows', items: context.earlier, coverage: context.coverage?.earlier ?? [] },
    { id: 'since', title: 'Since then', items: context.since, coverage: context.coverage?.since ?? [] },
  ];
  const onlyCoverage = (list: CoverageEntry[]) => list.filter((entry) => filter === null || entry.why.includes(filter));
  const choose = (id: string | null) => {
    setFilter(id);
    // The filtered result, not the chip, is what the reader wants to see next.
    if (id) requestAnimationFrame(() => results.current?.scrollIntoView({ block: 'start' }));
  };
  return (
    <>
      <p class="count" aria-live="polite">
        {context.entities.length} {context.entities.length === 1 ? 'entity' : 'entities'} in this article · {related} related{' '}
        {related === 1 ? 'item' : 'items'}
      </p>
      {context.article.readWords !== undefined && (
        <p class="quiet note">A very long page: the first {context.article.readWords.toLocaleString()} words were read.</p>
      )}

      <section aria-labelledby="entities-heading">
        <h2 id="entities-heading">Entities</h2>
        <ul class="chips">
          {context.entities.map((entity) => (
            <li key={entity.id}>
              <button
                type="button"
                class="chip"
                aria-pressed={filter === entity.id}
                title={entity.description}
                onClick={() => choose(filter === entity.id ? null : entity.id)}
              >
                {entity.name}{' '}
                <span class="chip-count">{nothing ? `${entity.items ?? 0} ${entity.items === 1 ? 'item' : 'items'}` : entity.count}</span>
              </button>
            </li>
          ))}
        </ul>
        {filter && <EntityCardView entityId={filter} />}
      </section>

      {context.lead && <LeadSection lead={context.lead} today={context.today} isNew={fresh.has(context.lead.item.id)} />}
      {nothing && (
        <p class="quiet note">
          The archive has nothing on this story yet: no item shares its names and its matter. The counts above say what it holds on each
          name.
        </p>
      )}

      <div ref={results}>
        {sections.map(
          ({ id, title, items, coverage }) =>
            items.length + coverage.length > 0 && (
              <section key={id} aria-labelledby={`${id}-heading`}>
                <h2 id={`${id}-heading`}>
                  {title}
                  {filtered}
                </h2>
                {only(items).length + onlyCoverage(coverage).length === 0 ? (
                  <p class="quiet">{filter ? `Nothing here mentions ${names.get(filter) ?? 'it'}.` : 'Nothing left here.'}</p>
                ) : (
                  <>
                    {only(items).length > 0 && (
                      <Timeline
                        items={only(items)}
                        names={names}
                        section={id}
                        onDismiss={(itemId) => hide([...hidden, itemId])}
                        isNew={(itemId) => fresh.has(itemId)}
                      />
                    )}
                    {onlyCoverage(coverage).length > 0 && <CoverageEntries entries={onlyCoverage(coverage)} names={names} section={id} />}
                  </>
                )}
              </section>
            ),
        )}
        {hidden.length > 0 && (
          <p class="quiet">
            {hidden.length} {hidden.length === 1 ? 'item' : 'items'} marked not relevant to this article.{' '}
            <button type="button" class="more" onClick={() => hide([])}>
              Show {hidden.length === 1 ? 'it' : 'them'} again
            </button>
          </p>
        )}

        {context.lead?.item.pattern && (
          <section aria-labelledby="pattern-heading">
            <h2 id="pattern-heading">The pattern</h2>
            <p>{context.lead.item.pattern}</p>
          </section>
        )}

        {signals.length > 0 && (
          <section aria-labelledby="signals-heading">
            <h2 id="signals-heading">Signals to watch{filtered}</h2>
            <SignalList signals={signals} asOf={context.status.asOf} />
          </section>
        )}
      </div>

      <p>
        <button type="button" class="more" onClick={() => void copyText(backstoryToMarkdown(context)).then(setCopied)}>
          Copy this backstory as Markdown
        </button>{' '}
        {copied !== null && (
          <span class="quiet" role="status">
            {copied ? 'Copied.' : 'The browser did not allow copying here.'}
          </span>
        )}
      </p>
      {site && <SiteSwitch host={site} />}
      <ArchiveFooter status={context.status} />
    </>
  );
}
