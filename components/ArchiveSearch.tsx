/**
 * The popup's search of the archive: a box (focused when the popup opens), filters, and results as the
 * reader types: entities, items, and news feeds' headlines. Arrow keys move through the results; Enter
 * opens an item's or a headline's link in a new tab (http(s) only), or shows the item in full here when it
 * has none; Enter on an entity filters by it.
 * Everything shown is text: matched words are <mark> elements around text nodes, never HTML.
 */

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { typedDay } from '../lib/archive/dates';
import { ENTITY_TYPES, type EntityType, type Item } from '../lib/archive/schema';
import type { EntityHit, HeadlineHit, ItemHit, SearchResults } from '../lib/archive/search';
import { entityPageUrl } from '../lib/browse/links';
import { errorText, type Messages } from '../lib/i18n/index';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import type { PopupAnswer, PopupSearch } from '../lib/search/popup-search';
import { markMatches, type SearchFilters, snippet, type TextPart } from '../lib/search/query';
import { DayText, ItemDay } from './DayText';
import { useI18n } from './i18n';

/** A mark for the bench: when the first results were on screen, and who answered. */
export const FIRST_RESULTS_MARK = 'backstory-first-results';

function Marked({ parts }: { parts: TextPart[] }) {
  return <>{parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}</>;
}

function isHttp(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}

type Row = { kind: 'entity'; hit: EntityHit } | { kind: 'item'; hit: ItemHit } | { kind: 'headline'; hit: HeadlineHit };

