// At start-up: audit entries a crash left in the outbox of customers, subscriptions, meters,
// invoices and adjustment requests (audit/record-outbox.ts) are appended now, once.
import type { Clock } from '../audit';
import { recoverOutbox } from '../audit/record-outbox';
import { INVOICE_ADJUSTMENTS } from '../invoicing/adjustment-requests';
import { INVOICES } from '../invoicing/invoice-records';
import { METERS } from '../metering/meter-records';
import type { Store } from '../store/store';
import {
  CUSTOMERS,
  PENDING_AUDITS,
  SUBSCRIPTIONS,
  type CustomerRecord,
  type SubscriptionRecord,
} from './customer-records';

/** Returns how many entries it appended. */
export async function recoverPendingCustomerAudits(options: {
  store: Store;
  clock: Clock;
}): Promise<number> {
  let appended = 0;
  // Customers and subscriptions are many: only those a crash interrupted count pending entries.
  for (const collection of [CUSTOMERS, SUBSCRIPTIONS, METERS, INVOICES, INVOICE_ADJUSTMENTS]) {
    const records = options.store.collection<CustomerRecord | SubscriptionRecord>(collection);
    for (const record of await records.find({ [PENDING_AUDITS]: { $gt: 0 } })) {
      appended += await recoverOutbox(options, collection, record._id, record.pendingAudit);
      await records.updateOne({ _id: record._id }, { $set: { [PENDING_AUDITS]: 0 } });
    }
  }
  return appended;
}
