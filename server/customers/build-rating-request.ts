// The rating request of one customer's billing period, from what is stored about the customer:
// the subscriptions that overlap the period and the usage inside it (for time_weighted_sum meters,
// the levels held, from readings that may precede the period). Pure.
import { timeWeightedUsage } from '../metering/time-weighted-usage';
import { toMillis } from '../rating/time';
import type { MeterDefinition, RatingRequest } from '../rating/types';
import type { CustomerRecord, SubscriptionRecord, UsageDailyRecord } from './customer-records';

export interface BillingPeriod {
  start: string;
  end: string;
}

export function buildRatingRequest(
  customer: CustomerRecord,
  subscriptions: readonly SubscriptionRecord[],
  usage: readonly UsageDailyRecord[],
  period: BillingPeriod,
  /** How each meter adds up; a meter left out sums (usage imported as daily totals). */
  meters: Readonly<Record<string, MeterDefinition>> = {},
): RatingRequest {
  const start = toMillis(period.start);
  const end = toMillis(period.end);
  const overlapping = subscriptions
    .map((record) => record.subscription)
    .filter(
      (subscription) =>
        toMillis(subscription.start) < end &&
        (subscription.end === undefined || toMillis(subscription.end) > start),
    );
  const held = (record: UsageDailyRecord) =>
    meters[record.usage.meter]?.aggregation === 'time_weighted_sum';
  const inPeriod = [
    ...usage
      .filter((record) => !held(record))
      .map((record) => record.usage)
      .filter((aggregate) => {
        const at = toMillis(aggregate.date);
        return at >= start && at < end;
      }),
    ...timeWeightedUsage(usage.filter(held), period),
  ];
  const used = Object.fromEntries(
    [...new Set(inPeriod.map((aggregate) => aggregate.meter))]
      .filter((meter) => meters[meter] !== undefined)
      .map((meter) => [meter, meters[meter]!]),
  );
  return {
    customer: customer.facts,
    period: { start: period.start, end: period.end },
    ...(customer.promoCodes.length > 0 && { promoCodes: customer.promoCodes }),
    ...(overlapping.length > 0 && { subscriptions: overlapping }),
    ...(inPeriod.length > 0 && { usage: inPeriod }),
    ...(Object.keys(used).length > 0 && { meters: used }),
  };
}
