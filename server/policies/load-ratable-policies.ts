// The policy set the rating API uses: every published and superseded version, compiled once.
import { loadPolicySet, type PolicySet } from '../rating/policy-set';
import type { Store } from '../store/store';
import { listRatableVersions } from './policy-versions-repository';

export async function loadRatablePolicies(store: Store): Promise<PolicySet> {
  const records = await listRatableVersions(store);
  return loadPolicySet(
    records.map((record) => ({ document: record.document, source: record._id })),
  );
}
