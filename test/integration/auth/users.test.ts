// User administration on the real stores: creation with a unique lower-case name and an argon2id
// hash, role changes and disabling that end sessions, guards, and the audit entries they leave.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog, type AuditActor } from '../../../server/audit';
import { changeUserRoles } from '../../../server/auth/change-user-roles';
import { createUser } from '../../../server/auth/create-user';
import { disableUser } from '../../../server/auth/disable-user';
import { findSession } from '../../../server/auth/find-session';
import { verifyPassword } from '../../../server/auth/passwords';
import { signIn } from '../../../server/auth/sign-in';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import {
  aClock,
  auditLog,
  auditSummary,
  aUser,
  errorOf,
  openAuthStore,
  PASSWORD,
  reloadUser,
  type TestClock,
} from './auth-fixtures';

const admin: AuditActor = { type: 'user', id: 'usr_admin' };

describe.each(STORE_KINDS)('users on the %s store', (kind) => {
  let test: TestStore;
  let store: Store;
  let clock: TestClock;
  beforeEach(async () => {
    test = await openAuthStore(kind);
    store = test.store;
    clock = aClock();
  });
  afterEach(async () => {
    await test.dispose();
  });

  const signInAs = (username: string) => signIn({ store, clock, username, password: PASSWORD });

  it('creates a user with a lower-case name, ordered roles and an argon2id hash, audited by id', async () => {
    const user = await createUser({
      store,
      clock,
      actor: admin,
      username: 'Jane.Doe',
      displayName: ' Jane Doe ',
      roles: ['revops', 'billing_admin'],
      password: PASSWORD,
      reason: 'joined revenue operations',
    });
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_[0-9a-f]{24}$/),
      username: 'jane.doe',
      displayName: 'Jane Doe',
      roles: ['billing_admin', 'revops'],
      mfaEnrolled: false,
      disabled: false,
      lockedUntil: undefined,
      createdAt: '2026-04-01T09:00:00.000Z',
      updatedAt: '2026-04-01T09:00:00.000Z',
      revision: 1,
    });
    const stored = await reloadUser(store, user.id);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, PASSWORD)).toBe(true);
    const log = await auditLog(store);
    expect(log).toMatchObject([
      {
        actor: admin,
        action: 'user.created',
        target: { type: 'user', id: user.id },
        reason: 'joined revenue operations',
        details: { roles: ['billing_admin', 'revops'] },
      },
    ]);
    expect(JSON.stringify(log)).not.toMatch(/jane|argon2/i);
    expect((await signInAs('JANE.DOE')).kind).toBe('signed_in');
  });

  it('refuses an invalid user, naming every field, before hashing anything', async () => {
    const error = await errorOf(
      createUser({
        store,
        clock,
        actor: admin,
        username: 'jane@example.com',
        displayName: '',
        roles: ['root', 'admin', 'admin'],
        password: 'short',
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.options.issues?.map((issue) => issue.path)).toEqual([
      '$.username',
      '$.displayName',
      '$.roles[0]',
      '$.roles[2]',
      '$.password',
    ]);
    expect(await store.collection('users').count({})).toBe(0);
    expect(await auditLog(store)).toEqual([]);
  });

  it('refuses a user name taken already, whatever its case, with 409', async () => {
    await aUser(store, { username: 'jane' });
    const error = await errorOf(
      createUser({
        store,
        clock,
        actor: admin,
        username: 'JANE',
        displayName: 'Jane',
        roles: ['support'],
        password: PASSWORD,
      }),
    );
    expect([error.code, error.status, error.options.issues?.[0]?.path]).toEqual([
      'conflict',
      409,
      '$.username',
    ]);
  });

  it('changes roles, ends the sessions, and records from and to', async () => {
    const user = await aUser(store, { roles: ['support'] });
    const before = await signInAs(user.username);
    if (before.kind !== 'signed_in') throw new Error(before.kind);
    clock.advance(1000);
    const outcome = await changeUserRoles({
      store,
      clock,
      actor: admin,
      userId: user._id,
      roles: ['finance', 'support'],
      revision: 1,
      reason: 'month-end close',
    });
    expect(outcome).toMatchObject({
      kind: 'changed',
      user: { roles: ['finance', 'support'], revision: 2, updatedAt: '2026-04-01T09:00:01.000Z' },
    });
    expect(await findSession({ store, clock, token: before.session.token })).toBeUndefined();
    expect((await auditLog(store)).at(-1)).toMatchObject({
      actor: admin,
      action: 'user.role_changed',
      target: { type: 'user', id: user._id },
      reason: 'month-end close',
      details: { fromRoles: ['support'], toRoles: ['finance', 'support'] },
    });
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });

  it('makes a user given an MFA role enrol before the next sign-in', async () => {
    const user = await aUser(store, { roles: ['finance'] });
    await changeUserRoles({
      store,
      clock,
      actor: admin,
      userId: user._id,
      roles: ['approver'],
      revision: 1,
      reason: 'promoted',
    });
    expect((await signInAs(user.username)).kind).toBe('mfa_enrolment_required');
  });

  it('refuses a stale revision with 409 and changes nothing when the roles are the same', async () => {
    const user = await aUser(store, { roles: ['support'], revision: 3 });
    const change = (roles: string[], revision: number) =>
      changeUserRoles({
        store,
        clock,
        actor: admin,
        userId: user._id,
        roles,
        revision,
        reason: 'x',
      });
    expect((await errorOf(change(['finance'], 2))).code).toBe('conflict');
    expect(await change(['support'], 3)).toMatchObject({
      kind: 'unchanged',
      user: { revision: 3 },
    });
    expect(await auditLog(store)).toEqual([]);
  });

  it('does not count sign-ins as changes an administrator could conflict with', async () => {
    const user = await aUser(store, { roles: ['support'] });
    await signIn({ store, clock, username: user.username, password: 'wrong password!!' });
    await signInAs(user.username);
    const outcome = await changeUserRoles({
      store,
      clock,
      actor: admin,
      userId: user._id,
      roles: ['finance'],
      revision: 1,
      reason: 'moved team',
    });
    expect(outcome.kind).toBe('changed');
  });

  it('refuses changes to your own access, a missing reason, and unknown users', async () => {
    const user = await aUser(store, { roles: ['admin'] });
    const self: AuditActor = { type: 'user', id: user._id };
    const ownRoles = await errorOf(
      changeUserRoles({
        store,
        clock,
        actor: self,
        userId: user._id,
        roles: ['admin', 'finance'],
        revision: 1,
        reason: 'x',
      }),
    );
    expect(ownRoles.code).toBe('forbidden');
    expect(
      (await errorOf(disableUser({ store, clock, actor: self, userId: user._id, reason: 'x' })))
        .code,
    ).toBe('forbidden');
    const noReason = await errorOf(
      disableUser({ store, clock, actor: admin, userId: user._id, reason: '' }),
    );
    expect(noReason.options.issues).toEqual([{ path: '$.reason', message: 'must say why' }]);
    expect(
      (await errorOf(disableUser({ store, clock, actor: admin, userId: 'usr_none', reason: 'x' })))
        .code,
    ).toBe('not_found');
  });

  it('disables a user: sessions end, sign-in is refused, disabling again changes nothing', async () => {
    const user = await aUser(store, { roles: ['finance'] });
    const before = await signInAs(user.username);
    if (before.kind !== 'signed_in') throw new Error(before.kind);
    const disable = () =>
      disableUser({ store, clock, actor: admin, userId: user._id, reason: 'left the company' });
    expect(await disable()).toMatchObject({
      kind: 'disabled',
      user: { disabled: true, revision: 2 },
    });
    expect(await findSession({ store, clock, token: before.session.token })).toBeUndefined();
    expect(await signInAs(user.username)).toEqual({ kind: 'invalid_credentials' });
    expect((await disable()).kind).toBe('already_disabled');
    expect(await auditSummary(store)).toEqual([
      `auth.login ${user._id}`,
      `user.disabled ${user._id} left the company`,
      `auth.login_failed ${user._id} disabled`,
    ]);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 3 });
  });
});
