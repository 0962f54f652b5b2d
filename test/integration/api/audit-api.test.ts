// The audit routes on a real store: verification answers tampering as a finding, entries page in
// sequence order, exports select by period, carry a download name and are themselves audited,
// and permissions and query parameters are enforced.
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import {
  appendAuditEntry,
  AUDIT_INDEXES,
  type AuditEntry,
  type Clock,
  type NewAuditEntry,
} from '../../../server/audit';
import { AUDIT_LOG_COLLECTION, auditEntryId } from '../../../server/audit/audit-entry';
import type { Principal } from '../../../server/auth/permissions';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { testAppContext } from '../../support/test-app-context';
import { openTestStore, type TestStore } from '../../support/test-store';

const callers: Record<string, Principal> = {
  finance: { type: 'user', id: 'u-finance', roles: ['finance'], mfa: false },
  approver: { type: 'user', id: 'u-approver', roles: ['approver'], mfa: true },
};

/** Starts at `start`; each reading advances it by one second, as time passes between appends. */
function aClock(start: string): Clock & { set(instant: string): void } {
  let now = Date.parse(start);
  return {
    now: () => {
      const reading = new Date(now);
      now += 1000;
      return reading;
    },
    set: (instant) => {
      now = Date.parse(instant);
    },
  };
}

let test: TestStore;
let clock: ReturnType<typeof aClock>;
let app: ReturnType<typeof createApp>;

const append = (entry: NewAuditEntry) => appendAuditEntry({ store: test.store, clock, entry });

/** The approval of pv-3 by u-approver, on 2 March 2026. */
async function anApprovalOfPv3(): Promise<void> {
  clock.set('2026-03-02T09:00:00.000Z');
  await append({
    actor: { type: 'user', id: 'u-approver' },
    action: 'policy.approved',
    target: { type: 'policy_version', id: 'pv-3' },
  });
}

/** Entries 1 and 2 on 28 February, 3 and 4 on 1 March 2026. */
async function aLogOfFourEntries(): Promise<void> {
  for (const [index, instant] of [
    '2026-02-28T10:00:00.000Z',
    '2026-02-28T11:00:00.000Z',
    '2026-03-01T09:00:00.000Z',
    '2026-03-01T10:00:00.000Z',
  ].entries()) {
    clock.set(instant);
    await append({
      actor: { type: 'user', id: 'u-author' },
      action: 'policy.submitted',
      target: { type: 'policy_version', id: `pv-${index + 1}` },
      details: { fromStatus: 'draft', toStatus: 'in_review' },
    });
  }
  clock.set('2026-04-01T08:00:00.000Z');
}

beforeEach(async () => {
  test = await openTestStore('embedded');
  await ensureIndexes(test.store, AUDIT_INDEXES);
  clock = aClock('2026-02-01T00:00:00.000Z');
  app = createApp(
    testAppContext({
      store: test.store,
      clock,
      // The real authenticator (sessions, API keys) has its own tests; here a header names the caller.
      authenticate: async (incoming) => callers[incoming.header('x-test-caller') ?? ''],
    }),
  );
  await aLogOfFourEntries();
});

afterEach(async () => {
  await test.dispose();
});

const get = (path: string, caller = 'finance') =>
  request(app).get(path).set('x-test-caller', caller);

describe('GET /api/v1/audit/verify', () => {
  it('answers ok with the number of entries for an intact log', async () => {
    const response = await get('/api/v1/audit/verify', 'approver');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ ok: true, entries: 4 });
  });

  it('answers 200 with ok false naming entry 2 when a field of it was changed in the database', async () => {
    await test.store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .updateOne({ _id: auditEntryId(2) }, { $set: { 'actor.id': 'u-someone-else' } });

    const response = await get('/api/v1/audit/verify');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: false,
      problems: [{ sequence: 2, kind: 'edited', message: expect.stringContaining('Entry 2 ') }],
    });
  });

  it('refuses a caller without a session or API key', async () => {
    const response = await request(app).get('/api/v1/audit/verify');
    expect(response.status).toBe(401);
  });
});

