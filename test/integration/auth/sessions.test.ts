// Sessions on the real stores: the idle timeout and the absolute lifetime enforced on lookup,
// lastSeenAt written at most once a minute, sign-out, "sign out everywhere", CSRF tokens, and
// housekeeping of expired records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../server/audit';
import { deleteExpiredSessions } from '../../../server/auth/delete-expired-sessions';
import { findSession } from '../../../server/auth/find-session';
import { revokeUserSessions } from '../../../server/auth/revoke-user-sessions';
import {
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_LIFETIME_MS,
  sessions,
  type NewSession,
} from '../../../server/auth/session-record';
import {
  csrfTokenMatches,
  newSessionToken,
  sessionIdOf,
} from '../../../server/auth/session-tokens';
import { signIn } from '../../../server/auth/sign-in';
import { signOut } from '../../../server/auth/sign-out';
import { users, type UserRecord } from '../../../server/auth/user-record';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import {
  aClock,
  auditSummary,
  aUser,
  errorOf,
  MINUTE,
  openAuthStore,
  PASSWORD,
  type TestClock,
} from './auth-fixtures';

describe.each(STORE_KINDS)('sessions on the %s store', (kind) => {
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

  async function signedIn(user: UserRecord): Promise<NewSession> {
    const outcome = await signIn({ store, clock, username: user.username, password: PASSWORD });
    if (outcome.kind !== 'signed_in') throw new Error(`expected signed_in, got ${outcome.kind}`);
    return outcome.session;
  }
  const lookup = (token: string) => findSession({ store, clock, token });
  const lastSeenAt = async (token: string) =>
    (await sessions(store).findOne({ _id: sessionIdOf(token) }))?.lastSeenAt;

  it('answers the principal and the CSRF token of a live session', async () => {
    const user = await aUser(store, { roles: ['support'] });
    const session = await signedIn(user);
    const found = await lookup(session.token);
    expect(found).toEqual({
      principal: { type: 'user', id: user._id, roles: ['support'], mfa: false },
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    });
    expect(csrfTokenMatches(found!.csrfToken, session.csrfToken)).toBe(true);
    expect(csrfTokenMatches(found!.csrfToken, (await signedIn(user)).csrfToken)).toBe(false);
  });

  it('ends a session after 30 idle minutes, counting from the last use', async () => {
    const session = await signedIn(await aUser(store));
    clock.advance(SESSION_IDLE_TIMEOUT_MS - 1);
    expect(await lookup(session.token)).toBeDefined();
    expect(await lastSeenAt(session.token)).toBe('2026-04-01T09:29:59.999Z');
    clock.advance(SESSION_IDLE_TIMEOUT_MS - 1);
    expect(await lookup(session.token)).toBeDefined();
    clock.advance(SESSION_IDLE_TIMEOUT_MS);
    expect(await lookup(session.token)).toBeUndefined();
  });

  it('writes lastSeenAt at most once a minute', async () => {
    const session = await signedIn(await aUser(store));
    clock.advance(MINUTE - 1);
    await lookup(session.token);
    expect(await lastSeenAt(session.token)).toBe('2026-04-01T09:00:00.000Z');
    clock.advance(1);
    await lookup(session.token);
    expect(await lastSeenAt(session.token)).toBe('2026-04-01T09:01:00.000Z');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const session = await signedIn(await aUser(store));
    for (let elapsed = 0; elapsed < SESSION_LIFETIME_MS - 20 * MINUTE; elapsed += 20 * MINUTE) {
      clock.advance(20 * MINUTE);
      expect(await lookup(session.token)).toBeDefined();
    }
    clock.set('2026-04-01T20:59:59.999Z');
    expect(await lookup(session.token)).toBeDefined();
    clock.advance(1);
    expect(await lookup(session.token)).toBeUndefined();
  });

  it.each(['', 'not-a-token', newSessionToken().token])(
    'answers undefined for the token %j',
    async (token) => {
      expect(await lookup(token)).toBeUndefined();
    },
  );

  it('signs out: the token stops working, the record goes, the log says so', async () => {
    const user = await aUser(store);
    const session = await signedIn(user);
    const other = await signedIn(user);
    expect(await signOut({ store, clock, token: session.token })).toEqual({
      kind: 'signed_out',
      userId: user._id,
    });
    expect(await lookup(session.token)).toBeUndefined();
    expect(await lookup(other.token)).toBeDefined();
    expect(await sessions(store).count({ _id: sessionIdOf(session.token) })).toBe(0);
    expect(await signOut({ store, clock, token: session.token })).toEqual({ kind: 'no_session' });
    expect(await signOut({ store, clock, token: 'garbage' })).toEqual({ kind: 'no_session' });
    expect((await auditSummary(store)).at(-1)).toBe(`auth.logout ${user._id}`);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 3 });
  });

  it('ends every session of a user at once, and lets them sign in again', async () => {
    const user = await aUser(store);
    const first = await signedIn(user);
    const second = await signedIn(user);
    const bystander = await signedIn(await aUser(store));
    const outcome = await revokeUserSessions({
      store,
      clock,
      actor: { type: 'user', id: user._id },
      userId: user._id,
      reason: 'lost laptop',
    });
    expect(outcome).toEqual({ kind: 'revoked', sessionsDeleted: 2 });
    expect(await lookup(first.token)).toBeUndefined();
    expect(await lookup(second.token)).toBeUndefined();
    expect(await lookup(bystander.token)).toBeDefined();
    expect(await lookup((await signedIn(user)).token)).toBeDefined();
    expect(await auditSummary(store)).toContain(`auth.session_revoked ${user._id} lost laptop`);
  });

  it('ends sessions even when their records could not be deleted', async () => {
    const user = await aUser(store);
    const session = await signedIn(user);
    const stale = await sessions(store).findOne({ _id: sessionIdOf(session.token) });
    await revokeUserSessions({
      store,
      clock,
      actor: { type: 'system', id: 'security-job' },
      userId: user._id,
      reason: 'password leak',
    });
    await sessions(store).insertOne(stale!);
    expect(await lookup(session.token)).toBeUndefined();
  });

  it('refuses to end the sessions of nobody, or without a reason', async () => {
    const actor = { type: 'user' as const, id: 'usr_admin' };
    expect(
      (await errorOf(revokeUserSessions({ store, clock, actor, userId: 'usr_none', reason: 'x' })))
        .code,
    ).toBe('not_found');
    const user = await aUser(store);
    const error = await errorOf(
      revokeUserSessions({ store, clock, actor, userId: user._id, reason: ' ' }),
    );
    expect(error.options.issues).toEqual([{ path: '$.reason', message: 'must say why' }]);
  });

  it('never serves a role that needs MFA from a session that did not pass it', async () => {
    const user = await aUser(store, { roles: ['finance'] });
    const session = await signedIn(user);
    // A role granted without the session generation moving, as a direct database edit would.
    await users(store).updateOne({ _id: user._id }, { $set: { roles: ['admin'] } });
    expect(await lookup(session.token)).toBeUndefined();
  });

  it('deletes expired and idle records and keeps live ones', async () => {
    const user = await aUser(store);
    const old = await signedIn(user);
    clock.advance(20 * MINUTE);
    const recent = await signedIn(user);
    clock.advance(10 * MINUTE);
    expect(await deleteExpiredSessions({ store, clock })).toBe(1);
    expect(await lookup(old.token)).toBeUndefined();
    expect(await lookup(recent.token)).toBeDefined();
    clock.advance(SESSION_LIFETIME_MS);
    expect(await deleteExpiredSessions({ store, clock })).toBe(1);
    expect(await sessions(store).count({})).toBe(0);
  });
});
