// Usage as the server answers it: meters, a customer's daily aggregates, the raw events of a
// day, and the aggregation backlog.
import Decimal from 'decimal.js';
import type { Aggregation } from '../../../server/rating/types';

export interface MeterView {
  id: string;
  name: string;
  unit: string | null;
  description: string | null;
  aggregation: Aggregation;
  uniqueBy: string | null;
  dimensions: string[];
  revision: number;
}

export interface DailyUsage {
  day: string;
  meter: string;
  quantity: string;
  dimensions: Record<string, string>;
  subscriptionId: string | null;
  events: number | null;
}

export interface UsageEventView {
  id: string;
  customerId: string;
  meter: string;
  timestamp: string;
  quantity: string;
  dimensions: Record<string, string>;
  subscriptionId: string | null;
  receivedAt: string;
  adjustment: { invoiceId: string } | null;
}

export const AGGREGATION_LABELS: Record<MeterView['aggregation'], string> = {
  sum: 'Sum of quantities',
  count: 'Count of events',
  max: 'Largest quantity',
  latest: 'Latest quantity',
  unique_count: 'Distinct values',
  time_weighted_sum: 'Level times hours held',
};

/** Meters whose days add up to the period: a time-weighted day is the unit-hours held that day. */
const ADDITIVE: readonly Aggregation[] = ['sum', 'count', 'time_weighted_sum'];

/** region=us-west-2, tier=gold; "none" without dimensions. */
export function dimensionsLabel(dimensions: Record<string, string>): string {
  const entries = Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0
    ? 'none'
    : entries.map(([name, value]) => `${name}=${value}`).join(', ');
}

export interface UsageSeries {
  meter: string;
  dimensions: Record<string, string>;
  days: number;
  /** For sum, count and time-weighted meters only: the range's total, as the days add up. */
  total: string | null;
}

/**
 * One row per meter and dimensions over the range. Only sum, count and time-weighted meters (whose
 * day is the unit-hours held that day) add up day by day; a max, latest or distinct count over a
 * period is not the sum of its days, so it has no total.
 */
export function seriesOf(days: readonly DailyUsage[], meters: readonly MeterView[]): UsageSeries[] {
  const additive = new Set(
    meters.filter((meter) => ADDITIVE.includes(meter.aggregation)).map((meter) => meter.id),
  );
  const series = new Map<
    string,
    { meter: string; dimensions: Record<string, string>; days: number; total: Decimal }
  >();
  for (const row of days) {
    const key = `${row.meter}|${dimensionsLabel(row.dimensions)}`;
    const found = series.get(key) ?? {
      meter: row.meter,
      dimensions: row.dimensions,
      days: 0,
      total: new Decimal(0),
    };
    found.days += 1;
    found.total = found.total.plus(row.quantity);
    series.set(key, found);
  }
  return [...series.values()]
    .sort((a, b) =>
      a.meter === b.meter
        ? dimensionsLabel(a.dimensions) < dimensionsLabel(b.dimensions)
          ? -1
          : 1
        : a.meter < b.meter
          ? -1
          : 1,
    )
    .map((found) => ({
      meter: found.meter,
      dimensions: found.dimensions,
      days: found.days,
      total: additive.has(found.meter) ? found.total.toFixed() : null,
    }));
}

/** The day after, YYYY-MM-DD: the API's `to` excludes its day. */
export function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