/** `onFirstAnswer`: called once the first answer (results or an error) is on screen. */
export function ArchiveSearch({ source, onFirstAnswer }: { source: PopupSearch; onFirstAnswer?: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [entity, setEntity] = useState<{ id: string; name: string } | null>(null);
  const [type, setType] = useState<EntityType | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The last popup's list, when kept, is in the first render: no wait for an effect after the first paint.
  const [results, setResults] = useState<SearchResults | null>(() => source.kept() ?? null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [detail, setDetail] = useState<Item | null>(null);
  const asked = useRef(0);
  const first = useRef(true);
  const firstShown = (via: string): void => {
    first.current = false;
    performance.mark(FIRST_RESULTS_MARK, { detail: { via } });
    document.documentElement.dataset.firstResults = via;
    // After this render is painted: the rest of the page waits for the results, not the other way.
    requestAnimationFrame(() => setTimeout(() => onFirstAnswer?.(), 0));
  };
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);
  // First results in the first render (the kept list): marked once they are in the page, before it is painted.
  useLayoutEffect(() => {
    if (results && first.current) firstShown('cache');
  }, []);
  useEffect(() => {
    const n = ++asked.current;
    const filters: SearchFilters = {
      ...(entity ? { entity: entity.id } : {}),
      ...(type ? { type } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    };
    // The database's answer after the one kept from the last popup: the same list unless the archive changed,
    // so the reader's place in it stays (within the new list's length).
    const fresher = (answer: PopupAnswer): void => {
      if (n !== asked.current || 'error' in answer) return;
      setResults(answer.results);
      setActive((i) => Math.min(i, Math.max(0, answer.results.items.length - 1)));
    };
    void source.search(text, filters, fresher).then((answer) => {
      if (n !== asked.current) return; // A newer query is under way.
      if ('error' in answer) {
        setError(errorText(t, answer));
        onFirstAnswer?.();
        return;
      }
      setError(null);
      setResults(answer.results);
      if (answer.via !== 'cache') setActive(0); // The kept list was shown already: the reader may be moving in it.
      if (first.current) firstShown(answer.via);
    });
  }, [text, entity, type, from, to]);

  const rows: Row[] = useMemo(
    () => [
      ...(results?.entities ?? []).map((hit): Row => ({ kind: 'entity', hit })),
      ...(results?.items ?? []).map((hit): Row => ({ kind: 'item', hit })),
      ...(results?.headlines ?? []).map((hit): Row => ({ kind: 'headline', hit })),
    ],
    [results],
  );
  const matched = useMemo(() => new Set(results?.matched ?? []), [results]);
  const prefixes = results?.prefixes ?? [];

  const choose = (row: Row | undefined): void => {
    if (!row) return;
    if (row.kind === 'entity') {
      setEntity({ id: row.hit.entity.id, name: row.hit.entity.name });
      setText('');
      return;
    }
    if (row.kind === 'headline') {
      if (isHttp(row.hit.headline.url)) void browser.tabs.create({ url: row.hit.headline.url });
      return;
    }
    const { item } = row.hit;
    if (isHttp(item.url)) void browser.tabs.create({ url: item.url });
    else setDetail(item);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(rows.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(rows[active]);
    } else if (event.key === 'Escape' && detail) {
      event.preventDefault();
      setDetail(null);
    }
  };
  useEffect(() => {
    document.getElementById(`search-row-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const empty = text.trim() === '' && !entity && !type && !from && !to;
  return (
    <section class="archive-search" aria-label={t.search.region}>
      <label class="search-label" for="archive-search-box">
        {t.search.label}
      </label>
      <input
        ref={input}
        id="archive-search-box"
        type="search"
        aria-autocomplete="list"
        aria-controls="archive-search-results"
        aria-activedescendant={rows.length > 0 ? `search-row-${active}` : undefined}
        autocomplete="off"
        spellcheck={false}
        value={text}
        placeholder={t.search.placeholder}
        onInput={(event) => {
          setDetail(null);
          setText((event.currentTarget as HTMLInputElement).value);
        }}
        onKeyDown={onKeyDown}
      />
      <div class="search-filters">
        {entity && (
          <button type="button" class="chip filter-chip" aria-label={t.search.removeEntity(entity.name)} onClick={() => setEntity(null)}>
            {entity.name} ×
          </button>
        )}
        {entity && (
          // Outside the listbox: a link inside an option would be an interactive control nested in another.
          <a
            class="entity-page-link"
            href={entityPageUrl(entity.id)}
            onClick={(event) => {
              event.preventDefault();
              void browser.tabs.create({ url: entityPageUrl(entity.id) });
            }}
          >
            {t.search.openEntityPage(entity.name)}
          </a>
        )}
        <label>
          {t.search.type}{' '}
          <select value={type} onChange={(event) => setType((event.currentTarget as HTMLSelectElement).value as EntityType | '')}>
            <option value="">{t.search.anyType}</option>
            {ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {t.page.entityType[type]}
              </option>
            ))}
          </select>
        </label>
        {/* The two dates are one range: they wrap together, onto a line of their own when there is no room. */}
        <span class="search-dates">
          <label>
            {t.search.from}{' '}
            <input type="date" value={from} onChange={(event) => setDay(setFrom, (event.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>
            {t.search.to}{' '}
            <input type="date" value={to} onChange={(event) => setDay(setTo, (event.currentTarget as HTMLInputElement).value)} />
          </label>
        </span>
      </div>
      {error && <p role="alert">{error}</p>}
      {results?.typed && <p class="quiet typed-filters">{t.search.typedFilters(typedParts(results.typed, t))}</p>}
      {results && results.ignored.length > 0 && <p class="quiet">{t.search.notUnderstood(results.ignored.join(', '))}</p>}
      {results?.emptyRange && <p class="quiet">{t.search.emptyRange}</p>}
      {detail ? (
        <ItemDetail item={detail} onClose={() => setDetail(null)} />
      ) : (
        <>
          {results && (
            <p class="quiet search-heading">
              {empty
                ? t.search.newest
                : rows.length === 0
                  ? t.search.nothingFound
                  : [
                      results.more ? t.search.firstItems(results.items.length) : t.common.items(results.items.length),
                      ...(results.headlines.length > 0 ? [t.search.headlines(results.headlines.length)] : []),
                    ].join(' · ')}
            </p>
          )}
          {/* Not a Tab stop of its own (Chromium makes a scrolling box one): its keys are the search box's. */}
          <div id="archive-search-results" class="search-results" role="listbox" aria-label={t.search.results} tabIndex={-1}>
            {rows.map((row, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the search box's (a combobox whose active option is aria-activedescendant)
              <div
                key={rowKey(row)}
                id={`search-row-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                class={`search-row ${row.kind}${i === active ? ' active' : ''}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(row)}
              >
                {row.kind === 'entity' ? (
                  <EntityRow hit={row.hit} matched={matched} prefixes={prefixes} />
                ) : row.kind === 'item' ? (
                  <ItemRow hit={row.hit} matched={matched} prefixes={prefixes} />
                ) : (
                  <HeadlineRow hit={row.hit} matched={matched} prefixes={prefixes} />
                )}
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** Sets a date filter once its day is whole: not at each digit of a year being typed (lib/archive/dates.ts). */
function setDay(set: (day: string) => void, value: string): void {
  const day = typedDay(value);
  if (day !== undefined) set(day);
}

function rowKey(row: Row): string {
  return row.kind === 'entity' ? `e:${row.hit.entity.id}` : row.kind === 'item' ? `i:${row.hit.item.id}` : `h:${row.hit.headline.key}`;
}

function EntityRow({ hit, prefixes }: { hit: EntityHit; matched: Set<string>; prefixes: string[] }) {
  const { t } = useI18n();
  return (
    <div class="search-entity">
      <strong>{hit.entity.name}</strong> <span class="quiet">{t.page.entityType[hit.entity.type]}</span>{' '}
      <span class="quiet">· {t.common.items(hit.items)}</span>
      {prefixes.length > 0 && null}
    </div>
  );
}

function ItemRow({ hit, matched, prefixes }: { hit: ItemHit; matched: Set<string>; prefixes: string[] }) {
  const { item } = hit;
  const outlet = item.coverage[0]?.outlet;
  return (
    <div class="search-item">
      <div class="search-title" lang={ARCHIVE_LANG}>
        <Marked parts={markMatches(item.title, matched, prefixes)} />
      </div>
      <div class="quiet search-meta">
        <ItemDay item={item} />
        {outlet ? ` · ${outlet}` : ''}
        {hit.entityNames.length > 0 ? ` · ${hit.entityNames.slice(0, 4).join(', ')}` : ''}
      </div>
      <div class="search-snippet" lang={ARCHIVE_LANG}>
        <Marked parts={snippet(`${item.summary} ${item.take}`, matched, prefixes)} />
      </div>
    </div>
  );
}

/** A news feed's headline: marked as one (it is the outlet's words, not an analyst's item), with its outlet. */
function HeadlineRow({ hit, matched, prefixes }: { hit: HeadlineHit; matched: Set<string>; prefixes: string[] }) {
  const { t } = useI18n();
  const { headline } = hit;
  return (
    <div class="search-headline">
      <div class="search-title">
        <Marked parts={markMatches(headline.headline, matched, prefixes)} />
      </div>
      <div class="quiet search-meta">
        {t.search.headlineTag} · <DayText day={headline.published} /> · {headline.outlet}
        {hit.entityNames.length > 0 ? ` · ${hit.entityNames.slice(0, 4).join(', ')}` : ''}
      </div>
      {headline.summary && (
        <div class="search-snippet">
          <Marked parts={snippet(headline.summary, matched, prefixes)} />
        </div>
      )}
    </div>
  );
}

/** The filters typed as words, as the controls above would name them: "Anthropic · lab · From 2026-06 · To 2026-07". */
function typedParts(typed: SearchFilters, t: Messages): string {
  return [
    typed.entity,
    typed.type && t.page.entityType[typed.type],
    typed.from && `${t.search.from} ${typed.from}`,
    typed.to && `${t.search.to} ${typed.to}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function ItemDetail({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <article class="search-detail" aria-label={t.search.item}>
      <button type="button" onClick={onClose}>
        {t.search.back}
      </button>
      <h2 lang={ARCHIVE_LANG}>{item.title}</h2>
      <p class="quiet">
        <ItemDay item={item} />
      </p>
      <p lang={ARCHIVE_LANG}>{item.summary}</p>
      <p>
        <strong>{t.search.take}</strong>
        <span lang={ARCHIVE_LANG}>{item.take}</span>
      </p>
      {item.coverage.length > 0 && (
        <ul class="search-coverage">
          {item.coverage.map((row, i) => (
            <li key={i}>
              {row.outlet}:{' '}
              {isHttp(row.url) ? (
                <a href={row.url} target="_blank" rel="noreferrer">
                  {row.headline}
                </a>
              ) : (
                row.headline
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
