// Settles a due adjustment request: the invoice's period is rated again (the usage as it is now,
// the published policies in force for each charge) and the difference from what the period was
// billed (the invoice and the notes already issued for it) becomes a credit note (less) or a
// debit note (more) that references the invoice, numbered in its own series (CN-2026, DN-2026)
// at finalization.
//
// Safe to repeat after a crash at any point: a note is a draft with an id of the invoice and its
// place among the invoice's notes until it is finalized; a draft found again is rated again
// (unnumbered) or just finalized (numbered); once finalized it counts as billed, so rating again
// finds no difference, and the request is settled only then.
import { randomBytes } from 'node:crypto';
import type { AuditActor, Clock } from '../audit';
import type { CustomerBilling } from '../customers/customer-profile';
import type { CustomerRecord } from '../customers/customer-records';
import { customers } from '../customers/customers-repository';
import { loadRatingRequests } from '../customers/load-rating-requests';
import type { PolicySet } from '../rating/policy-set';
import { rateInvoice } from '../rating/rate-invoice';
import { RatingError } from '../rating/rating-error';
import { DuplicateKeyError, type Store } from '../store/store';
import { adjustmentDifference, type AdjustmentDifference } from './adjustment-difference';
import {
  adjustmentRequests,
  reasonsOf,
  settleRequest,
  type AdjustmentRequestRecord,
} from './adjustment-requests';
import { numberAndFinalize } from './finalize-invoice';
import { INVOICES, billedCustomer, type InvoiceRecord } from './invoice-records';

const SETTLE_PAGE_SIZE = 100;

export type AdjustmentOutcome =
  | { kind: 'credit_note' | 'debit_note'; noteId: string; number: string; total: string }
  | { kind: 'noDifference' }
  | { kind: 'failed'; message: string };

export interface SettleAdjustmentOptions {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  policies: PolicySet;
  /** The run settling it; null on request. */
  runId: string | null;
  request: AdjustmentRequestRecord;
}

/** Credit and debit notes of an invoice, found through the customer's index. */
export async function notesOf(store: Store, invoice: InvoiceRecord): Promise<InvoiceRecord[]> {
  const documents = await store
    .collection<InvoiceRecord>(INVOICES)
    .find(
      { customerId: invoice.customerId, periodStart: invoice.periodStart },
      { sort: { createdAt: 1, _id: 1 } },
    );
  return documents.filter((document) => document.references?.invoiceId === invoice._id);
}

export async function settleAdjustment(
  options: SettleAdjustmentOptions,
): Promise<AdjustmentOutcome> {
  const { store, clock, request } = options;
  const invoices = store.collection<InvoiceRecord>(INVOICES);
  const invoice = await invoices.findOne({ _id: request._id });
  if (invoice === null) {
    // Purged past its retention as the request came: nothing is left to correct.
    await settleRequest({ store, clock, request });
    return { kind: 'failed', message: `invoice ${request._id} is no longer kept (retention)` };
  }
  if (invoice.kind !== 'invoice' || invoice.status !== 'finalized') {
    return { kind: 'failed', message: `${request._id} is not a finalized invoice` };
  }
  for (;;) {
    const notes = await notesOf(store, invoice);
    const billed = [invoice, ...notes.filter((note) => note.status === 'finalized')];
    const left = notes.find((note) => note.status === 'draft');
    if (left?.number !== undefined) {
      // Numbered before a crash: it is issued as it was (its claim on the series released, if
      // the crash left it), then the period is rated again, since it may predate this request.
      await numberAndFinalizeNote(options, left);
      continue;
    }
    const rated = await rateAgain(options, invoice, billed);
    if (rated.kind === 'failed') return rated;
    if (rated.difference === null) {
      if (left) await invoices.deleteMany({ _id: left._id, number: { $exists: false } });
      await settleRequest({ store, clock, request });
      return { kind: 'noDifference' };
    }
    const draft = await saveNoteDraft(options, invoice, billed, rated, left);
    const numbered = await numberAndFinalizeNote(options, draft);
    await settleRequest({ store, clock, request, noteId: numbered._id });
    return {
      kind: numbered.kind as 'credit_note' | 'debit_note',
      noteId: numbered._id,
      number: numbered.number!,
      total: numbered.rating.totals.total,
    };
  }
}

/** The note numbered (credit and debit notes have a series each) and sealed. */
async function numberAndFinalizeNote(
  options: SettleAdjustmentOptions,
  draft: InvoiceRecord,
): Promise<InvoiceRecord> {
  const { store, clock } = options;
  const kind = draft.kind === 'credit_note' ? 'CN' : 'DN';
  await numberAndFinalize({
    store,
    clock,
    actor: options.actor,
    draft,
    series: `${kind}-${clock.now().getUTCFullYear()}`,
  });
  return (await store.collection<InvoiceRecord>(INVOICES).findOne({ _id: draft._id }))!;
}

