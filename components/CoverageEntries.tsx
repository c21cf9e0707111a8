/**
 * News feeds' headlines in a section of the timeline, as coverage: the outlet, the date, the headline
 * linking to the report (http(s) only, in a new tab, without an opener) and what it shares with the
 * article. Never a take: it is what the press reported, labelled so. Everything in it is shown as text.
 */
import type { CoverageEntry } from '../lib/related/coverage';
import { safeHref } from './CoverageList';
import { DayText } from './DayText';
import { useI18n } from './i18n';

export function CoverageEntries({
  entries,
  names,
  section,
}: {
  entries: CoverageEntry[];
  names: ReadonlyMap<string, string>;
  section: string;
}) {
  const { t } = useI18n();
  return (
    <ul class={`press ${section}`} aria-label={t.timeline.press}>
      {entries.map((entry) => {
        const href = safeHref(entry.url);
        return (
          <li key={entry.key} class="press-entry">
            <span class="label">{t.timeline.coverage}</span> <span class="outlet">{entry.outlet}</span>,{' '}
            <span title={entry.dated === 'first-seen' ? t.timeline.undated : undefined}>
              <DayText day={entry.published} />
              {entry.dated === 'first-seen' && t.timeline.firstSeen}
            </span>
            :{' '}
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {entry.headline}
              </a>
            ) : (
              entry.headline
            )}
            <p class="why">
              {t.timeline.shares(entry.why.map((id) => names.get(id) ?? id).join(' · '))}
              {entry.words.length > 0 && t.timeline.words(entry.words.slice(0, 5).join(', '))}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
