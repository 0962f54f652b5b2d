// The audit outbox of auth records on the real stores: an entry a crash left pending on a user,
// an API key or an ended session is appended at start-up exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, verifyAuditLog } from '../../../server/audit';
import { apiKeys } from '../../../server/auth/api-key-record';
import { pendingAudit, withIntent } from '../../../server/audit/record-outbox';
import { createApiKey } from '../../../server/auth/create-api-key';
import { recoverPendingAuthAudits } from '../../../server/auth/recover-pending-auth-audits';
import { sessions } from '../../../server/auth/session-record';
import { users } from '../../../server/auth/user-record';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aClock, auditSummary, aUser, openAuthStore, type TestClock } from './auth-fixtures';

describe.each(STORE_KINDS)('auth audit recovery on the %s store', (kind) => {
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

  it('appends what a crash left pending, once, and empties the outboxes', async () => {
    const user = await aUser(store);
    const disabled = pendingAudit({
      actor: { type: 'user', id: 'usr_admin' },
      action: 'user.disabled',
      target: { type: 'user', id: user._id },
      reason: 'crashed before the log',
    });
    const appendedBeforeCrash = pendingAudit({
      actor: { type: 'user', id: 'usr_admin' },
      action: 'user.updated',
      target: { type: 'user', id: user._id },
      reason: 'crashed before the outbox was emptied',
    });
    await users(store).updateOne(
      { _id: user._id },
      { $set: { disabled: true, ...disabled.set, ...appendedBeforeCrash.set } },
    );
    await appendAuditEntry({
      store,
      clock,
      entry: withIntent(appendedBeforeCrash.id, appendedBeforeCrash.entry),
    });

    const { apiKey } = await createApiKey({
      store,
      clock,
      actor: { type: 'user', id: 'usr_admin' },
      name: 'collector',
      scopes: ['rate'],
    });
    const revoked = pendingAudit({
      actor: { type: 'user', id: 'usr_admin' },
      action: 'api_key.revoked',
      target: { type: 'api_key', id: apiKey.id },
      reason: 'rotated',
    });
    await apiKeys(store).updateOne(
      { _id: apiKey.id },
      { $set: { revokedAt: '2026-04-01T09:00:00.000Z', ...revoked.set } },
    );

    const logout = pendingAudit({
      actor: { type: 'user', id: user._id },
      action: 'auth.logout',
      target: { type: 'user', id: user._id },
    });
    await sessions(store).insertOne({
      _id: 'a'.repeat(64),
      purpose: 'sign_in',
      userId: user._id,
      generation: 1,
      createdAt: '2026-04-01T08:00:00.000Z',
      expiresAt: '2026-04-01T20:00:00.000Z',
      lastSeenAt: '2026-04-01T08:30:00.000Z',
      mfa: false,
      csrfToken: 'c',
      endedAt: '2026-04-01T08:45:00.000Z',
      pendingAudit: { [logout.id]: logout.entry },
    });

    await test.reopen();
    store = test.store;
    expect(await recoverPendingAuthAudits({ store, clock })).toBe(3);
    expect(await recoverPendingAuthAudits({ store, clock })).toBe(0);
    expect(await auditSummary(store)).toEqual([
      `user.updated ${user._id} crashed before the outbox was emptied`,
      `api_key.created ${apiKey.id}`,
      `user.disabled ${user._id} crashed before the log`,
      `api_key.revoked ${apiKey.id} rotated`,
      `auth.logout ${user._id}`,
    ]);
    expect((await users(store).findOne({ _id: user._id }))?.pendingAudit).toEqual({});
    expect((await apiKeys(store).findOne({ _id: apiKey.id }))?.pendingAudit).toEqual({});
    expect(await sessions(store).count({})).toBe(0);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 5 });
  });

  it('refuses an entry the log would refuse before anything is written', () => {
    expect(() =>
      pendingAudit({
        actor: { type: 'user', id: 'usr_admin' },
        action: 'user.created',
        target: { type: 'user', id: 'jane@example.com' },
      }),
    ).toThrow(/e-mail/);
  });
});
