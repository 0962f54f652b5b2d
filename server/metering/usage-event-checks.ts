// What makes one usage event acceptable, beyond its schema: its meter exists and gets what it
// needs (a quantity to add up, the dimension it counts), its customer and subscription exist,
// and it did not happen in the future, nor so long ago that its stored copy, which recognises a
// retry, may have been purged already (retention/raw-usage-horizon.ts). Pure: the caller loads the meters, customers and
// subscriptions of the batch once.
import type { ValidationIssue } from '../rating/validation';
import type { RawUsageHorizon } from '../retention/raw-usage-horizon';
import type { MeterRecord } from './meter-records';

export interface UsageEventInput {
  id: string;
  customerId: string;
  meter: string;
  timestamp: string;
  quantity?: string;
  dimensions?: Record<string, string>;
  subscriptionId?: string;
}

/** Clocks of senders drift; usage further ahead than this is a bug, not a measurement. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface BatchReferences {
  meters: ReadonlyMap<string, MeterRecord>;
  customers: ReadonlySet<string>;
  /** Subscription ids by customer. */
  subscriptions: ReadonlyMap<string, ReadonlySet<string>>;
  now: number;
  /** Events timestamped before it are refused, with the explanation. */
  horizon: RawUsageHorizon;
}

export function usageEventIssues(
  event: UsageEventInput,
  at: number,
  references: BatchReferences,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!references.customers.has(event.customerId)) {
    issues.push({ path: '$.customerId', message: `there is no customer "${event.customerId}"` });
  } else if (
    event.subscriptionId !== undefined &&
    !references.subscriptions.get(event.customerId)?.has(event.subscriptionId)
  ) {
    issues.push({
      path: '$.subscriptionId',
      message: `customer "${event.customerId}" has no subscription "${event.subscriptionId}"`,
    });
  }
  if (at > references.now + FUTURE_TOLERANCE_MS) {
    issues.push({ path: '$.timestamp', message: 'is in the future' });
  }
  if (at < references.horizon.oldestAccepted) {
    issues.push({ path: '$.timestamp', message: references.horizon.explanation });
  }
  const meter = references.meters.get(event.meter);
  if (meter === undefined) {
    issues.push({ path: '$.meter', message: `there is no meter "${event.meter}"` });
    return issues;
  }
  const counts = meter.aggregation === 'count' || meter.aggregation === 'unique_count';
  if (!counts && event.quantity === undefined) {
    issues.push({
      path: '$.quantity',
      message: `is required: meter "${meter._id}" adds up quantities (${meter.aggregation})`,
    });
  }
  if (meter.uniqueBy !== undefined && event.dimensions?.[meter.uniqueBy] === undefined) {
    issues.push({
      path: `$.dimensions.${meter.uniqueBy}`,
      message: `is required: meter "${meter._id}" counts distinct "${meter.uniqueBy}" values`,
    });
  }
  return issues;
}
