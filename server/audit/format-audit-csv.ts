// The audit log for people and spreadsheets (csv/write-csv.ts: RFC 4180, formulas defused), one
// row per entry, times as stored (ISO 8601 UTC), content hashes and details as canonical JSON. The
// JSON export is the exact form to re-verify hashes from.
import type { AuditEntry } from './audit-entry';
import { formatCsv } from '../csv/write-csv';
import { canonicalJson } from './canonical-json';

export const AUDIT_CSV_COLUMNS = [
  'sequence',
  'at',
  'actor_type',
  'actor_id',
  'action',
  'target_type',
  'target_id',
  'reason',
  'content_hashes',
  'details',
  'previous_hash',
  'hash',
] as const;

export function formatAuditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((entry) => [
    String(entry.sequence),
    entry.at,
    entry.actor.type,
    entry.actor.id,
    entry.action,
    entry.target.type,
    entry.target.id,
    entry.reason ?? '',
    entry.contentHashes === undefined ? '' : canonicalJson(entry.contentHashes),
    entry.details === undefined ? '' : canonicalJson(entry.details),
    entry.previousHash,
    entry.hash,
  ]);
  return formatCsv(AUDIT_CSV_COLUMNS, rows);
}
