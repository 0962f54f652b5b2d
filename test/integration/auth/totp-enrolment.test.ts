// TOTP enrolment on the real stores: an approver or admin without a second factor signs in to an
// enrolment session, enrols an authenticator app, and from then on signs in with codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../server/audit';
import { confirmTotpEnrolment } from '../../../server/auth/confirm-totp-enrolment';
import { findEnrolmentSession } from '../../../server/auth/find-enrolment-session';
import { findSession } from '../../../server/auth/find-session';
import { ENROLMENT_SESSION_LIFETIME_MS, sessions } from '../../../server/auth/session-record';
import { signIn, type SignInOutcome } from '../../../server/auth/sign-in';
import { startTotpEnrolment } from '../../../server/auth/start-totp-enrolment';
import { totpCode } from '../../../server/auth/totp';
import type { UserRecord } from '../../../server/auth/user-record';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import {
  aClock,
  auditSummary,
  aUser,
  errorOf,
  openAuthStore,
  PASSWORD,
  reloadUser,
  type TestClock,
} from './auth-fixtures';

describe.each(STORE_KINDS)('TOTP enrolment on the %s store', (kind) => {
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

  async function enrolmentToken(user: UserRecord): Promise<string> {
    const outcome = await signIn({ store, clock, username: user.username, password: PASSWORD });
    if (outcome.kind !== 'mfa_enrolment_required') throw new Error(outcome.kind);
    return outcome.enrolment.token;
  }

  it('takes an approver from an enrolment session to a session with MFA', async () => {
    const user = await aUser(store, { username: 'ann', roles: ['approver'] });
    const token = await enrolmentToken(user);
    const enrolment = await findEnrolmentSession({ store, clock, token });
    expect(enrolment).toMatchObject({ userId: user._id, expiresAt: '2026-04-01T09:10:00.000Z' });

    const { secret, otpauthUri } = await startTotpEnrolment({
      store,
      clock,
      userId: enrolment!.userId,
    });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(
      `otpauth://totp/Ledgerline%3Aann?secret=${secret}&issuer=Ledgerline&algorithm=SHA1&digits=6&period=30`,
    );
    expect(await reloadUser(store, user._id)).toMatchObject({ pendingTotpSecret: secret });

    const confirm = (code: string) =>
      confirmTotpEnrolment({ store, clock, userId: user._id, code });
    expect(await confirm('000000')).toEqual({ kind: 'invalid_code' });
    expect(await confirm(totpCode(secret, clock.now()))).toEqual({ kind: 'enrolled' });
    const enrolled = await reloadUser(store, user._id);
    expect(enrolled.totp).toEqual({
      secret,
      enrolledAt: '2026-04-01T09:00:00.000Z',
      lastUsedStep: Math.floor(clock.now().getTime() / 30_000),
    });
    expect(enrolled.pendingTotpSecret).toBeUndefined();
    expect(await findEnrolmentSession({ store, clock, token })).toBeUndefined();
    expect(await sessions(store).count({ userId: user._id })).toBe(0);

    const again = (code?: string) =>
      signIn({ store, clock, username: 'ann', password: PASSWORD, totpCode: code });
    expect(await again()).toEqual({ kind: 'mfa_required' });
    // The code that confirmed the enrolment is used up; the next one signs in.
    expect(await again(totpCode(secret, clock.now()))).toEqual({ kind: 'mfa_required' });
    clock.advance(30_000);
    const outcome = await again(totpCode(secret, clock.now()));
    expect(outcome).toMatchObject({ kind: 'signed_in', principal: { mfa: true } });
    const { session } = outcome as Extract<SignInOutcome, { kind: 'signed_in' }>;
    expect((await findSession({ store, clock, token: session.token }))?.principal).toEqual({
      type: 'user',
      id: user._id,
      roles: ['approver'],
      mfa: true,
    });

    expect(await auditSummary(store)).toEqual([
      `auth.login ${user._id}`,
      `auth.mfa_enrolled ${user._id}`,
      `auth.login_failed ${user._id} wrong code`,
      `auth.login ${user._id}`,
    ]);
    expect(JSON.stringify(await auditSummary(store))).not.toContain(secret);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 4 });
  });

  it('lets an enrolment session expire after 10 minutes', async () => {
    const token = await enrolmentToken(await aUser(store, { roles: ['admin'] }));
    clock.advance(ENROLMENT_SESSION_LIFETIME_MS - 1);
    expect(await findEnrolmentSession({ store, clock, token })).toBeDefined();
    clock.advance(1);
    expect(await findEnrolmentSession({ store, clock, token })).toBeUndefined();
  });

  it('lets a user whose role does not need MFA opt in', async () => {
    const user = await aUser(store, { roles: ['finance'] });
    const { secret } = await startTotpEnrolment({ store, clock, userId: user._id });
    await confirmTotpEnrolment({
      store,
      clock,
      userId: user._id,
      code: totpCode(secret, clock.now()),
    });
    clock.advance(30_000);
    expect(await signIn({ store, clock, username: user.username, password: PASSWORD })).toEqual({
      kind: 'mfa_required',
    });
  });

  it('replaces a pending secret when enrolment starts again', async () => {
    const user = await aUser(store, { roles: ['admin'] });
    const first = await startTotpEnrolment({ store, clock, userId: user._id });
    const second = await startTotpEnrolment({ store, clock, userId: user._id });
    const confirm = (secret: string) =>
      confirmTotpEnrolment({ store, clock, userId: user._id, code: totpCode(secret, clock.now()) });
    expect(await confirm(first.secret)).toEqual({ kind: 'invalid_code' });
    expect(await confirm(second.secret)).toEqual({ kind: 'enrolled' });
  });

  it('refuses to enrol a user twice, or to confirm an enrolment never started', async () => {
    const enrolled = await aUser(store, { roles: ['admin'], withTotp: true });
    expect((await errorOf(startTotpEnrolment({ store, clock, userId: enrolled._id }))).code).toBe(
      'conflict',
    );
    const fresh = await aUser(store);
    expect(
      (await errorOf(confirmTotpEnrolment({ store, clock, userId: fresh._id, code: '123456' })))
        .code,
    ).toBe('conflict');
    expect((await errorOf(startTotpEnrolment({ store, clock, userId: 'usr_none' }))).code).toBe(
      'not_found',
    );
  });
});
