// Meters and usage over HTTP, on both stores: a billing admin defines meters, a service reports
// batches in which every event is judged on its own, a retried batch is acknowledged and never
// counted twice, and the daily aggregates add up to hand-computed totals.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { createApiKey } from '../../../server/auth';
import { CUSTOMER_INDEXES } from '../../../server/customers/customer-indexes';
import {
  CUSTOMERS,
  SUBSCRIPTIONS,
  type SubscriptionRecord,
} from '../../../server/customers/customer-records';
import { INVOICES, type InvoicePeriodFields } from '../../../server/invoicing/invoice-records';
import { METERING_INDEXES } from '../../../server/metering/metering-indexes';
import { USAGE_EVENTS } from '../../../server/metering/meter-records';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import { aUser, as, signIn, type SignedIn } from '../api/signed-in-users';

const NOW = '2026-03-20T12:00:00.000Z';

function aCustomerRecord(id: string) {
  return {
    _id: id,
    name: id,
    facts: { id, country: 'US', currency: 'USD', type: 'business' },
    promoCodes: [],
    createdAt: NOW,
    updatedAt: NOW,
    revision: 1,
  };
}

describe.each(STORE_KINDS)('usage on the %s store', (kind) => {
  let test: TestStore;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let bea: SignedIn;
  let sam: SignedIn;
  let serviceKey: string;

  const asService = () => ({
    post: (body: object) =>
      request(app).post('/api/v1/usage').set('Authorization', `Bearer ${serviceKey}`).send(body),
  });
  const drain = () => testAppContextFor.usageAggregator.drain();
  let testAppContextFor: ReturnType<typeof testAppContext>;

  beforeAll(async () => {
    test = await openAuthStore(kind);
    store = test.store;
    await ensureIndexes(store, [...CUSTOMER_INDEXES, ...METERING_INDEXES]);
    const clock = aClock(NOW);
    testAppContextFor = testAppContext({ store, clock });
    app = createApp(testAppContextFor);
    bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
    sam = await signIn(app, await aUser(store, clock, 'sam', ['support']), 'sam');
    ({ secret: serviceKey } = await createApiKey({
      store,
      clock,
      actor: { type: 'user', id: 'usr_admin' },
      name: 'metering-gateway',
      scopes: ['usage:write'],
    }));
    await store
      .collection(CUSTOMERS)
      .insertMany([aCustomerRecord('acme'), aCustomerRecord('globex')]);
    await store.collection<SubscriptionRecord>(SUBSCRIPTIONS).insertOne({
      _id: 'acme/sub-1',
      customerId: 'acme',
      subscription: {
        id: 'sub-1',
        product: 'cloud',
        type: 'recurring',
        start: '2026-01-01',
        quantity: '1',
      },
    });
    for (const meter of [
      {
        id: 'vm-hours',
        name: 'VM hours',
        unit: 'hour',
        aggregation: 'sum',
        dimensions: ['region'],
      },
      { id: 'logins', name: 'Logins', aggregation: 'count' },
      { id: 'storage-gb', name: 'Storage', unit: 'GB', aggregation: 'max' },
      { id: 'seats', name: 'Seats', aggregation: 'latest' },
      {
        id: 'active-users',
        name: 'Active users',
        aggregation: 'unique_count',
        uniqueBy: 'userId',
      },
    ]) {
      expect((await as(app, bea).post('/api/v1/meters', meter)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await test.dispose();
  });

  describe('meters', () => {
    it('lists the meters defined, audited as meter.created', async () => {
      const response = await as(app, sam).get('/api/v1/meters');
      expect(response.status).toBe(200);
      expect(response.body.meters.map((meter: { id: string }) => meter.id)).toEqual([
        'active-users',
        'logins',
        'seats',
        'storage-gb',
        'vm-hours',
      ]);
      expect(response.body.meters[4]).toMatchObject({
        id: 'vm-hours',
        unit: 'hour',
        aggregation: 'sum',
        uniqueBy: null,
        dimensions: ['region'],
        revision: 1,
      });
      const entries = await store
        .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
        .find({ action: 'meter.created' });
      expect(entries).toHaveLength(5);
    });

    it('names every bad field of a new meter, and support may not define one', async () => {
      const bad = await as(app, bea).post('/api/v1/meters', {
        id: 'seats2',
        name: 'Seats',
        aggregation: 'max',
        uniqueBy: 'userId',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body.errors).toEqual([
        {
          path: '$.uniqueBy',
          message: 'only unique_count meters count distinct values; this one aggregates by max',
        },
      ]);
      const forbidden = await as(app, sam).post('/api/v1/meters', {
        id: 'x',
        name: 'X',
        aggregation: 'sum',
      });
      expect(forbidden.status).toBe(403);
      expect(
        (
          await as(app, bea).post('/api/v1/meters', {
            id: 'logins',
            name: 'L',
            aggregation: 'count',
          })
        ).status,
      ).toBe(409);
    });

    it('adds a dimension, and refuses to change the aggregation or drop a dimension', async () => {
      const refused = await as(app, bea).put('/api/v1/meters/vm-hours', {
        id: 'vm-hours',
        name: 'VM hours',
        aggregation: 'max',
        dimensions: [],
        revision: 1,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          path: '$.aggregation',
          message:
            'must stay sum: usage already counted would mean something else; define a new meter',
        },
        {
          path: '$.dimensions',
          message: 'must keep "region": dimensions can be added, never removed',
        },
      ]);
      const added = await as(app, bea).put('/api/v1/meters/vm-hours', {
        id: 'vm-hours',
        name: 'VM hours',
        unit: 'hour',
        aggregation: 'sum',
        dimensions: ['region', 'size'],
        revision: 1,
        reason: 'price by VM size',
      });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ dimensions: ['region', 'size'], revision: 2 });
      const stale = await as(app, bea).put('/api/v1/meters/vm-hours', {
        id: 'vm-hours',
        name: 'VM hours (compute)',
        aggregation: 'sum',
        dimensions: ['region', 'size'],
        revision: 1,
      });
      expect(stale.status).toBe(409);
      const [entry] = await store
        .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
        .find({ action: 'meter.updated' });
      expect(entry).toMatchObject({
        actor: { type: 'user', id: bea.id },
        target: { type: 'meter', id: 'vm-hours' },
        reason: 'price by VM size',
        details: { changed: ['dimensions'], revision: 2 },
      });
    });
  });

  describe('POST /api/v1/usage', () => {
    const good = [
      {
        id: 'e1',
        customerId: 'acme',
        meter: 'vm-hours',
        timestamp: '2026-03-14T01:00:00Z',
        quantity: '1.5',
        dimensions: { region: 'eu', size: 'xl', host: 'h1' },
      },
      {
        id: 'e2',
        customerId: 'acme',
        meter: 'vm-hours',
        timestamp: '2026-03-14T23:59:59Z',
        quantity: '2.25',
        dimensions: { region: 'eu', size: 'xl' },
      },
      {
        id: 'e3',
        customerId: 'acme',
        meter: 'vm-hours',
        timestamp: '2026-03-15T00:00:00Z',
        quantity: '4',
        dimensions: { region: 'eu', size: 'xl' },
      },
      {
        id: 'e4',
        customerId: 'acme',
        meter: 'vm-hours',
        timestamp: '2026-03-14T08:00:00Z',
        quantity: '10',
        dimensions: { region: 'us' },
        subscriptionId: 'sub-1',
      },
      { id: 'e5', customerId: 'acme', meter: 'logins', timestamp: '2026-03-14T08:00:00Z' },
      {
        id: 'e6',
        customerId: 'acme',
        meter: 'logins',
        timestamp: '2026-03-14T09:00:00+01:00',
        quantity: '7',
      },
      {
        id: 'e7',
        customerId: 'acme',
        meter: 'storage-gb',
        timestamp: '2026-03-14T08:00:00Z',
        quantity: '40',
      },
      {
        id: 'e8',
        customerId: 'acme',
        meter: 'storage-gb',
        timestamp: '2026-03-14T09:00:00Z',
        quantity: '12.5',
      },
      {
        id: 'e9',
        customerId: 'acme',
        meter: 'seats',
        timestamp: '2026-03-14T18:00:00Z',
        quantity: '8',
      },
      {
        id: 'e10',
        customerId: 'acme',
        meter: 'seats',
        timestamp: '2026-03-14T09:00:00Z',
        quantity: '12',
      },
      {
        id: 'e11',
        customerId: 'acme',
        meter: 'active-users',
        timestamp: '2026-03-14T09:00:00Z',
        dimensions: { userId: 'u1' },
      },
      {
        id: 'e12',
        customerId: 'acme',
        meter: 'active-users',
        timestamp: '2026-03-14T10:00:00Z',
        dimensions: { userId: 'u1' },
      },
      {
        id: 'e13',
        customerId: 'acme',
        meter: 'active-users',
        timestamp: '2026-03-14T11:00:00Z',
        dimensions: { userId: 'u2' },
      },
      // the same id for another customer is another event
      {
        id: 'e1',
        customerId: 'globex',
        meter: 'vm-hours',
        timestamp: '2026-03-14T01:00:00Z',
        quantity: '3',
      },
    ];
    const bad = [
      {
        id: 'b1',
        customerId: 'acme',
        meter: 'vm-hours',
        timestamp: '2026-03-14T01:00:00Z',
        quantity: '1,5',
      },
      {
        id: 'b2',
        customerId: 'acme',
        meter: 'disk',
        timestamp: '2026-03-14T01:00:00Z',
        quantity: '1',
      },
      {
        id: 'b3',
        customerId: 'initech',
        meter: 'vm-hours',
        timestamp: '2026-03-14T01:00:00Z',
        quantity: '1',
      },
      { id: 'b4', customerId: 'acme', meter: 'vm-hours', timestamp: '2026-03-14T01:00:00Z' },
      { id: 'b5', customerId: 'acme', meter: 'active-users', timestamp: '2026-03-14T01:00:00Z' },
      { id: 'b6', customerId: 'acme', meter: 'logins', timestamp: '2026-03-20T12:06:00Z' },
      {
        id: 'b7',
        customerId: 'acme',
        meter: 'logins',
        timestamp: '2026-03-14T01:00:00Z',
        subscriptionId: 'sub-9',
      },
      { customerId: 'acme', meter: 'logins', timestamp: '2026-03-14T01:00:00Z' },
    ];

    it('stores the good events of a batch and names what is wrong with each bad one', async () => {
      const events = [...good.slice(0, 7), ...bad, ...good.slice(7)];
      const response = await asService().post({ events });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ accepted: 14, duplicates: 0, rejected: 8 });
      expect(response.body.batchId).toMatch(/^b/);
      const rejected = response.body.results.filter(
        (result: { status: string }) => result.status === 'rejected',
      );
      expect(rejected).toEqual([
        {
          index: 7,
          id: 'b1',
          status: 'rejected',
          errors: [{ path: '$.events[7].quantity', message: expect.stringContaining('decimal') }],
        },
        {
          index: 8,
          id: 'b2',
          status: 'rejected',
          errors: [{ path: '$.events[8].meter', message: 'there is no meter "disk"' }],
        },
        {
          index: 9,
          id: 'b3',
          status: 'rejected',
          errors: [{ path: '$.events[9].customerId', message: 'there is no customer "initech"' }],
        },
        {
          index: 10,
          id: 'b4',
          status: 'rejected',
          errors: [
            {
              path: '$.events[10].quantity',
              message: 'is required: meter "vm-hours" adds up quantities (sum)',
            },
          ],
        },
        {
          index: 11,
          id: 'b5',
          status: 'rejected',
          errors: [
            {
              path: '$.events[11].dimensions.userId',
              message: 'is required: meter "active-users" counts distinct "userId" values',
            },
          ],
        },
        {
          index: 12,
          id: 'b6',
          status: 'rejected',
          errors: [{ path: '$.events[12].timestamp', message: 'is in the future' }],
        },
        {
          index: 13,
          id: 'b7',
          status: 'rejected',
          errors: [
            {
              path: '$.events[13].subscriptionId',
              message: 'customer "acme" has no subscription "sub-9"',
            },
          ],
        },
        {
          index: 14,
          status: 'rejected',
          errors: [{ path: '$.events[14].id', message: 'is required' }],
        },
      ]);
      expect(await store.collection(USAGE_EVENTS).count({})).toBe(14);
    });

    it('acknowledges a retried batch as duplicates and refuses an id reused with other content', async () => {
      const retried = await asService().post({ events: good });
      expect(retried.body).toMatchObject({
        batchId: null,
        accepted: 0,
        duplicates: 14,
        rejected: 0,
      });
      const reused = await asService().post({
        events: [
          { ...good[0], quantity: '99' },
          { id: 'e14', customerId: 'acme', meter: 'logins', timestamp: '2026-03-15T08:00:00Z' },
          { id: 'e14', customerId: 'acme', meter: 'logins', timestamp: '2026-03-15T08:00:00Z' },
        ],
      });
      expect(reused.body.results).toEqual([
        {
          index: 0,
          id: 'e1',
          status: 'rejected',
          errors: [
            {
              path: '$.events[0].id',
              message:
                'customer "acme" already has an event "e1" with other content; a retry must send the same event',
            },
          ],
        },
        { index: 1, id: 'e14', status: 'accepted' },
        { index: 2, id: 'e14', status: 'duplicate' },
      ]);
      expect(await store.collection(USAGE_EVENTS).count({})).toBe(15);
    });

    it('adds the events up per customer, meter, dimensions and day', async () => {
      await drain();
      const response = await as(app, sam).get(
        '/api/v1/usage/daily?customerId=acme&from=2026-03-14&to=2026-03-16',
      );
      expect(response.status).toBe(200);
      const days = response.body.days.map(
        (day: {
          day: string;
          meter: string;
          quantity: string;
          dimensions: object;
          subscriptionId: string | null;
          events: number;
        }) => [day.day, day.meter, day.dimensions, day.subscriptionId, day.quantity, day.events],
      );
      expect(days).toEqual(
        expect.arrayContaining([
          ['2026-03-14', 'vm-hours', { region: 'eu', size: 'xl' }, null, '3.75', 2], // 1.5 + 2.25; host is not grouped by
          ['2026-03-15', 'vm-hours', { region: 'eu', size: 'xl' }, null, '4', 1],
          ['2026-03-14', 'vm-hours', { region: 'us' }, 'sub-1', '10', 1],
          ['2026-03-14', 'logins', {}, null, '2', 2], // the quantity of a counted event is ignored
          ['2026-03-15', 'logins', {}, null, '1', 1], // e14, once
          ['2026-03-14', 'storage-gb', {}, null, '40', 2], // max(40, 12.5)
          ['2026-03-14', 'seats', {}, null, '8', 2], // 18:00 is later than 09:00
          ['2026-03-14', 'active-users', { userId: 'u1' }, null, '2', 2],
          ['2026-03-14', 'active-users', { userId: 'u2' }, null, '1', 1],
        ]),
      );
      expect(days).toHaveLength(9);
      const globex = await as(app, sam).get(
        '/api/v1/usage/daily?customerId=globex&from=2026-03-14&to=2026-03-15',
      );
      expect(globex.body.days).toMatchObject([{ meter: 'vm-hours', quantity: '3', events: 1 }]);
      expect((await as(app, sam).get('/api/v1/usage/status')).body).toEqual({ waitingBatches: 0 });
    });

    it('keeps combining across passes: a later max, a later latest, more to add', async () => {
      await asService().post({
        events: [
          {
            id: 'e20',
            customerId: 'acme',
            meter: 'storage-gb',
            timestamp: '2026-03-14T20:00:00Z',
            quantity: '41',
          },
          {
            id: 'e21',
            customerId: 'acme',
            meter: 'seats',
            timestamp: '2026-03-14T12:00:00Z',
            quantity: '30',
          },
          {
            id: 'e22',
            customerId: 'acme',
            meter: 'vm-hours',
            timestamp: '2026-03-14T05:00:00Z',
            quantity: '0.25',
            dimensions: { region: 'eu', size: 'xl' },
          },
        ],
      });
      await drain();
      const response = await as(app, sam).get(
        '/api/v1/usage/daily?customerId=acme&from=2026-03-14&to=2026-03-15',
      );
      const quantity = (meter: string, region?: string) =>
        response.body.days.find(
          (day: { meter: string; dimensions: { region?: string } }) =>
            day.meter === meter && day.dimensions.region === region,
        )?.quantity;
      expect(quantity('storage-gb')).toBe('41');
      expect(quantity('seats')).toBe('8'); // 12:00 is earlier than the 18:00 already counted
      expect(quantity('vm-hours', 'eu')).toBe('4'); // 3.75 + 0.25
    });

    it('flags an event for a period already invoiced, and still counts it', async () => {
      await store.collection<InvoicePeriodFields>(INVOICES).insertOne({
        _id: 'inv-acme-2026-02',
        kind: 'invoice',
        status: 'finalized',
        customerId: 'acme',
        periodStart: '2026-02-01T00:00:00Z',
        periodEnd: '2026-03-01T00:00:00Z',
        number: 'INV-2026-000007',
      });
      const response = await asService().post({
        events: [
          { id: 'late-1', customerId: 'acme', meter: 'logins', timestamp: '2026-02-28T23:00:00Z' },
          { id: 'late-2', customerId: 'acme', meter: 'logins', timestamp: '2026-03-01T00:00:00Z' },
        ],
      });
      expect(response.body.results).toEqual([
        {
          index: 0,
          id: 'late-1',
          status: 'accepted',
          adjustment: { invoiceId: 'inv-acme-2026-02', invoiceNumber: 'INV-2026-000007' },
        },
        { index: 1, id: 'late-2', status: 'accepted' },
      ]);
      await drain();
      const february = await as(app, sam).get(
        '/api/v1/usage/daily?customerId=acme&from=2026-02-28&to=2026-03-01',
      );
      expect(february.body.days).toMatchObject([{ meter: 'logins', quantity: '1' }]);
      const events = await as(app, sam).get('/api/v1/usage/events?customerId=acme&day=2026-02-28');
      expect(events.body.events).toMatchObject([
        { id: 'late-1', adjustment: { invoiceId: 'inv-acme-2026-02' } },
      ]);
    });

    it('refuses a batch that is not a list of 1 to 1000 events, naming the field', async () => {
      const none = await asService().post({ events: [] });
      expect(none.status).toBe(400);
      expect(none.body.errors).toEqual([
        { path: '$.events', message: 'must hold from 1 to 1000 events; it holds 0' },
      ]);
      const extra = await asService().post({ event: good[0] });
      expect(extra.body.errors).toEqual([
        { path: '$.event', message: 'is not a field of a usage batch' },
        { path: '$.events', message: 'must be a list of usage events' },
      ]);
      const tooMany = await asService().post({
        events: Array.from({ length: 1001 }, () => good[0]),
      });
      expect(tooMany.status).toBe(400);
    });

    it('lets only callers with usage:write report usage', async () => {
      const response = await as(app, sam).post('/api/v1/usage', { events: [good[0]] });
      expect(response.status).toBe(403);
      const unauthenticated = await request(app)
        .post('/api/v1/usage')
        .send({ events: [good[0]] });
      expect(unauthenticated.status).toBe(401);
    });
  });

  describe('reading usage', () => {
    it('names a bad query parameter', async () => {
      const response = await as(app, sam).get(
        '/api/v1/usage/daily?customerId=acme&from=2026-13-01',
      );
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { path: 'query.from', message: 'must be a day such as 2026-03-01' },
      ]);
      const missing = await as(app, sam).get('/api/v1/usage/events?customerId=acme');
      expect(missing.body.errors).toEqual([{ path: 'query.day', message: 'is required' }]);
    });

    it("pages through a day's raw events in timestamp order", async () => {
      const first = await as(app, sam).get(
        '/api/v1/usage/events?customerId=acme&day=2026-03-14&meter=vm-hours&limit=2',
      );
      expect(first.body.events.map((event: { id: string }) => event.id)).toEqual(['e1', 'e22']);
      expect(first.body.nextOffset).toBe(2);
      const second = await as(app, sam).get(
        '/api/v1/usage/events?customerId=acme&day=2026-03-14&meter=vm-hours&limit=2&offset=2',
      );
      expect(second.body.events.map((event: { id: string }) => event.id)).toEqual(['e4', 'e2']);
      expect(second.body.nextOffset).toBe(null);
      expect(second.body.events[1]).toMatchObject({
        timestamp: '2026-03-14T23:59:59Z',
        quantity: '2.25',
        dimensions: { region: 'eu', size: 'xl' },
      });
    });
  });
});
