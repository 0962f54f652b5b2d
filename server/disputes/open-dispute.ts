// A customer disputes an issued invoice or debit note: recorded open, with what is disputed and
// why, audited as dispute.opened. A credit note (money back to the customer) and a draft (not yet
// issued) cannot be disputed.
//
// An invoice past its retention may be being purged while a dispute is opened. Both sides write
// first and look second: the purge records its intent (invoice_purges) before it looks for
// disputes, and a dispute is inserted before it looks for that intent; so at least one of them
// sees the other, and either the purge keeps the invoice or the dispute is withdrawn here and
// refused.
import { randomBytes } from 'node:crypto';
import type { AuditActor, Clock } from '../audit/audit-entry';
import { pendingAudit } from '../audit/record-outbox';
import { flushAudited } from '../customers/audited-write';
import { AppError } from '../errors/app-error';
import { INVOICES, type InvoiceRecord } from '../invoicing/invoice-records';
import { INVOICE_PURGES, type InvoicePurgeRecord } from '../retention/retention-records';
import type { Store } from '../store/store';
import { DISPUTES, type DisputeRecord } from './dispute-records';
import { disputedAmount, type DisputedLineInput } from './disputed-amount';

export async function openDispute(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  invoiceId: string;
  reason: string;
  lines?: readonly DisputedLineInput[];
  amount?: unknown;
}): Promise<Omit<DisputeRecord, 'pendingAudit' | 'pendingAudits'>> {
  const { store, clock, actor, invoiceId } = options;
  const invoice = await store.collection<InvoiceRecord>(INVOICES).findOne({ _id: invoiceId });
  if (invoice === null) throw new AppError('not_found', `there is no invoice "${invoiceId}"`);
  if (invoice.status !== 'finalized') {
    throw new AppError(
      'conflict',
      `invoice "${invoiceId}" is a draft: only issued invoices can be disputed`,
    );
  }
  if (invoice.kind === 'credit_note') {
    throw new AppError('conflict', `"${invoiceId}" is a credit note: it bills nothing to dispute`);
  }
  const disputed = disputedAmount(invoice, options.lines, options.amount);
  if (!disputed.ok) {
    throw new AppError('invalid_request', 'the dispute is invalid', { issues: disputed.issues });
  }
  const record: DisputeRecord = {
    _id: `dsp_${randomBytes(12).toString('hex')}`,
    invoiceId,
    invoiceNumber: invoice.number!,
    customerId: invoice.customerId,
    currency: invoice.currency,
    state: 'open',
    reason: options.reason,
    lines: disputed.lines,
    amount: disputed.amount,
    openedAt: clock.now().toISOString(),
    openedBy: actor,
  };
  const audit = pendingAudit({
    actor,
    action: 'dispute.opened',
    target: { type: 'dispute', id: record._id },
    reason: options.reason,
    details: {
      invoiceId,
      invoiceNumber: record.invoiceNumber,
      customerId: record.customerId,
      amount: record.amount,
      currency: record.currency,
      lines: record.lines.map((line) => line.lineId),
    },
  });
  const disputes = store.collection<DisputeRecord>(DISPUTES);
  await disputes.insertOne({
    ...record,
    pendingAudit: { [audit.id]: audit.entry },
    pendingAudits: 1,
  });
  const purging = await store
    .collection<InvoicePurgeRecord>(INVOICE_PURGES)
    .findOne({ _id: invoiceId });
  if (purging !== null || (await store.collection(INVOICES).count({ _id: invoiceId })) === 0) {
    // Nothing happened: the entry never reaches the log, the record goes with it.
    await disputes.deleteMany({ _id: record._id });
    throw new AppError(
      'conflict',
      `invoice "${invoiceId}" is past its retention and being deleted: it can no longer be disputed`,
    );
  }
  await flushAudited({ store, clock, collection: DISPUTES, documentId: record._id, audit });
  return record;
}
