import type { CollectionIndex } from '../store/ensure-indexes';
import { API_KEYS } from './api-key-record';
import { SESSIONS } from './session-record';
import { USERS } from './user-record';

/** The indexes of users, sessions and API keys, for `ensureIndexes` at start-up. */
export const AUTH_INDEXES: readonly CollectionIndex[] = [
  {
    collection: USERS,
    index: { name: 'users_username_unique', keys: { username: 1 }, unique: true },
  },
  { collection: SESSIONS, index: { name: 'sessions_user', keys: { userId: 1 } } },
  { collection: SESSIONS, index: { name: 'sessions_expires_at', keys: { expiresAt: 1 } } },
  {
    collection: API_KEYS,
    index: { name: 'api_keys_hash_unique', keys: { hash: 1 }, unique: true },
  },
];
