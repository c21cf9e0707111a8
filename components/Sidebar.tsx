/** The analyst-context panel, shown in its iframe beside the article. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Item } from '../lib/archive/schema';
import type { PanelContext, RelatedItem } from '../lib/archive/views';
import { copyText } from '../lib/export/clipboard';
import { backstoryToMarkdown, markdownWords } from '../lib/export/markdown';
import { errorText } from '../lib/i18n/index';
import { sendMessage } from '../lib/messaging/client';
import { FILTER_CHANGED } from '../lib/messaging/panel-filter';
import { guardClicks } from '../lib/panel/click-guard';
import type { CoverageEntry } from '../lib/related/coverage';
import { panelNames, relatedCount, shownCount } from '../lib/related/panel';
import { hiddenItemsOf, setHiddenItems } from '../lib/settings/settings';
import { siteOfUrl } from '../lib/settings/sites';
import { ArchiveFooterOf, StatusFooter, useArchiveDay } from './ArchiveFooter';
import { CoverageEntries } from './CoverageEntries';
import { EntityCardView } from './EntityCardView';
import { useI18n } from './i18n';
import { LeadSection } from './LeadSection';
import { TranslatorProvider } from './MachineTranslation';
import { NotSaved, useWorkerChange } from './NotSaved';
import { SignalList } from './SignalList';
import { SiteSwitch } from './SiteSwitch';
import { StorageError } from './StorageError';
import { Timeline } from './Timeline';
import { type StatusLoad, useArchiveStatus } from './useArchiveStatus';
import { useFollows } from './useFollows';

type Load = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; context: PanelContext | null };

/**
 * Says that this page is leaving its frame: the page the frame sits on navigated it (a parent may navigate a frame of
 * any origin), and the page's Backstory script puts the panel back (lib/panel/host.ts). Not when the whole tab goes
 * into the back-forward cache (`persisted`), to come back as it was.
 */
function onLeave(event: PageTransitionEvent): void {
  if (!event.persisted) window.parent.postMessage({ backstory: 'panel-gone' }, '*');
}

/** Asks the page's Backstory script (the frame's parent) to close the panel; it checks that we sent it. */
function askToClose(): void {
  window.parent.postMessage({ backstory: 'close-panel' }, '*');
}

export function Sidebar() {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const status = useArchiveStatus();
  const [filter, setFilter] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const region = useRef<HTMLElement>(null);
  const [covered, setCovered] = useState(false);
  const note = useRef<HTMLParagraphElement>(null);

  // A click through something the page drew over the panel does nothing, and the panel says so (../lib/panel/click-guard.ts).
  useEffect(() => {
    if (!region.current) return;
    const guard = guardClicks(window, region.current, () => {
      setCovered(true);
      // The note is at the panel's top: brought into sight, since the control clicked may be far below it.
      requestAnimationFrame(() => note.current?.scrollIntoView({ block: 'nearest' }));
    });
    // A click that counts (the guard stops the others before they get here) takes the note away, once the click is
    // done: a render in the middle of it would set a checkbox the click just toggled back to its old state.
    const counted = () => setTimeout(() => setCovered(false));
    window.addEventListener('click', counted);
    return () => {
      guard.stop();
      window.removeEventListener('click', counted);
    };
  }, []);

  useEffect(() => {
    void sendMessage('getPanelContext', {}).then((reply) =>
      setLoad(reply.ok ? { state: 'ready', context: reply.value } : { state: 'error', error: errorText(t, reply) }),
    );
    // The entity to filter to ("Show in Backstory" on a card) is the worker's, for this frame's tab
    // (lib/messaging/panel-filter.ts): asked for when we start, and again when the page's Backstory script says
    // it changed. Whoever says so, what we set is the worker's answer.
    const askFilter = () =>
      void sendMessage('getPanelFilter', {}).then((reply) => {
        if (reply.ok && reply.value) setFilter(reply.value);
      });
    const onFilter = (event: MessageEvent) => {
      if (event.source === window.parent && (event.data as { backstory?: unknown } | null)?.backstory === FILTER_CHANGED) askFilter();
    };
    window.addEventListener('message', onFilter);
    askFilter();
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
    window.addEventListener('keydown', onKey);
    window.addEventListener('pagehide', onLeave);
    window.parent.postMessage({ backstory: 'panel-ready' }, '*');
    heading.current?.focus();
    return () => {
      window.removeEventListener('message', onFilter);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pagehide', onLeave);
    };
  }, []);

  return (
    <aside ref={region} class="sidebar" aria-label={t.panel.region}>
      <p ref={note} role="status" class="covered-note">
        {covered ? t.panel.covered : ''}
      </p>
      <header class="sidebar-header">
        <h1 ref={heading} tabIndex={-1}>
          {t.common.product}
        </h1>
        <button type="button" class="close" aria-label={t.panel.close} onClick={askToClose}>
          ×
        </button>
      </header>
      <StorageError load={status} />
      {load.state === 'loading' && <p class="quiet">{t.common.readingArchive}</p>}
      {/* A storage problem is said once, above. */}
      {load.state === 'error' && !(status.state === 'ready' && status.status.problem) && <p role="alert">{load.error}</p>}
      {load.state === 'ready' && load.context === null && <NoContext status={status} />}
      {load.state === 'ready' && load.context !== null && (
        <TranslatorProvider>
          <Context context={load.context} filter={filter} setFilter={setFilter} />
        </TranslatorProvider>
      )}
    </aside>
  );
}

