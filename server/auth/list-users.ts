// Every user, for administrators: views only (no password hash, no TOTP secret), by user name.
import type { Store } from '../store/store';
import { users, userView, type UserView } from './user-record';

export async function listUsers(store: Store): Promise<UserView[]> {
  const records = await users(store).find({}, { sort: { username: 1 } });
  return records.map(userView);
}
