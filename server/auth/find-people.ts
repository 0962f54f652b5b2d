// The people (and service keys) behind the ids that versions, simulations and audit entries
// record: records name users by opaque id so that renaming a user never rewrites history, and
// screens turn the ids back into names with this lookup.
//
// Security: only the name of a user or a key leaves, never a role, a hash or a secret; ids are
// unguessable, so the lookup cannot be used to list users.
import type { Store } from '../store/store';
import { apiKeys } from './api-key-record';
import { users } from './user-record';

export type Person =
  | { id: string; kind: 'user'; username: string; displayName: string; disabled: boolean }
  | { id: string; kind: 'api_key'; name: string; revoked: boolean };

/** The users and keys with these ids, in the order asked; unknown ids are left out. */
export async function findPeople(store: Store, ids: readonly string[]): Promise<Person[]> {
  const userIds = ids.filter((id) => id.startsWith('usr_'));
  const keyIds = ids.filter((id) => id.startsWith('key_'));
  const [userRecords, keyRecords] = await Promise.all([
    userIds.length > 0 ? users(store).find({ _id: { $in: userIds } }) : [],
    keyIds.length > 0 ? apiKeys(store).find({ _id: { $in: keyIds } }) : [],
  ]);
  const found = new Map<string, Person>();
  for (const user of userRecords) {
    found.set(user._id, {
      id: user._id,
      kind: 'user',
      username: user.username,
      displayName: user.displayName,
      disabled: user.disabled,
    });
  }
  for (const key of keyRecords) {
    found.set(key._id, { id: key._id, kind: 'api_key', name: key.name, revoked: !!key.revokedAt });
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}
