import { auditEntryId, type AuditEntry, type NewAuditEntry } from './audit-entry';
import { checkNewAuditEntry } from './check-new-audit-entry';
import { hashEntry, type UnhashedAuditEntry } from './hash-entry';

export interface BuildAuditEntryOptions {
  entry: NewAuditEntry;
  sequence: number;
  previousHash: string;
  /** ISO 8601 instant; `Date.toISOString()` so that instants compare as strings. */
  at: string;
}

/**
 * The entry as stored: checked, copied field by field (so that nothing else the caller's object
 * holds is written), without absent optional fields (a store may turn `undefined` into null,
 * which would change the hash), and sealed with its hash.
 */
export function buildAuditEntry({
  entry,
  sequence,
  previousHash,
  at,
}: BuildAuditEntryOptions): AuditEntry {
  checkNewAuditEntry(entry);
  const unhashed: UnhashedAuditEntry = {
    sequence,
    at,
    actor: { type: entry.actor.type, id: entry.actor.id },
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id },
    previousHash,
  };
  if (entry.reason !== undefined) unhashed.reason = entry.reason;
  if (entry.contentHashes !== undefined) unhashed.contentHashes = { ...entry.contentHashes };
  if (entry.details !== undefined) unhashed.details = structuredClone(entry.details);
  return { _id: auditEntryId(sequence), ...unhashed, hash: hashEntry(unhashed) };
}
