// Finalizing a numbered draft (an invoice, a credit note or a debit note): marked finalized,
// sealed with the SHA-256 of its content, and audited, all in one conditional write, so a
// document is finalized once, whoever else tries, and the audit entry cannot be lost.
import { createHash } from 'node:crypto';
import type { AuditActor, Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { PENDING_AUDITS } from '../customers/customer-records';
import type { Store } from '../store/store';
import { INVOICES, type InvoiceRecord } from './invoice-records';

/** What the content hash covers: everything the document says, none of its bookkeeping. */
export function sealedContent(invoice: InvoiceRecord) {
  return {
    id: invoice._id,
    kind: invoice.kind,
    number: invoice.number,
    series: invoice.series,
    sequence: invoice.sequence,
    customerId: invoice.customerId,
    customer: invoice.customer,
    currency: invoice.currency,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    rating: invoice.rating,
    finalizedAt: invoice.finalizedAt,
    ...(invoice.references !== undefined && { references: invoice.references }),
    ...(invoice.adjustment !== undefined && { adjustment: invoice.adjustment }),
  };
}

export async function finalizeInvoice(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  numbered: InvoiceRecord;
}): Promise<void> {
  const { store, clock, actor, numbered } = options;
  if (numbered.status === 'finalized') return;
  const finalizedAt = clock.now().toISOString();
  const contentHash = createHash('sha256')
    .update(canonicalJson(sealedContent({ ...numbered, finalizedAt })))
    .digest('hex');
  const audit = pendingAudit({
    actor,
    action: 'invoice.finalized',
    target: { type: 'invoice', id: numbered._id },
    details: {
      number: numbered.number!,
      kind: numbered.kind,
      customerId: numbered.customerId,
      periodStart: numbered.periodStart,
      currency: numbered.currency,
      total: numbered.rating.totals.total,
      contentHash,
      runId: numbered.runId,
      ...(numbered.references !== undefined && { references: numbered.references.number }),
    },
  });
  const { matched } = await store.collection<InvoiceRecord>(INVOICES).updateOne(
    { _id: numbered._id, status: 'draft' },
    {
      $set: { status: 'finalized', finalizedAt, contentHash, updatedAt: finalizedAt, ...audit.set },
      $inc: { [PENDING_AUDITS]: 1 },
    },
  );
  if (!matched) return;
  await flushPendingAudit({
    store,
    clock,
    collection: INVOICES,
    documentId: numbered._id,
    pending: [audit],
    counter: PENDING_AUDITS,
  });
}
