import type { Store } from '../store/store';
import type { AuditEntry } from './audit-entry';
import { readEntriesInOrder } from './audit-log-repository';
import { normaliseAuditPeriod } from './audit-period';
import { auditSelectionFilter, type AuditFields } from './audit-selection';
import { buildAuditExport, type AuditExport, type AuditExportFormat } from './build-audit-export';

export interface ExportAuditLogOptions {
  store: Store;
  /** First instant included: "2026-01-01" (midnight UTC) or a date-time with a zone. */
  from?: string;
  /** First instant excluded. */
  to?: string;
  format: AuditExportFormat;
  /** Only the entries with these fields, when given. */
  fields?: AuditFields;
}

/**
 * The entries written in [from, to), narrowed by `fields` when given, as CSV or JSON. Throws RangeError for a bound that is not an
 * instant or an empty period.
 */
export async function exportAuditLog({
  store,
  from,
  to,
  format,
  fields = {},
}: ExportAuditLogOptions): Promise<AuditExport> {
  if (format !== 'csv' && format !== 'json')
    throw new RangeError(`unknown export format "${String(format)}"`);
  const period = normaliseAuditPeriod({ from, to });
  const entries: AuditEntry[] = [];
  const filter = auditSelectionFilter({ period, ...fields });
  for await (const entry of readEntriesInOrder(store, { filter })) entries.push(entry);
  return buildAuditExport({ entries, period, format, fields });
}
