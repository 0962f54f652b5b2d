// Audit entries of sign-ins that change nothing. Entries that go with a change of a user, a
// session or an API key go through the record's outbox (audit/record-outbox.ts).
import { appendAuditEntry, type AuditActor, type Clock, type NewAuditEntry } from '../audit';
import { withoutUndefinedFields } from '../audit/record-outbox';
import type { Store } from '../store/store';

/** The platform itself, recording what it saw: refused sign-ins and the locks they caused. */
export const SIGN_IN_OBSERVER: AuditActor = { type: 'system', id: 'sign-in' };

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
