// At start-up: audit entries a crash left in the outbox of customers (audit/record-outbox.ts)
// are appended now, once.
import type { Clock } from '../audit';
import { recoverOutbox } from '../audit/record-outbox';
import type { Store } from '../store/store';
import { CUSTOMERS, PENDING_AUDITS } from './customer-records';
import { customers } from './customers-repository';

/** Returns how many entries it appended. */
export async function recoverPendingCustomerAudits(options: {
  store: Store;
  clock: Clock;
}): Promise<number> {
  let appended = 0;
  // Customers are many: only those a crash interrupted count pending entries.
  const interrupted = await customers(options.store).find({ [PENDING_AUDITS]: { $gt: 0 } });
  for (const customer of interrupted) {
    appended += await recoverOutbox(options, CUSTOMERS, customer._id, customer.pendingAudit);
    await customers(options.store).updateOne(
      { _id: customer._id },
      { $set: { [PENDING_AUDITS]: 0 } },
    );
  }
  return appended;
}
