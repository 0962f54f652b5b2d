// The one way a version record is written after it is created: conditionally on the revision the
// caller read (a stale write is a conflict, never a lost update), together with its pending audit
// entries, which are then appended to the audit log and cleared.
import { randomUUID } from 'node:crypto';
import { appendAuditEntry, type Clock, type NewAuditEntry } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import type { VersionFamily } from './version-family';
import type { PendingAudit, VersionRecord } from './version-record';
import { versions } from './versions-repository';

/** The record without its undefined fields, which the stores would otherwise keep as null. */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

export function pendingAudit(entries: NewAuditEntry[]): PendingAudit[] {
  return entries.map((entry) => ({ id: randomUUID(), entry }));
}

export function withIntent(pending: PendingAudit): NewAuditEntry {
  return { ...pending.entry, details: { ...pending.entry.details, intent: pending.id } };
}

/** Appends the record's pending audit entries and clears them. */
export async function flushPendingAudit<Kind extends string, Document>(
  store: Store,
  clock: Clock,
  family: VersionFamily<Kind, Document>,
  record: VersionRecord<Kind, Document>,
): Promise<void> {
  for (const pending of record.pendingAudit) {
    await appendAuditEntry({ store, clock, entry: withIntent(pending) });
  }
  if (record.pendingAudit.length === 0) return;
  await versions(store, family).updateOne(
    { _id: record._id, revision: record.revision },
    { $set: { pendingAudit: [] } },
  );
}

/**
 * Replaces the record if it still has `expectedRevision`; the new record must carry the next
 * revision. Throws a 409 AppError when someone else changed it first.
 */
export async function writeVersion<Kind extends string, Document>(options: {
  store: Store;
  clock: Clock;
  family: VersionFamily<Kind, Document>;
  record: VersionRecord<Kind, Document>;
  expectedRevision: number;
}): Promise<VersionRecord<Kind, Document>> {
  const { store, clock, family, record, expectedRevision } = options;
  const { _id, ...fields } = record;
  // Fields that are undefined are removed, not stored as null, so both stores read back alike.
  const set = withoutUndefined(fields);
  const unset = Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value === undefined)
      .map(([name]) => [name, true as const]),
  );
  const { matched } = await versions(store, family).updateOne(
    { _id, revision: expectedRevision },
    Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set },
  );
  if (!matched) {
    throw new AppError(
      'conflict',
      `${record.key} v${record.version} was changed by someone else since revision ${expectedRevision}; reload it and try again`,
    );
  }
  await flushPendingAudit(store, clock, family, record);
  return { ...record, pendingAudit: [] };
}
