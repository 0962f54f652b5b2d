// What people and the editor read about usage: a customer's daily aggregates over a range of
// days, the raw events of one day, and how far aggregation has got.
import { USAGE_DAILY } from '../customers/customer-records';
import type { Filter, Store } from '../store/store';
import { USAGE_PASSES } from './aggregate-usage';
import type { AggregatedDay } from './daily-contributions';
import {
  USAGE_BATCHES,
  USAGE_EVENTS,
  type UsageBatchRecord,
  type UsageEventRecord,
} from './meter-records';

/** Days from `from` (inclusive) to `to` (exclusive), YYYY-MM-DD, optionally of one meter. */
export async function findDailyUsage(
  store: Store,
  options: { customerId: string; from: string; to: string; meter?: string },
): Promise<AggregatedDay[]> {
  const filter: Filter = {
    customerId: options.customerId,
    day: { $gte: options.from, $lt: options.to },
    ...(options.meter !== undefined && { 'usage.meter': options.meter }),
  };
  return await store
    .collection<AggregatedDay>(USAGE_DAILY)
    .find(filter, { sort: { day: 1, _id: 1 } });
}

export async function findUsageEvents(
  store: Store,
  options: { customerId: string; day: string; meter?: string; offset: number; limit: number },
): Promise<{ events: UsageEventRecord[]; nextOffset: number | null }> {
  const filter: Filter = {
    customerId: options.customerId,
    day: options.day,
    ...(options.meter !== undefined && { meter: options.meter }),
  };
  const events = await store.collection<UsageEventRecord>(USAGE_EVENTS).find(filter, {
    sort: { timestamp: 1, _id: 1 },
    skip: options.offset,
    limit: options.limit + 1,
  });
  const more = events.length > options.limit;
  return {
    events: events.slice(0, options.limit),
    nextOffset: more ? options.offset + options.limit : null,
  };
}

/** Whether every batch received is in the daily aggregates, with no pass half-applied. */
export async function isAggregationIdle(store: Store): Promise<boolean> {
  const pass = await store.collection<{ _id: string; state: string }>(USAGE_PASSES).findOne({});
  return (pass === null || pass.state === 'done') && (await countWaitingBatches(store)) === 0;
}

/** Batches received and not yet in the daily aggregates. */
export async function countWaitingBatches(store: Store): Promise<number> {
  return await store
    .collection<UsageBatchRecord>(USAGE_BATCHES)
    .count({ state: { $in: ['open', 'ready'] } });
}
