// A customer's subscriptions and contracts over HTTP on the embedded store: an annual support
// contract that started on 15 March 2026 with 30 days' notice renews on 15 March 2027, and the
// customer must be told by 13 February 2027 (15 March less 30 days); changes go under the
// revision loaded and are audited; every bad field is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import { aUser, as, signIn, type SignedIn } from './signed-in-users';

let test: TestStore;
let store: Store;
let app: ReturnType<typeof createApp>;
let bea: SignedIn;

const SUBSCRIPTIONS = '/api/v1/customers/northwind/subscriptions';
const SUPPORT = {
  id: 'support-2026',
  product: 'premium-support',
  type: 'recurring',
  quantity: '1',
  start: '2026-03-15T00:00:00Z',
  termMonths: 12,
};

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  // The clock stands on 20 November 2026 (each reading a second later).
  const clock = aClock('2026-11-20T09:00:00.000Z');
  app = createApp(testAppContext({ store, clock }));
  bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
  const created = await as(app, bea).post('/api/v1/customers', {
    id: 'northwind',
    name: 'Northwind Traders GmbH',
    facts: { id: 'northwind', country: 'DE', currency: 'EUR' },
    billing: {
      email: 'ap@northwind.example',
      address: {
        lines: ['Hauptstrasse 1'],
        city: 'Berlin',
        postalCode: '10115',
        region: null,
        country: 'DE',
      },
    },
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await test.dispose();
});

describe('POST /api/v1/customers/:id/subscriptions', () => {
  it('adds an annual contract and says when it renews and by when to give notice', async () => {
    const response = await as(app, bea).post(SUBSCRIPTIONS, {
      subscription: SUPPORT,
      renewalNoticeDays: 30,
      reason: 'hardware sold with support',
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      customerId: 'northwind',
      subscription: SUPPORT,
      renewalNoticeDays: 30,
      renewal: { at: '2027-03-15T00:00:00Z', noticeBy: '2027-02-13T00:00:00Z' },
      revision: 1,
      updatedAt: expect.stringMatching(/^2026-11-20T09:00/),
    });
    const listed = await as(app, bea).get(SUBSCRIPTIONS);
    expect(
      listed.body.subscriptions.map(
        (entry: { subscription: { id: string } }) => entry.subscription.id,
      ),
    ).toEqual(['support-2026']);
    const log = await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find({ action: 'subscription.created' });
    expect(log.map((entry) => [entry.target, entry.actor.id, entry.reason])).toEqual([
      [
        { type: 'subscription', id: 'northwind/support-2026' },
        bea.id,
        'hardware sold with support',
      ],
    ]);
  });

  it.each([
    [
      { subscription: { ...SUPPORT, id: 'monthly', termMonths: undefined }, renewalNoticeDays: 30 },
      '$.renewalNoticeDays',
    ],
    [
      { subscription: { ...SUPPORT, id: 'late', end: '2026-01-01T00:00:00Z' } },
      '$.subscription.end',
    ],
    [{ subscription: { ...SUPPORT, id: 'odd', type: 'weekly' } }, '$.subscription.type'],
    [{ subscription: { ...SUPPORT, id: 'long' }, renewalNoticeDays: 400 }, '$.renewalNoticeDays'],
    [{ subscription: { ...SUPPORT, id: 'extra' }, plan: 'gold' }, '$.plan'],
    [{ subscription: SUPPORT }, 'conflict'],
  ])('refuses %j, naming %s', async (body, path) => {
    const response = await as(app, bea).post(SUBSCRIPTIONS, body);
    if (path === 'conflict') {
      expect(response.status).toBe(409);
      expect(response.body.detail).toBe('northwind has a subscription "support-2026" already');
      return;
    }
    expect(response.status).toBe(400);
    expect(response.body.errors.map((issue: { path: string }) => issue.path)).toContain(path);
    expect((await as(app, bea).get(SUBSCRIPTIONS)).body.subscriptions).toHaveLength(1);
  });

  it('answers 404 for a customer that does not exist', async () => {
    const response = await as(app, bea).post('/api/v1/customers/nobody/subscriptions', {
      subscription: SUPPORT,
    });
    expect(response.status).toBe(404);
  });
});

describe('PUT /api/v1/customers/:id/subscriptions/:subscriptionId', () => {
  it('changes a contract under its revision, audited; a contract ending first does not renew', async () => {
    const ending = { ...SUPPORT, end: '2027-01-31T00:00:00Z' };
    const response = await as(app, bea).put(`${SUBSCRIPTIONS}/support-2026`, {
      subscription: ending,
      renewalNoticeDays: 30,
      revision: 1,
      reason: 'customer cancelled',
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ subscription: ending, revision: 2, renewal: null });
    const [entry] = await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find({ action: 'subscription.updated' });
    expect(entry?.details).toMatchObject({ changed: ['subscription'], revision: 2 });
    expect(entry?.reason).toBe('customer cancelled');
  });

  it('refuses a stale revision with 409 and a changed id with 400', async () => {
    const stale = await as(app, bea).put(`${SUBSCRIPTIONS}/support-2026`, {
      subscription: { ...SUPPORT, quantity: '2' },
      revision: 1,
    });
    expect(stale.status).toBe(409);
    const renamed = await as(app, bea).put(`${SUBSCRIPTIONS}/support-2026`, {
      subscription: { ...SUPPORT, id: 'support-2027' },
      revision: 2,
    });
    expect(renamed.status).toBe(400);
    expect(renamed.body.errors).toEqual([
      {
        path: '$.subscription.id',
        message: 'must be "support-2026": a subscription\'s id never changes',
      },
    ]);
    expect(
      (await as(app, bea).get(SUBSCRIPTIONS)).body.subscriptions[0].subscription.quantity,
    ).toBe('1');
  });
});
