// At start-up: audit entries a crash left in the outbox of disputes and of the retention settings
// are appended now, once. (Retention runs settle their own at the start of the next purge.)
import type { Clock } from '../audit/audit-entry';
import { recoverOutbox, type PendingAuditEntries } from '../audit/record-outbox';
import { PENDING_AUDITS } from '../customers/customer-records';
import { DISPUTES } from '../disputes/dispute-records';
import { SETTINGS } from '../invoicing/seller-settings';
import type { Store } from '../store/store';

/** Returns how many entries it appended. */
export async function recoverRetentionAudits(options: {
  store: Store;
  clock: Clock;
}): Promise<number> {
  let appended = 0;
  for (const collection of [DISPUTES, SETTINGS]) {
    const records = options.store.collection<{ _id: string; pendingAudit?: PendingAuditEntries }>(
      collection,
    );
    for (const record of await records.find({ [PENDING_AUDITS]: { $gt: 0 } })) {
      appended += await recoverOutbox(options, collection, record._id, record.pendingAudit);
      await records.updateOne({ _id: record._id }, { $set: { [PENDING_AUDITS]: 0 } });
    }
  }
  return appended;
}
