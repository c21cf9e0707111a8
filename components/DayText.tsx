/** A day as the reader's locale writes it, with the ISO date in its markup and its tooltip. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** The day (YYYY-MM-DD, a calendar day in UTC) in the browser's language, e.g. "4 Jul 2026" or "Jul 4, 2026". */
export function formatDay(day: string, locale?: string): string {
  const key = locale ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    formats.set(key, format);
  }
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(time) ? day : format.format(time);
}

export function DayText({ day }: { day: string }) {
  return (
    <time dateTime={day} title={day}>
      {formatDay(day)}
    </time>
  );
}
