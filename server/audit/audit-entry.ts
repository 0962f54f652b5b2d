// The audit log: one append-only entry per state change, chained by SHA-256 so that an entry
// edited, deleted or reordered directly in the database is detected by verification.
//
// Security: an entry holds ids, action names, content hashes and small structured details, never
// secrets or personal data. The only personal datum is the actor id, which the log exists to keep.
import type { StoredDocument } from '../store/store';

/** Every state change the platform audits. A closed set, so that a typo is a compile error. */
export const AUDIT_ACTIONS = [
  'policy.draft_created',
  'policy.draft_updated',
  'policy.submitted',
  'policy.approved',
  'policy.rejected',
  'policy.published',
  'policy.superseded',
  'template.draft_created',
  'template.draft_updated',
  'template.submitted',
  'template.approved',
  'template.rejected',
  'template.published',
  'template.superseded',
  'customer.created',
  'customer.updated',
  'subscription.created',
  'subscription.updated',
  'meter.created',
  'meter.updated',
  'invoice_run.started',
  'invoice_run.completed',
  'invoice.finalized',
  'invoice.downloaded',
  'delivery.planned',
  'delivery.attempted',
  'delivery.redelivery_requested',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.disabled',
  'webhook_endpoint.enabled',
  'webhook_endpoint.deleted',
  'invoice.correction_requested',
  'dispute.opened',
  'dispute.resolved',
  'simulation.run',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'api_key.created',
  'api_key.scopes_changed',
  'api_key.revoked',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.mfa_enrolled',
  'auth.mfa_reset',
  'auth.session_revoked',
  'settings.changed',
  'audit.exported',
  'audit.purged',
  'retention.purged',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who made the change: a signed-in user, a service API key, or the platform itself (jobs). */
export interface AuditActor {
  type: 'user' | 'api_key' | 'system';
  id: string;
}

export const AUDIT_TARGET_TYPES = [
  'policy',
  'policy_version',
  'template',
  'template_version',
  'customer',
  'subscription',
  'meter',
  'invoice_run',
  'invoice',
  'dispute',
  'delivery',
  'webhook_endpoint',
  'simulation',
  'user',
  'api_key',
  'session',
  'settings',
  'audit_log',
  'retention_run',
] as const;

/** What the change was made to, by opaque id (never an e-mail address or a name). */
export interface AuditTarget {
  type: (typeof AUDIT_TARGET_TYPES)[number];
  id: string;
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a use case records; the log adds the sequence, time and hashes. */
export interface NewAuditEntry {
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget;
  /** Why, in the actor's words (an approval comment, a rejection reason). */
  reason?: string;
  /** SHA-256 hex digests of the documents involved, by role: `{ version: '3f2a…' }`. */
  contentHashes?: Record<string, string>;
  /** A small JSON object: `{ fromStatus: 'in_review', toStatus: 'approved' }`. */
  details?: Record<string, JsonValue>;
}

export interface AuditEntry extends NewAuditEntry, StoredDocument {
  /** The zero-padded sequence, so that a concurrent append of the same sequence fails. */
  _id: string;
  /** 1, 2, 3, ... without gaps; continues after the last purged entry. */
  sequence: number;
  /** When the entry was written: an ISO 8601 instant in UTC with milliseconds. */
  at: string;
  /** The hash of the entry before this one; 64 zeros for the first entry of the log. */
  previousHash: string;
  /** SHA-256 hex over the canonical form of every other field except `_id`. */
  hash: string;
}

/** A point the chain passes through: an entry's sequence and the hash it had when written. */
export interface ChainPoint {
  sequence: number;
  hash: string;
}

/**
 * The two single documents of `audit_checkpoints`. `purge` is the last entry deleted by retention:
 * the chain continues from its hash. `head` is the latest entry appended (it may lag by one entry
 * after a crash, never lead): deleting the newest entries leaves the log shorter than the head.
 */
export interface AuditCheckpointDocument extends StoredDocument, ChainPoint {
  _id: 'purge' | 'head';
  /** When the checkpoint last moved. */
  movedAt: string;
}

/** The previous hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_LOG_COLLECTION = 'audit_log';
export const AUDIT_CHECKPOINTS_COLLECTION = 'audit_checkpoints';

/** The entry's `_id`: its sequence padded to twelve digits, so ids sort like sequences. */
export function auditEntryId(sequence: number): string {
  return String(sequence).padStart(12, '0');
}

/** The sequence an entry was written with, read back from its `_id`; undefined for other ids. */
export function sequenceFromEntryId(id: string): number | undefined {
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

/**
 * The time source. Same shape as the clock of the shared request context; passed in so that
 * time-dependent behaviour (entry times, the retention cut-off) is testable.
 */
export interface Clock {
  now(): Date;
}
