// Instants in the rating core are UTC. A date without a time ("2026-03-01") is midnight UTC, and
// every range is half-open: [start, end).
import type { Instant } from './types';

export const MS_PER_DAY = 86_400_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const parsed = new Map<string, number>();

/** Milliseconds since the epoch; memoised because the same dates repeat across thousands of lines. */
export function toMillis(instant: Instant): number {
  let millis = parsed.get(instant);
  if (millis === undefined) {
    millis = Date.parse(DATE_ONLY.test(instant) ? `${instant}T00:00:00Z` : instant);
    if (Number.isNaN(millis)) throw new RangeError(`"${instant}" is not a date or date-time`);
    if (parsed.size > 100_000) parsed.clear();
    parsed.set(instant, millis);
  }
  return millis;
}

const formatted = new Map<number, Instant>();

/** ISO 8601 in UTC, without milliseconds when there are none; memoised like toMillis. */
export function toInstant(millis: number): Instant {
  let instant = formatted.get(millis);
  if (instant === undefined) {
    instant = new Date(millis).toISOString().replace('.000Z', 'Z');
    if (formatted.size > 100_000) formatted.clear();
    formatted.set(millis, instant);
  }
  return instant;
}

export function startOfUtcDay(millis: number): number {
  return Math.floor(millis / MS_PER_DAY) * MS_PER_DAY;
}

export function startOfUtcMonth(millis: number): number {
  const date = new Date(millis);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Adds calendar months; a day that does not exist in the target month clamps to its last day. */
export function addUtcMonths(millis: number, months: number): number {
  const date = new Date(millis);
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime();
}

export function overlapMillis(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}
