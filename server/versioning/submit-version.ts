import { AppError } from '../errors/app-error';
import { submitForReview } from './lifecycle';
import type { VersionRecord } from './version-record';
import { transitionVersion, type VersionTarget } from './transition-version';

/**
 * A billing admin asks for review of a draft, saying why the change is needed. The draft is
 * validated again first: reviewers only see content that passes the checks in force now (a
 * template must still render its sample with the helpers this server has).
 */
export function submitVersion<Kind extends string, Document>(
  options: VersionTarget<Kind, Document> & { reason: string },
): Promise<VersionRecord<Kind, Document>> {
  const { family } = options;
  return transitionVersion(
    options,
    (record, at) => {
      if (record.status === 'draft') {
        const outcome = family.validate(record.document);
        if (!outcome.ok) {
          throw new AppError(
            'invalid_request',
            `${record.key} v${record.version} no longer passes validation; edit the draft first`,
            { issues: outcome.issues },
          );
        }
      }
      return submitForReview(record, options.actor, options.reason, at, family);
    },
    { step: 'submitted', reason: options.reason, field: 'reason' },
  );
}
