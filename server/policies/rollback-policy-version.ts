// A rollback never rewrites history: it starts a new draft with an older version's content,
// which then goes through review like any change.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { createPolicyDraft } from './create-policy-draft';
import { findVersion } from './policy-versions-repository';
import type { Actor, PolicyVersionRecord } from './policy-version';
import { versionNotFound } from './version-errors';

export async function rollbackPolicyVersion(options: {
  store: Store;
  clock: Clock;
  actor: Actor;
  key: string;
  /** The version whose content the new draft starts from. */
  version: number;
}): Promise<PolicyVersionRecord> {
  const { store, key, version } = options;
  const source = await findVersion(store, key, version);
  if (source === null) throw versionNotFound(key, version);
  return createPolicyDraft({ ...options, document: source.document, basedOn: version });
}
