/** What this story follows, oldest first; each entry opens to its summary, take and coverage. */
import { useState } from 'preact/hooks';
import type { RelatedItem } from '../lib/archive/views';
import { CoverageList } from './CoverageList';

export function Timeline({ items, names, section }: { items: RelatedItem[]; names: ReadonlyMap<string, string>; section: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ol class={`timeline ${section}`}>
      {items.map(({ item, why, words }) => {
        const expanded = open === item.id;
        const outlets = [...new Set(item.coverage.map((c) => c.outlet))].join(', ');
        return (
          <li key={item.id}>
            <time dateTime={item.published}>{item.published}</time>
            <h3>
              <button
                type="button"
                class="entry"
                aria-expanded={expanded}
                aria-controls={`${section}-${item.id}`}
                onClick={() => setOpen(expanded ? null : item.id)}
              >
                {item.title}
              </button>
            </h3>
            <p class="one-line">{item.summary.split(/(?<=[.!?])\s/)[0]}</p>
            <p class="why">
              {outlets} · shares {why.map((id) => names.get(id) ?? id).join(' · ')}
              {words.length > 0 && <> · words: {words.slice(0, 5).join(', ')}</>}
            </p>
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
