import type { CollectionIndex } from '../store/ensure-indexes';
import { INVOICE_ADJUSTMENTS } from './adjustment-requests';
import { INVOICE_RUNS, INVOICES } from './invoice-records';

// No index on runId: every invoice of a run shares it, and the embedded store's index keeps the
// documents of one key in a list it filters on every update of one of them (a run of 10,000
// invoices took 79 s instead of 45). A run's invoices are counted once, at its end.
export const INVOICING_INDEXES: CollectionIndex[] = [
  { collection: INVOICES, index: { name: 'customer', keys: { customerId: 1, periodStart: 1 } } },
  { collection: INVOICE_RUNS, index: { name: 'state', keys: { state: 1 } } },
  { collection: INVOICE_ADJUSTMENTS, index: { name: 'state', keys: { state: 1, requestedAt: 1 } } },
];
