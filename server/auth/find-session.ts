// Who a request comes from, given the session token of its cookie. The roles are the user's
// roles now, not when they signed in.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { findLiveSession } from './live-session';
import { requiresMfa, type UserPrincipal } from './permissions';
import { sessionNeedsTouch, sessions } from './session-record';

export interface FindSessionOptions {
  store: Store;
  clock: Clock;
  token: string;
}

export interface ActiveSession {
  principal: UserPrincipal;
  /** The value the HTTP layer expects back in the CSRF header (csrfTokenMatches). */
  csrfToken: string;
  expiresAt: string;
}

/**
 * The session's principal, or undefined when the token names no live session: unknown, signed
 * out, past its 12 hours or 30 idle minutes, its user disabled or their sessions revoked, or an
 * enrolment session. Each use keeps the session from going idle; the time of use is written at
 * most once a minute.
 */
export async function findSession(options: FindSessionOptions): Promise<ActiveSession | undefined> {
  const { store, clock } = options;
  const now = clock.now();
  const found = await findLiveSession(store, options.token, 'sign_in', now);
  if (!found) return undefined;
  const { session, user } = found;
  // Defence in depth: role changes end sessions, but a session without MFA never serves a role
  // that needs it.
  if (requiresMfa(user.roles) && !session.mfa) return undefined;
  if (sessionNeedsTouch(session, now)) {
    await sessions(store).updateOne(
      { _id: session._id, lastSeenAt: session.lastSeenAt },
      { $set: { lastSeenAt: now.toISOString() } },
    );
  }
  return {
    principal: { type: 'user', id: user._id, roles: user.roles, mfa: session.mfa },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}
