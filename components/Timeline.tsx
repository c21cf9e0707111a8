/**
 * A list of related items (closest, earlier, since then). The title links to the item's source where it
 * has one; "Details" opens the summary, take and coverage; "Not relevant" hides the item for this article.
 */

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RelatedItem } from '../lib/archive/views';
import { copyText } from '../lib/export/clipboard';
import { itemToMarkdown, markdownWords } from '../lib/export/markdown';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import { CoverageList, safeHref } from './CoverageList';
import { ItemDay } from './DayText';
import { focusInPlace } from './focus';
import { useI18n } from './i18n';
import { useMachineTranslation } from './MachineTranslation';

export function Timeline({
  items,
  names,
  section,
  onDismiss,
  isNew,
}: {
  items: RelatedItem[];
  names: ReadonlyMap<string, string>;
  section: string;
  onDismiss?: (itemId: string) => void;
  /** Whether an item is new for a followed entity (lib/settings/follows.ts): marked so. */
  isNew?: (itemId: string) => boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  // After "Not relevant" the keyboard stays in the list: the item now in the hidden one's place (or the last)
  // takes focus; when it was the section's only item, the section's heading does.
  const refocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = refocus.current;
    refocus.current = null;
    const rows = list.current?.children;
    if (at === null || !rows?.length) return;
    rows[Math.min(at, rows.length - 1)]?.querySelector<HTMLButtonElement>('button.entry')?.focus();
  }, [items]);
  const dismiss = (itemId: string, index: number): void => {
    if (items.length === 1) focusInPlace(list.current?.closest('section')?.querySelector('h2'));
    else refocus.current = index;
    onDismiss?.(itemId);
  };
  return (
    <ol class={`timeline ${section}`} ref={list}>
      {items.map(({ item, why, words }, index) => {
        const expanded = open === item.id;
        const outlets = [...new Set(item.coverage.map((c) => c.outlet))].join(', ');
        const href = safeHref(item.url);
        return (
          <li key={item.id}>
            <ItemDay item={item} />
            {isNew?.(item.id) && <span class="new-mark">{t.common.newMark}</span>}
            <h3 lang={ARCHIVE_LANG}>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {item.title}
                </a>
              ) : (
                item.title
              )}
            </h3>
            {!expanded && (
              <p class="one-line" lang={ARCHIVE_LANG}>
                {item.summary.split(/(?<=[.!?])\s/)[0]}
              </p>
            )}
            <p class="why">
              {`${outlets} · `}
              {t.timeline.shares(why.map((id) => names.get(id) ?? id).join(' · '))}
              {words.length > 0 && t.timeline.words(words.slice(0, 5).join(', '))}
            </p>
            <div class="entry-actions">
              <button
                type="button"
                class="entry"
                aria-expanded={expanded}
                aria-controls={`${section}-${item.id}`}
                aria-label={t.timeline.detailsOf(item.title)}
                onClick={() => setOpen(expanded ? null : item.id)}
              >
                {t.timeline.details}
              </button>
              <button
                type="button"
                class="more"
                aria-label={t.timeline.copyOf(item.title)}
                onClick={() =>
                  void copyText(itemToMarkdown(item, markdownWords(t), { names })).then((done) => setCopied(done ? item.id : null))
                }
              >
                {copied === item.id ? t.timeline.copiedShort : t.timeline.copy}
              </button>
              {onDismiss && (
                <button
                  type="button"
                  class="dismiss"
                  data-guard
                  aria-label={t.timeline.notRelevantOf(item.title)}
                  onClick={() => dismiss(item.id, index)}
                >
                  {t.timeline.notRelevant}
                </button>
              )}
            </div>
            <div id={`${section}-${item.id}`} hidden={!expanded} class="entry-detail">
              <ItemText summary={item.summary} take={item.take} label={t.timeline.take} />
              <CoverageList coverage={item.coverage} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** An item's summary and take in its details, with the machine translation where the browser offers one. */
function ItemText({ summary, take, label }: { summary: string; take: string; label: string }) {
  const shown = useMachineTranslation([summary, take]);
  return (
    <>
      <p lang={shown.lang}>{shown.texts[0]}</p>
      <div class="take">
        <p class="label">{label}</p>
        <p lang={shown.lang}>{shown.texts[1]}</p>
      </div>
      {shown.control}
    </>
  );
}
