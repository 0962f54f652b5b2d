// A new draft version of a policy key: the first version of a new key, an edit of the current
// one, or a rollback to an older one (basedOn). The server gives the version number.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import { validatePolicy } from '../rating/validation';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import { ensureKey, findKey, takeNextVersion, versions } from './policy-versions-repository';
import { versionId, type Actor, type PolicyVersionRecord } from './policy-version';
import { flushPendingAudit, pendingAudit, withoutUndefined } from './write-version';

export interface CreatePolicyDraftOptions {
  store: Store;
  clock: Clock;
  actor: Actor;
  /** A policy document; its version number is replaced by the next free one. */
  document: unknown;
  basedOn?: number;
}

export async function createPolicyDraft(
  options: CreatePolicyDraftOptions,
): Promise<PolicyVersionRecord> {
  const { store, clock, actor } = options;
  const outcome = validatePolicy(options.document);
  if (!outcome.ok) {
    throw new AppError('invalid_request', 'the policy document is invalid', {
      issues: outcome.issues,
    });
  }
  const submitted = outcome.value;
  const existing = await findKey(store, submitted.key);
  if (existing && existing.kind !== submitted.kind) {
    throw new AppError(
      'conflict',
      `policy ${submitted.key} is a ${existing.kind} policy, not ${submitted.kind}`,
    );
  }
  await ensureKey(store, submitted.key, submitted.kind);
  const version = await takeNextVersion(store, submitted.key);
  const document = { ...submitted, version };
  const at = clock.now().toISOString();
  const record: PolicyVersionRecord = {
    _id: versionId(document.key, version),
    key: document.key,
    kind: document.kind,
    version,
    status: 'draft',
    document,
    contentHash: contentHash(document),
    author: actor.id,
    createdAt: at,
    updatedAt: at,
    revision: 1,
    basedOn: options.basedOn,
    submission: undefined,
    approvals: [],
    rejection: undefined,
    publication: undefined,
    supersededAt: undefined,
    pendingAudit: [],
  };
  record.pendingAudit = pendingAudit([
    auditOfVersion(actor, 'policy.draft_created', record, {
      ...(options.basedOn !== undefined && { reason: `started from version ${options.basedOn}` }),
    }),
  ]);
  await versions(store).insertOne(withoutUndefined(record));
  await flushPendingAudit(store, clock, record);
  return { ...record, pendingAudit: [] };
}
