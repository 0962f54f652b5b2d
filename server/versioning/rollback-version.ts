// A rollback never rewrites history: it starts a new draft with an older version's content,
// which then goes through review like any change.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { createDraft } from './create-draft';
import type { VersionFamily } from './version-family';
import type { Actor, VersionRecord } from './version-record';
import { versionNotFound } from './version-errors';
import { findVersion } from './versions-repository';

export async function rollbackVersion<Kind extends string, Document>(options: {
  store: Store;
  clock: Clock;
  family: VersionFamily<Kind, Document>;
  actor: Actor;
  key: string;
  /** The version whose content the new draft starts from. */
  version: number;
}): Promise<VersionRecord<Kind, Document>> {
  const { store, family, key, version } = options;
  const source = await findVersion(store, family, key, version);
  if (source === null) throw versionNotFound(family, key, version);
  return createDraft({ ...options, document: source.document, basedOn: version });
}
