// A customer's monthly billing periods: each starts at midnight UTC on the customer's anchor day
// (1 to 28, so every month has it) and ends where the next starts. A period is closed, and can be
// invoiced, once its end has passed. Pure.
import { addUtcMonths, toInstant, toMillis } from '../rating/time';

export interface BillingPeriod {
  start: string;
  end: string;
}

/** A run invoices at most this many closed periods of one customer, the latest ones. */
export const MAX_PERIODS_PER_RUN = 12;

/** The start of the period holding the instant. */
export function periodStartAt(at: number, anchorDay: number): number {
  const date = new Date(at);
  const anchored = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), anchorDay);
  return anchored <= at ? anchored : addUtcMonths(anchored, -1);
}

/**
 * The closed periods from the one holding `billingStart` to the last that ended at or before
 * `asOf`, oldest first; at most MAX_PERIODS_PER_RUN (the latest), since a customer without
 * invoices for longer than a year needs a person to look, not a run to catch up.
 */
export function closedPeriods(options: {
  anchorDay: number;
  billingStart: string;
  asOf: string;
}): BillingPeriod[] {
  const asOf = toMillis(options.asOf);
  let start = periodStartAt(toMillis(options.billingStart), options.anchorDay);
  const periods: BillingPeriod[] = [];
  for (let end = addUtcMonths(start, 1); end <= asOf; end = addUtcMonths(start, 1)) {
    periods.push({ start: toInstant(start), end: toInstant(end) });
    start = end;
  }
  return periods.slice(-MAX_PERIODS_PER_RUN);
}
