// Fixtures of the auth integration tests: a store with the audit and auth indexes, a clock the
// test moves, and users written straight to the store with one argon2 hash made per test file
// (hashing is deliberately slow; createUser's own tests hash for real).
import { randomBytes } from 'node:crypto';
import { AUDIT_INDEXES, type AuditEntry, type Clock } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION } from '../../../server/audit/audit-entry';
import { AUTH_INDEXES } from '../../../server/auth/auth-indexes';
import { hashPassword } from '../../../server/auth/passwords';
import type { Role } from '../../../server/auth/permissions';
import { newTotpSecret } from '../../../server/auth/totp';
import { newUserId, users, type UserRecord } from '../../../server/auth/user-record';
import { AppError } from '../../../server/errors/app-error';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { openTestStore, type StoreKind, type TestStore } from '../../support/test-store';

export const PASSWORD = 'correct horse battery staple';
export const MINUTE = 60_000;

export async function openAuthStore(kind: StoreKind): Promise<TestStore> {
  const test = await openTestStore(kind);
  await ensureIndexes(test.store, [...AUDIT_INDEXES, ...AUTH_INDEXES]);
  return test;
}

export interface TestClock extends Clock {
  set(instant: string): void;
  advance(milliseconds: number): void;
}

/** A clock that stands still until the test moves it. */
export function aClock(start = '2026-04-01T09:00:00.000Z'): TestClock {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set: (instant) => {
      now = Date.parse(instant);
    },
    advance: (milliseconds) => {
      now += milliseconds;
    },
  };
}

let passwordHash: Promise<string> | undefined;

/** The hash of PASSWORD, made once per test file. */
export function hashOfPassword(): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  return passwordHash;
}

/** A user written to the store as createUser would, with PASSWORD; `withTotp` enrols a secret. */
export async function aUser(
  store: Store,
  overrides: Partial<UserRecord> & { withTotp?: boolean } = {},
): Promise<UserRecord> {
  const { withTotp, ...fields } = overrides;
  const at = '2026-01-01T00:00:00.000Z';
  const record: UserRecord = {
    _id: newUserId(),
    username: `user-${randomBytes(4).toString('hex')}`,
    displayName: 'A. User',
    roles: ['finance'] as Role[],
    passwordHash: await hashOfPassword(),
    failedLogins: 0,
    disabled: false,
    createdAt: at,
    updatedAt: at,
    revision: 1,
    sessionGeneration: 1,
    ...(withTotp && { totp: { secret: newTotpSecret(), enrolledAt: at, lastUsedStep: 0 } }),
    ...fields,
  };
  await users(store).insertOne(record);
  return record;
}

export async function reloadUser(store: Store, id: string): Promise<UserRecord> {
  const user = await users(store).findOne({ _id: id });
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

/** The audit log in order. */
export function auditLog(store: Store): Promise<AuditEntry[]> {
  return store.collection<AuditEntry>(AUDIT_LOG_COLLECTION).find({}, { sort: { sequence: 1 } });
}

/** Action, target and reason of each entry: what a reader of the log sees. */
export async function auditSummary(store: Store): Promise<string[]> {
  return (await auditLog(store)).map((entry) =>
    [entry.action, entry.target.id, entry.reason].filter(Boolean).join(' '),
  );
}

export async function errorOf(action: Promise<unknown>): Promise<AppError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