type Rated =
  | {
      kind: 'rated';
      customer: CustomerRecord & { billing: CustomerBilling };
      difference: AdjustmentDifference | null;
    }
  | { kind: 'failed'; message: string };

async function rateAgain(
  options: SettleAdjustmentOptions,
  invoice: InvoiceRecord,
  billed: readonly InvoiceRecord[],
): Promise<Rated> {
  const { store } = options;
  const customer = await customers(store).findOne({ _id: invoice.customerId });
  if (customer?.billing === undefined) {
    return { kind: 'failed', message: `customer ${invoice.customerId} has no billing profile` };
  }
  const period = { start: invoice.periodStart, end: invoice.periodEnd };
  const { requests } = await loadRatingRequests(store, period, [customer._id]);
  try {
    const corrected = rateInvoice({ request: requests[0]!, policies: options.policies });
    if (corrected.currency !== invoice.currency) {
      return {
        kind: 'failed',
        message: `${invoice.number} is in ${invoice.currency} and the period now rates in ${corrected.currency}: a note keeps its invoice's currency, nothing is converted`,
      };
    }
    const difference = adjustmentDifference(
      billed.map((document) => document.rating),
      corrected,
    );
    return { kind: 'rated', customer: { ...customer, billing: customer.billing }, difference };
  } catch (error) {
    if (error instanceof RatingError) return { kind: 'failed', message: error.message };
    throw error;
  }
}

async function saveNoteDraft(
  options: SettleAdjustmentOptions,
  invoice: InvoiceRecord,
  billed: readonly InvoiceRecord[],
  rated: Extract<Rated, { kind: 'rated' }>,
  existing: InvoiceRecord | undefined,
): Promise<InvoiceRecord> {
  const { store, clock, request } = options;
  const difference = rated.difference!;
  const invoices = store.collection<InvoiceRecord>(INVOICES);
  const now = clock.now().toISOString();
  const total = difference.rating.totals.total;
  const content = {
    kind: total.startsWith('-') ? ('credit_note' as const) : ('debit_note' as const),
    customer: billedCustomer(rated.customer),
    currency: invoice.currency,
    rating: difference.rating,
    adjustment: {
      reasons: reasonsOf(request),
      corrected: difference.corrected,
      changes: difference.changes,
    },
    runId: options.runId,
    updatedAt: now,
    draftRevision: randomBytes(6).toString('hex'),
  };
  if (existing) {
    await invoices.updateOne(
      { _id: existing._id, status: 'draft', number: { $exists: false } },
      { $set: content },
    );
    return { ...existing, ...content };
  }
  const draft: InvoiceRecord = {
    _id: `${invoice._id}_note${billed.length}`,
    status: 'draft',
    customerId: invoice.customerId,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    references: { invoiceId: invoice._id, number: invoice.number! },
    createdAt: now,
    ...content,
  };
  try {
    await invoices.insertOne(draft);
    return draft;
  } catch (error) {
    // Another settler made this note meanwhile: that one is the note.
    if (!(error instanceof DuplicateKeyError)) throw error;
    return (await invoices.findOne({ _id: draft._id }))!;
  }
}

export interface AdjustmentFailure {
  invoiceId: string;
  customerId: string;
  periodStart: string;
  message: string;
}

/**
 * Settles every due request, oldest first, a page at a time; stops when asked. Returns the
 * failures (each stays due, for the next run); the notes made are counted from the store.
 */
export async function settleDueAdjustments(
  options: Omit<SettleAdjustmentOptions, 'request'> & { signal?: AbortSignal },
): Promise<AdjustmentFailure[]> {
  const failures: AdjustmentFailure[] = [];
  const failed = new Set<string>();
  for (;;) {
    const due = await adjustmentRequests(options.store).find(
      { state: 'due' },
      { sort: { requestedAt: 1, _id: 1 }, limit: SETTLE_PAGE_SIZE + failed.size },
    );
    const open = due.filter((request) => !failed.has(request._id));
    if (open.length === 0) return failures;
    for (const request of open) {
      options.signal?.throwIfAborted();
      const outcome = await settleAdjustment({ ...options, request });
      if (outcome.kind !== 'failed') continue;
      failed.add(request._id);
      const invoice = await options.store
        .collection<InvoiceRecord>(INVOICES)
        .findOne({ _id: request._id });
      failures.push({
        invoiceId: request._id,
        customerId: request.customerId,
        periodStart: invoice?.periodStart ?? '',
        message: outcome.message,
      });
    }
  }
}
