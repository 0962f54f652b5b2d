import { reject } from './lifecycle';
import type { PolicyVersionRecord } from './policy-version';
import { transitionVersion, type VersionTarget } from './transition-version';

/** A reviewer turns a change down, saying why. */
export function rejectPolicyVersion(
  options: VersionTarget & { comment: string },
): Promise<PolicyVersionRecord> {
  return transitionVersion(
    options,
    (record, at) => reject(record, options.actor, options.comment, at),
    { action: 'policy.rejected', reason: options.comment, field: 'comment' },
  );
}
