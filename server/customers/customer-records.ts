// What the platform stores about the customers it bills: who they are (the facts rules read),
// their subscriptions and contracts, and their usage added up per meter and day. Together they
// make the rating request of any billing period (build-rating-request.ts).
//
// Usage is kept as daily aggregates, the unit rating reads: simulating a month for tens of
// thousands of customers then reads one document per customer, meter, dimensions and day, not
// every raw event. Money and quantities are decimal strings.
import type { PendingAuditEntries } from '../audit/record-outbox';
import type { Customer, Subscription, UsageAggregate } from '../rating/types';
import type { CustomerBilling } from './customer-profile';

export const CUSTOMERS = 'customers';
export const SUBSCRIPTIONS = 'subscriptions';
export const USAGE_DAILY = 'usage_daily';
/** The field counting a customer's pending audit entries. */
export const PENDING_AUDITS = 'pendingAudits';

export interface CustomerRecord {
  /** The customer's id, as in its rating facts. */
  _id: string;
  /** The customer's name, as shown to people. */
  name: string;
  /** The facts rules read about the customer (rating-request.schema.json#/$defs/customer). */
  facts: Customer;
  /** Promotion codes the customer redeemed; a discount with a code applies only when it is here. */
  promoCodes: string[];
  /**
   * Where and how the customer is billed; absent on customers imported from rating requests
   * (demo data), which can be rated and simulated but not yet invoiced.
   */
  billing?: CustomerBilling;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: every write is conditional on it and increments it. */
  revision: number;
  /** The audit outbox (audit/record-outbox.ts). */
  pendingAudit?: PendingAuditEntries;
  /** How many entries the outbox holds: start-up recovery reads only customers above 0. */
  pendingAudits?: number;
}

export interface SubscriptionRecord {
  /** `${customerId}/${subscription.id}` */
  _id: string;
  customerId: string;
  subscription: Subscription;
  /**
   * A contract that renews by itself: how many days before each renewal the customer is told, and
   * may still cancel.
   */
  renewalNoticeDays?: number;
  /** Written by the subscriptions API; absent on subscriptions imported with demo data. */
  createdAt?: string;
  updatedAt?: string;
  /** Optimistic concurrency; an imported subscription counts as revision 1. */
  revision?: number;
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

export interface UsageDailyRecord {
  /** The customer, meter, day and dimensions, so one day's usage of a series is one document. */
  _id: string;
  customerId: string;
  /** The UTC day the usage covers, YYYY-MM-DD: what period queries select on. */
  day: string;
  usage: UsageAggregate;
}

export function subscriptionRecordId(customerId: string, subscriptionId: string): string {
  return `${customerId}/${subscriptionId}`;
}

/** Dimensions in name order, so the same series always gets the same id. */
export function usageDailyId(customerId: string, day: string, usage: UsageAggregate): string {
  const dimensions = Object.entries(usage.dimensions ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  return [customerId, usage.meter, day, dimensions, usage.subscriptionId ?? ''].join('|');
}
