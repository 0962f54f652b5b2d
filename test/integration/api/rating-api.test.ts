// POST /api/v1/rate on a real store with the example policies published: the same invoice the
// command line prints, problem+json naming each bad field, and permissions enforced.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_INDEXES } from '../../../server/audit';
import type { Principal } from '../../../server/auth/permissions';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { readExampleFolder } from '../../unit/rating/builders';
import { testAppContext } from '../../support/test-app-context';
import { openTestStore, type TestStore } from '../../support/test-store';

const clock = { now: () => new Date('2026-04-01T09:00:00Z') };
const service: Principal = { type: 'api_key', id: 'k1', scopes: ['rate'] };
const reader: Principal = { type: 'api_key', id: 'k2', scopes: ['policies:read'] };

let test: TestStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  test = await openTestStore('embedded');
  await ensureIndexes(test.store, [...AUDIT_INDEXES, ...POLICY_INDEXES]);
  const documents = readExampleFolder('saas/policies').map(({ document }) => document);
  await seedPublishedVersions({
    family: POLICY_FAMILY,
    store: test.store,
    clock,
    documents,
    reason: 'test data',
  });
  app = createApp(
    testAppContext({
      store: test.store,
      clock,
      // The real authenticator (sessions, API keys) has its own tests; here a header names the caller.
      authenticate: async (incoming) =>
        ({ service, reader })[incoming.header('x-test-caller') as 'service' | 'reader'],
    }),
  );
});

afterAll(async () => {
  await test.dispose();
});

const acme = readExampleFolder('saas/requests').find(({ file }) => file === 'acme-2026-03.json')!
  .document as object;

describe('POST /api/v1/rate', () => {
  it('rates with the published policies: the acme invoice totals 1654.15', async () => {
    const response = await request(app)
      .post('/api/v1/rate')
      .set('x-test-caller', 'service')
      .send(acme);
    expect(response.status).toBe(200);
    expect(response.body.totals).toEqual({
      amount: '1650.47',
      discount: '151.47',
      net: '1499.00',
      tax: '155.15',
      total: '1654.15',
    });
    expect(response.body.lines[1].trace[0].explanation).toContain('graduated: 1000 x 0.05');
  });

  it('sends the result as UTF-8 JSON with its length, and no ETag a POST could not use', async () => {
    const response = await request(app)
      .post('/api/v1/rate')
      .set('x-test-caller', 'service')
      .send(acme);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.text));
    expect(response.headers.etag).toBeUndefined();
    expect(JSON.parse(response.text)).toEqual(response.body);
  });

  it('answers bad input with 400 problem+json naming each field', async () => {
    const bad = {
      ...(acme as object),
      period: { start: '2026-04-01', end: '2026-03-01' },
      promoCodes: 'SPRING',
    };
    const response = await request(app)
      .post('/api/v1/rate')
      .set('x-test-caller', 'service')
      .send(bad);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((issue: { path: string }) => issue.path)).toEqual(
      expect.arrayContaining(['$.promoCodes', '$.period.end']),
    );
  });

  it('answers malformed JSON and other media types with 400 and 415', async () => {
    const malformed = await request(app)
      .post('/api/v1/rate')
      .set('x-test-caller', 'service')
      .set('content-type', 'application/json')
      .send('{"customer":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ path: '$', message: 'must be valid JSON' }]);
    const text = await request(app)
      .post('/api/v1/rate')
      .set('x-test-caller', 'service')
      .set('content-type', 'text/plain')
      .send('hi');
    expect(text.status).toBe(415);
  });

  it('refuses a caller without the rate permission', async () => {
    const response = await request(app)
      .post('/api/v1/rate')
      .set('x-test-caller', 'reader')
      .send(acme);
    expect(response.status).toBe(403);
    expect(response.body.detail).toBe('this needs the "rate" permission');
  });
});
