// How long each kind of record is kept: invoices (with their credit and debit notes and PDFs), the
// audit log, raw usage events after they were aggregated, and dispute records after resolution.
// One settings document (`settings`, id `retention`), changed under its revision and audited as
// settings.changed. Until it is first saved the defaults apply, the audit log's being the
// AUDIT_RETENTION_YEARS of the configuration; once saved, the document is what counts.
import type { PendingAuditEntries } from '../audit/record-outbox';
import { SETTINGS } from '../invoicing/seller-settings';
import type { Store } from '../store/store';
import { DEFAULT_RETENTION, RETENTION_FIELDS, type RetentionPeriods } from './retention-periods';

export const RETENTION_SETTINGS_ID = 'retention';

export interface RetentionSettingsRecord extends RetentionPeriods {
  _id: string;
  updatedAt: string;
  revision: number;
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

/** The periods in force: the saved settings, else the defaults. */
export interface EffectiveRetention {
  periods: RetentionPeriods;
  /** Null until the settings are first saved. */
  revision: number | null;
  updatedAt: string | null;
}

export function retentionDefaults(auditLogYears: number): RetentionPeriods {
  return { ...DEFAULT_RETENTION, auditLogYears };
}

export async function findRetentionSettings(store: Store): Promise<RetentionSettingsRecord | null> {
  return await store
    .collection<RetentionSettingsRecord>(SETTINGS)
    .findOne({ _id: RETENTION_SETTINGS_ID });
}

export async function effectiveRetention(
  store: Store,
  defaults: RetentionPeriods,
): Promise<EffectiveRetention> {
  const stored = await findRetentionSettings(store);
  if (stored === null) return { periods: defaults, revision: null, updatedAt: null };
  return {
    periods: Object.fromEntries(
      RETENTION_FIELDS.map((field) => [field, stored[field]]),
    ) as unknown as RetentionPeriods,
    revision: stored.revision,
    updatedAt: stored.updatedAt,
  };
}
