// Turns ready batches of usage events into daily aggregates, in passes. Ingestion stays one bulk
// write per batch, and a pass writes each touched aggregate once, however many events it adds.
//
// Without transactions, a pass is made safe to repeat: it is recorded (number and batches) before
// it writes, each aggregate records the last pass applied to it and is written only if that is
// still what was read (so a pass is applied to an aggregate at most once, even by two processes
// at the same time), then its batches are marked aggregated and the pass done. A process killed
// mid-pass leaves it `applying`; the next pass, here or in another process, finishes it first.
import type { Clock } from '../audit';
import { USAGE_DAILY } from '../customers/customer-records';
import { DuplicateKeyError, type Store } from '../store/store';
import {
  combined,
  dailyContributions,
  type AggregatedDay,
  type Contribution,
} from './daily-contributions';
import {
  USAGE_BATCHES,
  USAGE_EVENTS,
  type UsageBatchRecord,
  type UsageEntry,
  type UsageEventRecord,
  usageEntry,
} from './meter-records';
import { requestAdjustment } from '../invoicing/adjustment-requests';
import { meters } from './meters-repository';

export const USAGE_PASSES = 'usage_passes';
const PASS_ID = 'aggregator';

interface PassRecord {
  _id: string;
  pass: number;
  state: 'applying' | 'done';
  batches: string[];
  startedAt?: string;
}

export interface PassOutcome {
  pass: number;
  batches: number;
  events: number;
  aggregates: number;
}

export interface AggregateOptions {
  store: Store;
  clock: Clock;
  /** At most this many batches per pass. */
  batchLimit?: number;
  /** Open batches received before this instant were left by a crash: aggregate what they hold. */
  abandonedBefore: string;
  /**
   * Stops a pass between two writes (the server is shutting down): it is left applying, and the
   * next pass finishes it, as after a crash.
   */
  signal?: AbortSignal;
}

/** Runs one pass (finishing an interrupted one first); null when nothing was waiting. */
export async function aggregatePendingUsage(
  options: AggregateOptions,
): Promise<PassOutcome | null> {
  const { store } = options;
  const passes = store.collection<PassRecord>(USAGE_PASSES);
  let current = await passes.findOne({ _id: PASS_ID });
  if (current === null) {
    current = { _id: PASS_ID, pass: 0, state: 'done', batches: [] };
    try {
      await passes.insertOne(current);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      current = (await passes.findOne({ _id: PASS_ID }))!;
    }
  }
  if (current.state === 'applying') return await applyPass(options, current.pass, current.batches);
  const waiting = await waitingBatches(options);
  if (waiting.length === 0) return null;
  const claimed = await passes.findOneAndUpdate(
    { _id: PASS_ID, pass: current.pass, state: 'done' },
    {
      $set: { state: 'applying', batches: waiting, startedAt: options.clock.now().toISOString() },
      $inc: { pass: 1 },
    },
  );
  // Another process claimed this pass: its batches are its to apply.
  if (claimed === null) return null;
  return await applyPass(options, claimed.pass, claimed.batches);
}

/** Runs passes until no batch is waiting; returns how many events they aggregated. */
export async function aggregateAllPendingUsage(options: AggregateOptions): Promise<number> {
  let events = 0;
  for (let outcome = await aggregatePendingUsage(options); outcome !== null;) {
    events += outcome.events;
    outcome = await aggregatePendingUsage(options);
  }
  return events;
}

async function waitingBatches(options: AggregateOptions): Promise<string[]> {
  const batches = options.store.collection<UsageBatchRecord>(USAGE_BATCHES);
  const limit = options.batchLimit ?? 200;
  const ready = await batches.find({ state: 'ready' }, { sort: { receivedAt: 1 }, limit });
  const abandoned = await batches.find(
    { state: 'open', receivedAt: { $lt: options.abandonedBefore } },
    { limit },
  );
  return [...ready, ...abandoned].slice(0, limit).map((batch) => batch._id);
}

