import { approve } from './lifecycle';
import type { PolicyVersionRecord } from './policy-version';
import { transitionVersion, type VersionTarget } from './transition-version';

/** Four eyes: another user's approval, with MFA; enough approvals make the version approved. */
export function approvePolicyVersion(
  options: VersionTarget & { comment: string; approvalsRequired: number },
): Promise<PolicyVersionRecord> {
  return transitionVersion(
    options,
    (record, at) => approve(record, options.actor, options.comment, options.approvalsRequired, at),
    { action: 'policy.approved', reason: options.comment, field: 'comment' },
  );
}
