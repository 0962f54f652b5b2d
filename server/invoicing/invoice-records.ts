// What invoicing stores: one document per invoice, credit note and debit note. An invoice is
// created as a draft for one customer and billing period (its id is derived from both, so a run
// that is killed and started again finds it instead of making a second), then finalized: numbered
// without gaps, and never changed again.
import type { NumberedFields } from './invoice-numbering';

export const INVOICES = 'invoices';

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
