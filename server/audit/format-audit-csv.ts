// The audit log for people and spreadsheets: RFC 4180 (a header row, CRLF line ends, fields with
// a comma, quote or line break quoted, quotes doubled), one row per entry, times as stored (ISO
// 8601 UTC), content hashes and details as canonical JSON. The JSON export is the exact form to
// re-verify hashes from.
import type { AuditEntry } from './audit-entry';
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
  const rows = entries.map((entry) =>
    [
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
    ].map(csvField),
  );
  return [[...AUDIT_CSV_COLUMNS], ...rows].map((row) => `${row.join(',')}\r\n`).join('');
}

/**
 * Security: a reason is free text an actor typed, and spreadsheets run a cell that starts with
 * =, +, -, @, a tab or a carriage return as a formula. Such a cell gets a leading apostrophe
 * (OWASP's advice), so opening an export cannot run what someone wrote into the log.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
