// The audit outbox of a record that changes concurrently (users, sessions, API keys, customers):
// without multi-document transactions, an audit entry is written into the changed record in the
// same atomic update as the change, appended to the audit log right after, then removed from the
// record; a crash in between leaves it on the record, where recovery finds it at start-up. Each
// entry carries an intent id, so recovery never appends one twice.
//
// The outbox is a map by intent id: each writer adds and removes only its own keys ($set/$unset
// of `pendingAudit.<id>`), so no writer can clear another's pending entry. (Policy and template
// versions, which change one at a time under a revision, keep a list: versioning/.)
import { randomBytes } from 'node:crypto';
import type { Store, StoredDocument } from '../store/store';
import { appendAuditEntry } from './append-audit-entry';
import {
  AUDIT_LOG_COLLECTION,
  type AuditEntry,
  type Clock,
  type NewAuditEntry,
} from './audit-entry';
import { checkNewAuditEntry } from './check-new-audit-entry';

/** Pending entries by intent id. */
export type PendingAuditEntries = Record<string, NewAuditEntry>;

export interface PendingAudit {
  id: string;
  entry: NewAuditEntry;
  /** The `$set` that writes the entry into the record's outbox. */
  set: Record<string, NewAuditEntry>;
}

/**
 * An entry for a record's outbox. Checked now, so that an entry the log would refuse fails
 * before the change is written instead of staying pending for ever.
 */
export function pendingAudit(entry: NewAuditEntry): PendingAudit {
  const clean = withoutUndefinedFields(entry);
  checkNewAuditEntry(clean);
  const id = `i${randomBytes(12).toString('hex')}`;
  return { id, entry: clean, set: { [`pendingAudit.${id}`]: clean } };
}

/** The entry as appended: its intent id in the details, so recovery can tell it was appended. */
export function withIntent(id: string, entry: NewAuditEntry): NewAuditEntry {
  return { ...entry, details: { ...entry.details, intent: id } };
}

/** Appends the pending entries to the log, then removes them from the record's outbox. */
export async function flushPendingAudit(options: {
  store: Store;
  clock: Clock;
  collection: string;
  documentId: string;
  pending: readonly PendingAudit[];
  /**
   * A field counting the record's pending entries, for collections too large to scan for
   * outboxes at start-up: lowered in the same write that empties the outbox.
   */
  counter?: string;
}): Promise<void> {
  const { store, clock, pending } = options;
  if (pending.length === 0) return;
  for (const { id, entry } of pending) {
    await appendAuditEntry({ store, clock, entry: withIntent(id, entry) });
  }
  await store.collection<StoredDocument>(options.collection).updateOne(
    { _id: options.documentId },
    {
      $unset: Object.fromEntries(pending.map(({ id }) => [`pendingAudit.${id}`, true as const])),
      ...(options.counter !== undefined && { $inc: { [options.counter]: -pending.length } }),
    },
  );
}

/** Stores keep an undefined field as null, which would change what the entry says and hashes. */
export function withoutUndefinedFields(entry: NewAuditEntry): NewAuditEntry {
  return Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined),
  ) as unknown as NewAuditEntry;
}

/**
 * Appends the entries a crash left in a record's outbox, unless one reached the log already (its
 * intent id is there), and empties the outbox. Returns how many it appended.
 */
export async function recoverOutbox(
  { store, clock }: { store: Store; clock: Clock },
  collection: string,
  documentId: string,
  pending: PendingAuditEntries | undefined,
): Promise<number> {
  let appended = 0;
  const log = store.collection<AuditEntry>(AUDIT_LOG_COLLECTION);
  for (const [id, entry] of Object.entries(pending ?? {})) {
    if ((await log.findOne({ 'details.intent': id })) === null) {
      await appendAuditEntry({ store, clock, entry: withIntent(id, entry) });
      appended++;
    }
    await store
      .collection(collection)
      .updateOne({ _id: documentId }, { $unset: { [`pendingAudit.${id}`]: true } });
  }
  return appended;
}
