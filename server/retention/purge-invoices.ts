// Invoices, credit notes and debit notes past their retention (`invoiceYears` from the end of the
// year of issue, retention-period.ts), with their PDF when no other invoice of the customer uses
// the file. Never a draft (its retention has not begun), and never one that something still
// kept leans on: a credit or debit note referencing it (the chain stays whole; the note, younger,
// goes first, and the invoice with a later run), a dispute of it (disputes are purged before
// invoices, so one that is left is still under its own retention), or a correction of it still
// due (its adjustment request), or a delivery of it still being tried. A settled adjustment
// request and the finished deliveries (their log names the customer's address) go with it.
//
// Each invoice is purged in steps a crash may stop anywhere: the intent (invoice_purges, naming
// the PDF) is written first, then what holds the invoice is looked for, then the invoice is
// deleted under its retention condition and with the PDF it had, then the file, then the intent.
// The next purge finishes any intent it finds before it starts, so nothing is left half done;
// and opening a dispute looks for the intent after writing the dispute (open-dispute.ts).
import { DISPUTES } from '../disputes/dispute-records';
import { adjustmentRequests } from '../invoicing/adjustment-requests';
import { DELIVERIES, type DeliveryRecord } from '../invoicing/delivery/delivery-records';
import { INVOICES, type InvoiceRecord } from '../invoicing/invoice-records';
import type { BlobStore } from '../store/blob-store';
import { DuplicateKeyError, type Filter, type Store } from '../store/store';
import { invoicesFinalizedBefore } from './retention-period';
import { PURGE_PAGE_SIZE, type PurgeOptions } from './purge-page';
import { INVOICE_PURGES, type InvoicePurgeRecord } from './retention-records';

export async function purgeInvoices(options: PurgeOptions & { blobs: BlobStore }): Promise<void> {
  await finishInterruptedPurges(options);
  const invoices = options.store.collection<InvoiceRecord>(INVOICES);
  for (let after = ''; ;) {
    const { invoiceYears } = await options.periods();
    const finalizedBefore = invoicesFinalizedBefore(
      options.clock.now(),
      invoiceYears,
    ).toISOString();
    // No index on finalizedAt: every draft of a run would share its missing key, which the
    // embedded store keeps as one list it filters on each write of one of them (invoicing-indexes
    // says what that cost for the run id). The purge reads the invoices in id order instead.
    const page = await invoices.find(
      { status: 'finalized', finalizedAt: { $lt: finalizedBefore }, _id: { $gt: after } },
      { sort: { _id: 1 }, limit: options.pageSize ?? PURGE_PAGE_SIZE },
    );
    if (page.length === 0) return;
    const deleted = { invoices: 0, invoicePdfs: 0 };
    for (const invoice of page) {
      const outcome = await purgeInvoice(options, invoice, finalizedBefore);
      deleted.invoices += outcome.invoice;
      deleted.invoicePdfs += outcome.pdf;
    }
    await options.onPage(deleted, { finalizedBefore });
    after = page.at(-1)!._id;
  }
}

async function purgeInvoice(
  options: PurgeOptions & { blobs: BlobStore },
  invoice: InvoiceRecord,
  finalizedBefore: string,
): Promise<{ invoice: number; pdf: number }> {
  const { store, clock } = options;
  // An audit entry still in its outbox would be lost with the record: recovery appends it first.
  if (hasPendingAudits(invoice)) return { invoice: 0, pdf: 0 };
  const intent: InvoicePurgeRecord = {
    _id: invoice._id,
    customerId: invoice.customerId,
    startedAt: clock.now().toISOString(),
    pdfSha256: invoice.pdf?.sha256 ?? null,
  };
  try {
    await store.collection<InvoicePurgeRecord>(INVOICE_PURGES).insertOne(intent);
  } catch (error) {
    // Left by a purge a crash stopped, or taken by one running elsewhere: that one finishes it.
    if (error instanceof DuplicateKeyError) return { invoice: 0, pdf: 0 };
    throw error;
  }
  return await completePurge(options, intent, finalizedBefore);
}

