// Ends the session of a token. The session is marked ended with its audit entry in one write,
// then deleted once the entry is in the log.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { sessionIsLive, sessions, SESSIONS } from './session-record';
import { looksLikeSessionToken, sessionIdOf } from './session-tokens';

export interface SignOutOptions {
  store: Store;
  clock: Clock;
  token: string;
}

export type SignOutOutcome = { kind: 'signed_out'; userId: string } | { kind: 'no_session' };

export async function signOut(options: SignOutOptions): Promise<SignOutOutcome> {
  const { store, clock, token } = options;
  if (!looksLikeSessionToken(token)) return { kind: 'no_session' };
  const id = sessionIdOf(token);
  const now = clock.now();
  const session = await sessions(store).findOne({ _id: id });
  if (!session || session.endedAt !== undefined) return { kind: 'no_session' };
  if (!sessionIsLive(session, now)) {
    // Expired already: nothing to end, only a record to tidy away.
    await sessions(store).deleteMany({ _id: id, endedAt: { $exists: false } });
    return { kind: 'no_session' };
  }
  const logout = pendingAudit({
    actor: { type: 'user', id: session.userId },
    action: 'auth.logout',
    target: { type: 'user', id: session.userId },
    details: { sessionPurpose: session.purpose },
  });
  const ended = await sessions(store).findOneAndUpdate(
    { _id: id, endedAt: { $exists: false } },
    { $set: { endedAt: now.toISOString(), ...logout.set } },
  );
  if (!ended) return { kind: 'no_session' };
  await flushPendingAudit({
    store,
    clock,
    collection: SESSIONS,
    documentId: id,
    pending: [logout],
  });
  await sessions(store).deleteMany({ _id: id });
  return { kind: 'signed_out', userId: session.userId };
}
