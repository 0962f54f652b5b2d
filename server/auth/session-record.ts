// A session: one record per signed-in browser in the `sessions` collection. Its `_id` is the
// SHA-256 of the token the browser holds (session-tokens.ts). Sessions end on their own after
// 12 hours, or after 30 minutes without a request; both are enforced in code when a session is
// looked up (the store has no TTL indexes) and expired records are deleted by
// deleteExpiredSessions.
import type { Collection, Store } from '../store/store';
import type { PendingAuditEntries } from '../audit/record-outbox';
import { newCsrfToken, newSessionToken } from './session-tokens';

export const SESSIONS = 'sessions';

/** Absolute lifetime of a session, however active. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;
/** A session unused this long has ended. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** lastSeenAt is written at most this often, so that every request does not write. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
/** An enrolment session lets a user who must have MFA set it up, and nothing else. */
export const ENROLMENT_SESSION_LIFETIME_MS = 10 * 60_000;

export type SessionPurpose = 'sign_in' | 'mfa_enrolment';

export interface SessionRecord {
  /** SHA-256 hex of the token. */
  _id: string;
  purpose: SessionPurpose;
  userId: string;
  /** The user's sessionGeneration when the session began; a different one has ended it. */
  generation: number;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  /** Whether this session passed a TOTP check. */
  mfa: boolean;
  /** For double-submit CSRF protection; not a credential on its own. */
  csrfToken: string;
  /** Set by sign-out; the record is deleted once its audit entry is in the log. */
  endedAt?: string;
  pendingAudit?: PendingAuditEntries;
}

/** What the caller gets when a session begins: the token, once. */
export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export function sessions(store: Store): Collection<SessionRecord> {
  return store.collection<SessionRecord>(SESSIONS);
}

/** Whether a session is live at `now`: begun, neither ended nor expired nor idle too long. */
export function sessionIsLive(session: SessionRecord, now: Date): boolean {
  const time = now.getTime();
  return (
    session.endedAt === undefined &&
    time < Date.parse(session.expiresAt) &&
    time < Date.parse(session.lastSeenAt) + SESSION_IDLE_TIMEOUT_MS
  );
}

/** Whether lastSeenAt is old enough to be written again. */
export function sessionNeedsTouch(session: SessionRecord, now: Date): boolean {
  return now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS;
}

/**
 * Deletes a user's sessions from generations before `generation`, which have ended already: the
 * generation bump ended them, this only tidies up. Sessions ended by sign-out are left to it, as
 * they may still hold a pending audit entry.
 */
export async function deleteSessionsBefore(
  store: Store,
  userId: string,
  generation: number,
): Promise<number> {
  return sessions(store).deleteMany({
    userId,
    generation: { $lt: generation },
    endedAt: { $exists: false },
  });
}

/** Writes a new session for the user and returns its token, which is not stored. */
export async function insertSession(
  store: Store,
  options: {
    purpose: SessionPurpose;
    userId: string;
    generation: number;
    mfa: boolean;
    now: Date;
  },
): Promise<NewSession> {
  const { token, id } = newSessionToken();
  const lifetime =
    options.purpose === 'sign_in' ? SESSION_LIFETIME_MS : ENROLMENT_SESSION_LIFETIME_MS;
  const record: SessionRecord = {
    _id: id,
    purpose: options.purpose,
    userId: options.userId,
    generation: options.generation,
    createdAt: options.now.toISOString(),
    expiresAt: new Date(options.now.getTime() + lifetime).toISOString(),
    lastSeenAt: options.now.toISOString(),
    mfa: options.mfa,
    csrfToken: newCsrfToken(),
  };
  await sessions(store).insertOne(record);
  return { token, csrfToken: record.csrfToken, expiresAt: record.expiresAt };
}
