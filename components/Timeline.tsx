/**
 * A list of related items (closest, earlier, since then). The title links to the item's source where it
 * has one; "Details" opens the summary, take and coverage; "Not relevant" hides the item for this article.
 */
import { useState } from 'preact/hooks';
import type { RelatedItem } from '../lib/archive/views';
import { copyText } from '../lib/export/clipboard';
import { itemToMarkdown } from '../lib/export/markdown';
import { CoverageList, safeHref } from './CoverageList';
import { DayText } from './DayText';

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
  const [open, setOpen] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <ol class={`timeline ${section}`}>
      {items.map(({ item, why, words }) => {
        const expanded = open === item.id;
        const outlets = [...new Set(item.coverage.map((c) => c.outlet))].join(', ');
        const href = safeHref(item.url);
        return (
          <li key={item.id}>
            <DayText day={item.published} />
            {isNew?.(item.id) && <span class="new-mark">New</span>}
            <h3>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {item.title}
                </a>
              ) : (
                item.title
              )}
            </h3>
            {!expanded && <p class="one-line">{item.summary.split(/(?<=[.!?])\s/)[0]}</p>}
            <p class="why">
              {outlets} · shares {why.map((id) => names.get(id) ?? id).join(' · ')}
              {words.length > 0 && <> · words: {words.slice(0, 5).join(', ')}</>}
            </p>
            <div class="entry-actions">
              <button
                type="button"
                class="entry"
                aria-expanded={expanded}
                aria-controls={`${section}-${item.id}`}
                aria-label={`Details: ${item.title}`}
                onClick={() => setOpen(expanded ? null : item.id)}
              >
                Details
              </button>
              <button
                type="button"
                class="more"
                aria-label={`Copy as Markdown: ${item.title}`}
                onClick={() => void copyText(itemToMarkdown(item, { names })).then((done) => setCopied(done ? item.id : null))}
              >
                {copied === item.id ? 'Copied' : 'Copy'}
              </button>
              {onDismiss && (
                <button
                  type="button"
                  class="dismiss"
                  aria-label={`Not relevant to this article: ${item.title}`}
                  onClick={() => onDismiss(item.id)}
                >
                  Not relevant
                </button>
              )}
            </div>
            <div id={`${section}-${item.id}`} hidden={!expanded} class="entry-detail">
              <p>{item.summary}</p>
              <div class="take">
                <p class="label">Analyst take · analysis</p>
                <p>{item.take}</p>
              </div>
              <CoverageList coverage={item.coverage} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
