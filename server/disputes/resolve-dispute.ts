// An open dispute is resolved once, with its outcome and a note, audited as dispute.resolved. From
// then on its retention runs (five years by default), and with it that of the invoice it names.
import type { AuditActor, Clock } from '../audit/audit-entry';
import { pendingAudit } from '../audit/record-outbox';
import { flushAudited, withoutOutbox } from '../customers/audited-write';
import { PENDING_AUDITS } from '../customers/customer-records';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { DISPUTES, type DisputeOutcome, type DisputeRecord } from './dispute-records';

export async function resolveDispute(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  disputeId: string;
  outcome: DisputeOutcome;
  note: string;
}): Promise<Omit<DisputeRecord, 'pendingAudit' | 'pendingAudits'>> {
  const { store, clock, actor, disputeId, outcome, note } = options;
  const disputes = store.collection<DisputeRecord>(DISPUTES);
  const found = await disputes.findOne({ _id: disputeId });
  if (found === null) throw new AppError('not_found', `there is no dispute "${disputeId}"`);
  const audit = pendingAudit({
    actor,
    action: 'dispute.resolved',
    target: { type: 'dispute', id: disputeId },
    reason: note,
    details: {
      outcome,
      invoiceId: found.invoiceId,
      amount: found.amount,
      currency: found.currency,
    },
  });
  const resolved = await disputes.findOneAndUpdate(
    { _id: disputeId, state: 'open' },
    {
      $set: {
        state: 'resolved',
        resolvedAt: clock.now().toISOString(),
        resolution: { outcome, note, by: actor },
        ...audit.set,
      },
      $inc: { [PENDING_AUDITS]: 1 },
    },
  );
  if (resolved === null) {
    throw new AppError(
      'conflict',
      `dispute "${disputeId}" was resolved already (${found.resolution?.outcome ?? 'meanwhile'})`,
    );
  }
  await flushAudited({ store, clock, collection: DISPUTES, documentId: disputeId, audit });
  return withoutOutbox(resolved);
}
