// At start-up: audit entries a crash left pending on versions (written with the change, not yet
// appended to the log) are appended now. An entry that did reach the log before the crash is
// recognised by its intent id and not appended twice.
import { appendAuditEntry, type Clock } from '../audit';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../audit/audit-entry';
import type { Store } from '../store/store';
import type { VersionFamily } from './version-family';
import { versions } from './versions-repository';
import { withIntent } from './write-version';

/** Returns how many entries it appended, over the versions of every family given. */
export async function recoverPendingAudits(options: {
  store: Store;
  clock: Clock;
  families: readonly VersionFamily<string, unknown>[];
}): Promise<number> {
  const { store, clock } = options;
  const log = store.collection<AuditEntry>(AUDIT_LOG_COLLECTION);
  let appended = 0;
  for (const family of options.families) {
    // Versions are few (hundreds), so a scan at start-up is cheap and needs no index.
    for (const record of await versions(store, family).find({})) {
      if (!record.pendingAudit || record.pendingAudit.length === 0) continue;
      for (const pending of record.pendingAudit) {
        if ((await log.findOne({ 'details.intent': pending.id })) !== null) continue;
        await appendAuditEntry({ store, clock, entry: withIntent(pending) });
        appended++;
      }
      await versions(store, family).updateOne(
        { _id: record._id, revision: record.revision },
        { $set: { pendingAudit: [] } },
      );
    }
  }
  return appended;
}
