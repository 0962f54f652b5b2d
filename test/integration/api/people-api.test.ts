// Turning the ids that records keep into names: users and API keys by id, in the order asked,
// unknown ids left out, nothing but names in the answer, and a clear 400 for a bad list.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { createApiKey, revokeApiKey } from '../../../server/auth';
import { disableUser } from '../../../server/auth/disable-user';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aClock, openAuthStore, type TestClock } from '../auth/auth-fixtures';
import { aUser, as, signIn, type SignedIn } from './signed-in-users';

let test: TestStore;
let clock: TestClock;
let app: ReturnType<typeof createApp>;
let sam: SignedIn;
let beaId: string;
let keyId: string;

beforeAll(async () => {
  test = await openAuthStore('embedded');
  clock = aClock();
  app = createApp(testAppContext({ store: test.store, clock }));
  beaId = await aUser(test.store, clock, 'bea', ['billing_admin']);
  const samId = await aUser(test.store, clock, 'sam', ['support']);
  const setup = { type: 'system', id: 'test-setup' } as const;
  await disableUser({ store: test.store, clock, actor: setup, userId: beaId, reason: 'left' });
  const created = await createApiKey({
    store: test.store,
    clock,
    actor: setup,
    name: 'usage-collector',
    scopes: ['rate'],
  });
  keyId = created.apiKey.id;
  await revokeApiKey({
    store: test.store,
    clock,
    actor: setup,
    apiKeyId: keyId,
    reason: 'rotated',
  });
  sam = await signIn(app, samId, 'sam');
});

afterAll(async () => {
  await test.dispose();
});

describe('GET /api/v1/people', () => {
  it('names users and keys in the order asked, leaving out ids of nobody', async () => {
    const nobody = 'usr_000000000000000000000000';
    const response = await as(app, sam).get(`/api/v1/people?ids=${keyId},${nobody},${beaId}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      people: [
        { id: keyId, kind: 'api_key', name: 'usage-collector', revoked: true },
        { id: beaId, kind: 'user', username: 'bea', displayName: 'BEA', disabled: true },
      ],
    });
  });

  it.each([
    ['ids=bea', 'must be user ids (usr_...) and API key ids (key_...) separated by commas'],
    [
      `ids=${Array.from({ length: 201 }, (_, n) => `usr_${String(n).padStart(24, '0')}`).join(',')}`,
      'must hold at most 200 ids',
    ],
    ['', 'is required'],
  ])('answers ?%s with 400 naming query.ids', async (query, message) => {
    const response = await as(app, sam).get(`/api/v1/people?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ path: 'query.ids', message }]);
  });

  it('refuses a caller who is not signed in', async () => {
    const response = await request(app).get(`/api/v1/people?ids=${beaId}`);
    expect(response.status).toBe(401);
  });
});
