// The rating requests of stored customers for one billing period: four queries, whatever the
// number of customers, grouped here by customer.
import type { RatingRequest } from '../rating/types';
import type { MeterRecord } from '../metering/meter-records';
import { meters, ratingMeters } from '../metering/meters-repository';
import { LEVEL_LOOKBACK_DAYS } from '../metering/time-weighted-usage';
import { MS_PER_DAY, toMillis } from '../rating/time';
import type { Store } from '../store/store';
import { buildRatingRequest, type BillingPeriod } from './build-rating-request';
import type { UsageDailyRecord } from './customer-records';
import {
  findCustomers,
  findSubscriptions,
  findUsage,
  usageDaily,
  utcDay,
} from './customers-repository';

export interface StoredRatingRequests {
  /** In customer id order. */
  requests: RatingRequest[];
  /** Customer ids that were asked for and are not stored. */
  unknown: string[];
}

export async function loadRatingRequests(
  store: Store,
  period: BillingPeriod,
  customerIds?: readonly string[],
): Promise<StoredRatingRequests> {
  const [found, subscriptions, inPeriod, meterRecords] = await Promise.all([
    findCustomers(store, customerIds),
    findSubscriptions(store, customerIds),
    findUsage(store, period, customerIds),
    meters(store).find({}),
  ]);
  const definitions = ratingMeters(meterRecords);
  const usage = [...(await levelsBefore(store, period, meterRecords, customerIds)), ...inPeriod];
  const subscriptionsOf = groupBy(subscriptions, (record) => record.customerId);
  const usageOf = groupBy(usage, (record) => record.customerId);
  const known = new Set(found.map((customer) => customer._id));
  return {
    requests: found.map((customer) =>
      buildRatingRequest(
        customer,
        subscriptionsOf.get(customer._id) ?? [],
        usageOf.get(customer._id) ?? [],
        period,
        definitions,
      ),
    ),
    unknown: (customerIds ?? []).filter((id) => !known.has(id)),
  };
}

/** The days before the period whose levels time_weighted_sum meters carry into it. */
async function levelsBefore(
  store: Store,
  period: BillingPeriod,
  meterRecords: readonly MeterRecord[],
  customerIds: readonly string[] | undefined,
): Promise<UsageDailyRecord[]> {
  const held = meterRecords
    .filter((meter) => meter.aggregation === 'time_weighted_sum')
    .map((meter) => meter._id);
  if (held.length === 0) return [];
  const from = new Date(toMillis(period.start) - LEVEL_LOOKBACK_DAYS * MS_PER_DAY);
  return await usageDaily(store).find({
    ...(customerIds !== undefined && { customerId: { $in: [...customerIds] } }),
    day: { $gte: utcDay(from.toISOString()), $lt: utcDay(period.start) },
    'usage.meter': { $in: held },
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
