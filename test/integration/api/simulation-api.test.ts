// The simulation API over HTTP on the embedded store with the demo customers: a billing admin
// drafts a higher platform fee, simulates March 2026, reads the result back page by page, and the
// review of the draft carries it. Expectations are worked out in
// test/integration/simulations/run-simulation.test.ts.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { usageDaily } from '../../../server/customers/customers-repository';
import { simulations } from '../../../server/simulations/simulations-repository';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import {
  MARCH_2026,
  seedDemoStore,
  usdPricesWithPlatformFee,
} from '../simulations/demo-simulation-fixtures';
import { aUser, as, signIn, type SignedIn } from './signed-in-users';

let test: TestStore;
let store: Store;
let app: ReturnType<typeof createApp>;
let bea: SignedIn;
let draftVersion: number;

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  const clock = aClock('2026-11-20T09:00:00.000Z');
  await seedDemoStore(store, clock);
  app = createApp(testAppContext({ store, clock }));
  bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
  const draft = await as(app, bea).post('/api/v1/policies', usdPricesWithPlatformFee('599.00'));
  expect(draft.status).toBe(201);
  draftVersion = draft.body.version as number;
});

afterAll(async () => {
  await test.dispose();
});

const simulate = (body: object) => as(app, bea).post('/api/v1/simulations', body);

async function auditCount(): Promise<number> {
  return store.collection<AuditEntry>(AUDIT_LOG_COLLECTION).count({});
}

