import { reject } from './lifecycle';
import type { VersionRecord } from './version-record';
import { transitionVersion, type VersionTarget } from './transition-version';

/** A reviewer turns a change down, saying why. */
export function rejectVersion<Kind extends string, Document>(
  options: VersionTarget<Kind, Document> & { comment: string },
): Promise<VersionRecord<Kind, Document>> {
  return transitionVersion(
    options,
    (record, at) => reject(record, options.actor, options.comment, at, options.family),
    { step: 'rejected', reason: options.comment, field: 'comment' },
  );
}
