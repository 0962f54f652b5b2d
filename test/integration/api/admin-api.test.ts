// Administering users and service API keys over HTTP on the embedded store, with administrators
// who sign in through the login route (with TOTP): a user is created, given other roles and
// disabled; a key is created, rates, and stops authenticating once revoked; each change is in the
// audit log. Around that: who may administer, bodies naming each bad field, and answers that
// never carry a hash or a secret.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { totpCode } from '../../../server/auth/totp';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aPriceRule, aPricingPolicy, aRequest, usageDays } from '../../unit/rating/builders';
import { aClock, openAuthStore, type TestClock } from '../auth/auth-fixtures';
import { aUser, as, enrolTotp, login, signIn, type SignedIn } from './signed-in-users';

const USERS = '/api/v1/users';
const API_KEYS = '/api/v1/api-keys';
const NEW_PASSWORD = 'a long enough first password';

let test: TestStore;
let store: Store;
let clock: TestClock;
let app: ReturnType<typeof createApp>;
/** Administrator, signed in with TOTP. */
let ada: SignedIn;
/** Billing admin: may not administer anyone. */
let bea: SignedIn;

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  await ensureIndexes(store, POLICY_INDEXES);
  clock = aClock();
  app = createApp(testAppContext({ store, clock }));
  await seedPublishedVersions({
    family: POLICY_FAMILY,
    store,
    clock,
    documents: [
      aPricingPolicy({
        key: 'vm',
        rules: [aPriceRule('vm', { model: 'per_unit', unitPrice: '0.05' })],
      }),
    ],
    reason: 'test data',
  });
  const adaId = await aUser(store, clock, 'ada', ['admin']);
  const beaId = await aUser(store, clock, 'bea', ['billing_admin']);
  const adaSecret = await enrolTotp(store, clock, adaId);
  // The code that confirmed the enrolment is used up: sign in with the next one.
  clock.advance(30_000);
  ada = await signIn(app, adaId, 'ada', totpCode(adaSecret, clock.now()));
  bea = await signIn(app, beaId, 'bea');
});

afterAll(async () => {
  await test.dispose();
});

function withKey(secret: string) {
  const withBearer = (pending: request.Test) => pending.set('Authorization', `Bearer ${secret}`);
  return {
    get: (path: string) => withBearer(request(app).get(path)),
    post: (path: string, body: object) => withBearer(request(app).post(path)).send(body),
  };
}

const hundredVmUnits = () =>
  aRequest({
    period: { start: '2026-05-01', end: '2026-06-01' },
    usage: usageDays('vm', '100', 2, 2, { month: '2026-05' }),
  });

/** Nothing an administrator reads carries a password hash, a key hash or a secret. */
function expectNoSecrets(body: unknown): void {
  const text = JSON.stringify(body);
  for (const word of ['passwordHash', '"hash"', '"secret"', 'totp"', 'pendingAudit']) {
    expect(text).not.toContain(word);
  }
}

async function auditActions(): Promise<string[]> {
  const response = await as(app, ada).get('/api/v1/audit/entries');
  expect(response.status).toBe(200);
  return (
    response.body.entries as { action: string; actor: { id: string }; target: { id: string } }[]
  ).map((entry) => `${entry.action} ${entry.target.id} by ${entry.actor.id}`);
}

