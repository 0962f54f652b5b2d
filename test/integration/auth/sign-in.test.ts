// Sign-in on the real stores: passwords, lockout after five failures and its end fifteen minutes
// later, TOTP for the roles that need it, replayed codes, and what the audit log says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../server/audit';
import { findSession } from '../../../server/auth/find-session';
import { LOCKOUT_MS } from '../../../server/auth/lockout';
import type { Role } from '../../../server/auth/permissions';
import { SESSIONS, type SessionRecord } from '../../../server/auth/session-record';
import { sessionIdOf } from '../../../server/auth/session-tokens';
import { signIn, type SignInOutcome } from '../../../server/auth/sign-in';
import { signOut } from '../../../server/auth/sign-out';
import { totpCode } from '../../../server/auth/totp';
import type { UserRecord } from '../../../server/auth/user-record';
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

describe.each(STORE_KINDS)('sign-in on the %s store', (kind) => {
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

  const attempt = (user: UserRecord, password: string, totpCode?: string) =>
    signIn({ store, clock, username: user.username, password, totpCode });
  const codeOf = (user: UserRecord) => totpCode(user.totp!.secret, clock.now());

  it('signs a user in with the right password: a session, its principal, an audit entry', async () => {
    const user = await aUser(store, { roles: ['finance', 'revops'] });
    const outcome = await signIn({
      store,
      clock,
      username: user.username.toUpperCase(),
      password: PASSWORD,
    });
    expect(outcome).toMatchObject({
      kind: 'signed_in',
      principal: { type: 'user', id: user._id, roles: ['finance', 'revops'], mfa: false },
      session: { expiresAt: '2026-04-01T21:00:00.000Z' },
    });
    const { session } = outcome as Extract<SignInOutcome, { kind: 'signed_in' }>;
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = await store.collection<SessionRecord>(SESSIONS).find({});
    expect(stored).toMatchObject({
      _id: sessionIdOf(session.token),
      userId: user._id,
      mfa: false,
      csrfToken: session.csrfToken,
      createdAt: '2026-04-01T09:00:00.000Z',
      lastSeenAt: '2026-04-01T09:00:00.000Z',
    });
    expect(JSON.stringify(stored)).not.toContain(session.token);
    expect((await findSession({ store, clock, token: session.token }))?.principal.id).toBe(
      user._id,
    );
    const [login] = await auditLog(store);
    expect(login).toMatchObject({
      actor: { type: 'user', id: user._id },
      action: 'auth.login',
      target: { type: 'user', id: user._id },
      details: { mfa: false, sessionPurpose: 'sign_in' },
    });
    expect((await reloadUser(store, user._id)).pendingAudit).toEqual({});
  });

  it('answers an unknown user name like a wrong password, and never records the name typed', async () => {
    expect(await signIn({ store, clock, username: 'mallory-probe', password: PASSWORD })).toEqual({
      kind: 'invalid_credentials',
    });
    const log = await auditLog(store);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      action: 'auth.login_failed',
      target: { type: 'user', id: 'unknown' },
      reason: 'unknown user',
    });
    expect(JSON.stringify(log)).not.toContain('mallory');
  });

  it('counts wrong passwords and resets the count on the right one', async () => {
    const user = await aUser(store);
    for (let failure = 1; failure <= 4; failure++) {
      expect(await attempt(user, 'wrong password!!')).toEqual({ kind: 'invalid_credentials' });
    }
    expect((await reloadUser(store, user._id)).failedLogins).toBe(4);
    expect((await attempt(user, PASSWORD)).kind).toBe('signed_in');
    expect((await reloadUser(store, user._id)).failedLogins).toBe(0);
    for (let failure = 1; failure <= 4; failure++) await attempt(user, 'wrong password!!');
    expect((await reloadUser(store, user._id)).lockedUntil).toBeUndefined();
  });

  it('locks after five failures in a row, refuses even the right password, unlocks after 15 minutes', async () => {
    const user = await aUser(store);
    const outcomes = [];
    for (let failure = 1; failure <= 5; failure++) {
      outcomes.push((await attempt(user, 'wrong password!!')).kind);
    }
    const until = '2026-04-01T09:15:00.000Z';
    expect(outcomes).toEqual([...Array(4).fill('invalid_credentials'), 'locked']);
    expect(await reloadUser(store, user._id)).toMatchObject({
      failedLogins: 0,
      lockedUntil: until,
    });

    clock.advance(LOCKOUT_MS - 1);
    expect(await attempt(user, PASSWORD)).toEqual({ kind: 'locked', until });
    expect((await reloadUser(store, user._id)).failedLogins).toBe(0);

    clock.advance(1);
    expect((await attempt(user, PASSWORD)).kind).toBe('signed_in');
    expect((await reloadUser(store, user._id)).lockedUntil).toBeUndefined();

    const summary = await auditSummary(store);
    expect(summary).toEqual([
      ...Array(5).fill(`auth.login_failed ${user._id} wrong password`),
      `user.updated ${user._id} locked after 5 consecutive failed sign-ins`,
      `auth.login_failed ${user._id} locked`,
      `auth.login ${user._id}`,
    ]);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 8 });
  });

  it('gives five more attempts once a lock has passed', async () => {
    const user = await aUser(store);
    for (let failure = 1; failure <= 5; failure++) await attempt(user, 'wrong password!!');
    clock.advance(LOCKOUT_MS);
    expect(await attempt(user, 'wrong password!!')).toEqual({ kind: 'invalid_credentials' });
    expect(await reloadUser(store, user._id)).toMatchObject({ failedLogins: 1 });
  });

  it('refuses a disabled user, whatever the password', async () => {
    const user = await aUser(store, { disabled: true });
    expect(await attempt(user, PASSWORD)).toEqual({ kind: 'invalid_credentials' });
    expect(await auditSummary(store)).toEqual([`auth.login_failed ${user._id} disabled`]);
  });

  it.each<Role>(['admin', 'approver'])(
    'gives a %s without TOTP only an enrolment session',
    async (role) => {
      const user = await aUser(store, { roles: [role, 'finance'] });
      const outcome = await attempt(user, PASSWORD);
      expect(outcome).toMatchObject({
        kind: 'mfa_enrolment_required',
        enrolment: { expiresAt: '2026-04-01T09:10:00.000Z' },
      });
      const { enrolment } = outcome as Extract<SignInOutcome, { kind: 'mfa_enrolment_required' }>;
      expect(await findSession({ store, clock, token: enrolment.token })).toBeUndefined();
      expect((await auditLog(store))[0]?.details).toMatchObject({
        mfa: false,
        sessionPurpose: 'mfa_enrolment',
      });
    },
  );

  it.each<{ roles: Role[] }>([{ roles: ['finance'] }, { roles: ['billing_admin', 'support'] }])(
    'signs $roles in without a second factor',
    async ({ roles }) => {
      const user = await aUser(store, { roles });
      expect((await attempt(user, PASSWORD)).kind).toBe('signed_in');
    },
  );

  it('asks an enrolled user for the code, counts a wrong one, and signs in with the right one', async () => {
    const user = await aUser(store, { roles: ['approver'], withTotp: true });
    expect(await attempt(user, PASSWORD)).toEqual({ kind: 'mfa_required' });
    expect((await reloadUser(store, user._id)).failedLogins).toBe(0);
    expect(await attempt(user, PASSWORD, '000000')).toEqual({ kind: 'mfa_required' });
    expect((await reloadUser(store, user._id)).failedLogins).toBe(1);
    const outcome = await attempt(user, PASSWORD, codeOf(user));
    expect(outcome).toMatchObject({
      kind: 'signed_in',
      principal: { id: user._id, roles: ['approver'], mfa: true },
    });
    expect(await auditSummary(store)).toEqual([
      `auth.login_failed ${user._id} wrong code`,
      `auth.login ${user._id}`,
    ]);
  });

  it('does not ask for a code before the password is right', async () => {
    const user = await aUser(store, { roles: ['admin'], withTotp: true });
    expect(await attempt(user, 'wrong password!!', codeOf(user))).toEqual({
      kind: 'invalid_credentials',
    });
  });

  it('refuses a code used already, even after signing out', async () => {
    const user = await aUser(store, { roles: ['admin'], withTotp: true });
    const code = codeOf(user);
    const first = await attempt(user, PASSWORD, code);
    expect(first.kind).toBe('signed_in');
    const { session } = first as Extract<SignInOutcome, { kind: 'signed_in' }>;
    await signOut({ store, clock, token: session.token });
    expect(await attempt(user, PASSWORD, code)).toEqual({ kind: 'mfa_required' });
    expect((await reloadUser(store, user._id)).failedLogins).toBe(1);
    clock.advance(30_000);
    expect((await attempt(user, PASSWORD, codeOf(user))).kind).toBe('signed_in');
  });

  it('lets one of two simultaneous sign-ins with the same code through', async () => {
    const user = await aUser(store, { roles: ['approver'], withTotp: true });
    const code = codeOf(user);
    const kinds = (
      await Promise.all([attempt(user, PASSWORD, code), attempt(user, PASSWORD, code)])
    ).map((outcome) => outcome.kind);
    expect(kinds.sort()).toEqual(['mfa_required', 'signed_in']);
    expect(await store.collection(SESSIONS).count({})).toBe(1);
  });

  it('cannot clear the failure count by asking for the code between guesses', async () => {
    const user = await aUser(store, { roles: ['approver'], withTotp: true });
    for (let guess = 1; guess <= 4; guess++) await attempt(user, PASSWORD, '000000');
    expect(await attempt(user, PASSWORD)).toEqual({ kind: 'mfa_required' });
    expect(await attempt(user, PASSWORD, '000000')).toMatchObject({ kind: 'locked' });
    expect(await attempt(user, PASSWORD, codeOf(user))).toMatchObject({ kind: 'locked' });
  });

  it('refuses malformed input with the fields named', async () => {
    const error = await errorOf(
      signIn({
        store,
        clock,
        username: 'x'.repeat(300),
        password: 42 as unknown as string,
        totpCode: '1'.repeat(20),
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.options.issues?.map((issue) => issue.path)).toEqual([
      '$.username',
      '$.password',
      '$.totpCode',
    ]);
  });

  it('leaves nothing pending and a verifiable log after a mix of outcomes', async () => {
    const user = await aUser(store, { roles: ['admin'], withTotp: true });
    await attempt(user, 'wrong password!!');
    await attempt(user, PASSWORD, '123456');
    await attempt(user, PASSWORD, codeOf(user));
    await signIn({ store, clock, username: 'nobody-here', password: PASSWORD });
    expect((await reloadUser(store, user._id)).pendingAudit).toEqual({});
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 4 });
  });
});
