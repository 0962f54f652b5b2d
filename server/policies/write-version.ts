// The one way a policy version record is written after it is created: conditionally on the
// revision the caller read (a stale write is a conflict, never a lost update), together with its
// pending audit entries, which are then appended to the audit log and cleared.
import { randomUUID } from 'node:crypto';
import { appendAuditEntry, type Clock, type NewAuditEntry } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { POLICY_VERSIONS, type PolicyVersionRecord } from './policy-version';

/** The record without its undefined fields, which the stores would otherwise keep as null. */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

export function pendingAudit(entries: NewAuditEntry[]): PolicyVersionRecord['pendingAudit'] {
  return entries.map((entry) => ({ id: randomUUID(), entry }));
}

export function withIntent(pending: PolicyVersionRecord['pendingAudit'][number]): NewAuditEntry {
  return { ...pending.entry, details: { ...pending.entry.details, intent: pending.id } };
}

/** Appends the record's pending audit entries and clears them. */
export async function flushPendingAudit(
  store: Store,
  clock: Clock,
  record: PolicyVersionRecord,
): Promise<void> {
  for (const pending of record.pendingAudit) {
    await appendAuditEntry({ store, clock, entry: withIntent(pending) });
  }
  if (record.pendingAudit.length === 0) return;
  await store
    .collection<PolicyVersionRecord>(POLICY_VERSIONS)
    .updateOne({ _id: record._id, revision: record.revision }, { $set: { pendingAudit: [] } });
}

/**
 * Replaces the record if it still has `expectedRevision`; the new record must carry the next
 * revision. Throws a 409 AppError when someone else changed it first.
 */
export async function writeVersion(options: {
  store: Store;
  clock: Clock;
  record: PolicyVersionRecord;
  expectedRevision: number;
}): Promise<PolicyVersionRecord> {
  const { store, clock, record, expectedRevision } = options;
  const { _id, ...fields } = record;
  // Fields that are undefined are removed, not stored as null, so both stores read back alike.
  const set = withoutUndefined(fields);
  const unset = Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value === undefined)
      .map(([name]) => [name, true as const]),
  );
  const { matched } = await store
    .collection<PolicyVersionRecord>(POLICY_VERSIONS)
    .updateOne(
      { _id, revision: expectedRevision },
      Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set },
    );
  if (!matched) {
    throw new AppError(
      'conflict',
      `${record.key} v${record.version} was changed by someone else since revision ${expectedRevision}; reload it and try again`,
    );
  }
  await flushPendingAudit(store, clock, record);
  return { ...record, pendingAudit: [] };
}
