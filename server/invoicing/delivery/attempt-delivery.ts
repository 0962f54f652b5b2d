// One attempt of one delivery job, in three steps that each survive a crash:
//   1. claim: pending -> sending, the attempt counted (conditional on the count read, so two
//      workers never make the same attempt);
//   2. send (the channel);
//   3. record: the attempt's outcome appended, the job delivered, skipped, failed (out of
//      attempts) or pending again at its backoff time, and its delivery.attempted audit entry,
//      in one write conditional on the claim; the entry is then appended to the audit log.
// A process killed between 1 and 3 leaves the job sending: abandoned claims are recorded as
// interrupted attempts and tried again at once (recoverAbandonedDeliveries), with the same
// delivery id, so a receiver that got the first copy can drop the second.
import type { AuditActor, Clock } from '../../audit';
import { flushPendingAudit, pendingAudit } from '../../audit/record-outbox';
import type { JsonValue } from '../../audit/audit-entry';
import { PENDING_AUDITS } from '../../customers/customer-records';
import type { Store } from '../../store/store';
import type { AttemptResult } from './attempt-result';
import { retryDelayMs } from './delivery-backoff';
import {
  DELIVERIES,
  type DeliveryAttempt,
  type DeliveryRecord,
  type DeliveryState,
} from './delivery-records';

export const DELIVERY_ACTOR: AuditActor = { type: 'system', id: 'invoice-delivery' };

export const INTERRUPTED =
  'the process stopped during this attempt: the receiver may have it; tried again with the same delivery id';

export type SendAttempt = (claimed: DeliveryRecord) => Promise<AttemptResult>;

/** Claims the job if it is still as read; null when another worker took it first. */
export async function claimDelivery(
  store: Store,
  clock: Clock,
  delivery: DeliveryRecord,
): Promise<DeliveryRecord | null> {
  const now = clock.now().toISOString();
  return await store
    .collection<DeliveryRecord>(DELIVERIES)
    .findOneAndUpdate(
      { _id: delivery._id, state: 'pending', attemptCount: delivery.attemptCount },
      { $set: { state: 'sending', claimedAt: now, updatedAt: now }, $inc: { attemptCount: 1 } },
    );
}

/** Makes one attempt of a job read as pending; false when another worker had claimed it. */
export async function attemptDelivery(options: {
  store: Store;
  clock: Clock;
  delivery: DeliveryRecord;
  send: SendAttempt;
  /** Attempts per round before the job is failed. */
  maxAttempts: number;
  /** The worker stopping: an attempt it cuts short is recorded as interrupted, due again. */
  signal?: AbortSignal;
}): Promise<boolean> {
  const { store, clock } = options;
  const claimed = await claimDelivery(store, clock, options.delivery);
  if (claimed === null) return false;
  const startedAt = claimed.claimedAt!;
  let result: AttemptResult | { outcome: 'interrupted'; error: string };
  try {
    result = await options.send(claimed);
  } catch (error) {
    result = options.signal?.aborted
      ? { outcome: 'interrupted', error: INTERRUPTED }
      : { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  await recordAttempt({
    store,
    clock,
    claimed,
    startedAt,
    result,
    maxAttempts: options.maxAttempts,
  });
  return true;
}

/** Records how the claimed attempt ended; false if the claim was lost meanwhile. */
export async function recordAttempt(options: {
  store: Store;
  clock: Clock;
  claimed: DeliveryRecord;
  startedAt: string;
  result: AttemptResult | { outcome: 'interrupted'; error: string };
  maxAttempts: number;
}): Promise<boolean> {
  const { store, clock, claimed, result } = options;
  const now = clock.now();
  const finishedAt = now.toISOString();
  const number = claimed.attemptCount;
  const attempt: DeliveryAttempt = {
    number,
    startedAt: options.startedAt,
    finishedAt,
    outcome: result.outcome,
    ...('httpStatus' in result &&
      result.httpStatus !== undefined && { httpStatus: result.httpStatus }),
    ...('smtpResponse' in result &&
      result.smtpResponse !== undefined && { smtpResponse: result.smtpResponse }),
    ...('error' in result && { error: result.error }),
  };
  let state: DeliveryState;
  let nextAttemptAt: string | null = null;
  if (result.outcome === 'delivered' || result.outcome === 'skipped') state = result.outcome;
  else if (
    ('permanent' in result && result.permanent === true) ||
    number >= claimed.roundStart + options.maxAttempts
  ) {
    state = 'failed';
  } else {
    state = 'pending';
    nextAttemptAt =
      result.outcome === 'interrupted'
        ? finishedAt
        : new Date(now.getTime() + retryDelayMs(number - claimed.roundStart)).toISOString();
  }
  const details: Record<string, JsonValue> = {
    invoiceId: claimed.invoiceId,
    channel: claimed.channel,
    ...(claimed.endpointId !== undefined && { endpointId: claimed.endpointId }),
    attempt: number,
    outcome: result.outcome,
    ...(attempt.httpStatus !== undefined && { httpStatus: attempt.httpStatus }),
    ...(attempt.smtpResponse !== undefined && {
      smtpCode: attempt.smtpResponse.slice(0, 3),
    }),
    state,
    ...(nextAttemptAt !== null && { nextAttemptAt }),
  };
  const audit = pendingAudit({
    actor: DELIVERY_ACTOR,
    action: 'delivery.attempted',
    target: { type: 'delivery', id: claimed._id },
    details,
  });
  const { matched } = await store.collection<DeliveryRecord>(DELIVERIES).updateOne(
    { _id: claimed._id, state: 'sending', attemptCount: number },
    {
      $set: {
        state,
        nextAttemptAt,
        claimedAt: null,
        updatedAt: finishedAt,
        ...(state === 'delivered' && { deliveredAt: finishedAt }),
        ...audit.set,
      },
      $push: { attempts: attempt },
      $inc: { [PENDING_AUDITS]: 1 },
    },
  );
  if (!matched) return false;
  await flushPendingAudit({
    store,
    clock,
    collection: DELIVERIES,
    documentId: claimed._id,
    pending: [audit],
    counter: PENDING_AUDITS,
  });
  return true;
}

/**
 * Jobs a dead process left sending (claimed before `abandonedBefore`): each claim is recorded as
 * an interrupted attempt and the job is due again now (or failed, if that was its last attempt).
 */
export async function recoverAbandonedDeliveries(options: {
  store: Store;
  clock: Clock;
  abandonedBefore: string;
  maxAttempts: number;
}): Promise<number> {
  const { store, clock } = options;
  const abandoned = await store
    .collection<DeliveryRecord>(DELIVERIES)
    .find({ state: 'sending', claimedAt: { $lt: options.abandonedBefore } });
  let recovered = 0;
  for (const claimed of abandoned) {
    const recorded = await recordAttempt({
      store,
      clock,
      claimed,
      startedAt: claimed.claimedAt!,
      result: { outcome: 'interrupted', error: INTERRUPTED },
      maxAttempts: options.maxAttempts,
    });
    if (recorded) recovered++;
  }
  return recovered;
}
