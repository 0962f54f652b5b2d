// A correction asked for one invoice (a price was wrong, and the published policies now say what
// it should have been): audited, then settled at once, so the caller sees the credit or debit
// note, or that the period still comes to what was billed. A request for every invoice of a
// period is settled by the next invoice run instead (request-period-corrections.ts).
import type { AuditActor, Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { PolicySet } from '../rating/policy-set';
import type { Store } from '../store/store';
import { requestCorrection } from './adjustment-requests';
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
  const request = await requestCorrection({ store, clock, actor, invoice, reason });
  return await settleAdjustment({
    store,
    clock,
    actor,
    policies: options.policies,
    runId: null,
    request,
  });
}
