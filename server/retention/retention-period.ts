// How long records are kept, as instants: each category's cut-off for a moment `now`. A record is
// kept for the whole of its retention period and may be deleted only once strictly more than the
// period has passed since its retention started: exactly seven years old is still kept, one
// millisecond later it may go. Pure: the purges put these instants into their delete filters.

const DAY_MS = 86_400_000;

/**
 * The same calendar date and time `years` earlier, in UTC. On 29 February the result is 28
 * February of a year that has no 29th, the earlier choice, so that rounding never shortens
 * retention.
 */
export function yearsBefore(now: Date, years: number): Date {
  if (!Number.isSafeInteger(years) || years < 1) {
    throw new RangeError(`retention must be a whole number of years, at least 1: ${years}`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  const year = now.getUTCFullYear() - years;
  const month = now.getUTCMonth();
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDayOfMonth),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
}

/** `days` whole days of 24 hours earlier (UTC has no daylight saving time). */
export function daysBefore(now: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new RangeError(`retention must be a whole number of days, at least 1: ${days}`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  return new Date(now.getTime() - days * DAY_MS);
}

/** The furthest ahead of UTC a civil time zone is (Kiribati, UTC+14). */
const EARLIEST_ZONE_MS = 14 * 3_600_000;
/** The furthest behind (UTC-12): the last place where a year is still running. */
const LATEST_ZONE_MS = 12 * 3_600_000;

/**
 * Invoices (and credit and debit notes) are kept for `years` counted from the end of the calendar
 * year they were issued in, as tax authorities count it (Austria's §132 BAO: seven years from the
 * end of the calendar year; Germany's §147(4) AO likewise from the end of the year). We do not know the seller's time zone, so we count so that no time
 * zone sees an invoice go early: the year of issue is the latest calendar date anywhere at the
 * moment of finalization (UTC+14: an invoice finalized on 31 December at 10:00 UTC is already of
 * the next year in Kiribati), and that year ends when it has ended everywhere (1 January 12:00
 * UTC, midnight at UTC-12).
 *
 * Returns the instant before which an invoice must have been finalized to be purgeable now.
 * Derivation: an invoice of year y may go once its start Date.UTC(y + 1, 0, 1, 12) lies strictly
 * before the cut-off c = yearsBefore(now, years), that is for every y up to k =
 * year(c - 12 h - 1 ms) - 1; and the year of issue of an invoice finalized at f is y =
 * year(f + 14 h), which is at most k exactly when f < Date.UTC(k + 1, 0, 1) - 14 h.
 */
export function invoicesFinalizedBefore(now: Date, years: number): Date {
  const cutoff = yearsBefore(now, years);
  const lastYearOver = new Date(cutoff.getTime() - LATEST_ZONE_MS - 1).getUTCFullYear() - 1;
  return new Date(Date.UTC(lastYearOver + 1, 0, 1) - EARLIEST_ZONE_MS);
}
