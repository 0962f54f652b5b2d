// A new draft version of a key: the first version of a new key, an edit of the current one, or a
// rollback to an older one (basedOn). The server gives the version number.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import type { VersionFamily } from './version-family';
import { versionId, type Actor, type VersionRecord } from './version-record';
import { ensureKey, findKey, takeNextVersion, versions } from './versions-repository';
import { flushPendingAudit, pendingAudit, withoutUndefined } from './write-version';

export interface CreateDraftOptions<Kind extends string, Document> {
  store: Store;
  clock: Clock;
  family: VersionFamily<Kind, Document>;
  actor: Actor;
  /** A document of the family; a version number in it is replaced by the next free one. */
  document: unknown;
  basedOn?: number;
}

export async function createDraft<Kind extends string, Document>(
  options: CreateDraftOptions<Kind, Document>,
): Promise<VersionRecord<Kind, Document>> {
  const { store, clock, family, actor } = options;
  const outcome = family.validate(options.document);
  if (!outcome.ok) {
    throw new AppError('invalid_request', `the ${family.name} document is invalid`, {
      issues: outcome.issues,
    });
  }
  const submitted = outcome.value;
  const key = family.keyOf(submitted);
  const kind = family.kindOf(submitted);
  const existing = await findKey(store, family, key);
  if (existing && existing.kind !== kind) {
    throw new AppError(
      'conflict',
      `${family.name} ${key} is a ${existing.kind} ${family.name}, not ${kind}`,
    );
  }
  await ensureKey(store, family, key, kind);
  const version = await takeNextVersion(store, family, key);
  const document = family.numbered(submitted, version);
  const at = clock.now().toISOString();
  const record: VersionRecord<Kind, Document> = {
    _id: versionId(key, version),
    key,
    kind,
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
    auditOfVersion(family, actor, 'draft_created', record, {
      ...(options.basedOn !== undefined && { reason: `started from version ${options.basedOn}` }),
    }),
  ]);
  await versions(store, family).insertOne(withoutUndefined(record));
  await flushPendingAudit(store, clock, family, record);
  return { ...record, pendingAudit: [] };
}
