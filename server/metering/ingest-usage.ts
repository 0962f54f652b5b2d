// A service reports usage: a batch of events, each judged on its own. Good events are stored and
// acknowledged, bad ones get their own errors, and an event sent again with the same id (a retry
// after a timeout) is acknowledged as a duplicate and never counted twice. The response says
// which event got what, by its index in the batch.
//
// Crash safety without transactions: the batch record is written first (open), then its events,
// then the batch is marked ready, with the entries the aggregator adds up. A crash leaves at
// worst an open batch with some of its events; the aggregator counts the events stored under it,
// and the sender's retry finds them duplicates and stores the rest under a new batch. The unique
// event id makes every path count an event once.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { customers, subscriptions, utcDay } from '../customers/customers-repository';
import { toInstant, toMillis } from '../rating/time';
import { SCHEMA_IDS, type ValidationIssue } from '../rating/validation';
import { validateAgainstSchema } from '../rating/validation/schema-validator';
import { DuplicateKeyError, type Store } from '../store/store';
import { rawUsageHorizon } from '../retention/raw-usage-horizon';
import { findInvoicedPeriods, type InvoicedPeriods } from './invoiced-periods';
import {
  USAGE_BATCHES,
  USAGE_EVENTS,
  type MeterRecord,
  type UsageBatchRecord,
  type UsageEventRecord,
  usageEntry,
} from './meter-records';
import { meters } from './meters-repository';
import { usageEventIssues, type BatchReferences, type UsageEventInput } from './usage-event-checks';

export const MAX_BATCH_EVENTS = 1000;

export interface UsageEventResult {
  /** The event's position in the batch. */
  index: number;
  /** The event's id, when it had one. */
  id?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  /** Rejected: every problem, by path inside the batch (`$.events[3].quantity`). */
  errors?: ValidationIssue[];
  /** The event falls in a period already invoiced: the next run settles it with a note. */
  adjustment?: { invoiceId: string; invoiceNumber?: string };
}

export interface IngestOutcome {
  /** The batch the accepted events are stored under; null when none was accepted. */
  batchId: string | null;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: UsageEventResult[];
}

interface Candidate {
  index: number;
  record: UsageEventRecord;
}

export async function ingestUsage(options: {
  store: Store;
  clock: Clock;
  /** The API key or user sending, kept on the batch. */
  sender: string;
  events: readonly unknown[];
  /** Called once the accepted events are ready to aggregate. */
  onReady?: () => void;
}): Promise<IngestOutcome> {
  const { store, clock } = options;
  const now = clock.now();
  const results: UsageEventResult[] = options.events.map((event, index) => ({
    index,
    ...(typeof (event as { id?: unknown } | null)?.id === 'string' && {
      id: (event as { id: string }).id,
    }),
    status: 'accepted',
  }));
  const valid = schemaValidEvents(options.events, results);
  const references = await loadReferences(store, valid, now);
  const batchId = `b${now.getTime().toString(36)}${randomBytes(8).toString('hex')}`;
  const receivedAt = now.toISOString();
  const candidates: Candidate[] = [];
  for (const { index, event } of valid) {
    const at = toMillis(event.timestamp);
    const issues = usageEventIssues(event, at, references);
    if (issues.length > 0) {
      reject(results[index]!, index, issues);
      continue;
    }
    const meter = references.meters.get(event.meter)!;
    candidates.push({ index, record: eventRecord(event, at, meter, batchId, receivedAt) });
  }
  const fresh = firstOccurrences(candidates, results);
  if (fresh.length > 0) {
    const invoiced = await findInvoicedPeriods(
      store,
      fresh.map((candidate) => candidate.record),
    );
    for (const candidate of fresh) flagAdjustment(candidate, invoiced, results);
    await storeBatch(store, {
      _id: batchId,
      sender: options.sender,
      receivedAt,
      candidates: fresh,
      results,
    });
    options.onReady?.();
  }
  const count = (status: UsageEventResult['status']) =>
    results.filter((result) => result.status === status).length;
  return {
    batchId: results.some((result) => result.status === 'accepted') ? batchId : null,
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
    results,
  };
}

function reject(result: UsageEventResult, index: number, issues: ValidationIssue[]): void {
  result.status = 'rejected';
  result.errors = issues.map((issue) => ({
    path: issue.path.replace(/^\$/, `$.events[${index}]`),
    message: issue.message,
  }));
}

function schemaValidEvents(events: readonly unknown[], results: UsageEventResult[]) {
  const valid: { index: number; event: UsageEventInput }[] = [];
  events.forEach((event, index) => {
    const issues = validateAgainstSchema(SCHEMA_IDS.usageEvent, event);
    if (issues.length > 0) reject(results[index]!, index, issues);
    else valid.push({ index, event: event as UsageEventInput });
  });
  return valid;
}

/**
 * The meters, customers and subscriptions the batch names, and how old an event may be: five
 * queries for the batch.
 */
