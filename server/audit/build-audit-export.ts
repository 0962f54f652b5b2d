import type { AuditEntry } from './audit-entry';
import { isInAuditPeriod, type AuditPeriod } from './audit-period';
import type { AuditFields } from './audit-selection';
import { formatAuditCsv } from './format-audit-csv';
import { formatAuditJson } from './format-audit-json';

export type AuditExportFormat = 'csv' | 'json';

export interface AuditExport {
  format: AuditExportFormat;
  contentType: string;
  /** A file name for the download: `audit-log_2026-01-01_2026-04-01.csv`. */
  fileName: string;
  /** How many entries the export holds. */
  entries: number;
  body: string;
}

export interface BuildAuditExportOptions {
  entries: readonly AuditEntry[];
  period: AuditPeriod;
  format: AuditExportFormat;
  /** The fields the entries were selected by besides the period, named in a JSON export. */
  fields?: AuditFields;
}

/** The entries written in the period, in sequence order, as a CSV or JSON file. */
export function buildAuditExport({
  entries,
  period,
  format,
  fields = {},
}: BuildAuditExportOptions): AuditExport {
  const selected = entries
    .filter((entry) => isInAuditPeriod(entry, period))
    .sort((left, right) => left.sequence - right.sequence);
  const fileName = `audit-log_${period.from?.slice(0, 10) ?? 'start'}_${period.to?.slice(0, 10) ?? 'now'}.${format}`;
  return format === 'csv'
    ? {
        format,
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName,
        entries: selected.length,
        body: formatAuditCsv(selected),
      }
    : {
        format,
        contentType: 'application/json; charset=utf-8',
        fileName,
        entries: selected.length,
        body: formatAuditJson(selected, period, fields),
      };
}
