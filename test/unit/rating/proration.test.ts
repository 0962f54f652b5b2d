// Proration of a recurring price over a service interval [start, end): the price times the sum,
// over each calendar month touched, of used(m) / length(m). By day, the first day and a partly
// used last day count whole; by second, both are seconds; `none` charges every month touched in
// full; a yearly price is 1/12 of it per month.
import { describe, expect, it } from 'vitest';
import { prorate } from '../../../server/rating/proration';
import type { ProrationMode } from '../../../server/rating/types';

const at = (instant: string) =>
  Date.parse(instant.length === 10 ? `${instant}T00:00:00Z` : instant);

type Case = [
  description: string,
  interval: [start: string, end: string],
  how: [mode: ProrationMode, per: 'month' | 'year'],
  fraction: string,
  parts: string[],
  full: boolean,
];

// prettier-ignore
const CASES: Case[] = [
  // [1 Mar, 1 Apr): 31 of 31 days
  ['a full month', ['2026-03-01', '2026-04-01'], ['day', 'month'], '31/31', ['31/31 days of 2026-03'], true],
  // 17 to 31 March inclusive: 31 - 17 + 1 = 15 days
  ['a start on the 17th', ['2026-03-17', '2026-04-01'], ['day', 'month'], '15/31', ['15/31 days of 2026-03'], false],
  // 15 to 31 March: 17 days, the README example
  ['a start on the 15th', ['2026-03-15', '2026-04-01'], ['day', 'month'], '17/31', ['17/31 days of 2026-03'], false],
  // a start at noon: the first day counts whole, still 17 days
  ['a start at noon on the 15th', ['2026-03-15T12:00:00Z', '2026-04-01'], ['day', 'month'], '17/31', ['17/31 days of 2026-03'], false],
  // 1 to 19 March: an end at midnight on the 20th leaves the 20th unused
  ['an end on the 20th at midnight', ['2026-03-01', '2026-03-20'], ['day', 'month'], '19/31', ['19/31 days of 2026-03'], false],
  // 1 to 19 March: an end during the 20th moves to its start, so the 20th is not charged (the
  // service that follows from noon on pays for it)
  ['an end on the 20th at noon', ['2026-03-01', '2026-03-20T12:00:00Z'], ['day', 'month'], '19/31', ['19/31 days of 2026-03'], false],
  // 15 to 29 February 2028 (a leap year): 15 of 29 days
  ['the second half of February 2028', ['2028-02-15', '2028-03-01'], ['day', 'month'], '15/29', ['15/29 days of 2028-02'], false],
  ['all of February 2028', ['2028-02-01', '2028-03-01'], ['day', 'month'], '29/29', ['29/29 days of 2028-02'], true],
  // 15 to 28 February 2027: 14 of 28 days
  ['the second half of February 2027', ['2027-02-15', '2027-03-01'], ['day', 'month'], '14/28', ['14/28 days of 2027-02'], false],
  // 20 to 31 March = 12/31 and 1 to 9 April = 9/30; lcm(31, 30) = 930: 12 x 30 + 9 x 31 = 360 + 279
  ['a span over two months', ['2026-03-20', '2026-04-10'], ['day', 'month'], '639/930', ['12/31 days of 2026-03', '9/30 days of 2026-04'], false],
  // 15 to 31 March = 17/31 and 1 to 14 April = 14/30: 17 x 30 + 14 x 31 = 510 + 434 = 944, above 930
  ['an anniversary period, 15 March to 15 April', ['2026-03-15', '2026-04-15'], ['day', 'month'], '944/930', ['17/31 days of 2026-03', '14/30 days of 2026-04'], false],
  // two whole months: 31 x 30 + 30 x 31 = 1860 of 930, twice the price
  ['two whole months', ['2026-03-01', '2026-05-01'], ['day', 'month'], '1860/930', ['31/31 days of 2026-03', '30/30 days of 2026-04'], true],
  // 17 days x 86400 s = 1468800 s of 31 x 86400 = 2678400 s
  ['by second from the 15th', ['2026-03-15', '2026-04-01'], ['second', 'month'], '1468800/2678400', ['1468800/2678400 seconds of 2026-03'], false],
  // 16.5 days x 86400 s = 1425600 s: the half day is not rounded up
  ['by second from noon on the 15th', ['2026-03-15T12:00:00Z', '2026-04-01'], ['second', 'month'], '1425600/2678400', ['1425600/2678400 seconds of 2026-03'], false],
  // 16 to 29 February 2028: 14 x 86400 = 1209600 s of 29 x 86400 = 2505600 s
  ['by second in February 2028', ['2028-02-16', '2028-03-01'], ['second', 'month'], '1209600/2505600', ['1209600/2505600 seconds of 2028-02'], false],
  ['by second, a full month', ['2026-03-01', '2026-04-01'], ['second', 'month'], '2678400/2678400', ['2678400/2678400 seconds of 2026-03'], true],
  // none: every month touched is charged in full
  ['none, from the 17th', ['2026-03-17', '2026-04-01'], ['none', 'month'], '1/1', ['whole month of 2026-03'], true],
  ['none, over two months', ['2026-03-20', '2026-04-10'], ['none', 'month'], '2/1', ['whole month of 2026-03', 'whole month of 2026-04'], true],
  // per year: the denominator is 12 times larger, 31 x 12 = 372
  ['per year, a full month', ['2026-03-01', '2026-04-01'], ['day', 'year'], '31/372', ['31/31 days of 2026-03'], true],
  // 1200.00 a year from 15 March: 1200 x 17 / 372 = 100 x 17 / 31
  ['per year, from the 15th', ['2026-03-15', '2026-04-01'], ['day', 'year'], '17/372', ['17/31 days of 2026-03'], false],
  ['per year, none', ['2026-03-17', '2026-04-01'], ['none', 'year'], '1/12', ['whole month of 2026-03'], true],
];

describe('prorate', () => {
  it.each(CASES)('%s', (_description, [start, end], [mode, per], fraction, parts, full) => {
    const proration = prorate(at(start), at(end), mode, per);
    expect(`${proration.numerator.toString()}/${proration.denominator.toString()}`).toBe(fraction);
    expect(proration.parts).toEqual(parts);
    expect(proration.full).toBe(full);
  });
});
