import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry';
import { canonicalJson } from './canonical-json';

/** Everything an entry says, the link to its predecessor included; `_id` is derived, not said. */
export type UnhashedAuditEntry = Omit<AuditEntry, '_id' | 'hash'>;

/**
 * SHA-256 hex over the canonical JSON of the entry without `_id` and `hash`. Only the fields the
 * log defines are hashed, so a field a store adds on its own does not break verification; the
 * previous hash is among them, which is what chains each entry to the one before.
 */
export function hashEntry(entry: UnhashedAuditEntry): string {
  const hashed: UnhashedAuditEntry = {
    sequence: entry.sequence,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    reason: entry.reason,
    contentHashes: entry.contentHashes,
    details: entry.details,
    previousHash: entry.previousHash,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * Whether an entry read back from the database still hashes to its stored hash, taken as written
 * with `sequence` (its own by default). A record that no longer has a JSON form (a field turned
 * into a date or a non-finite number by a direct edit) does not.
 */
export function matchesOwnHash(entry: AuditEntry, sequence: number = entry.sequence): boolean {
  try {
    return typeof entry.hash === 'string' && hashEntry({ ...entry, sequence }) === entry.hash;
  } catch {
    return false;
  }
}
