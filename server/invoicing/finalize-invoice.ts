// Finalizing a numbered draft (an invoice, a credit note or a debit note): marked finalized,
// sealed with the SHA-256 of its content, and audited, all in one conditional write, so a
// document is finalized once, whoever else tries, and the audit entry cannot be lost. Usually
// the number is given in that same write (numberAndFinalize).
import { createHash } from 'node:crypto';
import type { AuditActor, Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { flushPendingAudit, pendingAudit, type PendingAudit } from '../audit/record-outbox';
import { PENDING_AUDITS } from '../customers/customer-records';
import type { Store, Update } from '../store/store';
import { assignNumber } from './invoice-numbering';
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

/** The write that finalizes a numbered draft, and its audit entry to flush after it. */
export function finalization(options: {
  clock: Clock;
  actor: AuditActor;
  numbered: InvoiceRecord;
}): { update: Required<Pick<Update, '$set' | '$inc'>>; audit: PendingAudit } {
  const { clock, actor, numbered } = options;
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
  return {
    update: {
      $set: { status: 'finalized', finalizedAt, contentHash, updatedAt: finalizedAt, ...audit.set },
      $inc: { [PENDING_AUDITS]: 1 },
    },
    audit,
  };
}

/** Appends a finalization's audit entry and clears it from the document's outbox. */
export async function flushFinalization(
  store: Store,
  clock: Clock,
  documentId: string,
  audit: PendingAudit,
): Promise<void> {
  await flushPendingAudit({
    store,
    clock,
    collection: INVOICES,
    documentId,
    pending: [audit],
    counter: PENDING_AUDITS,
  });
}

export async function finalizeInvoice(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  numbered: InvoiceRecord;
}): Promise<void> {
  const { store, clock, numbered } = options;
  if (numbered.status === 'finalized') return;
  const { update, audit } = finalization(options);
  const { matched } = await store
    .collection<InvoiceRecord>(INVOICES)
    .updateOne({ _id: numbered._id, status: 'draft' }, update);
  if (matched) await flushFinalization(store, clock, numbered._id, audit);
}

/**
 * Numbers a draft and finalizes it in the same write, as the draft was saved (`revision` says so:
 * a draft rated again elsewhere meanwhile is finalized as stored instead). The number.
 */
export async function numberAndFinalize(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  draft: InvoiceRecord;
  series: string;
}): Promise<string> {
  const { store, clock, actor, draft } = options;
  let audit: PendingAudit | undefined;
  const assigned = await assignNumber({
    store,
    collection: INVOICES,
    documentId: draft._id,
    series: draft.series ?? options.series,
    together: {
      when: { status: 'draft', draftRevision: draft.draftRevision ?? { $exists: false } },
      update: (fields) => {
        const finalizing = finalization({ clock, actor, numbered: { ...draft, ...fields } });
        audit = finalizing.audit;
        return finalizing.update;
      },
    },
  });
  if (assigned.together) {
    await flushFinalization(store, clock, draft._id, audit!);
  } else {
    const numbered = (await store.collection<InvoiceRecord>(INVOICES).findOne({ _id: draft._id }))!;
    await finalizeInvoice({ store, clock, actor, numbered });
  }
  return assigned.number;
}
