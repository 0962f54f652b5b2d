// A user of the platform: one record per person in the `users` collection, found by id or by the
// lower-cased user name (a unique index). The password is kept only as an argon2id hash and the
// TOTP secret only on the record, so a record never leaves this module as it is: callers get a
// UserView.
import { randomBytes } from 'node:crypto';
import type { AuditActor } from '../audit';
import { AppError } from '../errors/app-error';
import type { Collection, Store } from '../store/store';
import type { PendingAuditEntries } from '../audit/record-outbox';
import { ROLES, type Role } from './permissions';

export const USERS = 'users';

export interface UserRecord {
  /** `usr_` and 24 hex digits; what audit entries and sessions name. */
  _id: string;
  /** Lower case; unique. */
  username: string;
  displayName: string;
  /** In the order of ROLES, without repeats. */
  roles: Role[];
  passwordHash: string;
  totp?: { secret: string; enrolledAt: string; lastUsedStep: number };
  /** A secret shown to the user and not yet confirmed with a code. */
  pendingTotpSecret?: string;
  /** Consecutive failed sign-ins since the last success or lock; changed only with $inc/$set. */
  failedLogins: number;
  lockedUntil?: string;
  disabled: boolean;
  createdAt: string;
  /** When an administrator last changed the user (sign-ins do not count). */
  updatedAt: string;
  /**
   * Optimistic concurrency for administrators' changes (roles, disabling). Sign-ins do not bump
   * it, so an administrator's edit never conflicts with the user signing in.
   */
  revision: number;
  /**
   * Sessions carry the generation they were made in; bumping it (on disable, on a role change, on
   * "sign out everywhere") ends them all in the same atomic write as the change itself.
   */
  sessionGeneration: number;
  lastSignInAt?: string;
  /** The audit outbox of this record (auth-audit.ts). */
  pendingAudit?: PendingAuditEntries;
}

/** What callers may see of a user: no password hash, no TOTP secret, no outbox. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  mfaEnrolled: boolean;
  disabled: boolean;
  lockedUntil: string | undefined;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export function userView(record: UserRecord): UserView {
  return {
    id: record._id,
    username: record.username,
    displayName: record.displayName,
    roles: [...record.roles],
    mfaEnrolled: record.totp !== undefined,
    disabled: record.disabled,
    lockedUntil: record.lockedUntil,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    revision: record.revision,
  };
}

export function users(store: Store): Collection<UserRecord> {
  return store.collection<UserRecord>(USERS);
}

export function newUserId(): string {
  return `usr_${randomBytes(12).toString('hex')}`;
}

/** User names are compared and stored in lower case. */
export function normaliseUsername(username: string): string {
  return username.toLowerCase();
}

/** Roles in the order of ROLES, each once. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** The user with this id; a 404 AppError when there is none. */
export async function findUserOrThrow(store: Store, userId: string): Promise<UserRecord> {
  const user = await users(store).findOne({ _id: userId });
  if (!user) throw new AppError('not_found', 'there is no such user');
  return user;
}

/** Nobody changes their own access: another administrator must, so each change has two people. */
export function refuseSelfChange(actor: AuditActor, userId: string, what: string): void {
  if (actor.type === 'user' && actor.id === userId) {
    throw new AppError('forbidden', `you cannot ${what} yourself; ask another administrator`);
  }
}
