// The lifecycle of a policy version, as pure transitions: draft -> in_review -> approved ->
// published -> superseded, or rejected. Each transition checks who may make it and returns the
// new record, or a refusal that says why; the use cases persist the record conditionally on its
// revision, so a stale or concurrent transition loses with a conflict instead of overwriting.
import type { Actor, PolicyVersionRecord } from './policy-version';

export type RefusalCode =
  | 'wrong_status'
  | 'not_allowed'
  | 'own_change'
  | 'mfa_required'
  | 'already_approved'
  | 'reason_required';

export type Transition =
  | { kind: 'done'; record: PolicyVersionRecord }
  | { kind: 'refused'; code: RefusalCode; message: string };

const AUTHOR_ROLES = ['billing_admin', 'admin'];
const APPROVER_ROLES = ['approver', 'admin'];

function refused(code: RefusalCode, message: string): Transition {
  return { kind: 'refused', code, message };
}

function hasRole(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

function wrongStatus(record: PolicyVersionRecord, action: string, expected: string): Transition {
  return refused(
    'wrong_status',
    `${record.key} v${record.version} is ${record.status.replace('_', ' ')}; only ${expected} versions can be ${action}`,
  );
}

function touched(record: PolicyVersionRecord, at: string): PolicyVersionRecord {
  return { ...record, updatedAt: at, revision: record.revision + 1 };
}

export function submitForReview(
  record: PolicyVersionRecord,
  actor: Actor,
  reason: string,
  at: string,
): Transition {
  if (record.status !== 'draft') return wrongStatus(record, 'submitted', 'draft');
  if (!hasRole(actor, AUTHOR_ROLES)) {
    return refused('not_allowed', 'only a billing admin can submit a policy change for review');
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
  record: PolicyVersionRecord,
  actor: Actor,
  action: string,
): Transition | undefined {
  if (!hasRole(actor, APPROVER_ROLES)) {
    return refused('not_allowed', `only an approver can ${action} a policy change`);
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

export function approve(
  record: PolicyVersionRecord,
  actor: Actor,
  comment: string,
  approvalsRequired: number,
  at: string,
): Transition {
  if (record.status !== 'in_review') return wrongStatus(record, 'approved', 'in-review');
  const refusal = reviewRefusal(record, actor, 'approve');
  if (refusal) return refusal;
  if (record.approvals.some((approval) => approval.by === actor.id)) {
    return refused('already_approved', 'you have already approved this change');
  }
  const approvals = [...record.approvals, { by: actor.id, at, comment }];
  const status = approvals.length >= approvalsRequired ? 'approved' : 'in_review';
  return { kind: 'done', record: { ...touched(record, at), approvals, status } };
}

export function reject(
  record: PolicyVersionRecord,
  actor: Actor,
  comment: string,
  at: string,
): Transition {
  if (record.status !== 'in_review' && record.status !== 'approved') {
    return wrongStatus(record, 'rejected', 'in-review or approved');
  }
  const refusal = reviewRefusal(record, actor, 'reject');
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
 * Publishing fixes the date the version takes effect: its document's effectiveFrom becomes that
 * date (the approvers approved the rules; the publisher chooses when they apply).
 */
export function publish(
  record: PolicyVersionRecord,
  actor: Actor,
  effectiveFrom: string,
  at: string,
): Transition {
  if (record.status !== 'approved') return wrongStatus(record, 'published', 'approved');
  if (!hasRole(actor, [...AUTHOR_ROLES, ...APPROVER_ROLES])) {
    return refused('not_allowed', 'only a billing admin or an approver can publish');
  }
  return {
    kind: 'done',
    record: {
      ...touched(record, at),
      status: 'published',
      document: { ...record.document, effectiveFrom },
      publication: { by: actor.id, at, effectiveFrom },
    },
  };
}

/** An earlier published version once a later one takes effect no later than it did. */
export function supersede(record: PolicyVersionRecord, at: string): PolicyVersionRecord {
  return { ...touched(record, at), status: 'superseded', supersededAt: at };
}