async function applyPass(
  options: AggregateOptions,
  pass: number,
  batchIds: readonly string[],
): Promise<PassOutcome> {
  const { store, clock } = options;
  const events = await entriesOf(store, batchIds);
  const meterRecords = await meters(store).find({});
  const contributions = dailyContributions(
    events,
    new Map(meterRecords.map((record) => [record._id, record])),
  );
  await applyContributions(store, [...contributions.values()], pass, options.signal);
  await requestLateUsageAdjustments(options, events);
  const batches = store.collection<UsageBatchRecord>(USAGE_BATCHES);
  const aggregatedAt = clock.now().toISOString();
  for (const id of batchIds) {
    await batches.updateOne(
      { _id: id, state: { $ne: 'aggregated' } },
      {
        $set: { state: 'aggregated', pass, aggregatedAt },
        $unset: { entries: true, eventIds: true },
      },
    );
  }
  await store
    .collection<PassRecord>(USAGE_PASSES)
    .updateOne({ _id: PASS_ID, pass, state: 'applying' }, { $set: { state: 'done', batches: [] } });
  return { pass, batches: batchIds.length, events: events.length, aggregates: contributions.size };
}

/**
 * Late usage, now in the daily aggregates: its invoices' periods are to be rated again. Before
 * the batches are marked aggregated, so a pass a crash interrupts asks again when finished.
 */
async function requestLateUsageAdjustments(
  options: AggregateOptions,
  entries: readonly UsageEntry[],
): Promise<void> {
  const invoices = new Map<string, string>();
  for (const entry of entries) {
    if (entry.adjustment !== undefined) invoices.set(entry.adjustment.invoiceId, entry.customerId);
  }
  const detail = options.clock.now().toISOString();
  for (const [invoiceId, customerId] of invoices) {
    await requestAdjustment({
      store: options.store,
      clock: options.clock,
      invoice: { _id: invoiceId, customerId },
      cause: 'late_usage',
      detail,
    });
  }
}

/**
 * The entries of the batches: a ready batch holds them; an open one (left by a crash) is
 * counted with the events stored under it.
 */
async function entriesOf(store: Store, batchIds: readonly string[]): Promise<UsageEntry[]> {
  const batches = await findInChunks<UsageBatchRecord>(store, USAGE_BATCHES, '_id', batchIds);
  const entries: UsageEntry[] = [];
  for (const batch of batches) {
    if (batch.entries !== undefined) entries.push(...batch.entries);
    else if (batch.state === 'open') {
      const stored = await findInChunks<UsageEventRecord>(
        store,
        USAGE_EVENTS,
        '_id',
        batch.eventIds ?? [],
      );
      // Ids this batch found stored already belong to the batch that stored them.
      entries.push(...stored.filter((event) => event.batch === batch._id).map(usageEntry));
    }
  }
  return entries;
}

async function findInChunks<T extends { _id: string }>(
  store: Store,
  collection: string,
  field: string,
  values: readonly string[],
): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < values.length; start += 1000) {
    const chunk = values.slice(start, start + 1000);
    found.push(...(await store.collection<T>(collection).find({ [field]: { $in: chunk } })));
  }
  return found;
}

async function applyContributions(
  store: Store,
  contributions: readonly Contribution[],
  pass: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const daily = store.collection<AggregatedDay>(USAGE_DAILY);
  const existing = new Map(
    (
      await findInChunks<AggregatedDay>(
        store,
        USAGE_DAILY,
        '_id',
        contributions.map((contribution) => contribution.id),
      )
    ).map((record) => [record._id, record]),
  );
  const created: AggregatedDay[] = [];
  for (const contribution of contributions) {
    signal?.throwIfAborted();
    const stored = existing.get(contribution.id);
    if (stored === undefined) created.push(combined(undefined, contribution, pass));
    else await applyOne(store, contribution, pass, stored);
  }
  try {
    await daily.insertMany(created);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    // Created meanwhile (a concurrent pass finishing this one): apply one by one, each once.
    for (const record of created) {
      const contribution = contributions.find((one) => one.id === record._id)!;
      await applyOne(store, contribution, pass, await daily.findOne({ _id: record._id }));
    }
  }
}

/** Applies the contribution unless the aggregate has it; retries when it changed meanwhile. */
async function applyOne(
  store: Store,
  contribution: Contribution,
  pass: number,
  stored: AggregatedDay | null,
): Promise<void> {
  const daily = store.collection<AggregatedDay>(USAGE_DAILY);
  for (let current = stored; ; current = await daily.findOne({ _id: contribution.id })) {
    if (current !== null && (current.pass ?? 0) >= pass) return;
    const next = combined(current ?? undefined, contribution, pass);
    if (current === null) {
      try {
        await daily.insertOne(next);
        return;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        continue;
      }
    }
    const { _id, ...fields } = next;
    const { matched } = await daily.updateOne(
      { _id, pass: current.pass === undefined ? { $exists: false } : current.pass },
      { $set: fields },
    );
    if (matched) return;
  }
}
