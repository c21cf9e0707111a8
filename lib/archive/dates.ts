/**
 * The archive's days and instants: a day is a real calendar day (2026-02-30 is none), two instants are ordered by
 * time, whatever their spelling, and a date-time without an offset is in UTC. Small and without the schema library,
 * for every page that reads a day from an address or a form.
 */

/** Whether `day` (YYYY-MM-DD) is a day of the calendar. */
export function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/**
 * A date field's value as a filter: the day once it is whole, '' when the field was cleared, undefined while the reader
 * is still typing its year. Chromium's date field has a value at each digit of the year ("2026" typed gives
 * 0002-07-04, 0020-07-04, 0202-07-04, then 2026-07-04), each a real day with its change event, so a search ran (and
 * the entity page's address changed) at every key; a year below 1000 is one being typed (no archive reaches back so far).
 */
export function typedDay(value: string): string | undefined {
  return value === '' || (isRealDay(value) && !value.startsWith('0')) ? value : undefined;
}

/**
 * Orders two instants (an item's or a deletion's `modified`) by time, not by their strings: copies of one item can
 * be spelled differently (with or without milliseconds, in another zone: a bundled item against a feed's copy, or a
 * copy stored by an older Backstory), and "10:00:00.250Z" sorts before "10:00:00Z" as text though it is later.
 */
export function compareInstants(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/** An ISO 8601 date-time without an offset: "2026-07-04T23:30:00", or with a space for the "T". */
const NO_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/i;

/**
 * A date or date-time as milliseconds since the epoch (NaN when it is none), one without an offset read as UTC. The
 * archive and the feeds compare calendar days in UTC, and `Date.parse` reads a date-time without an offset in the
 * machine's own zone (ECMA-262's date-time format), so the same page was on 4 July for one reader and 5 July for
 * another.
 */
export function parseInstant(text: string): number {
  const bare = NO_OFFSET.exec(text.trim());
  return Date.parse(bare ? `${bare[1]}T${bare[2]}Z` : text);
}
