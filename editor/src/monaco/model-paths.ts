import type { PolicyKind } from '../../../server/rating/types';

/** The model address of a policy version: its file name says which schema checks it. */
export function policyModelPath(key: string, version: number, kind: PolicyKind): string {
  return `policies/${key}/v${version}.${kind}.policy.json`;
}

export const RATING_REQUEST_SUFFIX = '.rating-request.json';

/** The model address of a rating request pasted to preview a policy's invoice. */
export function ratingRequestModelPath(key: string): string {
  return `previews/${key}${RATING_REQUEST_SUFFIX}`;
}
