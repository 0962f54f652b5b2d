// A versioned document (a policy, a template) has a key and many versions; each version is a
// record in its family's versions collection. A version is editable only as a draft. Once
// submitted its document never changes again: the content hash taken at submission is what
// reviewers approved and what the audit log names.
import type { NewAuditEntry } from '../audit';

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

export interface VersionRecord<Kind extends string = string, Document = unknown> {
  /** `${key}@${version}` */
  _id: string;
  key: string;
  /** The kind of a policy (pricing, tax...), the purpose of a template (invoice, dunning-email...). */
  kind: Kind;
  version: number;
  status: VersionStatus;
  document: Document;
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
  /** When the version takes effect is chosen by the publisher, not by the author. */
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

/** One document per key: its kind and the counters that serialise its versions. */
export interface KeyRecord<Kind extends string = string> {
  _id: string;
  kind: Kind;
  /** The highest version number given out. */
  latestVersion: number;
  /** Bumped by every publication, so two concurrent publications of one key cannot both win. */
  publishRevision: number;
}

export function versionId(key: string, version: number): string {
  return `${key}@${version}`;
}
