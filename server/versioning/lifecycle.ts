// The lifecycle of a version, as pure transitions: draft -> in_review -> approved -> published
// -> superseded, or rejected. Each transition checks who may make it and returns the new record,
// or a refusal that says why; the use cases persist the record conditionally on its revision, so
// a stale or concurrent transition loses with a conflict instead of overwriting. The family names
// what changes in messages ("a policy change") and says how a publication marks the document.
import type { VersionFamily } from './version-family';
import type { Actor, VersionRecord } from './version-record';

export type RefusalCode =
  | 'wrong_status'
  | 'not_allowed'
  | 'own_change'
  | 'mfa_required'
  | 'already_approved'
  | 'reason_required';

export type Transition<Record extends VersionRecord = VersionRecord> =
  { kind: 'done'; record: Record } | { kind: 'refused'; code: RefusalCode; message: string };

type Family<Record extends VersionRecord> = VersionFamily<Record['kind'], Record['document']>;

const AUTHOR_ROLES = ['billing_admin', 'admin'];
const APPROVER_ROLES = ['approver', 'admin'];

function refused(code: RefusalCode, message: string) {
  return { kind: 'refused' as const, code, message };
}

function hasRole(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

function wrongStatus(record: VersionRecord, action: string, expected: string) {
  return refused(
    'wrong_status',
    `${record.key} v${record.version} is ${record.status.replace('_', ' ')}; only ${expected} versions can be ${action}`,
  );
}

function touched<Record extends VersionRecord>(record: Record, at: string): Record {
  return { ...record, updatedAt: at, revision: record.revision + 1 };
}

export function submitForReview<Record extends VersionRecord>(
  record: Record,
  actor: Actor,
  reason: string,
  at: string,
  family: Family<Record>,
): Transition<Record> {
  if (record.status !== 'draft') return wrongStatus(record, 'submitted', 'draft');
  if (!hasRole(actor, AUTHOR_ROLES)) {
    return refused(
      'not_allowed',
      `only a billing admin can submit a ${family.name} change for review`,
    );
  }
  if (reason.trim() === '') return refused('reason_required', 'say why the change is needed');
  return {
    kind: 'done',
    record: {
      ...touched(record, at),
      status: 'in_review',
      submission: { by: actor.id, at, reason },
    },
  };
}

/** Four eyes: an approver who is not the author, in a session that passed MFA. */
function reviewRefusal(
  record: VersionRecord,
  actor: Actor,
  action: string,
  family: { name: string },
) {
  if (!hasRole(actor, APPROVER_ROLES)) {
    return refused('not_allowed', `only an approver can ${action} a ${family.name} change`);
  }
  if (actor.id === record.author || actor.id === record.submission?.by) {
    return refused(
      'own_change',
      `you wrote or submitted this change; another approver must ${action} it`,
    );
  }
  if (!actor.mfa)
    return refused('mfa_required', `sign in with your second factor to ${action} changes`);
  return undefined;
}

export function approve<Record extends VersionRecord>(
  record: Record,
  actor: Actor,
  comment: string,
  approvalsRequired: number,
  at: string,
  family: Family<Record>,
): Transition<Record> {
  if (record.status !== 'in_review') return wrongStatus(record, 'approved', 'in-review');
  const refusal = reviewRefusal(record, actor, 'approve', family);
  if (refusal) return refusal;
  if (record.approvals.some((approval) => approval.by === actor.id)) {
    return refused('already_approved', 'you have already approved this change');
  }
  const approvals = [...record.approvals, { by: actor.id, at, comment }];
  const status = approvals.length >= approvalsRequired ? 'approved' : 'in_review';
  return { kind: 'done', record: { ...touched(record, at), approvals, status } };
}

export function reject<Record extends VersionRecord>(
  record: Record,
  actor: Actor,
  comment: string,
  at: string,
  family: Family<Record>,
): Transition<Record> {
  if (record.status !== 'in_review' && record.status !== 'approved') {
    return wrongStatus(record, 'rejected', 'in-review or approved');
  }
  const refusal = reviewRefusal(record, actor, 'reject', family);
  if (refusal) return refusal;
  if (comment.trim() === '') return refused('reason_required', 'say why the change is rejected');
  return {
    kind: 'done',
    record: {
      ...touched(record, at),
      status: 'rejected',
      rejection: { by: actor.id, at, comment },
    },
  };
}

/**
 * Publishing fixes the date the version takes effect (the approvers approved the content; the
 * publisher chooses when it applies): always in the publication record, and in the document too
 * where the family keeps it there (a policy's effectiveFrom).
 */
export function publish<Record extends VersionRecord>(
  record: Record,
  actor: Actor,
  effectiveFrom: string,
  at: string,
  family: Family<Record>,
): Transition<Record> {
  if (record.status !== 'approved') return wrongStatus(record, 'published', 'approved');
  if (!hasRole(actor, [...AUTHOR_ROLES, ...APPROVER_ROLES])) {
    return refused('not_allowed', 'only a billing admin or an approver can publish');
  }
  return {
    kind: 'done',
    record: {
      ...touched(record, at),
      status: 'published',
      document: family.published(record.document, effectiveFrom),
      publication: { by: actor.id, at, effectiveFrom },
    },
  };
}

/** An earlier published version once a later one takes effect no later than it did. */
export function supersede<Record extends VersionRecord>(record: Record, at: string): Record {
  return { ...touched(record, at), status: 'superseded', supersededAt: at };
}
