// The audit log as the server answers it, and the query a set of filters makes: the same query
// lists the entries and exports them, so the file holds the rows the screen shows.
import type { AuditAction, AuditEntry } from '../../../server/audit';
import type { ChainVerification } from '../../../server/audit/verify-chain';

export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../../../server/audit/audit-entry';

export type AuditEntryView = Omit<AuditEntry, '_id'>;
export type { AuditAction, ChainVerification };

export interface AuditPage {
  entries: AuditEntryView[];
  nextAfter: number | null;
}

export interface AuditFilters {
  /** YYYY-MM-DD, the first day shown. */
  fromDate: string;
  /** YYYY-MM-DD, the last day shown (included). */
  throughDate: string;
  action: string;
  actor: string;
  targetType: string;
  target: string;
}

export const NO_FILTERS: AuditFilters = {
  fromDate: '',
  throughDate: '',
  action: '',
  actor: '',
  targetType: '',
  target: '',
};

export const AUDIT_PAGE_SIZE = 100;

/** The API's query for the filters: days are UTC days, and the API's `to` excludes, so the day after. */
export function auditQuery(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.fromDate) params.set('from', filters.fromDate);
  if (filters.throughDate) params.set('to', dayAfter(filters.throughDate));
  if (filters.action) params.set('action', filters.action);
  if (filters.actor.trim()) params.set('actor', filters.actor.trim());
  if (filters.targetType) params.set('targetType', filters.targetType);
  if (filters.target.trim()) params.set('target', filters.target.trim());
  return params;
}

export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** policy.draft_created -> policy draft created */
export function actionLabel(action: string): string {
  return action.replace('.', ' ').replaceAll('_', ' ');
}