/** No context for this tab: the archive could not be asked, or the page is not an article. */
function NoContext({ status }: { status: StatusLoad }) {
  const { t } = useI18n();
  return (
    <>
      <p class="quiet">{t.panel.noContext}</p>
      <StatusFooter load={status} />
    </>
  );
}

function Context({ context, filter, setFilter }: { context: PanelContext; filter: string | null; setFilter: (id: string | null) => void }) {
  const { t } = useI18n();
  const names = useMemo(() => panelNames(context), [context]);
  // As the foot says it: a sync since the snapshot makes its day the archive's (the signals still unresolved say that day).
  const day = useArchiveDay(context.status);
  const { asOf } = day;
  const [hidden, setHidden] = useState<string[]>([]);
  const [copied, setCopied] = useState<boolean | null>(null);
  const { unseen } = useFollows();
  const fresh = useMemo(() => new Set(unseen.map((a) => a.itemId)), [unseen]);
  useEffect(() => {
    void hiddenItemsOf(context.article.url).then(setHidden);
  }, [context.article.url]);
  const { change, notSaved } = useWorkerChange();
  const hide = (ids: string[]) => {
    setHidden(ids);
    void change(
      () => setHiddenItems(context.article.url, ids),
      () => hiddenItemsOf(context.article.url).then(setHidden),
    );
  };
  /** Whether the panel shows an item: not marked not relevant, and of the entity it is filtered to. */
  const shows = (item: Item) => !hidden.includes(item.id) && (filter === null || item.entities.includes(filter));
  const only = (list: RelatedItem[]) => list.filter((r) => shows(r.item));
  const signals = filter ? context.signals.filter((s) => s.from.entities.includes(filter)) : context.signals;
  const site = siteOfUrl(context.article.page);
  const related = relatedCount(context);
  const nothing = shownCount(context) === 0;
  const filtered = filter ? t.panel.filteredTo(names.get(filter) ?? filter) : '';
  const sections = [
    { id: 'closest', title: t.panel.closest, items: context.closest, coverage: [] },
    { id: 'earlier', title: t.panel.earlier, items: context.earlier, coverage: context.coverage?.earlier ?? [] },
    { id: 'since', title: t.panel.since, items: context.since, coverage: context.coverage?.since ?? [] },
  ];
  const onlyCoverage = (list: CoverageEntry[]) => list.filter((entry) => filter === null || entry.why.includes(filter));
  const card = useRef<HTMLDivElement>(null);
  const choose = (id: string | null) => {
    setFilter(id);
    // The entity's card opens under the chips: brought into view as little as it takes, so the chip (and the
    // keyboard's place on it) stays in sight. Jumping on to the filtered items put both out of sight.
    if (id) requestAnimationFrame(() => card.current?.scrollIntoView({ block: 'nearest' }));
  };
  return (
    <>
      <p class="count" aria-live="polite">
        {t.panel.countLine(context.entities.length, related)}
      </p>
      {context.article.readWords !== undefined && <p class="quiet note">{t.panel.longPage(context.article.readWords)}</p>}
      <NotSaved text={notSaved} />

      <section aria-labelledby="entities-heading">
        <h2 id="entities-heading">{t.panel.entities}</h2>
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
                <span class="chip-count">{nothing ? t.common.items(entity.items ?? 0) : t.panel.mentionsShort(entity.count)}</span>
              </button>
            </li>
          ))}
        </ul>
        <div ref={card}>{filter && <EntityCardView entityId={filter} />}</div>
      </section>

      {context.lead && <LeadSection lead={context.lead} today={context.today} isNew={fresh.has(context.lead.item.id)} />}
      {nothing && <p class="quiet note">{t.panel.nothingOnStory}</p>}

      {sections.map(
        ({ id, title, items, coverage }) =>
          items.length + coverage.length > 0 && (
            <section key={id} aria-labelledby={`${id}-heading`}>
              <h2 id={`${id}-heading`}>
                {title}
                {filtered}
              </h2>
              {only(items).length + onlyCoverage(coverage).length === 0 ? (
                <p class="quiet">{filter ? t.panel.nothingMentions(names.get(filter) ?? filter) : t.panel.nothingLeft}</p>
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
          {t.panel.hiddenCount(hidden.length)}
          <button type="button" class="more" onClick={() => hide([])}>
            {t.panel.showAgain(hidden.length)}
          </button>
        </p>
      )}

      {context.lead?.item.pattern && (
        <section aria-labelledby="pattern-heading">
          <h2 id="pattern-heading">{t.panel.pattern}</h2>
          <p>{context.lead.item.pattern}</p>
        </section>
      )}

      {signals.length > 0 && (
        <section aria-labelledby="signals-heading">
          <h2 id="signals-heading">
            {t.panel.signals}
            {filtered}
          </h2>
          <SignalList signals={signals} asOf={asOf} />
        </section>
      )}

      {/* Nothing on the story: no backstory to copy. */}
      {!nothing && (
        <p>
          <button
            type="button"
            class="more"
            onClick={() => void copyText(backstoryToMarkdown(context, markdownWords(t, asOf), shows)).then(setCopied)}
          >
            {t.panel.copyBackstory}
          </button>{' '}
          {copied !== null && (
            <span class="quiet" role="status">
              {copied ? t.panel.copied : t.panel.copyRefused}
            </span>
          )}
        </p>
      )}
      {site && <SiteSwitch host={site} />}
      <ArchiveFooterOf status={context.status} day={day} />
    </>
  );
}
