/**
 * A page's own date (its structured data's `datePublished`) is the page's to write. The worker keeps it only as a
 * day it can compare with the archive's and count from; anything else is no date (service.test: the panel still
 * shows the story).
 */
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../lib/entities/analysis';

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
