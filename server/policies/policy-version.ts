// A policy key has many versions; each is a record in the policy_versions collection. A version is
// editable only as a draft. Once submitted its document never changes again: the content hash
// taken at submission is what reviewers approved and what the audit log names.
import type { Policy } from '../rating/types';

export type VersionStatus =
  'draft' | 'in_review' | 'approved' | 'published' | 'superseded' | 'rejected';

export interface Actor {
  id: string;
  roles: readonly string[];
  /** Whether this session passed multi-factor authentication. */
  mfa: boolean;
}

export interface Approval {
  by: string;
  at: string;
  comment: string;
}

export interface PolicyVersionRecord {
  /** `${key}@${version}` */
  _id: string;
  key: string;
  kind: Policy['kind'];
  version: number;
  status: VersionStatus;
  document: Policy;
  /** SHA-256 of the canonical JSON of the document. */
  contentHash: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: every write is conditional on it and increments it. */
  revision: number;
  /** The version this draft was started from (an edit of a published version, or a rollback). */
  basedOn: number | undefined;
  submission: { by: string; at: string; reason: string } | undefined;
  approvals: Approval[];
  rejection: { by: string; at: string; comment: string } | undefined;
  publication: { by: string; at: string; effectiveFrom: string } | undefined;
  supersededAt: string | undefined;
}

export function versionId(key: string, version: number): string {
  return `${key}@${version}`;
}