describe('POST /api/v1/simulations', () => {
  it('answers 201 with the revenue delta, the customers and where the simulation is kept', async () => {
    const response = await simulate({
      versions: [{ key: 'saas-pricing-usd', version: draftVersion }],
      period: MARCH_2026,
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/v1/simulations/${response.body.id}`);
    expect(response.body).toMatchObject({
      customerCount: 3,
      changedCustomerCount: 1,
      failureCount: 0,
      nextOffset: null,
    });
    expect(response.body.customers).toEqual([
      {
        customerId: 'acme-corp',
        currency: 'USD',
        before: '1654.15',
        after: '1764.50',
        delta: '110.35',
        changedLines: [
          {
            description: 'Platform subscription',
            kind: 'recurring',
            before: '550.65',
            after: '661.00',
          },
        ],
      },
      expect.objectContaining({ customerId: 'globex-gmbh', delta: '0.00', changedLines: [] }),
      expect.objectContaining({ customerId: 'initech', delta: '0.00', changedLines: [] }),
    ]);

    const kept = await as(app, bea).get(response.headers.location!);
    expect(kept.status).toBe(200);
    const { customers: _customers, nextOffset: _next, ...summary } = response.body;
    expect(kept.body).toEqual(summary);

    const page = await as(app, bea).get(`${response.headers.location}/customers?offset=1&limit=1`);
    expect(page.status).toBe(200);
    expect(
      page.body.customers.map((customer: { customerId: string }) => customer.customerId),
    ).toEqual(['globex-gmbh']);
    expect(page.body.nextOffset).toBe(2);
    const last = await as(app, bea).get(`${response.headers.location}/customers?offset=2`);
    expect(last.body.nextOffset).toBeNull();

    const review = await as(app, bea).get(
      `/api/v1/policies/saas-pricing-usd/versions/${draftVersion}/review`,
    );
    expect(review.status).toBe(200);
    expect(review.body.against).toEqual({ version: 1, effectiveFrom: '2026-01-01' });
    expect(review.body.simulation).toEqual(summary);
    expect(review.body.changes).toContainEqual({
      kind: 'changed',
      path: '$.rules["platform-fee"].event.params.amount',
      before: '499.00',
      after: '599.00',
    });
  });

  it('names every bad field with 400 problem+json and keeps nothing', async () => {
    const before = { simulations: await simulations(store).count({}), audit: await auditCount() };
    const response = await simulate({
      versions: [
        { key: 'saas-pricing-usd', version: 0 },
        { key: 'saas-pricing-usd', version: 2 },
      ],
      period: { start: '2026-04-01', end: '2026-03-01' },
      customerIds: ['acme-corp', 'acme-corp'],
      colour: 'blue',
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([
      { path: '$.colour', message: 'is not a field of this request' },
      { path: '$.versions[0].version', message: 'must be a whole number from 1' },
      { path: '$.versions[1].key', message: 'names a policy already in the list' },
      { path: '$.period.end', message: 'must be after start' },
      { path: '$.customerIds[1]', message: 'is already in the list' },
    ]);

    const missing = await simulate({});
    expect(missing.body.errors).toEqual([
      { path: '$.versions', message: 'is required' },
      { path: '$.period', message: 'is required' },
    ]);

    const tooLong = await simulate({
      versions: [{ key: 'saas-pricing-usd', version: draftVersion }],
      period: { start: '2026-01-01', end: '2027-02-01' },
    });
    expect(tooLong.body.errors).toEqual([
      { path: '$.period.end', message: 'must be at most 366 days after start' },
    ]);
    expect(await simulations(store).count({})).toBe(before.simulations);
    expect(await auditCount()).toBe(before.audit);
  });

  it('reports a customer whose stored data cannot be rated, and rates the others', async () => {
    await usageDaily(store).insertOne({
      _id: 'initech|broken',
      customerId: 'initech',
      day: '2026-03-20',
      usage: { meter: 'vm_hours', date: '2026-03-20', quantity: '-5' },
    });
    const response = await simulate({
      versions: [{ key: 'saas-pricing-usd', version: draftVersion }],
      period: MARCH_2026,
    });
    await usageDaily(store).deleteMany({ _id: 'initech|broken' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ customerCount: 2, failureCount: 1 });
    expect(response.body.failures).toEqual([
      {
        customerId: 'initech',
        with: 'customer_data',
        issues: [expect.objectContaining({ path: '$.usage[0].quantity' })],
      },
    ]);
  });

  it('answers 404 for a simulation that does not exist', async () => {
    const response = await as(app, bea).get('/api/v1/simulations/sim_nothing');
    expect(response.status).toBe(404);
  });
});

describe('submitting a version for review', () => {
  it('simulates it when nobody has, so that the review carries its revenue impact', async () => {
    const draft = await as(app, bea).post('/api/v1/policies', usdPricesWithPlatformFee('549.00'));
    const path = `/api/v1/policies/saas-pricing-usd/versions/${draft.body.version}`;
    expect((await as(app, bea).get(`${path}/review`)).body.simulation).toBeNull();

    const submitted = await as(app, bea).post(`${path}/submit`, {
      revision: draft.body.revision,
      reason: 'platform fee +50',
    });
    expect(submitted.status).toBe(200);
    const review = await as(app, bea).get(`${path}/review`);
    // 549.00 + 35.69 (6.5%, 35.685 rounded up) + 21.14 (3.85%, 21.1365) = 605.83, 55.18 more
    expect(review.body.simulation).toMatchObject({
      versions: [expect.objectContaining({ version: draft.body.version, status: 'in_review' })],
      period: MARCH_2026,
      customerIds: null,
      customerCount: 3,
      createdBy: bea.id,
      totals: expect.arrayContaining([
        expect.objectContaining({ currency: 'USD', delta: '55.18' }),
      ]),
    });
  });
});

describe('GET /api/v1/customers', () => {
  it('lists the stored customers in id order, filtered by text', async () => {
    const all = await as(app, bea).get('/api/v1/customers');
    expect(all.status).toBe(200);
    expect(all.body.customers.map((customer: { name: string }) => customer.name)).toEqual([
      'Acme Corp',
      'Globex GmbH',
      'Initech',
    ]);
    const globex = await as(app, bea).get('/api/v1/customers?q=GLOB');
    expect(globex.body.customers).toEqual([
      expect.objectContaining({
        id: 'globex-gmbh',
        facts: expect.objectContaining({ country: 'DE', currency: 'EUR', taxId: 'DE123456789' }),
      }),
    ]);
    const one = await as(app, bea).get('/api/v1/customers/acme-corp');
    expect(one.body).toMatchObject({ id: 'acme-corp', promoCodes: ['SPRING26'] });
    expect((await as(app, bea).get('/api/v1/customers/nobody')).status).toBe(404);
    const bad = await as(app, bea).get('/api/v1/customers?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'query.limit', message: 'must be a whole number from 1 to 1000' },
    ]);
  });

  it('refuses callers without a session', async () => {
    expect((await request(app).get('/api/v1/customers')).status).toBe(401);
  });
});
