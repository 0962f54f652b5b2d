// A new user, created by an administrator (or by the platform when it is set up): a unique user
// name, the roles that decide what they may do, and a first password that meets the policy.
import type { AuditActor, Clock } from '../audit';
import { AppError } from '../errors/app-error';
import { DuplicateKeyError, type Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import {
  displayNameIssues,
  passwordIssues,
  reasonIssues,
  rolesIssues,
  throwIfInvalid,
  usernameIssues,
} from './auth-input';
import { hashPassword } from './passwords';
import type { Role } from './permissions';
import {
  canonicalRoles,
  newUserId,
  normaliseUsername,
  users,
  USERS,
  userView,
  type UserRecord,
  type UserView,
} from './user-record';

export interface CreateUserOptions {
  store: Store;
  clock: Clock;
  /** Who creates the user; the HTTP layer has checked that they may (`user:manage`). */
  actor: AuditActor;
  username: string;
  displayName: string;
  roles: readonly string[];
  password: string;
  reason?: string;
}

export async function createUser(options: CreateUserOptions): Promise<UserView> {
  const { store, clock, actor } = options;
  throwIfInvalid(
    [
      ...usernameIssues(options.username),
      ...displayNameIssues(options.displayName),
      ...rolesIssues(options.roles),
      ...passwordIssues(options.password, options.username),
      ...reasonIssues(options.reason, false),
    ],
    'the user is invalid',
  );
  const at = clock.now().toISOString();
  const roles = canonicalRoles(options.roles as Role[]);
  const id = newUserId();
  const audit = pendingAudit({
    actor,
    action: 'user.created',
    target: { type: 'user', id },
    reason: options.reason,
    details: { roles },
  });
  const record: UserRecord = {
    _id: id,
    username: normaliseUsername(options.username),
    displayName: options.displayName.trim(),
    roles,
    passwordHash: await hashPassword(options.password),
    failedLogins: 0,
    disabled: false,
    createdAt: at,
    updatedAt: at,
    revision: 1,
    sessionGeneration: 1,
    pendingAudit: { [audit.id]: audit.entry },
  };
  try {
    await users(store).insertOne(record);
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      throw new AppError('conflict', 'the user name is taken', {
        issues: [{ path: '$.username', message: 'is taken' }],
        cause: error,
      });
    }
    throw error;
  }
  await flushPendingAudit({ store, clock, collection: USERS, documentId: id, pending: [audit] });
  return userView({ ...record, pendingAudit: {} });
}
