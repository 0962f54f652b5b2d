// Creating and changing customers over HTTP on the embedded store, with signed-in users: a
// billing admin creates a customer with its billing profile and changes it under its revision;
// every bad field is named, a stale change is refused, nothing is half-written, and every change
// is in the audit log with who made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { customers } from '../../../server/customers/customers-repository';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import { aUser, as, signIn, type SignedIn } from './signed-in-users';

let test: TestStore;
let store: Store;
let app: ReturnType<typeof createApp>;
let bea: SignedIn;
let sam: SignedIn;

const CUSTOMERS = '/api/v1/customers';

function northwind(overrides: Record<string, unknown> = {}) {
  return {
    id: 'northwind',
    name: 'Northwind Traders GmbH',
    facts: {
      id: 'northwind',
      country: 'DE',
      currency: 'EUR',
      type: 'business',
      taxId: 'DE123456789',
    },
    billing: {
      email: 'ap@northwind.example',
      address: {
        lines: ['Hauptstrasse 1'],
        city: 'Berlin',
        postalCode: '10115',
        region: null,
        country: 'DE',
      },
      locale: 'de-DE',
      anchorDay: 15,
    },
    ...overrides,
  };
}

/** Another customer than northwind, to be created by a test. */
function aFreshCustomer() {
  return northwind({ id: 'fresh', facts: { ...northwind().facts, id: 'fresh' } });
}

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  const clock = aClock('2026-11-20T09:00:00.000Z');
  app = createApp(testAppContext({ store, clock }));
  bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
  sam = await signIn(app, await aUser(store, clock, 'sam', ['support']), 'sam');
});

afterAll(async () => {
  await test.dispose();
});

const entriesAbout = async (id: string) =>
  (await store.collection<AuditEntry>(AUDIT_LOG_COLLECTION).find({ 'target.id': id })).map(
    (entry) => [entry.action, entry.actor.id, entry.reason, entry.details],
  );

describe('POST /api/v1/customers', () => {
  it('creates a customer with its billing profile, audited', async () => {
    const response = await as(app, bea).post(CUSTOMERS, {
      ...northwind(),
      reason: 'signed in November',
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      ...northwind(),
      promoCodes: [],
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T09:00:00.000Z',
      revision: 1,
    });
    expect((await as(app, sam).get(`${CUSTOMERS}/northwind`)).body.billing.address.city).toBe(
      'Berlin',
    );
    expect(await entriesAbout('northwind')).toEqual([
      ['customer.created', bea.id, 'signed in November', { intent: expect.stringMatching(/^i/) }],
    ]);
    expect(await customers(store).findOne({ _id: 'northwind' })).toMatchObject({
      pendingAudit: {},
      pendingAudits: 0,
    });
  });

  it('refuses a second customer with the same id with 409', async () => {
    const response = await as(app, bea).post(CUSTOMERS, northwind({ name: 'Someone else' }));
    expect(response.status).toBe(409);
    expect(response.body.detail).toBe('there is a customer with the id "northwind" already');
    expect((await as(app, bea).get(`${CUSTOMERS}/northwind`)).body.name).toBe(
      'Northwind Traders GmbH',
    );
  });

  it.each([
    [{ facts: { id: 'other', country: 'DE', currency: 'EUR' } }, '$.facts.id'],
    [{ facts: { id: 'northwind', country: 'DE', currency: 'EURO' } }, '$.facts.currency'],
    [{ billing: { ...northwind().billing, email: 'not an address' } }, '$.billing.email'],
    [{ billing: { ...northwind().billing, anchorDay: 31 } }, '$.billing.anchorDay'],
    [
      {
        billing: {
          ...northwind().billing,
          address: { ...northwind().billing.address, country: 'FR' },
        },
      },
      '$.billing.address.country',
    ],
    [{ id: '../x', facts: { id: '../x', country: 'DE', currency: 'EUR' } }, '$.id'],
    [{ revision: 3 }, '$.revision'],
  ])('refuses %j with 400 naming %s, and writes nothing', async (change, path) => {
    const before = await store.collection<AuditEntry>(AUDIT_LOG_COLLECTION).count({});
    const response = await as(app, bea).post(CUSTOMERS, { ...aFreshCustomer(), ...change });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await customers(store).count({ _id: { $in: ['fresh', '../x'] } })).toBe(0);
    expect(await store.collection<AuditEntry>(AUDIT_LOG_COLLECTION).count({})).toBe(before);
  });

  it('refuses a role without customer:write with 403', async () => {
    const response = await as(app, sam).post(CUSTOMERS, northwind({ id: 'by-sam' }));
    expect(response.status).toBe(403);
  });
});

describe('PUT /api/v1/customers/:id', () => {
  it('changes the profile under its revision and audits which fields changed', async () => {
    const moved = northwind({
      billing: {
        ...northwind().billing,
        address: { ...northwind().billing.address, lines: ['Neue Strasse 9'] },
      },
    });
    const response = await as(app, bea).put(`${CUSTOMERS}/northwind`, {
      ...moved,
      revision: 1,
      reason: 'moved offices',
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      revision: 2,
      billing: { address: { lines: ['Neue Strasse 9'] } },
    });
    expect((await entriesAbout('northwind')).at(-1)).toEqual([
      'customer.updated',
      bea.id,
      'moved offices',
      expect.objectContaining({ changed: ['billing'], revision: 2 }),
    ]);
  });

  it('refuses a change made on a stale revision with 409, and changes nothing', async () => {
    const response = await as(app, bea).put(`${CUSTOMERS}/northwind`, {
      ...northwind({ name: 'Stale' }),
      revision: 1,
    });
    expect(response.status).toBe(409);
    expect(response.body.detail).toBe(
      'someone changed this customer since you loaded it (you had revision 1): load it again',
    );
    expect((await as(app, bea).get(`${CUSTOMERS}/northwind`)).body.name).toBe(
      'Northwind Traders GmbH',
    );
  });

  it('keeps the id, writes nothing for an unchanged profile, and answers 404 for nobody', async () => {
    const renamed = await as(app, bea).put(`${CUSTOMERS}/northwind`, {
      ...northwind({ id: 'northwind-2', facts: { ...northwind().facts, id: 'northwind-2' } }),
      revision: 2,
    });
    expect(renamed.status).toBe(400);
    expect(renamed.body.errors).toEqual([
      { path: '$.id', message: 'must be "northwind": a customer\'s id never changes' },
    ]);

    const current = (await as(app, bea).get(`${CUSTOMERS}/northwind`)).body;
    const { createdAt: _c, updatedAt: _u, revision, ...profile } = current;
    const entries = (await entriesAbout('northwind')).length;
    const same = await as(app, bea).put(`${CUSTOMERS}/northwind`, { ...profile, revision });
    expect(same.status).toBe(200);
    expect(same.body.revision).toBe(revision);
    expect((await entriesAbout('northwind')).length).toBe(entries);

    const nobody = await as(app, bea).put(`${CUSTOMERS}/nobody`, {
      ...northwind({ id: 'nobody', facts: { ...northwind().facts, id: 'nobody' } }),
      revision: 1,
    });
    expect(nobody.status).toBe(404);
  });
});
