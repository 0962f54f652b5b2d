import { approve } from './lifecycle';
import type { VersionRecord } from './version-record';
import { transitionVersion, type VersionTarget } from './transition-version';

/** Four eyes: another user's approval, with MFA; enough approvals make the version approved. */
export function approveVersion<Kind extends string, Document>(
  options: VersionTarget<Kind, Document> & { comment: string; approvalsRequired: number },
): Promise<VersionRecord<Kind, Document>> {
  return transitionVersion(
    options,
    (record, at) =>
      approve(
        record,
        options.actor,
        options.comment,
        options.approvalsRequired,
        at,
        options.family,
      ),
    { step: 'approved', reason: options.comment, field: 'comment' },
  );
}
