/**
 * A page's own date (its structured data's `datePublished`) is the page's to write. The worker keeps it only as a
 * day it can compare with the archive's and count from; anything else is no date (service.test: the panel still
 * shows the story).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dayOf } from '../../lib/entities/analysis';
import { parseFeedDate } from '../../lib/sync/feed-dates';

const NOW = new Date('2026-07-10T12:00:00Z');

describe('the day a page says it was published', () => {
  it('is its calendar day in UTC, from 1990 to tomorrow', () => {
    expect(dayOf('2026-07-09T23:30:00-04:00', NOW)).toBe('2026-07-10');
    expect(dayOf('1990-01-01', NOW)).toBe('1990-01-01');
    // A page dated by its own zone, already a day ahead of UTC.
    expect(dayOf('2026-07-11', NOW)).toBe('2026-07-11');
  });

  it.each([
    '-271821-04-20',
    '+275760-09-13',
    'Jan 1 10000',
    '0999-12-31',
    '1989-12-31',
    '2026-07-12',
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    'soon',
    '',
  ])('is no day for %j', (published) => {
    expect(dayOf(published, NOW)).toBeUndefined();
  });
});

describe('a date written without an offset', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  /** What `read` gives on a machine in each zone (Node reads TZ afresh when it is set). */
  const inZones = <T>(read: () => T): T[] =>
    ['Asia/Tokyo', 'UTC', 'America/Los_Angeles'].map((tz) => {
      process.env.TZ = tz;
      return read();
    });

  // A page's structured data and feeds compare calendar days in UTC (docs/relevance.md): the same page is on the same day
  // for every reader. `Date.parse` reads a date-time without an offset in the machine's own zone.
  it.each(['2026-07-04T23:30:00', '2026-07-04T23:30', '2026-07-04 23:30:00', '2026-07-04T23:30:00.250'])(
    'is read as UTC: %j is 4 July wherever the reader is',
    (published) => {
      expect(inZones(() => dayOf(published, NOW))).toEqual(['2026-07-04', '2026-07-04', '2026-07-04']);
    },
  );

  it('keeps the offset a date has, and a day alone, as before', () => {
    expect(inZones(() => dayOf('2026-07-04T23:30:00-05:00', NOW))).toEqual(['2026-07-05', '2026-07-05', '2026-07-05']);
    expect(inZones(() => dayOf('2026-07-04', NOW))).toEqual(['2026-07-04', '2026-07-04', '2026-07-04']);
  });

  it('in a news feed is read as UTC too', () => {
    expect(inZones(() => parseFeedDate('2026-07-04T23:30:00'))).toEqual(Array(3).fill(Date.UTC(2026, 6, 4, 23, 30)));
  });
});
