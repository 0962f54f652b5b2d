// The audit outbox of users, sessions and API keys. Without multi-document transactions, an audit
// entry is written into the changed record in the same atomic update as the change, appended to
// the audit log right after, then removed from the record; a crash in between leaves it on the
// record, where recover-pending-auth-audits.ts finds it at start-up. Each entry carries an intent
// id, so recovery never appends one twice.
//
// Unlike policy versions, these records change concurrently (two failed sign-ins at once), so the
// outbox is a map by intent id: each writer adds and removes only its own keys ($set/$unset of
// `pendingAudit.<id>`), and no writer can clear another's pending entry.
import { randomBytes } from 'node:crypto';
import { appendAuditEntry, type AuditActor, type Clock, type NewAuditEntry } from '../audit';
import { checkNewAuditEntry } from '../audit/check-new-audit-entry';
import type { Store, StoredDocument } from '../store/store';

/** Pending entries by intent id. */
export type PendingAuditEntries = Record<string, NewAuditEntry>;

export interface PendingAudit {
  id: string;
  entry: NewAuditEntry;
  /** The `$set` that writes the entry into the record's outbox. */
  set: Record<string, NewAuditEntry>;
}

/** The platform itself, recording what it saw: refused sign-ins and the locks they caused. */
export const SIGN_IN_OBSERVER: AuditActor = { type: 'system', id: 'sign-in' };

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
    },
  );
}

/**
 * Appends an entry that goes with no state change (a sign-in refused for an unknown user name or
 * a locked account): there is nothing to be atomic with, so it needs no outbox.
 */
export async function appendAuthAudit(
  store: Store,
  clock: Clock,
  entry: NewAuditEntry,
): Promise<void> {
  await appendAuditEntry({ store, clock, entry: withoutUndefinedFields(entry) });
}

/** Stores keep an undefined field as null, which would change what the entry says and hashes. */
function withoutUndefinedFields(entry: NewAuditEntry): NewAuditEntry {
  return Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined),
  ) as unknown as NewAuditEntry;
}
