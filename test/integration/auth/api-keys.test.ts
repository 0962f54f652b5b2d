// Service API keys on the real stores: the secret shown once and stored as a hash, scopes on the
// principal, revocation, and audit entries that never hold the secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog, type AuditActor } from '../../../server/audit';
import { apiKeys } from '../../../server/auth/api-key-record';
import { hashApiKey, newApiKey } from '../../../server/auth/api-key-secrets';
import { authenticateApiKey } from '../../../server/auth/authenticate-api-key';
import { createApiKey } from '../../../server/auth/create-api-key';
import { revokeApiKey } from '../../../server/auth/revoke-api-key';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aClock, auditLog, errorOf, openAuthStore, type TestClock } from './auth-fixtures';

const admin: AuditActor = { type: 'user', id: 'usr_admin' };

describe.each(STORE_KINDS)('API keys on the %s store', (kind) => {
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

  const aKey = () =>
    createApiKey({
      store,
      clock,
      actor: admin,
      name: 'usage-collector',
      scopes: ['usage:write', 'rate'],
      reason: 'metering pipeline',
    });

  it('creates a key whose secret is shown once and stored only as its hash', async () => {
    const { apiKey, secret } = await aKey();
    expect(apiKey).toEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{24}$/),
      name: 'usage-collector',
      displayPrefix: secret.slice(0, 10),
      scopes: ['rate', 'usage:write'],
      createdBy: 'usr_admin',
      createdAt: '2026-04-01T09:00:00.000Z',
      revokedAt: undefined,
    });
    const stored = await apiKeys(store).findOne({ _id: apiKey.id });
    expect(stored?.hash).toBe(hashApiKey(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    const log = await auditLog(store);
    expect(log).toMatchObject([
      {
        actor: admin,
        action: 'api_key.created',
        target: { type: 'api_key', id: apiKey.id },
        reason: 'metering pipeline',
        details: { name: 'usage-collector', scopes: ['rate', 'usage:write'] },
      },
    ]);
    expect(JSON.stringify(log)).not.toContain(secret.slice(4));
  });

  it('authenticates a key as a principal with its scopes', async () => {
    const { apiKey, secret } = await aKey();
    expect(await authenticateApiKey({ store, token: secret })).toEqual({
      type: 'api_key',
      id: apiKey.id,
      scopes: ['rate', 'usage:write'],
    });
  });

  it.each(['', 'llk_short', newApiKey().secret, 'Bearer x'])(
    'authenticates nothing with %j',
    async (token) => {
      await aKey();
      expect(await authenticateApiKey({ store, token })).toBeUndefined();
    },
  );

  it('revokes a key: it authenticates nothing from then on', async () => {
    const { apiKey, secret } = await aKey();
    clock.advance(60_000);
    const revoke = () =>
      revokeApiKey({ store, clock, actor: admin, apiKeyId: apiKey.id, reason: 'leaked in a log' });
    expect(await revoke()).toMatchObject({
      kind: 'revoked',
      apiKey: { revokedAt: '2026-04-01T09:01:00.000Z' },
    });
    expect(await authenticateApiKey({ store, token: secret })).toBeUndefined();
    expect((await revoke()).kind).toBe('already_revoked');
    expect((await auditLog(store)).map((entry) => [entry.action, entry.reason])).toEqual([
      ['api_key.created', 'metering pipeline'],
      ['api_key.revoked', 'leaked in a log'],
    ]);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, entries: 2 });
  });

  it('refuses an unknown key, a bad name or scope, and a revocation without a reason', async () => {
    expect(
      (
        await errorOf(
          revokeApiKey({ store, clock, actor: admin, apiKeyId: 'key_none', reason: 'x' }),
        )
      ).code,
    ).toBe('not_found');
    const invalid = await errorOf(
      createApiKey({ store, clock, actor: admin, name: 'ops@example.com', scopes: ['admin'] }),
    );
    expect(invalid.options.issues?.map((issue) => issue.path)).toEqual(['$.name', '$.scopes[0]']);
    const { apiKey } = await aKey();
    const noReason = await errorOf(
      revokeApiKey({ store, clock, actor: admin, apiKeyId: apiKey.id, reason: '' }),
    );
    expect(noReason.options.issues?.[0]?.path).toBe('$.reason');
  });
});