async function loadReferences(
  store: Store,
  valid: readonly { event: UsageEventInput }[],
  now: Date,
): Promise<BatchReferences> {
  const customerIds = [...new Set(valid.map(({ event }) => event.customerId))];
  const needsSubscriptions = valid.some(({ event }) => event.subscriptionId !== undefined);
  const [meterRecords, customerRecords, subscriptionRecords, horizon] = await Promise.all([
    meters(store).find({}),
    customerIds.length > 0 ? customers(store).find({ _id: { $in: customerIds } }) : [],
    needsSubscriptions ? subscriptions(store).find({ customerId: { $in: customerIds } }) : [],
    rawUsageHorizon(store, now),
  ]);
  const subscriptionIds = new Map<string, Set<string>>();
  for (const record of subscriptionRecords) {
    const ids = subscriptionIds.get(record.customerId) ?? new Set<string>();
    ids.add(record.subscription.id);
    subscriptionIds.set(record.customerId, ids);
  }
  return {
    meters: new Map(meterRecords.map((record) => [record._id, record])),
    customers: new Set(customerRecords.map((record) => record._id)),
    subscriptions: subscriptionIds,
    now: now.getTime(),
    horizon,
  };
}

function eventRecord(
  event: UsageEventInput,
  at: number,
  meter: MeterRecord,
  batch: string,
  receivedAt: string,
): UsageEventRecord {
  const counts = meter.aggregation === 'count' || meter.aggregation === 'unique_count';
  return {
    _id: `${event.customerId}/${event.id}`,
    customerId: event.customerId,
    eventId: event.id,
    meter: event.meter,
    timestamp: toInstant(at),
    day: utcDay(event.timestamp),
    quantity: counts ? '1' : (event.quantity as string),
    ...(event.dimensions !== undefined && { dimensions: event.dimensions }),
    ...(event.subscriptionId !== undefined && { subscriptionId: event.subscriptionId }),
    batch,
    receivedAt,
    contentHash: createHash('sha256').update(canonicalJson(event)).digest('hex'),
  };
}

/**
 * The candidates not repeated earlier in the batch. A repeat with the same content is a
 * duplicate; the same id with other content is refused, since counting either would be a guess.
 * Events stored before are found when the batch is written (storeBatch).
 */
function firstOccurrences(candidates: readonly Candidate[], results: UsageEventResult[]) {
  const seen = new Map<string, string>();
  const fresh: Candidate[] = [];
  for (const candidate of candidates) {
    const { _id, contentHash } = candidate.record;
    const earlier = seen.get(_id);
    if (earlier === undefined) {
      seen.set(_id, contentHash);
      fresh.push(candidate);
    } else {
      settleRepeat(candidate, earlier, results);
    }
  }
  return fresh;
}

function settleRepeat(candidate: Candidate, storedHash: string, results: UsageEventResult[]) {
  const result = results[candidate.index]!;
  delete result.adjustment;
  if (storedHash === candidate.record.contentHash) {
    result.status = 'duplicate';
    return;
  }
  reject(result, candidate.index, [
    {
      path: '$.id',
      message: `customer "${candidate.record.customerId}" already has an event "${candidate.record.eventId}" with other content; a retry must send the same event`,
    },
  ]);
}

function flagAdjustment(
  candidate: Candidate,
  invoiced: InvoicedPeriods,
  results: UsageEventResult[],
): void {
  const invoice = invoiced.covering(candidate.record.customerId, candidate.record.timestamp);
  if (invoice === undefined) return;
  candidate.record.adjustment = { invoiceId: invoice._id };
  results[candidate.index]!.adjustment = {
    invoiceId: invoice._id,
    ...(invoice.number !== undefined && { invoiceNumber: invoice.number }),
  };
}

/**
 * Writes the batch: its record (open), its events in one insert, then the record ready with
 * the entries the aggregator adds up. An event stored before (a retry, or a concurrent request
 * with the same event) makes the insert fail: the events are then written one by one, and each
 * one already stored is settled as a duplicate or refused. Inserting first and sorting out
 * duplicates after costs one write for a fresh batch, the usual case, on every store.
 */
async function storeBatch(
  store: Store,
  batch: {
    _id: string;
    sender: string;
    receivedAt: string;
    candidates: readonly Candidate[];
    results: UsageEventResult[];
  },
): Promise<void> {
  const batches = store.collection<UsageBatchRecord>(USAGE_BATCHES);
  const events = store.collection<UsageEventRecord>(USAGE_EVENTS);
  await batches.insertOne({
    _id: batch._id,
    state: 'open',
    receivedAt: batch.receivedAt,
    sender: batch.sender,
    events: batch.candidates.length,
    eventIds: batch.candidates.map((candidate) => candidate.record._id),
  });
  let stored: readonly Candidate[] = batch.candidates;
  try {
    await events.insertMany(batch.candidates.map((candidate) => candidate.record));
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    const inserted: Candidate[] = [];
    for (const candidate of batch.candidates) {
      if (await insertOrSettle(store, batch._id, candidate, batch.results))
        inserted.push(candidate);
    }
    stored = inserted;
  }
  await batches.updateOne(
    { _id: batch._id, state: 'open' },
    {
      $set: {
        state: 'ready',
        events: stored.length,
        entries: stored.map((candidate) => usageEntry(candidate.record)),
      },
    },
  );
}

/** Stores the event; false when it was stored before (by another batch), which settles it. */
async function insertOrSettle(
  store: Store,
  batchId: string,
  candidate: Candidate,
  results: UsageEventResult[],
): Promise<boolean> {
  const events = store.collection<UsageEventRecord>(USAGE_EVENTS);
  try {
    await events.insertOne(candidate.record);
    return true;
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    const stored = await events.findOne({ _id: candidate.record._id });
    // Stored by this batch's own insertMany before it stopped at a duplicate: ours.
    if (stored === null || stored.batch === batchId) return true;
    settleRepeat(candidate, stored.contentHash, results);
    return false;
  }
}
