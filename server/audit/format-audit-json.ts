import type { AuditEntry } from './audit-entry';
import type { AuditPeriod } from './audit-period';
import type { AuditFields } from './audit-selection';

/** How an auditor recomputes each entry's hash from this export, without our code. */
export const AUDIT_HASHING =
  'hash = lower-case hex SHA-256 of the RFC 8785 canonical JSON of the entry without "hash"; ' +
  'previousHash is the hash of the entry before (64 zeros for the first entry of the log)';

/**
 * The audit log as JSON, exactly as written: every field each hash covers, so that the chain of
 * the exported entries can be re-verified outside Ledgerline. An export narrowed by fields says so
 * in `filter`: each entry's hash still verifies, but the links skip the entries left out.
 */
export function formatAuditJson(
  entries: readonly AuditEntry[],
  period: AuditPeriod,
  fields: AuditFields = {},
): string {
  const exported = {
    from: period.from,
    to: period.to,
    ...(Object.keys(fields).length > 0 ? { filter: fields } : {}),
    hashing: AUDIT_HASHING,
    entries: entries.map(({ _id, ...entry }) => entry),
  };
  return `${JSON.stringify(exported, null, 2)}\n`;
}
