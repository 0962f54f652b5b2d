// Saves a new content for a draft, if nobody saved another since the revision the editor loaded.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import type { VersionFamily } from './version-family';
import type { Actor, VersionRecord } from './version-record';
import { versionNotFound } from './version-errors';
import { findVersion } from './versions-repository';
import { pendingAudit, writeVersion } from './write-version';

export interface EditDraftOptions<Kind extends string, Document> {
  store: Store;
  clock: Clock;
  family: VersionFamily<Kind, Document>;
  actor: Actor;
  key: string;
  version: number;
  /** The revision the editor loaded. */
  revision: number;
  document: unknown;
}

export async function editDraft<Kind extends string, Document>(
  options: EditDraftOptions<Kind, Document>,
): Promise<VersionRecord<Kind, Document>> {
  const { store, clock, family, actor, key, version, revision } = options;
  const outcome = family.validate(options.document);
  if (!outcome.ok) {
    throw new AppError('invalid_request', `the ${family.name} document is invalid`, {
      issues: outcome.issues,
    });
  }
  const record = await findVersion(store, family, key, version);
  if (record === null) throw versionNotFound(family, key, version);
  if (record.status !== 'draft') {
    throw new AppError(
      'conflict',
      `${key} v${version} is ${record.status.replace('_', ' ')} and can no longer change; start a new draft from it`,
    );
  }
  const newKey = family.keyOf(outcome.value);
  const newKind = family.kindOf(outcome.value);
  if (newKey !== key || newKind !== record.kind) {
    throw new AppError(
      'invalid_request',
      `the document must keep the key and ${family.kindField} of its ${family.name}`,
      {
        issues: [
          ...(newKey !== key ? [{ path: '$.key', message: `must stay "${key}"` }] : []),
          ...(newKind !== record.kind
            ? [{ path: `$.${family.kindField}`, message: `must stay "${record.kind}"` }]
            : []),
        ],
      },
    );
  }
  if (record.revision !== revision) {
    throw new AppError(
      'conflict',
      `${key} v${version} was saved by someone else since you opened it (revision ${revision}, now ${record.revision}); reload it and apply your change again`,
    );
  }
  const document = family.numbered(outcome.value, version);
  const updated: VersionRecord<Kind, Document> = {
    ...record,
    document,
    contentHash: contentHash(document),
    updatedAt: clock.now().toISOString(),
    revision: revision + 1,
  };
  updated.pendingAudit = pendingAudit([auditOfVersion(family, actor, 'draft_updated', updated)]);
  return writeVersion({ store, clock, family, record: updated, expectedRevision: revision });
}
