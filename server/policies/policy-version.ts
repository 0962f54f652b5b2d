// A policy key has many versions; each is a record in the policy_versions collection. A version is
// editable only as a draft. Once submitted its document never changes again: the content hash
// taken at submission is what reviewers approved and what the audit log names.
import type { NewAuditEntry } from '../audit';
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
  /**
   * Audit entries written in the same atomic update as the change they record, appended to the
   * audit log right after and then cleared: without multi-document transactions, this is how a
   * crash between the two writes cannot lose an audit entry (recover-pending-audits.ts).
   */
  pendingAudit: PendingAudit[];
}

export interface PendingAudit {
  /** Unique per intent, so recovery can tell whether it reached the log already. */
  id: string;
  entry: NewAuditEntry;
}

export const POLICY_VERSIONS = 'policy_versions';
export const POLICY_KEYS = 'policies';

/** One document per policy key: its kind and the counters that serialise its versions. */
export interface PolicyKeyRecord {
  _id: string;
  kind: Policy['kind'];
  /** The highest version number given out. */
  latestVersion: number;
  /** Bumped by every publication, so two concurrent publications of one key cannot both win. */
  publishRevision: number;
}

export function versionId(key: string, version: number): string {
  return `${key}@${version}`;
}
