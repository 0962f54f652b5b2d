// What invoicing stores: one document per invoice, credit note and debit note, and one per
// invoice run. An invoice is created as a draft for one customer and billing period, its id
// derived from both, so a run that is killed and started again finds it instead of making a
// second; then it is finalized: numbered without gaps, sealed with the hash of its content, and
// never changed again (every write to an invoice is conditional on it being a draft).
import type { PendingAuditEntries } from '../audit/record-outbox';
import type { CustomerBilling } from '../customers/customer-profile';
import type { CustomerRecord } from '../customers/customer-records';
import type { RatingResult } from '../rating/types';
import type { LineChange } from './adjustment-difference';
import type { NumberedFields } from './invoice-numbering';

export const INVOICES = 'invoices';
export const INVOICE_RUNS = 'invoice_runs';

export type InvoiceKind = 'invoice' | 'credit_note' | 'debit_note';
export type InvoiceStatus = 'draft' | 'finalized';

export interface InvoicePeriodFields extends NumberedFields {
  _id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  customerId: string;
  /** The billing period, as instants: usage on or after start and before end. */
  periodStart: string;
  periodEnd: string;
}

export interface InvoiceRecord extends InvoicePeriodFields {
  /** The customer as billed: name, tax id and billing profile when the draft was made. */
  customer: { name: string; taxId: string | null; billing: CustomerBilling };
  /** The invoice's own currency, the customer's; amounts are never converted. */
  currency: string;
  /** The rating: lines with their explanation, discounts, taxes, totals, the policies used. */
  rating: RatingResult;
  /** The run that made it; null for a note made on request. */
  runId: string | null;
  /** Credit and debit notes: the invoice they correct. */
  references?: { invoiceId: string; number: string };
  /** Credit and debit notes: why, and each changed line as billed before and as corrected. */
  adjustment?: NoteAdjustment;
  createdAt: string;
  updatedAt: string;
  /** Finalized: when, and the SHA-256 of its content (canonical JSON) at that moment. */
  finalizedAt?: string;
  contentHash?: string;
  /** Printed: the PDF's address in the blob store. Bookkeeping, outside the sealed content. */
  pdf?: { sha256: string; size: number; renderedAt: string };
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

/** The customer as an invoice keeps it. */
export function billedCustomer(
  customer: CustomerRecord & { billing: CustomerBilling },
): InvoiceRecord['customer'] {
  return { name: customer.name, taxId: customer.facts.taxId ?? null, billing: customer.billing };
}

export interface NoteAdjustment {
  /** Why the period was rated again: late usage, or the reason given for a correction. */
  reasons: string[];
  /** The totals of the period as corrected: billed so far plus this note. */
  corrected: RatingResult['totals'];
  changes: LineChange[];
}

export interface InvoiceRunCounts {
  /** Customers looked at. */
  customers: number;
  /** Invoices finalized by this run. */
  invoiced: number;
  /** Periods already invoiced (by an earlier run, or by this one before a restart). */
  alreadyInvoiced: number;
  /** Periods with nothing to bill. */
  empty: number;
  /** Customers without a billing profile (imported demo data): rated, never invoiced. */
  notBillable: number;
  /** Periods that could not be rated, or rated again; each is in failures. */
  failed: number;
  /** Invoiced periods rated again (late usage, a correction) with a note for the difference. */
  creditNotes: number;
  debitNotes: number;
}

export interface InvoiceRunRecord {
  _id: string;
  trigger: 'manual' | 'scheduled';
  /** Periods that ended at or before this instant are invoiced. */
  asOf: string;
  state: 'running' | 'completed';
  /** Customers are taken in id order; the last one finished, so a restart goes on after it. */
  cursor: string | null;
  counts: InvoiceRunCounts;
  /** The first failures, with why (at most 100; counts.failed has them all). */
  failures: { customerId: string; periodStart: string; message: string }[];
  startedBy: { type: 'user' | 'api_key' | 'system'; id: string };
  startedAt: string;
  updatedAt: string;
  completedAt?: string;
  pendingAudit?: PendingAuditEntries;
}
