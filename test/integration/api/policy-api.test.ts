// The policy versions API over HTTP on the embedded store, with a team of real users who sign in
// through the login route: a billing admin drafts and edits a price change, an approver who signed
// in with TOTP approves it, the billing admin publishes it, and the rating API prices with it from
// its effective date. Around that: four eyes, MFA, stale revisions, validation naming each path,
// and who may read and write.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import type { AppContext } from '../../../server/api/app-context';
import { createApiKey, type Principal } from '../../../server/auth';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aPriceRule, aPricingPolicy, aRequest, usageDays } from '../../unit/rating/builders';
import { aClock, openAuthStore, PASSWORD, type TestClock } from '../auth/auth-fixtures';
import { aUser, as, signInReviewTeam, type SignedIn } from './signed-in-users';

const POLICIES = '/api/v1/policies';
const vm = (version: number) => `${POLICIES}/vm/versions/${version}`;

/** A pricing policy with one per-unit price for the meter `key`. */
const aPricePolicy = (
  key: string,
  unitPrice: string,
  overrides: Parameters<typeof aPricingPolicy>[0] = {},
) =>
  aPricingPolicy({
    key,
    rules: [aPriceRule(key, { model: 'per_unit', unitPrice })],
    ...overrides,
  });

const MONTHS = {
  '2026-04': { start: '2026-04-01', end: '2026-05-01' },
  '2026-05': { start: '2026-05-01', end: '2026-06-01' },
};

/** 100 units of vm used on the 2nd of the month. */
const hundredVmUnitsIn = (month: keyof typeof MONTHS) =>
  aRequest({ period: MONTHS[month], usage: usageDays('vm', '100', 2, 2, { month }) });

let test: TestStore;
let store: Store;
let clock: TestClock;
let context: AppContext;
let app: ReturnType<typeof createApp>;
/** Billing admin; author of the vm change. */
let bea: SignedIn;
/** Approver, signed in with TOTP. */
let ann: SignedIn;
/** Billing admin and approver, signed in with TOTP: writes changes and reviews others'. */
let dana: SignedIn;
/** Support. */
let sam: SignedIn;
/** A service key that may rate and read policies. */
let serviceKey: string;

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  await ensureIndexes(store, POLICY_INDEXES);
  clock = aClock();
  context = testAppContext({ store, clock });
  app = createApp(context);
  await seedPublishedVersions({
    family: POLICY_FAMILY,
    store,
    clock,
    documents: [aPricePolicy('vm', '0.05'), aPricePolicy('gpu', '2.00')],
    reason: 'test data',
  });
  ({ bea, ann, dana, sam } = await signInReviewTeam(app, store, clock));
  ({ secret: serviceKey } = await createApiKey({
    store,
    clock,
    actor: { type: 'user', id: 'usr_admin' },
    name: 'invoicing-job',
    scopes: ['rate', 'policies:read'],
  }));
});

afterAll(async () => {
  await test.dispose();
});

function withServiceKey() {
  const withKey = (pending: request.Test) => pending.set('Authorization', `Bearer ${serviceKey}`);
  return {
    get: (path: string) => withKey(request(app).get(path)),
    post: (path: string, body: object) => withKey(request(app).post(path)).send(body),
  };
}

/** The amount of the vm usage in a month, as the rating API prices it now. */
async function vmAmountIn(month: keyof typeof MONTHS): Promise<string> {
  const response = await withServiceKey().post('/api/v1/rate', hundredVmUnitsIn(month));
  expect(response.status).toBe(200);
  return response.body.totals.amount as string;
}

