// The rating requests of stored customers for one billing period: four queries, whatever the
// number of customers, grouped here by customer.
import type { RatingRequest } from '../rating/types';
import { meters, ratingMeters } from '../metering/meters-repository';
import type { Store } from '../store/store';
import { buildRatingRequest, type BillingPeriod } from './build-rating-request';
import { findCustomers, findSubscriptions, findUsage } from './customers-repository';

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
  const [found, subscriptions, usage, meterRecords] = await Promise.all([
    findCustomers(store, customerIds),
    findSubscriptions(store, customerIds),
    findUsage(store, period, customerIds),
    meters(store).find({}),
  ]);
  const definitions = ratingMeters(meterRecords);
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
