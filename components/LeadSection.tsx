/**
 * The panel's lead: this story's own item, or the take of an earlier story it follows, labelled with that item's
 * title and date so a borrowed take is never mistaken for this article's.
 */
import type { Item } from '../lib/archive/schema';
import { CoverageList } from './CoverageList';
import { DayText } from './DayText';

export function LeadSection({ lead, isNew = false }: { lead: { kind: 'own' | 'borrowed'; item: Item }; today: string; isNew?: boolean }) {
  const { item } = lead;
  return (
    <section aria-labelledby="lead-heading" class="lead">
      <h2 id="lead-heading">{lead.kind === 'own' ? 'This story' : 'From an earlier story'}</h2>
      <h3>{item.title}</h3>
      <p class="date">
        <DayText day={item.published} />
        {isNew && <span class="new-mark">New</span>}
      </p>
      {lead.kind === 'own' && <p>{item.summary}</p>}
      <div class="take">
        <p class="label">
          {lead.kind === 'own' ? 'Analyst take · analysis, not reporting' : 'Analyst take on this earlier story · analysis, not reporting'}
        </p>
        <p>{item.take}</p>
      </div>
      {lead.kind === 'own' && (
        <details>
          <summary>Coverage drawn on</summary>
          <CoverageList coverage={item.coverage} />
        </details>
      )}
    </section>
  );
}
