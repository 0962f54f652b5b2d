// Periods to rate again: a finalized invoice whose period got late usage (marked by the usage
// aggregator once that usage is in the daily aggregates) or whose prices were corrected (marked
// on request). One record per invoice, `due` until a credit or debit note settles the
// difference. Each request draws a new token, and settling is conditional on the token it read,
// so a request that comes while the period is being rated again keeps the record due.
import { randomBytes } from 'node:crypto';
import type { AuditActor, Clock } from '../audit';
import { flushPendingAudit, pendingAudit, type PendingAudit } from '../audit/record-outbox';
import { PENDING_AUDITS } from '../customers/customer-records';
import type { Store } from '../store/store';

export const INVOICE_ADJUSTMENTS = 'invoice_adjustments';

export type AdjustmentCause = 'late_usage' | 'correction';

export interface AdjustmentRequestRecord {
  /** The invoice's id. */
  _id: string;
  customerId: string;
  state: 'due' | 'settled';
  token: string;
  /** What asked since the last settlement: late usage (when), a correction (its reason). */
  because?: Partial<Record<AdjustmentCause, string>>;
  requestedAt: string;
  settledAt?: string;
  /** The last note that settled it, if one was needed. */
  noteId?: string;
}

export function adjustmentRequests(store: Store) {
  return store.collection<AdjustmentRequestRecord>(INVOICE_ADJUSTMENTS);
}

/** Marks the invoice's period to be rated again; repeating it is harmless. */
export async function requestAdjustment(options: {
  store: Store;
  clock: Clock;
  invoice: { _id: string; customerId: string };
  cause: AdjustmentCause;
  /** For a correction, its reason; for late usage, the time it was counted. */
  detail: string;
  /** A correction asked by someone: audited in the same write. */
  audit?: PendingAudit;
}): Promise<AdjustmentRequestRecord> {
  const { invoice, cause, audit } = options;
  const requested = await adjustmentRequests(options.store).findOneAndUpdate(
    { _id: invoice._id },
    {
      $set: {
        customerId: invoice.customerId,
        state: 'due',
        token: randomBytes(8).toString('hex'),
        requestedAt: options.clock.now().toISOString(),
        [`because.${cause}`]: options.detail,
        ...audit?.set,
      },
      ...(audit !== undefined && { $inc: { [PENDING_AUDITS]: 1 } }),
    },
    { upsert: true },
  );
  if (audit !== undefined) {
    await flushPendingAudit({
      store: options.store,
      clock: options.clock,
      collection: INVOICE_ADJUSTMENTS,
      documentId: invoice._id,
      pending: [audit],
      counter: PENDING_AUDITS,
    });
  }
  return requested!;
}

/** A correction asked by someone for a finalized invoice: audited as asked. */
export async function requestCorrection(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  invoice: { _id: string; customerId: string; number?: string };
  reason: string;
}): Promise<AdjustmentRequestRecord> {
  const { actor, invoice, reason } = options;
  return await requestAdjustment({
    store: options.store,
    clock: options.clock,
    invoice,
    cause: 'correction',
    detail: reason,
    audit: pendingAudit({
      actor,
      action: 'invoice.correction_requested',
      target: { type: 'invoice', id: invoice._id },
      reason,
      details: { number: invoice.number!, customerId: invoice.customerId },
    }),
  });
}

/** Why a due request asks, for the note: "late usage" and the correction's reason. */
export function reasonsOf(request: AdjustmentRequestRecord): string[] {
  const reasons: string[] = [];
  if (request.because?.late_usage !== undefined) reasons.push('late usage');
  if (request.because?.correction !== undefined) reasons.push(request.because.correction);
  return reasons;
}

/** Settled, unless a request came after `token` was read. */
export async function settleRequest(options: {
  store: Store;
  clock: Clock;
  request: AdjustmentRequestRecord;
  noteId?: string;
}): Promise<boolean> {
  const { request } = options;
  const { matched } = await adjustmentRequests(options.store).updateOne(
    { _id: request._id, token: request.token, state: 'due' },
    {
      $set: {
        state: 'settled',
        settledAt: options.clock.now().toISOString(),
        ...(options.noteId !== undefined && { noteId: options.noteId }),
      },
      $unset: { because: true },
    },
  );
  return matched;
}
