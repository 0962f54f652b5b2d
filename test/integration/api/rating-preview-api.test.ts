// The invoice preview over HTTP on the embedded store with the demo customers: one invoice rated
// with a draft in place, whole, beside the published rating. The amounts are worked out by hand
// from the saas example (platform fee 499.00 -> 599.00; Seattle taxes 6.5% + 3.85%).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import type { PricingPolicy, RatedLine, RatingRequest } from '../../../server/rating/types';
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
  draftVersion = await draft(usdPricesWithPlatformFee('599.00'));
});

afterAll(async () => {
  await test.dispose();
});

async function draft(policy: PricingPolicy): Promise<number> {
  const response = await as(app, bea).post('/api/v1/policies', policy);
  expect(response.status).toBe(201);
  return response.body.version as number;
}

const preview = (body: object, caller: SignedIn = bea) =>
  as(app, caller).post('/api/v1/simulations/preview', body);

/** Only the platform subscription, for the whole of March 2026, in Seattle. */
const platformOnly: RatingRequest = {
  customer: {
    id: 'pasted-1',
    country: 'US',
    region: 'WA',
    currency: 'USD',
    attributes: { city: 'Seattle' },
  },
  period: MARCH_2026,
  subscriptions: [{ id: 'sub-1', product: 'platform', type: 'recurring', start: '2025-06-01' }],
};

const platformLine = (lines: RatedLine[]) =>
  lines.find((line) => line.product === 'platform') as RatedLine;

describe('POST /api/v1/simulations/preview', () => {
  it("previews a stored customer's invoice with the draft, whole, beside the published one", async () => {
    const response = await preview({
      versions: [{ key: 'saas-pricing-usd', version: draftVersion }],
      customerId: 'acme-corp',
      period: MARCH_2026,
    });
    expect(response.status).toBe(200);
    expect(response.body.versions).toEqual([
      { key: 'saas-pricing-usd', version: draftVersion, kind: 'pricing', status: 'draft' },
    ]);
    expect(response.body.draft.totals.total).toBe('1764.50');
    expect(response.body.published.totals.total).toBe('1654.15');
    expect(response.body.publishedIssues).toEqual([]);
    expect(response.body.impact).toEqual({
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
    });
    // 599.00 x 6.5% = 38.935 -> 38.94; x 3.85% = 23.0615 -> 23.06; 599.00 + 62.00 = 661.00
    const line = platformLine(response.body.draft.lines);
    expect(line).toMatchObject({ amount: '599.00', taxAmount: '62.00', total: '661.00' });
    expect(line.taxes.map((tax) => tax.amount)).toEqual(['38.94', '23.06']);
    expect(line.trace[0]).toMatchObject({
      step: 'price',
      policy: { key: 'saas-pricing-usd', version: draftVersion },
      rule: 'platform-fee',
    });
    expect(line.trace[0]!.explanation).toBe('flat 599 = 599');
  });

  it('previews a pasted rating request', async () => {
    const response = await preview({
      versions: [{ key: 'saas-pricing-usd', version: draftVersion }],
      request: platformOnly,
    });
    expect(response.status).toBe(200);
    expect(response.body.draft).toMatchObject({
      customerId: 'pasted-1',
      currency: 'USD',
      totals: {
        amount: '599.00',
        discount: '0.00',
        net: '599.00',
        tax: '62.00',
        total: '661.00',
      },
    });
    // 499.00 + 32.44 (6.5%, 32.435 up) + 19.21 (3.85%, 19.2115) = 550.65
    expect(response.body.published.totals.total).toBe('550.65');
    expect(response.body.impact.delta).toBe('110.35');
  });

  it('shows the draft invoice when only the draft can price it, and says why the published cannot', async () => {
    const withSupport = usdPricesWithPlatformFee('499.00');
    withSupport.rules.push({
      name: 'premium-support',
      conditions: {
        all: [{ fact: 'line', operator: 'equal', value: 'premium-support', path: '$.product' }],
      },
      event: {
        type: 'price',
        params: { label: 'Premium support', model: 'flat', amount: '200.00', proration: 'none' },
      },
    });
    const version = await draft(withSupport);
    const response = await preview({
      versions: [{ key: 'saas-pricing-usd', version }],
      request: {
        ...platformOnly,
        subscriptions: [
          { id: 'sub-2', product: 'premium-support', type: 'recurring', start: '2026-01-01' },
        ],
      },
    });
    expect(response.status).toBe(200);
    // 200.00 + 13.00 (6.5%) + 7.70 (3.85%) = 220.70
    expect(response.body.draft.totals.total).toBe('220.70');
    expect(response.body.published).toBeNull();
    expect(response.body.impact).toBeNull();
    expect(response.body.publishedIssues).toEqual([
      {
        path: '$.request.subscriptions[0]',
        message: expect.stringContaining('no pricing rule of saas-pricing-usd v1'),
      },
    ]);
  });

  it('names the field when the draft cannot rate the pasted request', async () => {
    const noPlatform = usdPricesWithPlatformFee('499.00');
    noPlatform.rules = noPlatform.rules.filter((rule) => rule.name !== 'platform-fee');
    const response = await preview({
      versions: [{ key: 'saas-pricing-usd', version: await draft(noPlatform) }],
      request: platformOnly,
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toBe('the request cannot be rated with the simulated versions');
    expect(response.body.errors).toEqual([
      {
        path: '$.request.subscriptions[0]',
        message: expect.stringContaining('no pricing rule of saas-pricing-usd'),
      },
    ]);
  });

  it('names every bad field of the body with 400 problem+json', async () => {
    const versions = [{ key: 'saas-pricing-usd', version: draftVersion }];
    const badRequest = await preview({
      versions,
      customerId: 'acme-corp',
      request: { ...platformOnly, customer: { id: 'x', country: 'US' } },
    });
    expect(badRequest.status).toBe(400);
    expect(badRequest.body.errors).toEqual([
      { path: '$.customerId', message: 'cannot be given with request' },
      expect.objectContaining({ path: '$.request.customer.currency' }),
    ]);

    const nothing = await preview({ versions });
    expect(nothing.body.errors).toEqual([
      {
        path: '$.request',
        message: 'is required, or customerId and period to rate a stored customer',
      },
    ]);

    const noPeriod = await preview({ versions: [], customerId: '' });
    expect(noPeriod.body.errors).toEqual([
      { path: '$.versions', message: 'must hold 1 to 20 versions' },
      { path: '$.customerId', message: 'must be a stored customer id' },
      { path: '$.period', message: 'is required with customerId' },
    ]);

    const unknown = await preview({ versions, customerId: 'nobody', period: MARCH_2026 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: '$.customerId', message: 'no customer has the id "nobody"' },
    ]);

    const published = await preview({
      versions: [{ key: 'saas-pricing-usd', version: 1 }],
      request: platformOnly,
    });
    expect(published.body.errors).toEqual([
      {
        path: '$.versions[0]',
        message:
          'saas-pricing-usd v1 is published: simulate a draft, or a version in review or approved',
      },
    ]);
  });

  it('is refused to a role that may not run simulations', async () => {
    const clock = aClock('2026-11-20T09:00:00.000Z');
    const sam = await signIn(app, await aUser(store, clock, 'sam', ['support']), 'sam');
    const response = await preview(
      { versions: [{ key: 'saas-pricing-usd', version: draftVersion }], request: platformOnly },
      sam,
    );
    expect(response.status).toBe(403);
  });
});