describe('GET /api/v1/audit/entries', () => {
  it('pages through the entries in sequence order', async () => {
    const first = await get('/api/v1/audit/entries?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.entries.map((entry: AuditEntry) => entry.sequence)).toEqual([1, 2, 3]);
    expect(first.body.nextAfter).toBe(3);
    expect(first.body.entries[0]).not.toHaveProperty('_id');
    expect(first.body.entries[0]).toMatchObject({
      action: 'policy.submitted',
      target: { type: 'policy_version', id: 'pv-1' },
      at: '2026-02-28T10:00:00.000Z',
    });

    const second = await get('/api/v1/audit/entries?limit=3&after=3');
    expect(second.body).toMatchObject({ entries: [{ sequence: 4 }], nextAfter: null });
  });

  it('selects the entries of a period [from, to)', async () => {
    const response = await get(
      '/api/v1/audit/entries?from=2026-02-28T11:00:00Z&to=2026-03-01T10:00:00Z',
    );
    expect(response.body.entries.map((entry: AuditEntry) => entry.sequence)).toEqual([2, 3]);
    expect(response.body.nextAfter).toBeNull();
  });

  it('narrows by action, actor, target type and target id, each alone and together', async () => {
    await anApprovalOfPv3();
    await append({
      actor: { type: 'user', id: 'u-approver' },
      action: 'customer.created',
      target: { type: 'customer', id: 'pv-3' },
    });
    const sequences = async (query: string) =>
      (await get(`/api/v1/audit/entries?${query}`)).body.entries.map(
        (entry: AuditEntry) => entry.sequence,
      );

    expect(await sequences('action=policy.approved')).toEqual([5]);
    expect(await sequences('actor=u-approver')).toEqual([5, 6]);
    expect(await sequences('actor=u-author&from=2026-03-01')).toEqual([3, 4]);
    expect(await sequences('target=pv-3')).toEqual([3, 5, 6]);
    expect(await sequences('target=pv-3&targetType=policy_version')).toEqual([3, 5]);
    expect(await sequences('targetType=customer')).toEqual([6]);
    expect(await sequences('actor=u-nobody')).toEqual([]);
  });

  it.each([
    ['action=policy.deleted', 'query.action'],
    ['targetType=purchase_order', 'query.targetType'],
    [`actor=${'x'.repeat(201)}`, 'query.actor'],
    ['target=', 'query.target'],
    ['limit=0', 'query.limit'],
    ['limit=1001', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['after=-1', 'query.after'],
    ['from=2026-02-30', 'query.from'],
    ['to=yesterday', 'query.to'],
    ['from=2026-03-01&to=2026-02-01', 'query.to'],
    ['limit=2&limit=3', 'query.limit'],
    ['from=', 'query.from'],
    ['form=2026-03-01', 'query.form'],
  ])('answers ?%s with 400 naming %s', async (query, path) => {
    const response = await get(`/api/v1/audit/entries?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((issue: { path: string }) => issue.path)).toEqual([path]);
    expect(response.body.detail).toBe(`invalid query parameter: ${path.replace('query.', '')}`);
  });
});

describe('GET /api/v1/audit/export', () => {
  it('exports the entries of a period as a CSV download', async () => {
    const response = await get('/api/v1/audit/export?from=2026-03-01&format=csv');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename=audit-log_2026-03-01_now.csv',
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const rows = response.text.split('\r\n');
    expect(rows[0]).toMatch(/^sequence,at,actor_type,actor_id,action,/);
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2))).toEqual([
      ['3', '2026-03-01T09:00:00.000Z'],
      ['4', '2026-03-01T10:00:00.000Z'],
      [''],
    ]);
  });

  it('exports the entries of a period as JSON with the hashes to re-verify', async () => {
    const response = await get('/api/v1/audit/export?to=2026-03-01&format=json');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename=audit-log_start_2026-03-01.json',
    );
    const exported = JSON.parse(response.text) as { from: null; to: string; entries: AuditEntry[] };
    expect(exported.from).toBeNull();
    expect(exported.to).toBe('2026-03-01T00:00:00.000Z');
    expect(exported.entries.map((entry) => [entry.sequence, entry.at])).toEqual([
      [1, '2026-02-28T10:00:00.000Z'],
      [2, '2026-02-28T11:00:00.000Z'],
    ]);
    expect(exported.entries[1]?.previousHash).toBe(exported.entries[0]?.hash);
  });

  it('records the export in the log: the caller, the period, the format, the file hash', async () => {
    const response = await get('/api/v1/audit/export?from=2026-03-01&format=csv');
    expect(response.status).toBe(200);

    const log = await get('/api/v1/audit/entries?after=4');
    expect(log.body.entries).toEqual([
      expect.objectContaining({
        sequence: 5,
        action: 'audit.exported',
        actor: { type: 'user', id: 'u-finance' },
        target: { type: 'audit_log', id: 'audit_log' },
        details: { from: '2026-03-01T00:00:00.000Z', to: null, format: 'csv', entries: 2 },
        contentHashes: { export: expect.stringMatching(/^[0-9a-f]{64}$/) },
      }),
    ]);
    expect(log.body.entries[0].contentHashes.export).toBe(
      createHash('sha256').update(response.text, 'utf8').digest('hex'),
    );
    expect((await get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: 5 });
  });

  it('exports only the entries of the filter and names it in the file and in the log', async () => {
    await anApprovalOfPv3();

    const response = await get('/api/v1/audit/export?target=pv-3&format=json');

    const exported = JSON.parse(response.text) as { filter: object; entries: AuditEntry[] };
    expect(exported.filter).toEqual({ targetId: 'pv-3' });
    expect(exported.entries.map((entry) => [entry.sequence, entry.action])).toEqual([
      [3, 'policy.submitted'],
      [5, 'policy.approved'],
    ]);
    const log = await get('/api/v1/audit/entries?action=audit.exported');
    expect(log.body.entries[0].details).toEqual({
      from: null,
      to: null,
      filter: { targetId: 'pv-3' },
      format: 'json',
      entries: 2,
    });
  });

  it('refuses a caller without the audit:export permission, and records nothing', async () => {
    const response = await get('/api/v1/audit/export?format=csv', 'approver');
    expect(response.status).toBe(403);
    expect(response.body.detail).toBe('this needs the "audit:export" permission');
    expect((await get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: 4 });
  });

  it.each([
    ['format=xml', 'query.format', 'must be csv or json'],
    ['from=2026-03-01', 'query.format', 'is required'],
  ])('answers ?%s with 400 naming %s', async (query, path, message) => {
    const response = await get(`/api/v1/audit/export?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path, message }]);
    expect(response.body.detail).toBe('invalid query parameter: format');
    expect((await get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: 4 });
  });
});
