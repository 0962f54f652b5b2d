// Proration of recurring charges over partial periods.
//
// A recurring price is per month (or per year, which is 1/12 of it per month). Months run from
// the billing anchor: the day of the month the billing period starts on (calendar months when
// periods start on the 1st, 15 March to 15 April for a customer billed on the 15th). A charge for
// the service interval [start, end) costs
//
//     price x SUM over each anchored month m touched by [start, end) of  used(m) / length(m)
//
// by day:    both ends of [start, end) move to the start of their UTC day, and used(m) counts the
//            whole days between them inside m; length(m) = days in m (28 to 31). So a service
//            that starts during a day pays for that day and one that ends during a day does not,
//            and intervals that meet (a term and its renewal, a plan before and after a change)
//            always add up to whole months, whatever the time of day they meet at.
// by second: used(m) = seconds of [start, end) inside m; length(m) = seconds in m.
// none:      every month touched is charged in full (used(m) / length(m) = 1).
//
// So a full billing month is exactly the price, whatever day it starts on; February 2028 is split
// in 29ths; and a yearly price of 1200.00 starting on 15 March costs 1200 / 12 x 17 / 31 for
// March when billed by calendar month.
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

function monthRange(monthStart: number, monthEnd: number): string {
  const day = (millis: number) => new Date(millis).toISOString().slice(0, 10);
  return `the month ${day(monthStart)} to ${day(monthEnd)}`;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

interface MonthShare {
  used: number;
  length: number;
  label: string;
}

/** Calendar months: the anchor of a customer billed on the 1st. */
const CALENDAR = Date.UTC(2000, 0, 1);

/** The index k of the anchored month [anchor + k months, anchor + k + 1 months) holding `at`. */
function anchoredMonthIndex(anchor: number, at: number): number {
  const from = new Date(anchor);
  const to = new Date(at);
  let index =
    (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  while (addUtcMonths(anchor, index) > at) index--;
  while (addUtcMonths(anchor, index + 1) <= at) index++;
  return index;
}

/**
 * `anchor`: an instant on the billing anchor, such as the start of the billing period; months
 * run from its day and time of day. Calendar months when left out.
 */
export function prorate(
  start: number,
  end: number,
  mode: ProrationMode,
  per: 'month' | 'year',
  anchor: number = CALENDAR,
): Proration {
  const shares: MonthShare[] = [];
  const calendar = startOfUtcMonth(anchor) === anchor;
  for (let index = anchoredMonthIndex(anchor, start); ; index++) {
    const monthStart = addUtcMonths(anchor, index);
    if (monthStart >= end) break;
    const monthEnd = addUtcMonths(anchor, index + 1);
    const from = Math.max(start, monthStart);
    const to = Math.min(end, monthEnd);
    if (to > from) {
      const share = monthShare(from, to, monthStart, monthEnd, mode);
      const month = calendar ? monthLabel(monthStart) : monthRange(monthStart, monthEnd);
      shares.push({ ...share, label: `${share.label} of ${month}` });
    }
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
