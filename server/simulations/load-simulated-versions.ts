// The versions a simulation or an invoice preview puts in their keys' place. Only versions that
// are not yet in force can be simulated (draft, in review, approved): the question is always
// "what would this change do". Every version that is missing or in force is named by its place.
import { AppError } from '../errors/app-error';
import { POLICY_FAMILY, type PolicyVersionRecord } from '../policies/policy-version';
import type { ValidationIssue } from '../rating/validation';
import type { Store } from '../store/store';
import { findVersion } from '../versioning/versions-repository';
import type { SimulationRequest } from './read-simulation-request';

const SIMULATABLE: readonly string[] = ['draft', 'in_review', 'approved'];

export async function loadSimulatedVersions(
  store: Store,
  wanted: SimulationRequest['versions'],
): Promise<PolicyVersionRecord[]> {
  const records = await Promise.all(
    wanted.map(({ key, version }) => findVersion(store, POLICY_FAMILY, key, version)),
  );
  const issues: ValidationIssue[] = [];
  records.forEach((record, index) => {
    const { key, version } = wanted[index]!;
    const path = `$.versions[${index}]`;
    if (record === null) issues.push({ path, message: `${key} has no version ${version}` });
    else if (!SIMULATABLE.includes(record.status)) {
      issues.push({
        path,
        message: `${key} v${version} is ${record.status}: simulate a draft, or a version in review or approved`,
      });
    }
  });
  if (issues.length > 0) {
    throw new AppError('invalid_request', 'some versions cannot be simulated', { issues });
  }
  return records as PolicyVersionRecord[];
}
