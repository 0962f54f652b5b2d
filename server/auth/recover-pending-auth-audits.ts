// At start-up: audit entries a crash left in the outbox of users, API keys and ended sessions
// (audit/record-outbox.ts) are appended now. An entry that did reach the log before the crash is
// recognised by its intent id and only removed from the outbox.
import type { Clock } from '../audit';
import { recoverOutbox } from '../audit/record-outbox';
import type { Store } from '../store/store';
import { API_KEYS, type ApiKeyRecord } from './api-key-record';
import { SESSIONS, sessions } from './session-record';
import { USERS, type UserRecord } from './user-record';

/** Returns how many entries it appended. */
export async function recoverPendingAuthAudits(options: {
  store: Store;
  clock: Clock;
}): Promise<number> {
  const { store } = options;
  let appended = 0;
  // Users and API keys are few (hundreds), so a scan at start-up is cheap; of sessions, only
  // those ended by sign-out can hold an entry, and they are deleted right after.
  for (const user of await store.collection<UserRecord>(USERS).find({})) {
    appended += await recoverOutbox(options, USERS, user._id, user.pendingAudit);
  }
  for (const key of await store.collection<ApiKeyRecord>(API_KEYS).find({})) {
    appended += await recoverOutbox(options, API_KEYS, key._id, key.pendingAudit);
  }
  const ended = await sessions(store).find({ endedAt: { $exists: true } });
  for (const session of ended) {
    appended += await recoverOutbox(options, SESSIONS, session._id, session.pendingAudit);
    await sessions(store).deleteMany({ _id: session._id });
  }
  return appended;
}
