// A billing admin defines a meter: checked whole (every bad field named), stored with its audit
// entry in the same write (the record's outbox), the entry appended after.
import type { AuditActor, Clock } from '../audit';
import { pendingAudit } from '../audit/record-outbox';
import { insertAudited } from '../customers/audited-write';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { validateMeterDefinition } from './meter-definition';
import { METERS, type MeterRecord } from './meter-records';

export async function createMeter(options: {
  store: Store;
  clock: Clock;
  /** The HTTP layer has checked that they may (`meter:write`). */
  actor: AuditActor;
  definition: unknown;
  reason?: string;
}): Promise<MeterRecord> {
  const { store, clock, actor } = options;
  const checked = validateMeterDefinition(options.definition);
  if (!checked.ok) {
    throw new AppError('invalid_request', 'the meter is invalid', { issues: checked.issues });
  }
  const { id, dimensions = [], ...rest } = checked.value;
  const now = clock.now().toISOString();
  const record: MeterRecord = {
    _id: id,
    ...rest,
    dimensions,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
  const audit = pendingAudit({
    actor,
    action: 'meter.created',
    target: { type: 'meter', id },
    reason: options.reason,
    details: { aggregation: record.aggregation, dimensions },
  });
  return insertAudited({
    store,
    clock,
    collection: METERS,
    record,
    audit,
    taken: `there is a meter with the id "${id}" already`,
  });
}
