// The first step of TOTP enrolment: a new secret, kept on the user as pending until the user
// proves with a code that their authenticator app holds it (confirmTotpEnrolment). Starting again
// replaces the pending secret.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { idIssues, throwIfInvalid } from './auth-input';
import { newTotpSecret, otpauthUri } from './totp';
import { findUserOrThrow, users } from './user-record';

export const TOTP_ISSUER = 'Ledgerline';

export interface StartTotpEnrolmentOptions {
  store: Store;
  clock: Clock;
  /** The user enrolling: from their session or their enrolment session, never from a request body. */
  userId: string;
  issuer?: string;
}

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app; shown to the user once. */
  secret: string;
  /** The same secret as an otpauth:// URI, for a QR code. */
  otpauthUri: string;
}

export async function startTotpEnrolment(
  options: StartTotpEnrolmentOptions,
): Promise<TotpEnrolment> {
  const { store, userId } = options;
  throwIfInvalid(idIssues(userId, '$.userId'), 'the enrolment request is invalid');
  const user = await findUserOrThrow(store, userId);
  const secret = newTotpSecret();
  const { matched } = await users(store).updateOne(
    { _id: userId, disabled: false, totp: { $exists: false } },
    { $set: { pendingTotpSecret: secret } },
  );
  if (!matched) {
    throw new AppError(
      'conflict',
      user.disabled ? 'the user is disabled' : 'the user has enrolled a TOTP authenticator already',
    );
  }
  return {
    secret,
    otpauthUri: otpauthUri({
      secret,
      account: user.username,
      issuer: options.issuer ?? TOTP_ISSUER,
    }),
  };
}