/** Deletes the invoice of the intent if it may go, then its PDF if unused, then the intent. */
async function completePurge(
  options: PurgeOptions & { blobs: BlobStore },
  intent: InvoicePurgeRecord,
  finalizedBefore: string,
): Promise<{ invoice: number; pdf: number }> {
  const { store } = options;
  const invoices = store.collection<InvoiceRecord>(INVOICES);
  const invoice = await invoices.findOne({ _id: intent._id });
  let deleted = 0;
  if (invoice !== null && !(await isHeld(store, invoice))) {
    const filter: Filter = {
      _id: invoice._id,
      status: 'finalized',
      finalizedAt: { $lt: finalizedBefore },
      ...(intent.pdfSha256 === null
        ? { pdf: { $exists: false } }
        : { 'pdf.sha256': intent.pdfSha256 }),
    };
    deleted = await invoices.deleteMany(filter);
  }
  let pdf = 0;
  const gone = invoice === null || deleted === 1;
  if (gone) {
    await deleteSettledAdjustment(store, intent._id);
    await deleteFinishedDeliveries(store, intent._id);
  }
  if (gone && intent.pdfSha256 !== null) {
    // A PDF prints the invoice's number and customer: only an invoice of the same customer could
    // ever have the same bytes, so the customer's own invoices are the ones to ask.
    const users = await invoices.count({
      customerId: intent.customerId,
      'pdf.sha256': intent.pdfSha256,
    });
    if (users === 0 && (await options.blobs.delete(intent.pdfSha256))) pdf = 1;
  }
  await store.collection(INVOICE_PURGES).deleteMany({ _id: intent._id });
  return { invoice: deleted, pdf };
}

/** A credit or debit note of it or a dispute of it is still kept, or a correction is due. */
async function isHeld(store: Store, invoice: InvoiceRecord): Promise<boolean> {
  const notes = await store
    .collection(INVOICES)
    .count({ customerId: invoice.customerId, 'references.invoiceId': invoice._id });
  if (notes > 0) return true;
  if ((await store.collection(DISPUTES).count({ invoiceId: invoice._id })) > 0) return true;
  const adjustment = await adjustmentRequests(store).findOne({ _id: invoice._id });
  if (adjustment !== null && (adjustment.state === 'due' || hasPendingAudits(adjustment))) {
    return true;
  }
  const tried = await store
    .collection<DeliveryRecord>(DELIVERIES)
    .count({ invoiceId: invoice._id, state: { $in: ['pending', 'sending'] } });
  return tried > 0;
}

/** The invoice's deliveries that are over (delivered, failed, skipped), with their attempts. */
async function deleteFinishedDeliveries(store: Store, invoiceId: string): Promise<void> {
  const deliveries = store.collection<DeliveryRecord>(DELIVERIES);
  for (const delivery of await deliveries.find({ invoiceId })) {
    if (FINISHED.has(delivery.state) && !hasPendingAudits(delivery)) {
      await deliveries.deleteMany({ _id: delivery._id, state: delivery.state });
    }
  }
}

const FINISHED = new Set<DeliveryRecord['state']>(['delivered', 'failed', 'skipped']);

/** The invoice's adjustment request, once settled: bookkeeping about an invoice now gone. */
async function deleteSettledAdjustment(store: Store, invoiceId: string): Promise<void> {
  const adjustment = await adjustmentRequests(store).findOne({ _id: invoiceId });
  if (adjustment === null || adjustment.state !== 'settled' || hasPendingAudits(adjustment)) return;
  await adjustmentRequests(store).deleteMany({
    _id: invoiceId,
    state: 'settled',
    token: adjustment.token,
  });
}

function hasPendingAudits(record: object): boolean {
  return ((record as { pendingAudits?: number }).pendingAudits ?? 0) > 0;
}

/** Intents a crash left behind, finished with today's cut-off before anything new is started. */
async function finishInterruptedPurges(
  options: PurgeOptions & { blobs: BlobStore },
): Promise<void> {
  const intents = options.store.collection<InvoicePurgeRecord>(INVOICE_PURGES);
  for (let after = ''; ;) {
    const page = await intents.find(
      { _id: { $gt: after } },
      { sort: { _id: 1 }, limit: options.pageSize ?? PURGE_PAGE_SIZE },
    );
    if (page.length === 0) return;
    const { invoiceYears } = await options.periods();
    const finalizedBefore = invoicesFinalizedBefore(
      options.clock.now(),
      invoiceYears,
    ).toISOString();
    const deleted = { invoices: 0, invoicePdfs: 0 };
    for (const intent of page) {
      const outcome = await completePurge(options, intent, finalizedBefore);
      deleted.invoices += outcome.invoice;
      deleted.invoicePdfs += outcome.pdf;
    }
    await options.onPage(deleted, { finalizedBefore });
    after = page.at(-1)!._id;
  }
}
