// A correction asked for one invoice (a price was wrong, and the published policies now say what
// it should have been): audited, then settled at once, so the caller sees the credit or debit
// note, or that the period still comes to what was billed. A request for every invoice of a
// period is settled by the next invoice run instead (request-period-corrections.ts).
import type { AuditActor, Clock } from '../audit';
import { pendingAudit } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import type { PolicySet } from '../rating/policy-set';
import type { Store } from '../store/store';
import { requestAdjustment } from './adjustment-requests';
import { INVOICES, type InvoiceRecord } from './invoice-records';
import { settleAdjustment, type AdjustmentOutcome } from './settle-adjustment';

export async function findCorrectableInvoice(store: Store, id: string): Promise<InvoiceRecord> {
  const invoice = await store.collection<InvoiceRecord>(INVOICES).findOne({ _id: id });
  if (invoice === null) throw new AppError('not_found', `there is no invoice "${id}"`);
  if (invoice.kind !== 'invoice' || invoice.status !== 'finalized') {
    throw new AppError(
      'conflict',
      `${invoice._id} is a ${invoice.status} ${invoice.kind.replace('_', ' ')}: only a finalized invoice is corrected with a note`,
    );
  }
  return invoice;
}

export async function correctInvoice(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  policies: PolicySet;
  invoiceId: string;
  reason: string;
}): Promise<AdjustmentOutcome> {
  const { store, clock, actor, reason } = options;
  const invoice = await findCorrectableInvoice(store, options.invoiceId);
  const request = await requestAdjustment({
    store,
    clock,
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
  return await settleAdjustment({
    store,
    clock,
    actor,
    policies: options.policies,
    runId: null,
    request,
  });
}
