// Saves a new content for a draft, if nobody saved another since the revision the editor loaded.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import { validatePolicy } from '../rating/validation';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import { findVersion } from './policy-versions-repository';
import type { Actor, PolicyVersionRecord } from './policy-version';
import { versionNotFound } from './version-errors';
import { pendingAudit, writeVersion } from './write-version';

export interface EditPolicyDraftOptions {
  store: Store;
  clock: Clock;
  actor: Actor;
  key: string;
  version: number;
  /** The revision the editor loaded. */
  revision: number;
  document: unknown;
}

export async function editPolicyDraft(
  options: EditPolicyDraftOptions,
): Promise<PolicyVersionRecord> {
  const { store, clock, actor, key, version, revision } = options;
  const outcome = validatePolicy(options.document);
  if (!outcome.ok) {
    throw new AppError('invalid_request', 'the policy document is invalid', {
      issues: outcome.issues,
    });
  }
  const record = await findVersion(store, key, version);
  if (record === null) throw versionNotFound(key, version);
  if (record.status !== 'draft') {
    throw new AppError(
      'conflict',
      `${key} v${version} is ${record.status.replace('_', ' ')} and can no longer change; start a new draft from it`,
    );
  }
  if (outcome.value.key !== key || outcome.value.kind !== record.kind) {
    throw new AppError('invalid_request', 'the document must keep the key and kind of its policy', {
      issues: [
        ...(outcome.value.key !== key ? [{ path: '$.key', message: `must stay "${key}"` }] : []),
        ...(outcome.value.kind !== record.kind
          ? [{ path: '$.kind', message: `must stay "${record.kind}"` }]
          : []),
      ],
    });
  }
  if (record.revision !== revision) {
    throw new AppError(
      'conflict',
      `${key} v${version} was saved by someone else since you opened it (revision ${revision}, now ${record.revision}); reload it and apply your change again`,
    );
  }
  const document = { ...outcome.value, version };
  const updated: PolicyVersionRecord = {
    ...record,
    document,
    contentHash: contentHash(document),
    updatedAt: clock.now().toISOString(),
    revision: revision + 1,
  };
  updated.pendingAudit = pendingAudit([auditOfVersion(actor, 'policy.draft_updated', updated)]);
  return writeVersion({ store, clock, record: updated, expectedRevision: revision });
}