describe('administering users', () => {
  it('creates a user, changes their roles and disables them, each audited', async () => {
    const created = await as(app, ada).post(USERS, {
      username: 'Carl',
      displayName: 'Carl C.',
      roles: ['finance'],
      password: NEW_PASSWORD,
      reason: 'joins finance',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'carl',
      displayName: 'Carl C.',
      roles: ['finance'],
      disabled: false,
      revision: 1,
    });
    expectNoSecrets(created.body);
    const carlId = created.body.id as string;

    const taken = await as(app, ada).post(USERS, {
      username: 'carl',
      displayName: 'Another Carl',
      roles: ['support'],
      password: NEW_PASSWORD,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ path: '$.username', message: 'is taken' }]);

    const listed = await as(app, ada).get(USERS);
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((user: { username: string }) => user.username)).toEqual([
      'ada',
      'bea',
      'carl',
    ]);
    expectNoSecrets(listed.body);

    const roles = USERS + `/${carlId}/roles`;
    const changed = await as(app, ada).put(roles, {
      roles: ['support', 'revops'],
      revision: 1,
      reason: 'moves to revops',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['revops', 'support'], revision: 2 });
    const stale = await as(app, ada).put(roles, {
      roles: ['finance'],
      revision: 1,
      reason: 'again',
    });
    expect(stale.status).toBe(409);

    const self = await as(app, ada).put(`${USERS}/${ada.id}/roles`, {
      roles: ['admin', 'finance'],
      revision: 1,
      reason: 'more',
    });
    expect(self.status).toBe(403);

    expect((await login(app, 'carl', NEW_PASSWORD)).status).toBe(200);
    const disabled = await as(app, ada).post(`${USERS}/${carlId}/disable`, { reason: 'left' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: carlId, disabled: true, revision: 3 });
    expect((await login(app, 'carl', NEW_PASSWORD)).status).toBe(401);
    const missing = await as(app, ada).post(`${USERS}/usr_000000000000000000000000/disable`, {
      reason: 'left',
    });
    expect(missing.status).toBe(404);

    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        `user.created ${carlId} by ${ada.id}`,
        `user.role_changed ${carlId} by ${ada.id}`,
        `user.disabled ${carlId} by ${ada.id}`,
      ]),
    );
  });

  it('names each bad field of a body', async () => {
    const badUser = await as(app, ada).post(USERS, { username: 7, roles: 'admin', colour: 'red' });
    expect(badUser.status).toBe(400);
    expect(badUser.body.errors).toEqual([
      { path: '$.username', message: 'must be a string' },
      { path: '$.displayName', message: 'is required' },
      { path: '$.roles', message: 'must be a list' },
      { path: '$.password', message: 'is required' },
      { path: '$.colour', message: 'is not a field of this request' },
    ]);

    const badContent = await as(app, ada).post(USERS, {
      username: 'dora',
      displayName: 'Dora',
      roles: ['wizard'],
      password: 'short',
    });
    expect(badContent.status).toBe(400);
    expect(badContent.body.errors.map((issue: { path: string }) => issue.path)).toEqual([
      '$.roles[0]',
      '$.password',
    ]);

    const noReason = await as(app, ada).put(`${USERS}/${bea.id}/roles`, { roles: ['support'] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((issue: { path: string }) => issue.path)).toEqual([
      '$.revision',
      '$.reason',
    ]);

    const badKey = await as(app, ada).post(API_KEYS, { name: '', scopes: ['admin'] });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors).toEqual([{ path: '$.name', message: 'must not be empty' }]);

    const notObject = await as(app, ada).post(`${API_KEYS}/key_x/revoke`, ['why']);
    expect(notObject.status).toBe(400);
    expect(notObject.body.errors).toEqual([{ path: '$', message: 'must be a JSON object' }]);
  });
});

describe('administering API keys', () => {
  it('creates a key that rates, shows its secret once, and revokes it', async () => {
    const created = await as(app, ada).post(API_KEYS, {
      name: 'usage-collector',
      scopes: ['rate', 'policies:read'],
      reason: 'the collector goes live',
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body.apiKey).toMatchObject({
      name: 'usage-collector',
      scopes: ['rate', 'policies:read'],
      createdBy: ada.id,
    });
    expect(created.body.apiKey).not.toHaveProperty('hash');
    const secret = created.body.secret as string;
    const keyId = created.body.apiKey.id as string;

    const rated = await withKey(secret).post('/api/v1/rate', hundredVmUnits());
    expect(rated.status).toBe(200);
    expect(rated.body.totals.amount).toBe('5.00');
    // A key never manages users or keys.
    expect((await withKey(secret).get(USERS)).status).toBe(403);
    expect((await withKey(secret).post(API_KEYS, { name: 'x', scopes: ['rate'] })).status).toBe(
      403,
    );

    const listed = await as(app, ada).get(API_KEYS);
    expect(listed.status).toBe(200);
    expect(listed.body.apiKeys).toEqual([
      expect.objectContaining({ id: keyId, displayPrefix: created.body.apiKey.displayPrefix }),
    ]);
    expectNoSecrets(listed.body);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const revoked = await as(app, ada).post(`${API_KEYS}/${keyId}/revoke`, { reason: 'rotated' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await withKey(secret).post('/api/v1/rate', hundredVmUnits())).status).toBe(401);
    expect((await as(app, ada).post(`${API_KEYS}/key_nope/revoke`, { reason: 'x' })).status).toBe(
      404,
    );

    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        `api_key.created ${keyId} by ${ada.id}`,
        `api_key.revoked ${keyId} by ${ada.id}`,
      ]),
    );
  });
});

describe('who may administer', () => {
  it('refuses a billing admin', async () => {
    const key = { name: 'sneaky', scopes: ['rate'] };
    const user = { username: 'eve', displayName: 'Eve', roles: ['admin'], password: NEW_PASSWORD };
    expect((await as(app, bea).get(USERS)).status).toBe(403);
    expect((await as(app, bea).post(USERS, user)).status).toBe(403);
    expect((await as(app, bea).post(`${USERS}/${ada.id}/disable`, { reason: 'x' })).status).toBe(
      403,
    );
    expect((await as(app, bea).get(API_KEYS)).status).toBe(403);
    expect((await as(app, bea).post(API_KEYS, key)).status).toBe(403);
    expect((await request(app).get(USERS)).status).toBe(401);
  });
});
