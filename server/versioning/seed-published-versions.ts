// Publishes documents without review, as the system: only for the demo data of a fresh embedded
// store and for tests. Each version is audited as published by "system", with the reason given.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import type { VersionFamily } from './version-family';
import { versionId, type VersionRecord } from './version-record';
import { ensureKey, findVersion, takeNextVersion, versions } from './versions-repository';
import { flushPendingAudit, pendingAudit, withoutUndefined } from './write-version';

const SYSTEM = { id: 'system', roles: [], mfa: false };

/** Returns the versions it published; keys that already have the version are left alone. */
export async function seedPublishedVersions<Kind extends string, Document>(options: {
  store: Store;
  clock: Clock;
  family: VersionFamily<Kind, Document>;
  documents: unknown[];
  reason: string;
}): Promise<VersionRecord<Kind, Document>[]> {
  const { store, clock, family, reason } = options;
  const seeded: VersionRecord<Kind, Document>[] = [];
  for (const candidate of options.documents) {
    const outcome = family.validate(candidate);
    if (!outcome.ok) {
      throw new AppError('invalid_request', `a seed ${family.name} is invalid`, {
        issues: outcome.issues,
      });
    }
    const key = family.keyOf(outcome.value);
    const kind = family.kindOf(outcome.value);
    const declared = family.seedVersionOf(outcome.value);
    if ((await findVersion(store, family, key, declared)) !== null) continue;
    await ensureKey(store, family, key, kind);
    const version = await takeNextVersion(store, family, key);
    const at = clock.now().toISOString();
    const document = family.numbered(outcome.value, version);
    const record: VersionRecord<Kind, Document> = {
      _id: versionId(key, version),
      key,
      kind,
      version,
      status: 'published',
      document,
      contentHash: contentHash(document),
      author: SYSTEM.id,
      createdAt: at,
      updatedAt: at,
      revision: 1,
      basedOn: undefined,
      submission: undefined,
      approvals: [],
      rejection: undefined,
      publication: {
        by: SYSTEM.id,
        at,
        effectiveFrom: family.seedEffectiveFrom(document, at.slice(0, 10)),
      },
      supersededAt: undefined,
      pendingAudit: [],
    };
    record.pendingAudit = pendingAudit([
      auditOfVersion(family, SYSTEM, 'published', record, { reason }),
    ]);
    await versions(store, family).insertOne(withoutUndefined(record));
    await flushPendingAudit(store, clock, family, record);
    seeded.push({ ...record, pendingAudit: [] });
  }
  return seeded;
}
