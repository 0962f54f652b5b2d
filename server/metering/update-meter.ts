// A billing admin changes a meter: its name, unit and description freely, its dimensions only by
// adding (usage already aggregated keeps its grouping; removing one would silently merge lines
// rules price apart). The aggregation and the counted dimension never change: the usage counted
// so far would mean something else. Conditional on the revision loaded; audited in the same write.
import type { AuditActor, Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { pendingAudit } from '../audit/record-outbox';
import { flushAudited, withoutOutbox } from '../customers/audited-write';
import { PENDING_AUDITS } from '../customers/customer-records';
import { AppError } from '../errors/app-error';
import type { ValidationIssue } from '../rating/validation';
import type { Store } from '../store/store';
import { validateMeterDefinition, type MeterDefinitionInput } from './meter-definition';
import { METERS, type MeterRecord } from './meter-records';
import { findMeterOrThrow, meters } from './meters-repository';

const FIELDS = ['name', 'unit', 'description', 'dimensions'] as const;

export async function updateMeter(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  meterId: string;
  definition: unknown;
  revision: number;
  reason?: string;
}): Promise<MeterRecord> {
  const { store, clock, actor, meterId, revision } = options;
  const checked = validateMeterDefinition(options.definition);
  if (!checked.ok) {
    throw new AppError('invalid_request', 'the meter is invalid', { issues: checked.issues });
  }
  const stored = await findMeterOrThrow(store, meterId);
  const next = { ...checked.value, dimensions: checked.value.dimensions ?? [] };
  const issues = immutableIssues(stored, next);
  if (issues.length > 0) {
    throw new AppError('invalid_request', 'the meter is invalid', { issues });
  }
  if (stored.revision !== revision) throw staleRevision(revision);
  const changed = FIELDS.filter(
    (field) => canonicalJson(stored[field] ?? null) !== canonicalJson(next[field] ?? null),
  );
  if (changed.length === 0) return withoutOutbox(stored);
  const audit = pendingAudit({
    actor,
    action: 'meter.updated',
    target: { type: 'meter', id: meterId },
    reason: options.reason,
    details: { changed: [...changed], revision: revision + 1 },
  });
  const set: Record<string, unknown> = {
    name: next.name,
    dimensions: next.dimensions,
    updatedAt: clock.now().toISOString(),
    ...audit.set,
  };
  const unset: Record<string, true> = {};
  for (const field of ['unit', 'description'] as const) {
    if (next[field] === undefined) unset[field] = true;
    else set[field] = next[field];
  }
  const updated = await meters(store).findOneAndUpdate(
    { _id: meterId, revision },
    {
      $set: set,
      ...(Object.keys(unset).length > 0 && { $unset: unset }),
      $inc: { revision: 1, [PENDING_AUDITS]: 1 },
    },
  );
  if (!updated) throw staleRevision(revision);
  await flushAudited({ store, clock, collection: METERS, documentId: meterId, audit });
  return withoutOutbox(updated);
}

function immutableIssues(stored: MeterRecord, next: MeterDefinitionInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (next.id !== stored._id) {
    issues.push({ path: '$.id', message: `must be "${stored._id}": a meter's id never changes` });
  }
  if (next.aggregation !== stored.aggregation) {
    issues.push({
      path: '$.aggregation',
      message: `must stay ${stored.aggregation}: usage already counted would mean something else; define a new meter`,
    });
  }
  if (next.uniqueBy !== stored.uniqueBy) {
    issues.push({
      path: '$.uniqueBy',
      message: `must stay ${stored.uniqueBy === undefined ? 'absent' : `"${stored.uniqueBy}"`}: the counted dimension never changes`,
    });
  }
  const removed = stored.dimensions.filter((name) => !next.dimensions?.includes(name));
  if (removed.length > 0) {
    issues.push({
      path: '$.dimensions',
      message: `must keep ${removed.map((name) => `"${name}"`).join(', ')}: dimensions can be added, never removed`,
    });
  }
  return issues;
}

function staleRevision(revision: number): AppError {
  return new AppError(
    'conflict',
    `someone changed this meter since you loaded it (you had revision ${revision}): load it again`,
  );
}
