// The policy set the rating API uses: every published and superseded version, compiled once.
import { loadPolicySet, type PolicySet } from '../rating/policy-set';
import type { Store } from '../store/store';
import { listEffectiveVersions } from '../versioning/versions-repository';
import { POLICY_FAMILY } from './policy-version';

export async function loadRatablePolicies(store: Store): Promise<PolicySet> {
  const records = await listEffectiveVersions(store, POLICY_FAMILY);
  return loadPolicySet(
    records.map((record) => ({ document: record.document, source: record._id })),
  );
}
