/**
 * When feeds are synced: pure arithmetic on times, so the spread of a million installs can be reasoned
 * about and tested. Every install runs at its own moments: the first sync after install or start-up
 * waits a random delay, and each later one comes an interval later with a little jitter, so the phases
 * never line up (no 9 a.m. peak when everyone opens their browser).
 */

export const DEFAULT_INTERVAL_HOURS = 6;
export const MIN_INTERVAL_HOURS = 1;
export const MAX_INTERVAL_HOURS = 72;
/** A start-up sync of an overdue feed waits between these many minutes. */
export const STARTUP_DELAY_MINUTES = [1, 10] as const;
/** Backoff after failures: 5 minutes, doubling, at most a day. */
const BACKOFF_BASE_MINUTES = 5;
const BACKOFF_MAX_MINUTES = 24 * 60;
/** More pages waiting than a run takes: the next run comes soon. */
export const MORE_PAGES_MINUTES = 1;

const MINUTE = 60_000;

/** The interval, made whole and kept within bounds. */
export function clampInterval(hours: number): number {
  if (!Number.isFinite(hours)) return DEFAULT_INTERVAL_HOURS;
  return Math.min(MAX_INTERVAL_HOURS, Math.max(MIN_INTERVAL_HOURS, Math.round(hours)));
}

/** The next run after a success: an interval on, give or take 10% (`random` in [0, 1)). */
export function nextAfterSuccess(now: number, intervalHours: number, random: number): number {
  return now + intervalHours * 60 * MINUTE * (0.9 + 0.2 * random);
}

/**
 * The next try after the `failures`-th failure in a row: exponential with full jitter between half and
 * all of the step, never later than the regular interval would have come.
 */
export function nextAfterFailure(now: number, failures: number, intervalHours: number, random: number): number {
  const step = Math.min(BACKOFF_BASE_MINUTES * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MINUTES, intervalHours * 60);
  return now + step * MINUTE * (0.5 + 0.5 * random);
}

/** When a start-up sync of an overdue feed runs: a random few minutes on. */
export function startupRun(now: number, random: number): number {
  const [low, high] = STARTUP_DELAY_MINUTES;
  return now + (low + (high - low) * random) * MINUTE;
}

/** Whether no sync has succeeded for a week: the archive may be stale, and the reader is told. */
export function isStale(lastSuccess: string | undefined, asOf: string | undefined, now: number): boolean {
  const last = lastSuccess ?? asOf;
  if (!last) return false;
  return now - Date.parse(last) > 7 * 24 * 60 * MINUTE;
}
