// The invoices a reader asks for: by customer, status, run, kind (invoices, or credit and debit
// notes), the invoice a note refers to, and the period they bill, a page at a time.
import type { Filter, Store } from '../store/store';
import {
  INVOICES,
  type InvoiceKind,
  type InvoiceRecord,
  type InvoiceStatus,
} from './invoice-records';

export interface InvoiceSelection {
  customerId?: string;
  status?: InvoiceStatus;
  runId?: string;
  /** Any of these kinds; all kinds when left out. */
  kinds?: readonly InvoiceKind[];
  /** Only the credit and debit notes of this invoice (by its id). */
  references?: string;
  /** Only periods that start on or after this day (YYYY-MM-DD, UTC). */
  periodFrom?: string;
  /** Only periods that start before this day (YYYY-MM-DD, UTC). */
  periodBefore?: string;
}

export async function listInvoices(options: {
  store: Store;
  selection: InvoiceSelection;
  offset: number;
  limit: number;
}): Promise<{ invoices: InvoiceRecord[]; nextOffset: number | null }> {
  const { selection, offset, limit } = options;
  const filter: Filter = {
    ...(selection.customerId !== undefined && { customerId: selection.customerId }),
    ...(selection.runId !== undefined && { runId: selection.runId }),
    ...(selection.status !== undefined && { status: selection.status }),
    ...(selection.kinds !== undefined && { kind: { $in: [...selection.kinds] } }),
    ...(selection.references !== undefined && {
      'references.invoiceId': selection.references,
    }),
  };
  // Instants are ISO strings, so a day compares with them as text: "2026-03-01T00:00:00Z" is on
  // or after "2026-03-01" and before "2026-04-01".
  if (selection.periodFrom !== undefined || selection.periodBefore !== undefined) {
    filter.periodStart = {
      ...(selection.periodFrom !== undefined && { $gte: selection.periodFrom }),
      ...(selection.periodBefore !== undefined && { $lt: selection.periodBefore }),
    };
  }
  const found = await options.store.collection<InvoiceRecord>(INVOICES).find(filter, {
    sort: { customerId: 1, periodStart: -1, _id: 1 },
    skip: offset,
    limit: limit + 1,
  });
  return {
    invoices: found.slice(0, limit),
    nextOffset: found.length > limit ? offset + limit : null,
  };
}
