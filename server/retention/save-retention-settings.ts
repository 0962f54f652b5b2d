// A retention change: every period within its floor and ceiling, created without a revision and
// changed under the one loaded, audited as settings.changed with each period before and after.
// A change applies from the next purge (each page of a purge reads the settings again).
import type { AuditActor, Clock, JsonValue } from '../audit/audit-entry';
import { pendingAudit } from '../audit/record-outbox';
import { flushAudited, insertAudited, withoutOutbox } from '../customers/audited-write';
import { PENDING_AUDITS } from '../customers/customer-records';
import { AppError } from '../errors/app-error';
import { SETTINGS } from '../invoicing/seller-settings';
import type { Store } from '../store/store';
import { RETENTION_FIELDS, retentionIssues, type RetentionPeriods } from './retention-periods';
import {
  RETENTION_SETTINGS_ID,
  effectiveRetention,
  type RetentionSettingsRecord,
} from './retention-settings';

export async function saveRetentionSettings(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  /** The periods asked for: checked here, each bad one named. */
  values: Record<string, unknown>;
  /** The defaults in force before the first save (the audit log's from the configuration). */
  defaults: RetentionPeriods;
  /** The revision loaded; left out to create the settings. */
  revision?: number;
  reason?: string;
}): Promise<Omit<RetentionSettingsRecord, 'pendingAudit' | 'pendingAudits'>> {
  const { store, clock, actor, revision } = options;
  const issues = retentionIssues(options.values);
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the retention settings are invalid', { issues });
  const periods = Object.fromEntries(
    RETENTION_FIELDS.map((field) => [field, options.values[field] as number]),
  ) as unknown as RetentionPeriods;
  const before = await effectiveRetention(store, options.defaults);
  const changed = RETENTION_FIELDS.filter((field) => before.periods[field] !== periods[field]);
  if (before.revision !== null && before.revision === revision && changed.length === 0) {
    return { _id: RETENTION_SETTINGS_ID, ...periods, updatedAt: before.updatedAt!, revision };
  }
  const audit = pendingAudit({
    actor,
    action: 'settings.changed',
    target: { type: 'settings', id: RETENTION_SETTINGS_ID },
    reason: options.reason,
    details: {
      changed: [...changed],
      from: pick(before.periods, changed),
      to: pick(periods, changed),
      revision: (revision ?? 0) + 1,
    },
  });
  const updatedAt = clock.now().toISOString();
  const collection = store.collection<RetentionSettingsRecord>(SETTINGS);
  if (revision === undefined) {
    const created = await insertAudited({
      store,
      clock,
      collection: SETTINGS,
      record: { _id: RETENTION_SETTINGS_ID, ...periods, updatedAt, revision: 1 },
      audit,
      taken: 'the retention settings exist: send the revision you loaded to change them',
    });
    return withoutOutbox(created);
  }
  const saved = await collection.findOneAndUpdate(
    { _id: RETENTION_SETTINGS_ID, revision },
    { $set: { ...periods, updatedAt, ...audit.set }, $inc: { revision: 1, [PENDING_AUDITS]: 1 } },
  );
  if (saved === null) {
    throw new AppError(
      'conflict',
      `the retention settings changed since you loaded them (you had revision ${revision}): load them again`,
    );
  }
  await flushAudited({ store, clock, collection: SETTINGS, documentId: saved._id, audit });
  return withoutOutbox(saved);
}

function pick(periods: RetentionPeriods, fields: readonly (keyof RetentionPeriods)[]) {
  return Object.fromEntries(fields.map((field) => [field, periods[field]])) as Record<
    string,
    JsonValue
  >;
}
