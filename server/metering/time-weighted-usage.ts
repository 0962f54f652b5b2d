// A period's usage of time_weighted_sum meters, from their daily aggregates: the readings of each
// series (its meter, dimensions and subscription) in time order, the last one before the period
// carried in (read from at most LEVEL_LOOKBACK_DAYS before it), as unit-hours per day, so a level
// reported once in February is still billed every day of March until the next report.
import type { UsageDailyRecord } from '../customers/customer-records';
import { heldPerDay, type Reading } from '../rating/held-levels';
import { parseDecimal } from '../rating/money';
import { toMillis } from '../rating/time';
import type { UsageAggregate } from '../rating/types';
import type { AggregatedDay } from './daily-contributions';

/** How far before a period its levels are looked for. */
export const LEVEL_LOOKBACK_DAYS = 92;

function seriesKey(usage: UsageAggregate): string {
  const dimensions = Object.entries(usage.dimensions ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([usage.meter, dimensions, usage.subscriptionId ?? null]);
}

export function timeWeightedUsage(
  records: readonly (UsageDailyRecord & Pick<AggregatedDay, 'readings'>)[],
  period: { start: string; end: string },
): UsageAggregate[] {
  const start = toMillis(period.start);
  const end = toMillis(period.end);
  const series = new Map<string, { usage: UsageAggregate; readings: Reading[] }>();
  const imported: UsageAggregate[] = [];
  for (const record of records) {
    const day = toMillis(record.day);
    if (record.readings === undefined) {
      // Imported daily totals hold unit-hours already.
      if (day >= start && day < end) imported.push(record.usage);
      continue;
    }
    const key = seriesKey(record.usage);
    const entry = series.get(key) ?? { usage: record.usage, readings: [] };
    for (const reading of record.readings) {
      const at = toMillis(reading.at);
      if (at < end) entry.readings.push({ at, level: parseDecimal(reading.quantity, record._id) });
    }
    series.set(key, entry);
  }
  const held: UsageAggregate[] = [];
  for (const { usage, readings } of series.values()) {
    for (const day of heldPerDay(readings, { start, end })) {
      held.push({
        meter: usage.meter,
        date: new Date(day.start).toISOString().slice(0, 10),
        quantity: day.unitHours.toString(),
        ...(usage.dimensions !== undefined && { dimensions: usage.dimensions }),
        ...(usage.subscriptionId !== undefined && { subscriptionId: usage.subscriptionId }),
      });
    }
  }
  return [...imported, ...held];
}
