// The policy API's answers, as the server's OpenAPI document describes them.
import type { PolicyKind } from '../../../server/rating/types';

export type VersionStatus =
  'draft' | 'in_review' | 'approved' | 'published' | 'superseded' | 'rejected';

export const POLICY_KINDS: PolicyKind[] = ['pricing', 'discount', 'tax', 'dunning'];
export const VERSION_STATUSES: VersionStatus[] = [
  'draft',
  'in_review',
  'approved',
  'published',
  'superseded',
  'rejected',
];

export interface PolicySummary {
  key: string;
  kind: PolicyKind;
  latest: { version: number; status: VersionStatus };
  published: { version: number; effectiveFrom: string }[];
}

export function statusLabel(status: VersionStatus): string {
  return status.replace('_', ' ');
}
