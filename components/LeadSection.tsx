/**
 * The panel's lead: this story's own item, or the take of an earlier story it follows, labelled with that item's
 * title and date so a borrowed take is never mistaken for this article's.
 */

import type { Item } from '../lib/archive/schema';
import { ARCHIVE_LANG } from '../lib/i18n/page';
import { CoverageList } from './CoverageList';
import { ItemDay } from './DayText';
import { useI18n } from './i18n';
import { useMachineTranslation } from './MachineTranslation';

export function LeadSection({ lead, isNew = false }: { lead: { kind: 'own' | 'borrowed'; item: Item }; today: string; isNew?: boolean }) {
  const { t } = useI18n();
  const { item } = lead;
  // The borrowed lead shows only the take: only what is shown is offered for translation.
  const shown = useMachineTranslation(lead.kind === 'own' ? [item.take, item.summary] : [item.take]);
  const [take, summary] = shown.texts;
  return (
    <section aria-labelledby="lead-heading" class="lead">
      <h2 id="lead-heading">{lead.kind === 'own' ? t.panel.thisStory : t.panel.earlierStory}</h2>
      <h3 lang={ARCHIVE_LANG}>{item.title}</h3>
      <p class="date">
        <ItemDay item={item} />
        {isNew && <span class="new-mark">{t.common.newMark}</span>}
      </p>
      {lead.kind === 'own' && <p lang={shown.lang}>{summary}</p>}
      <div class="take">
        <p class="label">{lead.kind === 'own' ? t.panel.takeOwn : t.panel.takeBorrowed}</p>
        <p lang={shown.lang}>{take}</p>
      </div>
      {shown.control}
      {lead.kind === 'own' && (
        <details>
          <summary>{t.panel.coverageDrawnOn}</summary>
          <CoverageList coverage={item.coverage} />
        </details>
      )}
    </section>
  );
}
