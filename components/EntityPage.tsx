/**
 * An entity's page, in a full tab: its card (what it is, its owner, its homepage, follow), its relatives
 * (parent and children), and its items by date, newest first, filtered by a date range and by another
 * entity they name. The filters live in the page's address, so a filtered view can be bookmarked or shared
 * between Backstory's own pages. Items new since the reader last looked are marked, and opening the page
 * records them seen.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import { typedDay } from '../lib/archive/dates';
import type { EntityPage as EntityPageData, EntityRef } from '../lib/archive/entity-page';
import type { Item } from '../lib/archive/schema';
import { type EntityPageFilters, entityPageQuery, readEntityPageAddress } from '../lib/browse/links';
import { copyText } from '../lib/export/clipboard';
import { itemToMarkdown, markdownWords } from '../lib/export/markdown';
import { errorText } from '../lib/i18n/index';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import { sendMessage } from '../lib/messaging/client';
import { rangeIsEmpty } from '../lib/search/query';
import { arrivalsItem, followsSetting, recordSeen, type Seen, unseenArrivals } from '../lib/settings/follows';
import { CoverageList, safeHref } from './CoverageList';
import { ItemDay } from './DayText';
import { FollowButton } from './FollowButton';
import { useI18n } from './i18n';
import { NotSaved, useWorkerChange } from './NotSaved';
import { saveFeedFile } from './saveFeedFile';

type Load = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; page: EntityPageData | null };

export function EntityPage() {
  const { t } = useI18n();
  const [address, setAddress] = useState(() => readEntityPageAddress(location.search));
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** The items that were new when the page opened: marked for this visit, though recorded seen at once. */
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  // News recorded seen (on opening the page, on opening an item): said when the worker could not store it.
  const { change, notSaved } = useWorkerChange();
  const markSeen = (seen: Seen) => change(() => recordSeen(seen));

  useEffect(() => {
    if (!address) return;
    // A new filter keeps the list shown until its answer comes (no flash of an empty page).
    setLoad((shown) => (shown.state === 'ready' && shown.page?.entity.id === address.entityId ? shown : { state: 'loading' }));
    const { entityId, item: _, ...filters } = address;
    void sendMessage('getEntityPage', { entityId, ...filters }).then((reply) =>
      setLoad(reply.ok ? { state: 'ready', page: reply.value } : { state: 'error', error: errorText(t, reply) }),
    );
  }, [address?.entityId, address?.from, address?.to, address?.related]);

  useEffect(() => {
    if (!address) return;
    const entityId = address.entityId;
    void (async () => {
      const unseen = unseenArrivals(await arrivalsItem.getValue(), await followsSetting.getValue());
      const here = unseen.filter((a) => a.entities.includes(entityId)).map((a) => a.itemId);
      setFresh((before) => new Set([...before, ...here]));
      if (here.length > 0) await markSeen({ entityId });
    })();
  }, [address?.entityId]);

  const page = load.state === 'ready' ? load.page : null;
  useEffect(() => {
    document.title = page ? t.entityPage.docTitle(page.entity.name) : t.common.product;
  }, [page?.entity.name, t]);

  /** Goes to another entity or filter: the address changes with it (Back returns). */
  const go = (next: { entityId: string } & EntityPageFilters, replace = false) => {
    const url = `?${entityPageQuery(next.entityId, next)}`;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    setAddress(readEntityPageAddress(location.search));
  };
  useEffect(() => {
    const onPop = () => setAddress(readEntityPageAddress(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  if (!address) {
    return (
      <main class="entity-page">
        <h1>{t.common.product}</h1>
        <p role="alert">{t.entityPage.noEntity}</p>
      </main>
    );
  }
  return (
    <main class="entity-page">
      <NotSaved text={notSaved} />
      {load.state === 'loading' && <p class="quiet">{t.common.readingArchive}</p>}
      {load.state === 'error' && <p role="alert">{load.error}</p>}
      {load.state === 'ready' && load.page === null && (
        <>
          <h1>{t.common.product}</h1>
          <p role="alert">{t.entityPage.unknown(address.entityId)}</p>
        </>
      )}
      {page && <EntityView page={page} address={address} fresh={fresh} go={go} markSeen={markSeen} />}
    </main>
  );
}

function RefLink({ entity, go }: { entity: EntityRef; go: (next: { entityId: string }) => void }) {
  return (
    <a
      href={`?${entityPageQuery(entity.id)}`}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        go({ entityId: entity.id });
      }}
    >
      {entity.name}
    </a>
  );
}

function EntityView({
  page,
  address,
  fresh,
  go,
  markSeen,
}: {
  page: EntityPageData;
  address: { entityId: string } & EntityPageFilters;
  fresh: ReadonlySet<string>;
  go: (next: { entityId: string } & EntityPageFilters, replace?: boolean) => void;
  markSeen: (seen: Seen) => Promise<boolean>;
}) {
  const { t, f } = useI18n();
  const { entity } = page;
  const homepage = safeHref(entity.homepage);
  const [saved, setSaved] = useState<string>();
  const names = new Map([[entity.id, entity.name], ...page.coNamed.map((e) => [e.id, e.name] as const)]);
  const filtered = Boolean(address.from || address.to || address.related);
  const setFilter = (change: EntityPageFilters) => {
    const next = { ...address, ...change };
    for (const key of ['from', 'to', 'related'] as const) if (!next[key]) delete next[key];
    delete next.item;
    go(next, true);
  };
  // A day only once it is whole: not at each digit of a year being typed.
  const setDay = (key: 'from' | 'to', value: string) => {
    const day = typedDay(value);
    if (day !== undefined) setFilter({ [key]: day });
  };
  const save = async () => {
    setSaved(await saveFeedFile({ entityId: entity.id }, t));
  };
  return (
    <>
      <header class="entity-head">
        <p class="type">
          {t.page.entityType[entity.type]}
          {page.parent && (
            <>
              {entity.type === 'person' ? t.entityPage.at : t.entityPage.partOf}
              <RefLink entity={page.parent} go={go} />
            </>
          )}
        </p>
        <h1>{entity.name}</h1>
        <p>{entity.description}</p>
        {entity.aliases.length > 0 && <p class="quiet">{t.entityPage.also(entity.aliases.join(', '))}</p>}
        <p class="entity-actions">
          <FollowButton entity={entity} />{' '}
          <button type="button" onClick={() => void save()}>
            {t.entityPage.saveFile}
          </button>
          {homepage && (
            <>
              {' '}
              <a href={homepage} target="_blank" rel="noopener noreferrer">
                {t.entityPage.homepage}
              </a>
            </>
          )}
        </p>
        {saved && (
          <p class="quiet" role="status">
            {saved}
          </p>
        )}
        <p class="quiet">{t.entityPage.inArchive(page.total)}</p>
      </header>

      {(page.parent || page.children.length > 0) && (
        <section aria-labelledby="relatives-heading">
          <h2 id="relatives-heading">{t.entityPage.relatives}</h2>
          <ul class="relatives">
            {page.parent && (
              <li>
                {entity.type === 'person' ? t.entityPage.worksAt : t.entityPage.parent}
                <RefLink entity={page.parent} go={go} />
                {f.space}
                <span class="quiet">{t.entityPage.parentItems(page.parent.items)}</span>
              </li>
            )}
            {page.children.map((child) => (
              <li key={child.id}>
                <RefLink entity={child} go={go} />
                {f.space}
                <span class="quiet">{t.entityPage.childItems(t.page.entityType[child.type], child.items)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {/* No item names it: the count above says so, and there is nothing to filter. */}
      {page.total > 0 && (
        <section aria-labelledby="items-heading">
          <h2 id="items-heading">{t.entityPage.itemsByDate}</h2>
          <form class="filters" onSubmit={(event) => event.preventDefault()}>
            <label>
              {t.search.from} <input type="date" value={address.from ?? ''} onChange={(e) => setDay('from', e.currentTarget.value)} />
            </label>
            <label>
              {t.search.to} <input type="date" value={address.to ?? ''} onChange={(e) => setDay('to', e.currentTarget.value)} />
            </label>
            <label>
              {t.entityPage.alsoNaming}{' '}
              <select value={address.related ?? ''} onChange={(e) => setFilter({ related: e.currentTarget.value })}>
                <option value="">{t.entityPage.anyEntity}</option>
                {page.coNamed.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name} ({e.items})
                  </option>
                ))}
              </select>
            </label>
            {filtered && (
              <button
                type="button"
                onClick={(event) => {
                  // The button goes once nothing is filtered: the keyboard goes on from the form's first field.
                  event.currentTarget.form?.querySelector('input')?.focus();
                  setFilter({ from: '', to: '', related: '' });
                }}
              >
                {t.entityPage.clear}
              </button>
            )}
          </form>
          {/* Two sentences, not one run on: the count has no full stop of its own in any language. */}
          <div class="quiet" aria-live="polite">
            <p>{t.entityPage.matched(page.matched, filtered, page.items.length, Boolean(page.truncated))}</p>
            {rangeIsEmpty(address) && <p>{t.search.emptyRange}</p>}
          </div>
          <ol class="entity-items">
            {page.items.map((item) => (
              <EntityItem
                key={item.id}
                item={item}
                names={names}
                isNew={fresh.has(item.id)}
                open={address.item === item.id}
                markSeen={markSeen}
              />
            ))}
          </ol>
        </section>
      )}
    </>
  );
}

function EntityItem({
  item,
  names,
  isNew,
  open,
  markSeen,
}: {
  item: Item;
  names: ReadonlyMap<string, string>;
  isNew: boolean;
  open: boolean;
  markSeen: (seen: Seen) => Promise<boolean>;
}) {
  const { t, f } = useI18n();
  const href = safeHref(item.url);
  const [copied, setCopied] = useState(false);
  const self = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (open) self.current?.scrollIntoView({ block: 'start' });
  }, [open]);
  const outlets = [...new Set(item.coverage.map((c) => c.outlet))].join(', ');
  return (
    <li ref={self} class={isNew ? 'is-new' : undefined}>
      <ItemDay item={item} />
      {isNew && <span class="new-mark">{t.common.newMark}</span>}
      <h3 lang={ARCHIVE_LANG}>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" onClick={() => void markSeen({ itemIds: [item.id] })}>
            {item.title}
          </a>
        ) : (
          item.title
        )}
      </h3>
      <p class="quiet">{outlets}</p>
      <p lang={ARCHIVE_LANG}>{item.summary}</p>
      <details open={open}>
        <summary>{t.entityPage.details}</summary>
        <div class="take">
          <p class="label">{t.timeline.take}</p>
          <p lang={ARCHIVE_LANG}>{item.take}</p>
        </div>
        {item.signals.length > 0 && (
          <ul class="signals">
            {item.signals.map((s) => (
              <li key={s.claim}>
                {s.claim}
                {f.space}
                <span class="quiet">{t.entityPage.signal(f.day(s.by), t.signals[s.status])}</span>
              </li>
            ))}
          </ul>
        )}
        <CoverageList coverage={item.coverage} />
      </details>
      <p>
        <button
          type="button"
          class="more"
          aria-label={t.timeline.copyOf(item.title)}
          onClick={() => void copyText(itemToMarkdown(item, markdownWords(t), { names })).then(setCopied)}
        >
          {copied ? t.timeline.copiedShort : t.entityPage.copyMarkdown}
        </button>
      </p>
    </li>
  );
}
