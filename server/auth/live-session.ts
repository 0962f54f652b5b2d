// The lookup shared by findSession and findEnrolmentSession: a token names a session only while
// the session is live and its user still exists, is enabled, and has not ended their sessions
// since (a different session generation).
import type { Store } from '../store/store';
import { sessionIsLive, sessions, type SessionPurpose, type SessionRecord } from './session-record';
import { looksLikeSessionToken, sessionIdOf } from './session-tokens';
import { users, type UserRecord } from './user-record';

export async function findLiveSession(
  store: Store,
  token: unknown,
  purpose: SessionPurpose,
  now: Date,
): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
  if (!looksLikeSessionToken(token)) return undefined;
  const session = await sessions(store).findOne({ _id: sessionIdOf(token) });
  if (!session || session.purpose !== purpose || !sessionIsLive(session, now)) return undefined;
  const user = await users(store).findOne({ _id: session.userId });
  if (!user || user.disabled || user.sessionGeneration !== session.generation) return undefined;
  return { session, user };
}
