// One failed check of a user's secret (a wrong password or one-time code at sign-in, a wrong
// current password when changing it) counts towards the lockout: $inc, atomic, and the fifth in
// a row locks the account for a while (lockout.ts). Each failure and each lock is audited.
import type { Clock } from '../audit';
import type { Filter, Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { SIGN_IN_OBSERVER } from './auth-audit';
import { failuresLock, lockedUntilAfter, MAX_FAILED_LOGINS } from './lockout';
import { users, USERS, type UserRecord } from './user-record';

export interface FailedCheck {
  store: Store;
  clock: Clock;
  /** The user as read before the check. */
  user: UserRecord;
  now: Date;
  /** For the audit log: "wrong password", "wrong code", "wrong current password". */
  reason: string;
  /**
   * Whether a lock also ends the user's sessions: when the guess came from inside a session, a
   * stolen session must not go on guessing once the account is locked.
   */
  endSessionsOnLock?: boolean;
}

export type FailureOutcome =
  /** The account changed since it was read (locked, disabled, used): nothing was counted. */
  { kind: 'changed_meanwhile' } | { kind: 'counted' } | { kind: 'locked'; until: string };

/** The lock as read: writes are conditional on it, so a lock set meanwhile is never overtaken. */
export function unchangedLock(user: UserRecord): Filter {
  return { _id: user._id, lockedUntil: user.lockedUntil ?? null };
}

export async function countFailedCheck(check: FailedCheck): Promise<FailureOutcome> {
  const { store, clock, user, now, reason } = check;
  const target = { type: 'user' as const, id: user._id };
  const failure = pendingAudit({
    actor: SIGN_IN_OBSERVER,
    action: 'auth.login_failed',
    target,
    reason,
  });
  const counted = await users(store).findOneAndUpdate(unchangedLock(user), {
    $inc: { failedLogins: 1 },
    $set: failure.set,
  });
  if (!counted) return { kind: 'changed_meanwhile' };
  const pending = [failure];
  let outcome: FailureOutcome = { kind: 'counted' };
  if (failuresLock(counted.failedLogins)) {
    const until = lockedUntilAfter(now);
    const lock = pendingAudit({
      actor: SIGN_IN_OBSERVER,
      action: 'user.updated',
      target,
      reason: `locked after ${MAX_FAILED_LOGINS} consecutive failed sign-ins`,
      details: { lockedUntil: until },
    });
    const locked = await users(store).findOneAndUpdate(
      { ...unchangedLock(user), failedLogins: { $gte: MAX_FAILED_LOGINS } },
      {
        $set: { lockedUntil: until, failedLogins: 0, ...lock.set },
        ...(check.endSessionsOnLock && { $inc: { sessionGeneration: 1 } }),
      },
    );
    if (locked) {
      pending.push(lock);
      outcome = { kind: 'locked', until };
    }
  }
  await flushPendingAudit({ store, clock, collection: USERS, documentId: user._id, pending });
  return outcome;
}
