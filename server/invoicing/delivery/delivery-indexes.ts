import type { CollectionIndex } from '../../store/ensure-indexes';
import { INVOICES } from '../invoice-records';
import { DELIVERIES } from './delivery-records';

// The planner reads finalized invoices by finalizedAt. Not by status: on the embedded store a
// non-unique index keeps one list per value that every write of a document with that value
// filters, and all invoices share two statuses (an index on the run id cost an invoice run of
// 10,000 a tenth of its time); a finalizedAt is nearly unique, and drafts, which have none, are
// the few in progress.
export const DELIVERY_INDEXES: CollectionIndex[] = [
  {
    collection: INVOICES,
    index: { name: 'finalized_at', keys: { finalizedAt: 1, deliveriesPlannedAt: 1 } },
  },
  // Due jobs by state and time; pending and sending jobs are few beside the delivered ones.
  { collection: DELIVERIES, index: { name: 'due', keys: { state: 1, nextAttemptAt: 1 } } },
  { collection: DELIVERIES, index: { name: 'invoice', keys: { invoiceId: 1 } } },
];
