// Publishes policies without review, as the system: only for the demo data of a fresh embedded
// store and for tests. Each version is audited as published by "system", with the reason given.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import { validatePolicy } from '../rating/validation';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import { ensureKey, findVersion, takeNextVersion, versions } from './policy-versions-repository';
import { versionId, type PolicyVersionRecord } from './policy-version';
import { flushPendingAudit, pendingAudit, withoutUndefined } from './write-version';

const SYSTEM = { id: 'system', roles: [], mfa: false };

/** Returns the versions it published; keys that already have the version are left alone. */
export async function seedPublishedPolicies(options: {
  store: Store;
  clock: Clock;
  documents: unknown[];
  reason: string;
}): Promise<PolicyVersionRecord[]> {
  const { store, clock, reason } = options;
  const seeded: PolicyVersionRecord[] = [];
  for (const document of options.documents) {
    const outcome = validatePolicy(document);
    if (!outcome.ok)
      throw new AppError('invalid_request', 'a seed policy is invalid', { issues: outcome.issues });
    const policy = outcome.value;
    if ((await findVersion(store, policy.key, policy.version)) !== null) continue;
    await ensureKey(store, policy.key, policy.kind);
    const version = await takeNextVersion(store, policy.key);
    const at = clock.now().toISOString();
    const published = { ...policy, version };
    const record: PolicyVersionRecord = {
      _id: versionId(policy.key, version),
      key: policy.key,
      kind: policy.kind,
      version,
      status: 'published',
      document: published,
      contentHash: contentHash(published),
      author: SYSTEM.id,
      createdAt: at,
      updatedAt: at,
      revision: 1,
      basedOn: undefined,
      submission: undefined,
      approvals: [],
      rejection: undefined,
      publication: { by: SYSTEM.id, at, effectiveFrom: published.effectiveFrom },
      supersededAt: undefined,
      pendingAudit: [],
    };
    record.pendingAudit = pendingAudit([
      auditOfVersion(SYSTEM, 'policy.published', record, { reason }),
    ]);
    await versions(store).insertOne(withoutUndefined(record));
    await flushPendingAudit(store, clock, record);
    seeded.push({ ...record, pendingAudit: [] });
  }
  return seeded;
}
