import type { AuditAction, NewAuditEntry } from '../audit';
import type { Actor, PolicyVersionRecord, VersionStatus } from './policy-version';

/** The audit entry of a change to a policy version: who, what, why, and the content hash. */
export function auditOfVersion(
  actor: Actor,
  action: AuditAction,
  record: PolicyVersionRecord,
  options: { reason?: string; from?: VersionStatus } = {},
): NewAuditEntry {
  return {
    actor: { type: 'user', id: actor.id },
    action,
    target: { type: 'policy_version', id: record._id },
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