describe('a price change from draft to invoice', () => {
  it('is drafted, edited, submitted, approved with MFA, published, and rated from its date', async () => {
    // 100 units at the published 0.05
    expect(await vmAmountIn('2026-05')).toBe('5.00');

    const created = await as(app, bea).post(POLICIES, aPricePolicy('vm', '0.07'));
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(vm(2));
    expect(created.body).toMatchObject({
      id: 'vm@2',
      key: 'vm',
      kind: 'pricing',
      version: 2,
      status: 'draft',
      revision: 1,
      author: bea.id,
      document: { key: 'vm', version: 2 },
    });
    expect(created.body).not.toHaveProperty('pendingAudit');

    const edited = await as(app, bea).put(vm(2), {
      revision: 1,
      document: aPricePolicy('vm', '0.08'),
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ revision: 2, status: 'draft' });
    // Someone who loaded revision 1 saves over it: refused, naming both revisions.
    const stale = await as(app, bea).put(vm(2), {
      revision: 1,
      document: aPricePolicy('vm', '0.09'),
    });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.body.detail).toBe(
      'vm v2 was saved by someone else since you opened it (revision 1, now 2); reload it and apply your change again',
    );
    const saved = await as(app, bea).get(vm(2));
    expect(saved.body.document.rules[0].event.params.unitPrice).toBe('0.08');

    const submitted = await as(app, bea).post(`${vm(2)}/submit`, {
      revision: 2,
      reason: 'compute costs rose',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'in_review',
      revision: 3,
      submission: { by: bea.id, reason: 'compute costs rose' },
    });

    const byAuthor = await as(app, bea).post(`${vm(2)}/approve`, { revision: 3, comment: 'fine' });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.detail).toBe('this needs the "policy:review" permission');

    const approved = await as(app, ann).post(`${vm(2)}/approve`, {
      revision: 3,
      comment: 'checked',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      revision: 4,
      approvals: [{ by: ann.id, comment: 'checked' }],
    });

    const published = await as(app, bea).post(`${vm(2)}/publish`, {
      revision: 4,
      effectiveFrom: '2026-05-01',
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      publication: { by: bea.id, effectiveFrom: '2026-05-01' },
      document: { effectiveFrom: '2026-05-01' },
    });

    // At once, with no wait for the rating cache: May at 0.08, April still at 0.05.
    expect(await vmAmountIn('2026-05')).toBe('8.00');
    expect(await vmAmountIn('2026-04')).toBe('5.00');

    const history = await withServiceKey().get(`${POLICIES}/vm/versions`);
    expect(history.status).toBe(200);
    expect(
      history.body.versions.map((entry: { version: number; status: string }) => [
        entry.version,
        entry.status,
      ]),
    ).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    expect(history.body.versions[1]).toMatchObject({
      author: bea.id,
      revision: 5,
      approvals: [{ by: ann.id, comment: 'checked' }],
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: '2026-04-01T09:00:30.000Z',
    });
    expect(history.body.versions[1]).not.toHaveProperty('document');

    // What a reader of the change sees: the price path, the version and the effective date.
    const diff = await as(app, sam).get(`${POLICIES}/vm/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect({ ...diff.body, changes: byPath(diff.body.changes) }).toEqual({
      from: 1,
      to: 2,
      changes: [
        { kind: 'changed', path: '$.effectiveFrom', before: '2026-01-01', after: '2026-05-01' },
        {
          kind: 'changed',
          path: '$.rules["vm"].event.params.unitPrice',
          before: '0.05',
          after: '0.08',
        },
        { kind: 'changed', path: '$.version', before: 1, after: 2 },
      ],
    });
    // Without `from`: from the latest published version, now version 2, back to version 1.
    const fromPublished = await as(app, sam).get(`${POLICIES}/vm/diff?to=1`);
    expect({ ...fromPublished.body, changes: byPath(fromPublished.body.changes) }).toEqual({
      from: 2,
      to: 1,
      changes: [
        // Version 2 took effect on 2026-05-01 when it was published; version 1 said 2026-01-01.
        { kind: 'changed', path: '$.effectiveFrom', before: '2026-05-01', after: '2026-01-01' },
        {
          kind: 'changed',
          path: '$.rules["vm"].event.params.unitPrice',
          before: '0.08',
          after: '0.05',
        },
        { kind: 'changed', path: '$.version', before: 2, after: 1 },
      ],
    });
  });
});

const byPath = (changes: { path: string }[]) =>
  [...changes].sort((a, b) => a.path.localeCompare(b.path));

describe('four eyes and MFA', () => {
  async function storageChangeInReview(): Promise<number> {
    const created = await as(app, dana).post(POLICIES, aPricePolicy('storage', '0.02'));
    const { version } = created.body as { version: number };
    const path = `${POLICIES}/storage/versions/${version}`;
    const submitted = await as(app, dana).post(`${path}/submit`, {
      revision: 1,
      reason: 'new meter',
    });
    expect(submitted.status).toBe(200);
    return version;
  }

  it('refuses an approval by the author, even one who is an approver', async () => {
    const version = await storageChangeInReview();
    const path = `${POLICIES}/storage/versions/${version}`;
    const own = await as(app, dana).post(`${path}/approve`, { revision: 2 });
    expect(own.status).toBe(403);
    expect(own.body.detail).toBe(
      'you wrote or submitted this change; another approver must approve it',
    );
    // Ann rejects it instead; a rejection needs a reason.
    const silent = await as(app, ann).post(`${path}/reject`, { revision: 2 });
    expect(silent.status).toBe(400);
    expect(silent.body.errors).toEqual([{ path: '$.comment', message: 'is required' }]);
    const rejected = await as(app, ann).post(`${path}/reject`, {
      revision: 2,
      comment: 'storage is priced per GB-month, not per unit',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { by: ann.id } });
  });

  it('gives an approver without a second factor no session to approve with', async () => {
    await aUser(store, clock, 'amos', ['approver']);
    const login = await request(app)
      .post('/api/v1/auth/login')
      .send({ username: 'amos', password: PASSWORD });
    expect(login.body).toMatchObject({ mfaEnrolmentRequired: true });
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    expect(cookies.some((cookie) => cookie.startsWith('ll_session='))).toBe(false);
  });

  it('passes the session’s MFA to the four-eyes rule: without it, 403', async () => {
    const version = await storageChangeInReview();
    // The session layer never serves an approver without MFA (test above); a principal without it
    // shows that the route hands the rule the session's real MFA state, not a default.
    const approverWithoutMfa: Principal = {
      type: 'user',
      id: ann.id,
      roles: ['approver'],
      mfa: false,
    };
    const stubbed = createApp({ ...context, authenticate: async () => approverWithoutMfa });
    const response = await request(stubbed)
      .post(`${POLICIES}/storage/versions/${version}/approve`)
      .send({ revision: 2 });
    expect(response.status).toBe(403);
    expect(response.body.detail).toBe('sign in with your second factor to approve changes');
  });
});

describe('who may read and write', () => {
  it.each([
    ['create', 'post', POLICIES, 'policy:write'],
    ['edit', 'put', `${POLICIES}/gpu/versions/1`, 'policy:write'],
    ['submit', 'post', `${POLICIES}/gpu/versions/1/submit`, 'policy:submit'],
    ['publish', 'post', `${POLICIES}/gpu/versions/1/publish`, 'policy:publish'],
    ['roll back', 'post', `${POLICIES}/gpu/versions/1/rollback`, 'policy:write'],
  ] as const)('refuses support a %s with 403', async (_action, method, path, permission) => {
    const response = await as(app, sam)[method](path, { revision: 1 });
    expect(response.status).toBe(403);
    expect(response.body.detail).toBe(`this needs the "${permission}" permission`);
  });

  it('lets an API key with policies:read read, never write', async () => {
    expect((await withServiceKey().get(`${POLICIES}/gpu/versions/1`)).status).toBe(200);
    const write = await withServiceKey().post(POLICIES, aPricePolicy('gpu', '3.00'));
    expect(write.status).toBe(403);
    expect(write.body.detail).toBe('this needs the "policy:write" permission');
  });

  it('asks for a session or key', async () => {
    expect((await request(app).get(POLICIES)).status).toBe(401);
  });
});

describe('reading policies', () => {
  it('lists one entry per key, filtered by kind, status and part of the key', async () => {
    const all = await as(app, sam).get(POLICIES);
    expect(all.status).toBe(200);
    expect(all.body.policies).toContainEqual({
      key: 'gpu',
      kind: 'pricing',
      latest: { version: 1, status: 'published' },
      published: [{ version: 1, effectiveFrom: '2026-01-01' }],
    });
    const keys = (response: request.Response) =>
      response.body.policies.map((policy: { key: string }) => policy.key);
    expect(keys(all)).toEqual([...keys(all)].sort());
    expect(keys(await as(app, sam).get(`${POLICIES}?kind=pricing&q=GP`))).toEqual(['gpu']);
    expect(keys(await as(app, sam).get(`${POLICIES}?kind=tax`))).toEqual([]);
    expect((await as(app, bea).post(POLICIES, aPricePolicy('ssd', '0.10'))).status).toBe(201);
    const drafts = keys(await as(app, sam).get(`${POLICIES}?status=draft`));
    const published = keys(await as(app, sam).get(`${POLICIES}?status=published`));
    expect(drafts).toContain('ssd');
    expect(drafts).not.toContain('gpu');
    expect(published).toContain('gpu');
    expect(published).not.toContain('ssd');
  });

  it('names the bad query parameter, and the bad path parameter', async () => {
    const badKind = await as(app, sam).get(`${POLICIES}?kind=invoice&status=live`);
    expect(badKind.status).toBe(400);
    expect(badKind.body.detail).toBe('invalid query parameter: kind, status');
    expect(badKind.body.errors).toEqual([
      { path: 'query.kind', message: 'must be one of pricing, discount, tax, dunning' },
      {
        path: 'query.status',
        message: 'must be one of draft, in_review, approved, published, superseded, rejected',
      },
    ]);
    const badVersion = await as(app, sam).get(`${POLICIES}/gpu/versions/1.5`);
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.errors).toEqual([
      { path: 'params.version', message: 'must be a whole number from 1' },
    ]);
    const badDiff = await as(app, sam).get(`${POLICIES}/gpu/diff?from=x&colour=red`);
    expect(badDiff.status).toBe(400);
    expect(badDiff.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'query.colour', message: 'is not a parameter of this request' },
        { path: 'query.from', message: 'must be a whole number from 1' },
        { path: 'query.to', message: 'is required' },
      ]),
    );
    expect(badDiff.body.errors).toHaveLength(3);
  });

  it('answers an unknown version or key with 404', async () => {
    const unknownVersion = await as(app, sam).get(`${POLICIES}/gpu/versions/99`);
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.detail).toBe('there is no version 99 of policy gpu');
    expect((await as(app, sam).get(`${POLICIES}/nothing/versions`)).status).toBe(404);
    expect((await as(app, sam).get(`${POLICIES}/gpu/diff?from=1&to=9`)).status).toBe(404);
    expect(
      (await as(app, ann).post(`${POLICIES}/gpu/versions/99/approve`, { revision: 1 })).status,
    ).toBe(404);
  });
});

describe('validation', () => {
  it('names every path of an invalid document, in the body or under $.document', async () => {
    // No currency, and a price as a JSON number.
    const { currency: _currency, ...invalid } = aPricePolicy('disk', '0.04', {
      rules: [aPriceRule('disk', { model: 'per_unit', unitPrice: 0.04 as unknown as string })],
    });
    const created = await as(app, bea).post(POLICIES, invalid);
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([
      { path: '$.currency', message: 'is required' },
      {
        path: '$.rules[0].event.params.unitPrice',
        message: 'must be a decimal string such as "12.50", not a number',
      },
    ]);

    const draft = await as(app, bea).post(POLICIES, aPricePolicy('disk', '0.04'));
    expect(draft.status).toBe(201);
    const path = `${POLICIES}/disk/versions/${draft.body.version}`;
    const edit = await as(app, bea).put(path, { revision: 1, document: invalid });
    expect(edit.status).toBe(400);
    expect(edit.body.errors.map((issue: { path: string }) => issue.path)).toEqual([
      '$.document.currency',
      '$.document.rules[0].event.params.unitPrice',
    ]);
    const body = await as(app, bea).put(path, { revision: '1', document: {}, note: 'x' });
    expect(body.status).toBe(400);
    expect(body.body.errors).toEqual([
      { path: '$.revision', message: 'must be a whole number from 1' },
      { path: '$.note', message: 'is not a field of this request' },
    ]);
    const noReason = await as(app, bea).post(`${path}/submit`, { revision: 1, reason: '' });
    expect(noReason.body.errors).toEqual([{ path: '$.reason', message: 'must not be empty' }]);
  });
});

describe('rollback', () => {
  it('starts a new draft with an old version’s content, for review like any change', async () => {
    const rolledBack = await as(app, bea).post(`${POLICIES}/vm/versions/1/rollback`);
    expect(rolledBack.status).toBe(201);
    const { version } = rolledBack.body as { version: number };
    expect(rolledBack.headers.location).toBe(vm(version));
    expect(rolledBack.body).toMatchObject({ status: 'draft', basedOn: 1, author: bea.id });
    expect(rolledBack.body.document.rules[0].event.params.unitPrice).toBe('0.05');
    const withFields = await as(app, bea).post(`${POLICIES}/vm/versions/1/rollback`, { to: 1 });
    expect(withFields.status).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('refers the policy bodies to the policy schema', async () => {
    const document = (await request(app).get('/api/openapi.json')).body;
    const body = (path: string, method: string) =>
      document.paths[path][method].requestBody.content['application/json'].schema;
    expect(body(POLICIES, 'post')).toEqual({
      $ref: 'https://ledgerline.dev/schemas/policy.schema.json',
    });
    expect(body(`${POLICIES}/{key}/versions/{version}`, 'put')).toMatchObject({
      required: ['revision', 'document'],
      properties: { document: { $ref: 'https://ledgerline.dev/schemas/policy.schema.json' } },
    });
    expect(document.paths[POLICIES].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'kind',
      'status',
      'q',
    ]);
  });
});
