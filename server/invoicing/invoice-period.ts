// One customer's invoice for one closed period: rated with the published policies in force for
// each charge, kept as a draft, then finalized: numbered without gaps in the series of its year,
// sealed with the hash of its content and audited in the same write. Every step can run again
// after a crash: the invoice id is the customer's and the period's, a finalized invoice is left
// alone, a numbered draft keeps its content and only needs sealing.
import type { AuditActor, Clock } from '../audit';
import type { CustomerBilling } from '../customers/customer-profile';
import type { CustomerRecord } from '../customers/customer-records';
import type { PolicySet } from '../rating/policy-set';
import { rateInvoice } from '../rating/rate-invoice';
import { RatingError } from '../rating/rating-error';
import type { RatingRequest, RatingResult } from '../rating/types';
import { DuplicateKeyError, type Store } from '../store/store';
import type { BillingPeriod } from './billing-periods';
import { assignInvoiceNumber } from './invoice-numbering';
import { finalizeInvoice } from './finalize-invoice';
import { INVOICES, billedCustomer, type InvoiceRecord } from './invoice-records';

export type PeriodOutcome =
  | { kind: 'invoiced'; number: string }
  | { kind: 'alreadyInvoiced' }
  | { kind: 'empty' }
  | { kind: 'failed'; message: string };

/** One invoice per customer and period: the id says which. */
export function invoiceIdOf(customerId: string, period: BillingPeriod): string {
  return `inv_${customerId}_${period.start.slice(0, 10)}`;
}

export async function invoicePeriod(options: {
  store: Store;
  clock: Clock;
  runId: string;
  actor: AuditActor;
  customer: CustomerRecord & { billing: CustomerBilling };
  request: RatingRequest;
  policies: PolicySet;
}): Promise<PeriodOutcome> {
  const { store, clock, customer, request } = options;
  const invoices = store.collection<InvoiceRecord>(INVOICES);
  const period = { start: request.period.start, end: request.period.end };
  const id = invoiceIdOf(customer._id, period);
  let invoice = await invoices.findOne({ _id: id });
  if (invoice?.status === 'finalized') return { kind: 'alreadyInvoiced' };
  if (invoice?.number === undefined) {
    let rating: RatingResult;
    try {
      rating = rateInvoice({ request, policies: options.policies });
    } catch (error) {
      if (error instanceof RatingError) return { kind: 'failed', message: error.message };
      throw error;
    }
    if (rating.lines.length === 0) {
      if (invoice) await invoices.deleteMany({ _id: id, status: 'draft' });
      return { kind: 'empty' };
    }
    invoice = await saveDraft(options, id, period, rating, invoice);
  }
  const series = `INV-${clock.now().getUTCFullYear()}`;
  const number = await assignInvoiceNumber({ store, collection: INVOICES, documentId: id, series });
  const numbered = (await invoices.findOne({ _id: id }))!;
  await finalizeInvoice({ store, clock, actor: options.actor, numbered });
  return { kind: 'invoiced', number };
}

async function saveDraft(
  options: Parameters<typeof invoicePeriod>[0],
  id: string,
  period: BillingPeriod,
  rating: RatingResult,
  existing: InvoiceRecord | null,
): Promise<InvoiceRecord> {
  const { store, clock, customer, runId } = options;
  const invoices = store.collection<InvoiceRecord>(INVOICES);
  const now = clock.now().toISOString();
  const content = {
    customer: billedCustomer(customer),
    currency: rating.currency,
    rating,
    runId,
    updatedAt: now,
  };
  if (existing) {
    // A draft a crash left before it was numbered: rated again, since usage may have come since.
    await invoices.updateOne(
      { _id: id, status: 'draft', number: { $exists: false } },
      { $set: content },
    );
    return { ...existing, ...content };
  }
  const draft: InvoiceRecord = {
    _id: id,
    kind: 'invoice',
    status: 'draft',
    customerId: customer._id,
    periodStart: period.start,
    periodEnd: period.end,
    createdAt: now,
    ...content,
  };
  try {
    await invoices.insertOne(draft);
  } catch (error) {
    // Another run made it meanwhile: that one is the invoice.
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
  return draft;
}
