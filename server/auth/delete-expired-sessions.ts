// Housekeeping, run on a schedule: the store has no TTL indexes, so session records past their
// lifetime or idle timeout are deleted here. They stopped working when they expired (findSession
// checks the times); this only keeps the collection small.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { SESSION_IDLE_TIMEOUT_MS, sessions } from './session-record';

/** Returns how many records it deleted. Sessions ended by sign-out are left to it. */
export async function deleteExpiredSessions(options: {
  store: Store;
  clock: Clock;
}): Promise<number> {
  const { store, clock } = options;
  const now = clock.now();
  const notEnded = { endedAt: { $exists: false } };
  const expired = await sessions(store).deleteMany({
    ...notEnded,
    expiresAt: { $lte: now.toISOString() },
  });
  const idle = await sessions(store).deleteMany({
    ...notEnded,
    lastSeenAt: { $lte: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS).toISOString() },
  });
  return expired + idle;
}
