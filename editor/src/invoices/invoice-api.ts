// Invoices, credit notes, debit notes and invoice runs as the server answers them. Notes are
// documents of the same list with their own kind and the invoice they correct.
import type { CustomerBilling } from '../../../server/customers/customer-profile';
import type { InvoiceRunCounts, NoteAdjustment } from '../../../server/invoicing/invoice-records';
import type { RatingResult } from '../../../server/rating/types';

export type InvoiceKind = 'invoice' | 'credit_note' | 'debit_note';
export type InvoiceStatus = 'draft' | 'finalized';
export type { InvoiceRunCounts, NoteAdjustment };

export interface InvoiceSummary {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  number: string | null;
  customerId: string;
  customerName: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  total: string;
  finalizedAt: string | null;
  /** The run that made it; null for a note issued on request. */
  runId: string | null;
  references: { invoiceId: string; number: string } | null;
}

export interface InvoiceDetail extends InvoiceSummary {
  customer: { name: string; taxId: string | null; billing: CustomerBilling };
  rating: RatingResult;
  /** A note: why the period was rated again, and each changed line before and after. */
  adjustment: NoteAdjustment | null;
  contentHash: string | null;
  createdAt: string;
}

export interface InvoicePage {
  invoices: InvoiceSummary[];
  nextOffset: number | null;
}

export interface InvoiceRunView {
  id: string;
  trigger: 'manual' | 'scheduled';
  asOf: string;
  state: 'running' | 'completed';
  counts: InvoiceRunCounts;
  failures: { customerId: string; periodStart: string; message: string }[];
  startedBy: { type: 'user' | 'api_key' | 'system'; id: string };
  startedAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export const INVOICE_PAGE_SIZE = 50;

export const KIND_LABELS: Record<InvoiceKind, string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  debit_note: 'Debit note',
};

export const NOTE_KINDS: readonly InvoiceKind[] = ['credit_note', 'debit_note'];

export function invoicePath(id: string): string {
  return `/invoices/${encodeURIComponent(id)}`;
}

export function invoiceApiPath(id: string): string {
  return `/api/v1/invoices/${encodeURIComponent(id)}`;
}

export function runPath(id: string): string {
  return `/invoice-runs/${encodeURIComponent(id)}`;
}

/** What a document is called: its number once issued, else what it is. */
export function documentName(invoice: Pick<InvoiceSummary, 'number' | 'kind'>): string {
  return invoice.number ?? `Draft ${KIND_LABELS[invoice.kind].toLowerCase()}`;
}

/** An instant as its UTC day. */
export function day(instant: string): string {
  return instant.slice(0, 10);
}

/** A billing period as people say it: 2026-03-01 to 2026-03-31 (the end is excluded). */
export function periodLabel(start: string, end: string): string {
  const last = new Date(Date.parse(end) - 1).toISOString().slice(0, 10);
  return `${day(start)} to ${last}`;
}

/** 2026-03 -> 2026-03-01; the first day of the month after: 2026-03 -> 2026-04-01. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthAfter(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number, 1)).toISOString().slice(0, 10);
}
