// The second step of TOTP enrolment: a valid code for the pending secret makes it the user's
// second factor. The code's step counts as used, so the same code cannot sign in afterwards.
// Enrolment sessions of the user end: they sign in again, with their new code.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { idIssues, throwIfInvalid } from './auth-input';
import { sessions } from './session-record';
import { checkTotp } from './totp';
import { findUserOrThrow, users, USERS } from './user-record';

export interface ConfirmTotpEnrolmentOptions {
  store: Store;
  clock: Clock;
  /** The user enrolling: from their session or their enrolment session, never from a request body. */
  userId: string;
  code: string;
}

export type ConfirmTotpEnrolmentOutcome = { kind: 'enrolled' } | { kind: 'invalid_code' };

export async function confirmTotpEnrolment(
  options: ConfirmTotpEnrolmentOptions,
): Promise<ConfirmTotpEnrolmentOutcome> {
  const { store, clock, userId, code } = options;
  throwIfInvalid(
    [
      ...idIssues(userId, '$.userId'),
      ...(typeof code === 'string' && code.length <= 16
        ? []
        : [{ path: '$.code', message: 'must be a code' }]),
    ],
    'the enrolment confirmation is invalid',
  );
  const user = await findUserOrThrow(store, userId);
  const secret = user.pendingTotpSecret;
  if (user.totp || user.disabled || secret === undefined) {
    throw new AppError('conflict', 'there is no TOTP enrolment to confirm; start one first');
  }
  const now = clock.now();
  const check = checkTotp({ secret, code, at: now });
  if (!check.ok) return { kind: 'invalid_code' };
  const enrolled = pendingAudit({
    actor: { type: 'user', id: userId },
    action: 'auth.mfa_enrolled',
    target: { type: 'user', id: userId },
    details: { method: 'totp' },
  });
  const { matched } = await users(store).updateOne(
    { _id: userId, disabled: false, pendingTotpSecret: secret, totp: { $exists: false } },
    {
      $set: {
        totp: { secret, enrolledAt: now.toISOString(), lastUsedStep: check.step },
        ...enrolled.set,
      },
      $unset: { pendingTotpSecret: true },
    },
  );
  if (!matched) {
    throw new AppError('conflict', 'the enrolment changed meanwhile; start again');
  }
  await sessions(store).deleteMany({
    userId,
    purpose: 'mfa_enrolment',
    endedAt: { $exists: false },
  });
  await flushPendingAudit({
    store,
    clock,
    collection: USERS,
    documentId: userId,
    pending: [enrolled],
  });
  return { kind: 'enrolled' };
}
