// Proration of recurring charges over partial periods.
//
// A recurring price is per calendar month (or per year, which is 1/12 of it per month). A charge
// for the service interval [start, end) costs
//
//     price x SUM over each calendar month m touched by [start, end) of  used(m) / length(m)
//
// by day:    both ends of [start, end) move to the start of their UTC day, and used(m) counts the
//            whole days between them inside m; length(m) = days in m (28, 29, 30 or 31). So a
//            service that starts during a day pays for that day and one that ends during a day
//            does not, and intervals that meet (a term and its renewal, a plan before and after
//            a change) always add up to whole months, whatever the time of day they meet at.
// by second: used(m) = seconds of [start, end) inside m; length(m) = seconds in m.
// none:      every month touched is charged in full (used(m) / length(m) = 1).
//
// So a full month is exactly the price, February 2028 is split in 29ths, and a yearly price of
// 1200.00 starting on 15 March costs 1200 / 12 x 17 / 31 for March.
import { Exact } from './money';
import { MS_PER_DAY, addUtcMonths, startOfUtcDay, startOfUtcMonth } from './time';
import type { ProrationMode } from './types';

export interface Proration {
  /** The fraction of the price, kept as integers so that the charge is divided only once. */
  numerator: Exact;
  denominator: Exact;
  /** "17/31 days of 2026-03" per month touched. */
  parts: string[];
  full: boolean;
}

function monthLabel(monthStart: number): string {
  return new Date(monthStart).toISOString().slice(0, 7);
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

interface MonthShare {
  used: number;
  length: number;
  label: string;
}

export function prorate(
  start: number,
  end: number,
  mode: ProrationMode,
  per: 'month' | 'year',
): Proration {
  const shares: MonthShare[] = [];
  for (let monthStart = startOfUtcMonth(start); monthStart < end;) {
    const monthEnd = addUtcMonths(monthStart, 1);
    const from = Math.max(start, monthStart);
    const to = Math.min(end, monthEnd);
    if (to > from) {
      const share = monthShare(from, to, monthStart, monthEnd, mode);
      shares.push({ ...share, label: `${share.label} of ${monthLabel(monthStart)}` });
    }
    monthStart = monthEnd;
  }
  // Month lengths are few (28-31 days), so their least common multiple stays a small integer and
  // the sum of the monthly fractions is exact.
  let denominator = 1;
  for (const share of shares) {
    denominator = (denominator / greatestCommonDivisor(denominator, share.length)) * share.length;
  }
  let numerator = 0;
  for (const share of shares) numerator += share.used * (denominator / share.length);
  const full = numerator === denominator * shares.length;
  if (per === 'year') denominator *= 12;
  return {
    numerator: Exact.integer(numerator),
    denominator: Exact.integer(denominator),
    parts: shares.map((share) => share.label),
    full,
  };
}

function monthShare(
  from: number,
  to: number,
  monthStart: number,
  monthEnd: number,
  mode: ProrationMode,
): { used: number; length: number; label: string } {
  switch (mode) {
    case 'none':
      return { used: 1, length: 1, label: 'whole month' };
    case 'day': {
      const used = (startOfUtcDay(to) - startOfUtcDay(from)) / MS_PER_DAY;
      const length = (monthEnd - monthStart) / MS_PER_DAY;
      return { used, length, label: `${used}/${length} days` };
    }
    case 'second': {
      const used = (to - from) / 1000;
      const length = (monthEnd - monthStart) / 1000;
      return { used, length, label: `${used}/${length} seconds` };
    }
  }
}
