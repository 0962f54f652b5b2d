// Queries of the customers, subscriptions and usage_daily collections.
import { startOfUtcDay, toInstant, toMillis } from '../rating/time';
import { AppError } from '../errors/app-error';
import type { Filter, Store } from '../store/store';
import {
  CUSTOMERS,
  SUBSCRIPTIONS,
  USAGE_DAILY,
  type CustomerRecord,
  type SubscriptionRecord,
  type UsageDailyRecord,
} from './customer-records';
import type { BillingPeriod } from './build-rating-request';

export function customers(store: Store) {
  return store.collection<CustomerRecord>(CUSTOMERS);
}

export function subscriptions(store: Store) {
  return store.collection<SubscriptionRecord>(SUBSCRIPTIONS);
}

export function usageDaily(store: Store) {
  return store.collection<UsageDailyRecord>(USAGE_DAILY);
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function utcDay(instant: string): string {
  return toInstant(startOfUtcDay(toMillis(instant))).slice(0, 10);
}

/** The stored customer; a 404 AppError naming it when there is none. */
export async function findCustomerOrThrow(store: Store, id: string): Promise<CustomerRecord> {
  const record = await customers(store).findOne({ _id: id });
  if (record === null) throw new AppError('not_found', `there is no customer "${id}"`);
  return record;
}

/** Every customer in id order, or the ones named (those that exist). */
export function findCustomers(store: Store, ids?: readonly string[]): Promise<CustomerRecord[]> {
  return customers(store).find(ids ? { _id: { $in: [...ids] } } : {}, { sort: { _id: 1 } });
}

function ofCustomers(ids: readonly string[] | undefined): Filter {
  return ids ? { customerId: { $in: [...ids] } } : {};
}

export function findSubscriptions(
  store: Store,
  customerIds?: readonly string[],
): Promise<SubscriptionRecord[]> {
  return subscriptions(store).find(ofCustomers(customerIds), { sort: { _id: 1 } });
}

/** Usage of the days the period touches; the period's own bounds are applied by the caller. */
export function findUsage(
  store: Store,
  period: BillingPeriod,
  customerIds?: readonly string[],
): Promise<UsageDailyRecord[]> {
  return usageDaily(store).find(
    { day: { $gte: utcDay(period.start), $lte: utcDay(period.end) }, ...ofCustomers(customerIds) },
    { sort: { _id: 1 } },
  );
}
