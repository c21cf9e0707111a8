/**
 * The dates news feeds write: RSS's RFC 822 (with its odd zones: "EST", "GMT", military letters, two-digit
 * years, full month names) and Atom's RFC 3339. Written here rather than left to `Date.parse`, whose
 * reading of anything but ISO 8601 is each engine's own (V8 and SpiderMonkey disagree on "EDT" and on
 * two-digit years); no well-kept small library reads exactly these two forms. Pure; never throws.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Zones by name, in minutes east of UTC: RFC 822's, and the few others news feeds are seen to write. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  bst: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
};

const RFC822 =
  /^\s*(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?\s*(?:\([^)]*\))?\s*$/i;
const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[t\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/i;

/** Minutes east of UTC of a numeric zone ("+0530", "-04:00", "+09"). */
function numericZone(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes);
}

function zoneOffset(zone: string | undefined): number {
  if (!zone) return 0;
  if (/^[+-]/.test(zone)) return numericZone(zone);
  // A military letter, or a name not known: RFC 2822 (4.3) reads it as -0000, a time in UTC.
  return ZONES[zone.toLowerCase()] ?? 0;
}

/** The moment, when every field is in range (Date.UTC would roll 31 February over into March). */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, offset: number) {
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const local = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return undefined;
  return local - offset * 60_000;
}

/** A feed's date as milliseconds since the epoch, or undefined when it is not a date either form writes. */
export function parseFeedDate(text: string | undefined): number | undefined {
  if (!text || text.length > 100) return undefined;
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    return instant(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), zoneOffset(zone));
  }
  const rfc = RFC822.exec(text);
  if (!rfc) return undefined;
  const [, d, mon, y, h, mi, s = '0', zone] = rfc;
  const month = MONTHS.indexOf((mon as string).slice(0, 3).toLowerCase());
  let year = Number(y);
  // RFC 822's two-digit years: RFC 2822 (4.3) reads 00–49 as 2000–2049 and 50–99 as 1950–1999.
  if ((y as string).length === 2) year += year < 50 ? 2000 : 1900;
  return instant(year, month, Number(d), Number(h), Number(mi), Number(s), zoneOffset(zone));
}
