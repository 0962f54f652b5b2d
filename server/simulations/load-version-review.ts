// What a reviewer sees of a version: the version, what changed since the version in force (the
// latest published one of its key), and the latest simulation of exactly this content.
import { POLICY_FAMILY, type PolicyVersionRecord } from '../policies/policy-version';
import { diffDocuments, type DocumentChange } from '../versioning/diff-documents';
import { versionNotFound } from '../versioning/version-errors';
import { listVersions } from '../versioning/versions-repository';
import type { Store } from '../store/store';
import type { SimulationRecord } from './simulation-record';
import { findSimulationsOf } from './simulations-repository';

export interface VersionReview {
  record: PolicyVersionRecord;
  /** The published version the changes lead from; undefined for a policy never published. */
  against: PolicyVersionRecord | undefined;
  /** Every field of a new policy is added. */
  changes: DocumentChange[];
  /** Undefined until someone simulates this content. */
  simulation: SimulationRecord | undefined;
}

export async function loadVersionReview(
  store: Store,
  key: string,
  version: number,
): Promise<VersionReview> {
  const all = await listVersions(store, POLICY_FAMILY, key);
  const record = all.find((candidate) => candidate.version === version);
  if (record === undefined) throw versionNotFound(POLICY_FAMILY, key, version);
  const against = all
    .filter((candidate) => candidate.status === 'published' && candidate.version !== version)
    .at(-1);
  const [simulation] = await findSimulationsOf(store, record, 1);
  return {
    record,
    against,
    changes: diffDocuments(against?.document ?? {}, record.document),
    simulation,
  };
}
