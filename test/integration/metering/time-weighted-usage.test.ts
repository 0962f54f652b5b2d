// A time_weighted_sum meter, on both stores: storage levels reported through the usage API and
// rated for March as GB-hours per day, the level reported in February carried in. By hand: 100 GB
// from 20 February, 300 GB from 10 March 12:00. So 1 to 9 March hold 100 x 24 = 2400 GB-hours a
// day; 10 March 100 x 12 + 300 x 12 = 4800; 11 to 31 March 300 x 24 = 7200 a day: 9 x 2400 + 4800
// + 21 x 7200 = 177,600 GB-hours. A level reported twice in a day holds each for its share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { CUSTOMER_INDEXES } from '../../../server/customers/customer-indexes';
import { CUSTOMERS, type CustomerRecord } from '../../../server/customers/customer-records';
import { loadRatingRequests } from '../../../server/customers/load-rating-requests';
import { METERING_INDEXES } from '../../../server/metering/metering-indexes';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aUser, as, signIn, type SignedIn } from '../api/signed-in-users';
import { aClock, openAuthStore } from '../auth/auth-fixtures';

const NOW = '2026-04-02T09:00:00.000Z';
const MARCH = { start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z' };

function level(id: string, timestamp: string, quantity: string) {
  return {
    id,
    customerId: 'acme',
    meter: 'storage_gb',
    timestamp,
    quantity,
    dimensions: { region: 'eu' },
  };
}

describe.each(STORE_KINDS)('a time-weighted meter on the %s store', (kind) => {
  let test: TestStore;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let bea: SignedIn;
  let context: ReturnType<typeof testAppContext>;

  beforeAll(async () => {
    test = await openAuthStore(kind);
    store = test.store;
    await ensureIndexes(store, [...CUSTOMER_INDEXES, ...METERING_INDEXES]);
    const clock = aClock(NOW);
    context = testAppContext({ store, clock });
    app = createApp(context);
    bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
    await store.collection<CustomerRecord>(CUSTOMERS).insertOne({
      _id: 'acme',
      name: 'Acme',
      facts: { id: 'acme', country: 'US', currency: 'USD', type: 'business' },
      promoCodes: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      revision: 1,
    });
    const meter = await as(app, bea).post('/api/v1/meters', {
      id: 'storage_gb',
      name: 'Storage',
      unit: 'GB',
      aggregation: 'time_weighted_sum',
      dimensions: ['region'],
    });
    expect(meter.status).toBe(201);
  });

  afterAll(async () => {
    await test.dispose();
  });

  it('bills each level for the hours it was held, a February level carried into March', async () => {
    const sent = await as(app, bea).post('/api/v1/usage', {
      events: [
        level('s1', '2026-02-20T00:00:00Z', '100'),
        level('s2', '2026-03-10T12:00:00Z', '300'),
      ],
    });
    expect(sent.body.results.map((result: { status: string }) => result.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    await context.usageAggregator.drain();
    const {
      requests: [request],
    } = await loadRatingRequests(store, MARCH, ['acme']);
    expect(request!.meters).toEqual({ storage_gb: { aggregation: 'time_weighted_sum' } });
    const days = request!.usage!.map((usage) => [usage.date, usage.quantity]);
    expect(days).toHaveLength(31);
    expect(days.slice(0, 11)).toEqual([
      ...Array.from({ length: 9 }, (_, index) => [`2026-03-0${index + 1}`, '2400']),
      ['2026-03-10', '4800'],
      ['2026-03-11', '7200'],
    ]);
    expect(days.at(-1)).toEqual(['2026-03-31', '7200']);
    const total = request!.usage!.reduce((sum, usage) => sum + BigInt(usage.quantity), 0n);
    expect(total).toBe(177_600n);
    expect(request!.usage![0]).toMatchObject({ meter: 'storage_gb', dimensions: { region: 'eu' } });
  });

  it('keeps the day’s readings in its daily aggregate, held within the day', async () => {
    // A late reading on 10 March, before the 300: 100 until 06:00, 50 until 12:00, then 300.
    await as(app, bea).post('/api/v1/usage', {
      events: [level('s3', '2026-03-10T06:00:00Z', '50')],
    });
    await context.usageAggregator.drain();
    const daily = await as(app, bea).get(
      '/api/v1/usage/daily?customerId=acme&from=2026-03-10&to=2026-03-11',
    );
    // Within the day, from its first reading: 50 x 6 + 300 x 12 = 3900.
    expect(daily.body.days).toEqual([
      expect.objectContaining({
        day: '2026-03-10',
        quantity: '3900',
        events: 2,
        readings: [
          { at: '2026-03-10T06:00:00Z', quantity: '50' },
          { at: '2026-03-10T12:00:00Z', quantity: '300' },
        ],
      }),
    ]);
    const {
      requests: [request],
    } = await loadRatingRequests(store, MARCH, ['acme']);
    // Rated with the carried 100 for the first six hours: 600 + 300 + 3600 = 4500.
    expect(request!.usage!.find((usage) => usage.date === '2026-03-10')?.quantity).toBe('4500');
  });
});
