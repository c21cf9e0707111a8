/** A day as the reader's language writes it (Intl, lib/i18n/format.ts), with the ISO date in its markup and its tooltip. */
import { useI18n } from './i18n';

export function DayText({ day }: { day: string }) {
  const { f } = useI18n();
  return (
    <time dateTime={day} title={day}>
      {f.day(day)}
    </time>
  );
}
