import type { CollectionIndex } from '../store/ensure-indexes';
import { INVOICE_RUNS, INVOICES } from './invoice-records';

export const INVOICING_INDEXES: CollectionIndex[] = [
  { collection: INVOICES, index: { name: 'customer', keys: { customerId: 1, periodStart: 1 } } },
  { collection: INVOICES, index: { name: 'run', keys: { runId: 1 } } },
  { collection: INVOICE_RUNS, index: { name: 'state', keys: { state: 1 } } },
];
