// Levels held over time (time_weighted_sum meters: GB stored, seats held): each reading holds
// until the next, and what is billed is the level times the hours it was held, per UTC day, so
// that day-dated rules (promotion windows, price changes) apply to each day's share. A day's
// unit-hours are exact (levels times whole milliseconds over 3,600,000), then rounded half-even
// to 6 decimals, so that they can be stored and sent as decimal strings (a second is 1/3600 of an
// hour, which no decimal ends) and come out the same from raw events and from daily aggregates.
import { Exact, ZERO } from './money';
import { MS_PER_DAY, startOfUtcDay } from './time';

export interface Reading {
  at: number;
  level: Exact;
}

const MS_PER_HOUR = 3_600_000n;
export const UNIT_HOUR_DECIMALS = 6;

/**
 * Levels as unit-hours per UTC day: each held from its instant to the next reading (the period's
 * end after the last; nothing before the first). Days with nothing held are left out.
 */
export function heldPerDay(
  readings: readonly Reading[],
  period: { start: number; end: number },
): { start: number; unitHours: Exact }[] {
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  const days = new Map<number, Exact>();
  sorted.forEach((reading, index) => {
    let from = Math.max(reading.at, period.start);
    const to = Math.min(sorted[index + 1]?.at ?? period.end, period.end);
    while (from < to) {
      const day = startOfUtcDay(from);
      const until = Math.min(day + MS_PER_DAY, to);
      const hours = Exact.ratio(BigInt(until - from), MS_PER_HOUR);
      days.set(day, (days.get(day) ?? ZERO).plus(reading.level.times(hours)));
      from = until;
    }
  });
  return [...days]
    .map(([start, unitHours]) => ({
      start,
      unitHours: unitHours.toDecimalPlaces(UNIT_HOUR_DECIMALS, 'HALF_EVEN'),
    }))
    .filter(({ unitHours }) => !unitHours.isZero());
}
