import type { PolicyKind } from '../../../server/rating/types';

/** The model address of a policy version: its file name says which schema checks it. */
export function policyModelPath(key: string, version: number, kind: PolicyKind): string {
  return `policies/${key}/v${version}.${kind}.policy.json`;
}
