// Which entries a reader asks for: a period [from, to) and, optionally, one action, one actor,
// one target type and one target id. The same selection serves the entries page and the export,
// so a file exported from the audit view holds exactly the rows the view showed.
import type { Filter } from '../store/store';
import type { AuditAction, AuditTarget } from './audit-entry';
import { auditPeriodFilter, type AuditPeriod } from './audit-period';

export interface AuditFields {
  action?: AuditAction;
  actorId?: string;
  targetType?: AuditTarget['type'];
  targetId?: string;
}

export interface AuditSelection extends AuditFields {
  period: AuditPeriod;
}

/** The selection as a store filter: the period on `at`, each other field by equality. */
export function auditSelectionFilter({ period, ...fields }: AuditSelection): Filter {
  const filter: Filter = auditPeriodFilter(period);
  if (fields.action !== undefined) filter.action = fields.action;
  if (fields.actorId !== undefined) filter['actor.id'] = fields.actorId;
  if (fields.targetType !== undefined) filter['target.type'] = fields.targetType;
  if (fields.targetId !== undefined) filter['target.id'] = fields.targetId;
  return filter;
}
