// The policy API's answers, as the server's OpenAPI document describes them.
import type { CustomerImpact, SimulationResult } from '../../../server/policies/simulate-change';
import type { PolicyKind, RatingResult } from '../../../server/rating/types';
import type { DocumentChange } from '../../../server/versioning/diff-documents';

export type { CustomerImpact };

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

export function statusLabel(status: VersionStatus): string {
  return status.replace('_', ' ');
}

export interface VersionSummary {
  id: string;
  key: string;
  kind: PolicyKind;
  version: number;
  status: VersionStatus;
  revision: number;
  contentHash: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  basedOn?: number;
  submission?: { by: string; at: string; reason: string };
  approvals?: Array<{ by: string; at: string; comment?: string }>;
  rejection?: { by: string; at: string; comment: string };
  publication?: { by: string; at: string; effectiveFrom: string };
  supersededAt?: string;
}

export interface PolicyVersion extends VersionSummary {
  document: Record<string, unknown>;
}

export interface SimulationSummary {
  id: string;
  period: { start: string; end: string };
  createdBy: string;
  createdAt: string;
  totals: SimulationResult['totals'];
  customerCount: number;
  changedCustomerCount: number;
  failureCount: number;
  failures: SimulationResult['failures'];
}

export interface VersionReview {
  version: PolicyVersion;
  against: { version: number; effectiveFrom: string; document?: Record<string, unknown> } | null;
  changes: DocumentChange[];
  simulation: SimulationSummary | null;
}

/** A document as the editor shows it: two-space indents and a final newline. */
export function prettyJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** POST /api/v1/simulations/preview: one invoice with the versions in place, beside the published. */
export interface RatingPreview {
  versions: Array<{ key: string; version: number; kind: PolicyKind; status: VersionStatus }>;
  draft: RatingResult;
  published: RatingResult | null;
  publishedIssues: Array<{ path: string; message: string }>;
  impact: CustomerImpact | null;
}
