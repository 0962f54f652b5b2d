// The rating request of one customer's billing period, from what is stored about the customer:
// the subscriptions that overlap the period and the usage inside it. Pure.
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
  const inPeriod = usage
    .map((record) => record.usage)
    .filter((aggregate) => {
      const at = toMillis(aggregate.date);
      return at >= start && at < end;
    });
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
