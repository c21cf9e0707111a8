/**
 * A day as the reader's language writes it (Intl, lib/i18n/format.ts), with the ISO date in its markup and its tooltip;
 * and an item's day, said to be unconfirmed where the archive could not confirm it.
 */
import type { Item } from '../lib/archive/schema';
import { useI18n } from './i18n';

export function DayText({ day }: { day: string }) {
  const { f } = useI18n();
  return (
    <time dateTime={day} title={day}>
      {f.day(day)}
    </time>
  );
}

/**
 * An item's day. An item whose day the archive could not confirm (`dateNote`: filed under the start of the window it
 * became public in, say) says so beside it, the note as its tooltip: the reader sees a date that is only a filing.
 */
export function ItemDay({ item }: { item: Pick<Item, 'published' | 'dateNote'> }) {
  const { t } = useI18n();
  return (
    <>
      <DayText day={item.published} />
      {item.dateNote && (
        <span class="date-doubt" title={item.dateNote}>
          {t.timeline.dayNotConfirmed}
        </span>
      )}
    </>
  );
}
