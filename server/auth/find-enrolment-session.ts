// The user an enrolment session (from a sign-in that answered mfa_enrolment_required) belongs to.
// Such a session serves TOTP enrolment only; findSession never accepts it.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { findLiveSession } from './live-session';

export interface FindEnrolmentSessionOptions {
  store: Store;
  clock: Clock;
  token: string;
}

export interface EnrolmentSession {
  userId: string;
  csrfToken: string;
  expiresAt: string;
}

/** Undefined for an unknown, expired or used-up enrolment session, or a user enrolled already. */
export async function findEnrolmentSession(
  options: FindEnrolmentSessionOptions,
): Promise<EnrolmentSession | undefined> {
  const found = await findLiveSession(
    options.store,
    options.token,
    'mfa_enrolment',
    options.clock.now(),
  );
  if (!found || found.user.totp) return undefined;
  return {
    userId: found.user._id,
    csrfToken: found.session.csrfToken,
    expiresAt: found.session.expiresAt,
  };
}
