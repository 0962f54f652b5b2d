// A signed-in user changes their own password, proving they know the current one.
//
// Security:
// - A wrong current password counts towards the lockout like a wrong one at sign-in, and the
//   lock it may bring ends the user's sessions: a stolen session cannot guess its way to the
//   password.
// - The change ends every session of the user, this one included, in the same conditional write
//   (the session generation moves on): whoever else was signed in with the old password is out,
//   and the user signs in again with the new one.
// - The write holds only if the password hash is still the one checked, so two changes at once
//   cannot both win with different current passwords.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { passwordIssues, throwIfInvalid } from './auth-input';
import { countFailedCheck } from './count-failed-check';
import { isLocked } from './lockout';
import { hashPassword, verifyPassword } from './passwords';
import { deleteSessionsBefore } from './session-record';
import { findUserOrThrow, users, USERS } from './user-record';

export interface ChangeOwnPasswordOptions {
  store: Store;
  clock: Clock;
  /** The user of the session; the HTTP layer has found the session live. */
  userId: string;
  currentPassword: string;
  newPassword: string;
}

/** Longer inputs are refused before any hashing work, as at sign-in. */
const MAX_PASSWORD_INPUT = 1024;

export async function changeOwnPassword(options: ChangeOwnPasswordOptions): Promise<void> {
  const { store, clock, userId, currentPassword, newPassword } = options;
  const user = await findUserOrThrow(store, userId);
  throwIfInvalid(
    [
      ...(typeof currentPassword === 'string' && currentPassword.length <= MAX_PASSWORD_INPUT
        ? []
        : [{ path: '$.currentPassword', message: 'must be a password' }]),
      ...passwordIssues(newPassword, user.username).map((issue) => ({
        ...issue,
        path: '$.newPassword',
      })),
      ...(newPassword === currentPassword
        ? [{ path: '$.newPassword', message: 'must differ from the current password' }]
        : []),
    ],
    'the new password is not accepted',
  );
  const now = clock.now();
  if (isLocked(user.lockedUntil, now)) {
    throw new AppError('forbidden', lockedMessage(user.lockedUntil!));
  }
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    const failure = await countFailedCheck({
      store,
      clock,
      user,
      now,
      reason: 'wrong current password',
      endSessionsOnLock: true,
    });
    if (failure.kind === 'locked') {
      await deleteSessionsBefore(store, userId, user.sessionGeneration + 1);
      throw new AppError('unauthenticated', `${lockedMessage(failure.until)}, and signed out`);
    }
    throw new AppError('invalid_request', 'the current password is wrong', {
      issues: [{ path: '$.currentPassword', message: 'is wrong' }],
    });
  }
  const changed = pendingAudit({
    actor: { type: 'user', id: userId },
    action: 'auth.password_changed',
    target: { type: 'user', id: userId },
  });
  const updated = await users(store).findOneAndUpdate(
    { _id: userId, passwordHash: user.passwordHash, disabled: false },
    {
      $set: { passwordHash: await hashPassword(newPassword), failedLogins: 0, ...changed.set },
      $inc: { sessionGeneration: 1 },
    },
  );
  if (!updated) {
    throw new AppError('conflict', 'the password was changed meanwhile: sign in again');
  }
  await deleteSessionsBefore(store, userId, updated.sessionGeneration);
  await flushPendingAudit({
    store,
    clock,
    collection: USERS,
    documentId: userId,
    pending: [changed],
  });
}

function lockedMessage(until: string): string {
  return `too many wrong passwords: the account is locked until ${until.slice(11, 16)} UTC`;
}
