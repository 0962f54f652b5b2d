import { submitForReview } from './lifecycle';
import type { PolicyVersionRecord } from './policy-version';
import { transitionVersion, type VersionTarget } from './transition-version';

/** A billing admin asks for review of a draft, saying why the change is needed. */
export function submitPolicyVersion(
  options: VersionTarget & { reason: string },
): Promise<PolicyVersionRecord> {
  return transitionVersion(
    options,
    (record, at) => submitForReview(record, options.actor, options.reason, at),
    { action: 'policy.submitted', reason: options.reason, field: 'reason' },
  );
}
