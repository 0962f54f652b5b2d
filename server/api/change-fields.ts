// What a request that changes a record carries beside the record itself: why (for the audit log)
// and, for a change of an existing record, the revision the caller loaded.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import type { ValidationIssue } from '../rating/validation';

export interface ChangeFields {
  reason?: string;
  revision?: number;
}

/** The body as an object (anything else reads as empty, so each field is reported missing). */
export function bodyFields(body: unknown): Record<string, unknown> {
  return (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
}

/** Issues of reason and revision; `revision` required for a change, refused for a creation. */
export function changeFieldsIssues(
  { reason, revision }: { reason?: unknown; revision?: unknown },
  change: boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH)) {
    issues.push({
      path: '$.reason',
      message: `must be text of at most ${MAX_REASON_LENGTH} characters`,
    });
  }
  if (change && !(Number.isInteger(revision) && (revision as number) >= 1)) {
    issues.push({ path: '$.revision', message: 'must be the revision you loaded, a whole number' });
  }
  if (!change && revision !== undefined) {
    issues.push({ path: '$.revision', message: 'is only for a change of an existing record' });
  }
  return issues;
}
