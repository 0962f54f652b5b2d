import type { NewAuditEntry } from '../audit';
import type { VersionFamily } from './version-family';
import type { Actor, VersionRecord, VersionStatus } from './version-record';

/** What happened to a version; the audit action is `<family>.<step>` (`template.approved`). */
export type VersionStep =
  | 'draft_created'
  | 'draft_updated'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'published'
  | 'superseded';

/** The audit entry of a change to a version: who, what, why, and the content hash. */
export function auditOfVersion(
  family: VersionFamily<string, unknown>,
  actor: Actor,
  step: VersionStep,
  record: VersionRecord,
  options: { reason?: string; from?: VersionStatus } = {},
): NewAuditEntry {
  return {
    actor: { type: 'user', id: actor.id },
    action: `${family.name}.${step}`,
    target: { type: family.auditTarget, id: record._id },
    ...(options.reason !== undefined && options.reason !== '' && { reason: options.reason }),
    contentHashes: { version: record.contentHash },
    details: {
      key: record.key,
      version: record.version,
      ...(options.from && { fromStatus: options.from }),
      toStatus: record.status,
    },
  };
}
