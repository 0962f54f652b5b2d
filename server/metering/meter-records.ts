// What metering stores: the meters, every usage event as received (kept for 30 days after it is
// aggregated, as the evidence behind an invoice line), and the batches events arrive in, which
// the aggregator (aggregate-usage.ts) turns into the daily aggregates rating reads.
import type { PendingAuditEntries } from '../audit/record-outbox';
import type { Aggregation } from '../rating/types';

export const METERS = 'meters';
export const USAGE_EVENTS = 'usage_events';
export const USAGE_BATCHES = 'usage_batches';

export interface MeterRecord {
  /** The meter's id, as events and pricing rules name it. */
  _id: string;
  name: string;
  unit?: string;
  description?: string;
  aggregation: Aggregation;
  uniqueBy?: string;
  /** Grouped by, in the order given. */
  dimensions: string[];
  createdAt: string;
  updatedAt: string;
  revision: number;
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

export interface UsageEventRecord {
  /** `${customerId}/${id}`: the id is unique per customer, so a retry collides with itself. */
  _id: string;
  customerId: string;
  /** The sender's id of the event. */
  eventId: string;
  meter: string;
  /** As sent, normalised to UTC with milliseconds. */
  timestamp: string;
  /** The UTC day it counts on, YYYY-MM-DD. */
  day: string;
  /** For count and unique_count meters, "1". */
  quantity: string;
  /** Every dimension sent, including those the meter does not group by. */
  dimensions?: Record<string, string>;
  subscriptionId?: string;
  /** The batch it arrived in: the aggregator adds up events batch by batch. */
  batch: string;
  receivedAt: string;
  /**
   * Set when the event falls in a period already invoiced: it is counted in the daily aggregates,
   * and the next invoice run settles the difference with a credit or debit note.
   */
  adjustment?: { invoiceId: string };
  /** SHA-256 of the event as sent: a retry with the same id and other content is refused. */
  contentHash: string;
}

/** What aggregation reads of an event. */
export type UsageEntry = Pick<
  UsageEventRecord,
  | '_id'
  | 'customerId'
  | 'meter'
  | 'timestamp'
  | 'day'
  | 'quantity'
  | 'dimensions'
  | 'subscriptionId'
  | 'adjustment'
>;

export function usageEntry(event: UsageEventRecord): UsageEntry {
  return {
    _id: event._id,
    customerId: event.customerId,
    meter: event.meter,
    timestamp: event.timestamp,
    day: event.day,
    quantity: event.quantity,
    ...(event.dimensions !== undefined && { dimensions: event.dimensions }),
    ...(event.subscriptionId !== undefined && { subscriptionId: event.subscriptionId }),
    ...(event.adjustment !== undefined && { adjustment: event.adjustment }),
  };
}

/**
 * A request's events, written before them. `open` while its events are being written; `ready`
 * once they all are; `aggregated` once its events are in the daily aggregates. An `open` batch a
 * crash left behind is aggregated with the events it got (its sender retries the rest).
 */
export interface UsageBatchRecord {
  _id: string;
  state: 'open' | 'ready' | 'aggregated';
  receivedAt: string;
  /** The API key or user that sent it. */
  sender: string;
  events: number;
  /**
   * Open: the ids of the events being written, so that a batch a crash left open is counted with
   * those of them stored under it (looked up by id, the one index every store has).
   */
  eventIds?: string[];
  /**
   * Ready: what the aggregator adds up, so a pass reads its batches and not the events
   * collection; removed once aggregated (the events stay, for the raw usage retention).
   */
  entries?: UsageEntry[];
  /** The aggregation pass that took it, once one did. */
  pass?: number;
  aggregatedAt?: string;
}
