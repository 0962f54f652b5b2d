// Disputes and retention over HTTP on the embedded store, on 2 April 2026: finance and billing
// admins record a customer's dispute and resolve it; admins set how long records are kept (never
// below the floors, each bad field named) and run the purge by hand, which deletes the invoices of
// 2018 nobody disputes and keeps the one disputed. Every change is audited.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { AUTH_INDEXES } from '../../../server/auth';
import { totpCode } from '../../../server/auth/totp';
import {
  INVOICE_PURGES,
  type InvoicePurgeRecord,
} from '../../../server/retention/retention-records';
import { FolderBlobStore } from '../../../server/store/blob-store';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import { aUser, as, enrolTotp, signIn, type SignedIn } from '../api/signed-in-users';
import { anInvoice, prepareRetentionStore, storeBatch, storeInvoices } from './retention-fixtures';

let test: TestStore;
let store: Store;
let app: ReturnType<typeof createApp>;
let ada: SignedIn; // admin, with TOTP
let bea: SignedIn; // billing admin
let fin: SignedIn; // finance
let sam: SignedIn; // support

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  const clock = aClock('2026-04-02T09:00:00.000Z');
  await ensureIndexes(store, AUTH_INDEXES);
  await prepareRetentionStore(store);
  await storeInvoices(
    store,
    anInvoice('inv-2026', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
    anInvoice('inv-draft', { status: 'draft', finalizedAt: undefined, number: undefined }),
    anInvoice('cn-2026', { kind: 'credit_note', finalizedAt: '2026-04-01T11:00:00.000Z' }),
    // Of 2018: their seven years ran out on 1 January 2026 12:00 UTC.
    anInvoice('inv-2018-a', { finalizedAt: '2018-05-01T10:00:00.000Z' }),
    anInvoice('inv-2018-b', { finalizedAt: '2018-05-01T10:00:00.000Z' }),
  );
  await storeBatch(store, 'b-february', {
    aggregatedAt: '2026-02-01T00:00:00.000Z',
    timestamps: ['2026-01-31T12:00:00.000Z'],
  });
  app = createApp(
    testAppContext({
      store,
      clock,
      config: { AUDIT_RETENTION_YEARS: '9' },
      blobs: new FolderBlobStore(
        join(tmpdir(), `ledgerline-blobs-${randomBytes(6).toString('hex')}`),
      ),
    }),
  );
  const adaId = await aUser(store, clock, 'ada', ['admin']);
  const adaSecret = await enrolTotp(store, clock, adaId);
  clock.advance(30_000);
  ada = await signIn(app, adaId, 'ada', totpCode(adaSecret, clock.now()));
  bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
  fin = await signIn(app, await aUser(store, clock, 'fin', ['finance']), 'fin');
  sam = await signIn(app, await aUser(store, clock, 'sam', ['support']), 'sam');
});

afterAll(async () => {
  await test.dispose();
});

const audited = async (action: string) =>
  await store
    .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
    .find({ action }, { sort: { sequence: 1 } });

describe('disputes', () => {
  let disputeId: string;

  it('records a dispute of some lines, for all of one line and part of another', async () => {
    const response = await as(app, fin).post('/api/v1/invoices/inv-2026/disputes', {
      reason: 'l2 was never used; l1 was billed for 30 seats instead of 25',
      lines: [{ lineId: 'l2' }, { lineId: 'l1', amount: '16.67' }],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      invoiceId: 'inv-2026',
      invoiceNumber: 'INV-inv-2026',
      customerId: 'acme',
      currency: 'USD',
      state: 'open',
      lines: [
        { lineId: 'l2', amount: '23.45' },
        { lineId: 'l1', amount: '16.67' },
      ],
      // 23.45 + 16.67
      amount: '40.12',
      openedBy: { type: 'user', id: fin.id },
      resolvedAt: null,
    });
    disputeId = response.body.id as string;
    expect(await audited('dispute.opened')).toMatchObject([
      {
        actor: { type: 'user', id: fin.id },
        target: { type: 'dispute', id: disputeId },
        details: { invoiceId: 'inv-2026', amount: '40.12', currency: 'USD', lines: ['l2', 'l1'] },
      },
    ]);
  });

  it('disputes the whole total when neither lines nor an amount are given', async () => {
    const response = await as(app, bea).post('/api/v1/invoices/inv-2018-a/disputes', {
      reason: 'never ordered',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ lines: [], amount: '123.45' });
  });

  it.each<[string, object, { path: string; message: string }[]]>([
    [
      'an unknown line, more than a line’s total, an amount with too many decimals',
      {
        reason: 'wrong',
        lines: [{ lineId: 'l9' }, { lineId: 'l1', amount: '100.01' }],
        amount: '1.234',
      },
      [
        { path: '$.lines[0].lineId', message: 'is not a line of this invoice (l1, l2)' },
        {
          path: '$.lines[1].amount',
          message: 'must be more than 0 and at most the line’s total (100.00 USD)',
        },
        {
          path: '$.amount',
          message: 'must be a decimal string with at most 2 decimals, such as "12.00"',
        },
      ],
    ],
    [
      'an amount that is not the lines’ sum',
      { reason: 'wrong', lines: [{ lineId: 'l1', amount: '10.00' }], amount: '12.00' },
      [{ path: '$.amount', message: 'must be the sum of the disputed lines (10.00), or left out' }],
    ],
    [
      'more than the invoice’s total',
      { reason: 'wrong', amount: '123.46' },
      [
        {
          path: '$.amount',
          message: 'must be more than 0 and at most the invoice’s total (123.45 USD)',
        },
      ],
    ],
    [
      'an amount sent as a number',
      { reason: 'wrong', amount: 12 },
      [
        {
          path: '$.amount',
          message: 'must be a decimal string with at most 2 decimals, such as "12.00"',
        },
      ],
    ],
    [
      'no reason and a field that does not exist',
      { reason: ' ', severity: 'high' },
      [
        { path: '$.reason', message: 'is required: text of 1 to 2000 characters' },
        { path: '$.severity', message: 'is not a field of this request' },
      ],
    ],
  ])('refuses %s, naming each field', async (_name, body, errors) => {
    const response = await as(app, fin).post('/api/v1/invoices/inv-2026/disputes', body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(errors);
  });

  it.each([
    ['inv-draft', 409],
    ['cn-2026', 409],
    ['inv-none', 404],
  ])('refuses a dispute of %s (%s)', async (invoiceId, status) => {
    const response = await as(app, fin).post(`/api/v1/invoices/${invoiceId}/disputes`, {
      reason: 'wrong',
    });
    expect(response.status).toBe(status);
  });

  it('refuses a dispute of an invoice being purged, and leaves no trace of it', async () => {
    await store.collection<InvoicePurgeRecord>(INVOICE_PURGES).insertOne({
      _id: 'inv-2018-b',
      customerId: 'acme',
      startedAt: '2026-04-02T09:00:00.000Z',
      pdfSha256: null,
    });
    const response = await as(app, fin).post('/api/v1/invoices/inv-2018-b/disputes', {
      reason: 'too late',
    });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/past its retention and being deleted/);
    await store.collection(INVOICE_PURGES).deleteMany({ _id: 'inv-2018-b' });
    expect((await as(app, sam).get('/api/v1/invoices/inv-2018-b/disputes')).body.disputes).toEqual(
      [],
    );
  });

  it('lets support read disputes but not record them', async () => {
    expect(
      (await as(app, sam).post('/api/v1/invoices/inv-2026/disputes', { reason: 'x' })).status,
    ).toBe(403);
    const ofInvoice = await as(app, sam).get('/api/v1/invoices/inv-2026/disputes');
    expect(ofInvoice.body.disputes.map((dispute: { id: string }) => dispute.id)).toEqual([
      disputeId,
    ]);
    const open = await as(app, sam).get('/api/v1/disputes?state=open');
    expect(open.body).toMatchObject({ nextOffset: null });
    expect(open.body.disputes).toHaveLength(2);
    expect((await as(app, sam).get('/api/v1/disputes?state=closed')).body.errors).toEqual([
      { path: 'query.state', message: 'must be one of open, resolved' },
    ]);
    expect((await as(app, sam).get('/api/v1/invoices/inv-none/disputes')).status).toBe(404);
  });

  it('resolves a dispute once, with its outcome and note', async () => {
    const bad = await as(app, bea).post(`/api/v1/disputes/${disputeId}/resolve`, {
      outcome: 'granted',
      note: '',
    });
    expect(bad.body.errors).toEqual([
      { path: '$.outcome', message: 'is required: one of upheld, rejected, withdrawn' },
      { path: '$.note', message: 'is required: text of 1 to 2000 characters' },
    ]);
    const response = await as(app, bea).post(`/api/v1/disputes/${disputeId}/resolve`, {
      outcome: 'upheld',
      note: 'credit note CN-2026-000001 for 40.12',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'resolved',
      resolvedAt: '2026-04-02T09:00:30.000Z',
      resolution: {
        outcome: 'upheld',
        note: 'credit note CN-2026-000001 for 40.12',
        by: { type: 'user', id: bea.id },
      },
    });
    const again = await as(app, bea).post(`/api/v1/disputes/${disputeId}/resolve`, {
      outcome: 'rejected',
      note: 'twice',
    });
    expect(again.status).toBe(409);
    expect((await as(app, sam).get('/api/v1/disputes?state=resolved')).body.disputes).toMatchObject(
      [{ id: disputeId }],
    );
    expect(await audited('dispute.resolved')).toMatchObject([
      {
        actor: { id: bea.id },
        reason: 'credit note CN-2026-000001 for 40.12',
        details: { outcome: 'upheld' },
      },
    ]);
  });
});

describe('retention settings', () => {
  it('answers the defaults until saved, the audit log’s from AUDIT_RETENTION_YEARS', async () => {
    const response = await as(app, fin).get('/api/v1/settings/retention');
    expect(response.body).toEqual({
      invoiceYears: 7,
      auditLogYears: 9,
      rawUsageDays: 30,
      disputeYears: 5,
      revision: null,
      updatedAt: null,
      defaults: { invoiceYears: 7, auditLogYears: 9, rawUsageDays: 30, disputeYears: 5 },
      floors: { invoiceYears: 6, auditLogYears: 6, rawUsageDays: 1, disputeYears: 1 },
    });
    expect((await as(app, sam).get('/api/v1/settings/retention')).status).toBe(403);
  });

  it('refuses periods below their floor, naming each field', async () => {
    const response = await as(app, ada).put('/api/v1/settings/retention', {
      invoiceYears: 5,
      auditLogYears: 9,
      rawUsageDays: 0,
      disputeYears: 5,
      lifetime: 1,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: '$.lifetime', message: 'is not a field of the retention settings' },
      {
        path: '$.invoiceYears',
        message: 'must be a whole number of years from 6 (the legal minimum we keep to) to 100',
      },
      {
        path: '$.rawUsageDays',
        message: 'must be a whole number of days from 1 (longer than aggregation takes) to 3650',
      },
    ]);
  });

  it('saves them once without a revision, then changes them under it; only admins', async () => {
    const periods = { invoiceYears: 7, auditLogYears: 9, rawUsageDays: 45, disputeYears: 5 };
    expect((await as(app, bea).put('/api/v1/settings/retention', periods)).status).toBe(403);
    const created = await as(app, ada).put('/api/v1/settings/retention', {
      ...periods,
      reason: 'keep usage for the quarterly true-up',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ ...periods, revision: 1 });
    expect((await as(app, ada).put('/api/v1/settings/retention', periods)).status).toBe(409);
    const changed = await as(app, ada).put('/api/v1/settings/retention', {
      ...periods,
      invoiceYears: 10,
      revision: 1,
    });
    expect(changed.body).toMatchObject({ invoiceYears: 10, revision: 2 });
    const stale = await as(app, ada).put('/api/v1/settings/retention', { ...periods, revision: 1 });
    expect(stale.status).toBe(409);
    expect(
      (await audited('settings.changed')).map((entry) => [entry.reason, entry.details]),
    ).toEqual([
      [
        'keep usage for the quarterly true-up',
        expect.objectContaining({
          changed: ['rawUsageDays'],
          from: { rawUsageDays: 30 },
          to: { rawUsageDays: 45 },
          revision: 1,
        }),
      ],
      [
        undefined,
        expect.objectContaining({
          changed: ['invoiceYears'],
          from: { invoiceYears: 7 },
          to: { invoiceYears: 10 },
          revision: 2,
        }),
      ],
    ]);
    // Back to seven years for the purge below.
    await as(app, ada).put('/api/v1/settings/retention', { ...periods, revision: 2 });
  });
});

describe('the purge by hand', () => {
  it('deletes what is past retention, keeps the disputed invoice, and says what went', async () => {
    expect((await as(app, fin).post('/api/v1/retention/purge', {})).status).toBe(403);
    const response = await as(app, ada).post('/api/v1/retention/purge', {
      reason: 'quarterly check',
    });
    expect(response.status).toBe(200);
    // inv-2018-b goes; inv-2018-a is disputed (open); the February batch was aggregated more
    // than 45 days ago (1 February + 45 days = 18 March).
    expect(response.body).toMatchObject({
      counts: {
        usageEvents: 1,
        usageBatches: 1,
        disputes: 0,
        invoices: 1,
        invoicePdfs: 0,
        auditEntries: 0,
      },
      cutoffs: {
        invoices: { finalizedBefore: '2018-12-31T10:00:00.000Z' },
        usage: { aggregatedBefore: '2026-02-16T09:00:30.000Z' },
      },
      auditLog: 'nothing_to_purge',
    });
    expect((await as(app, sam).get('/api/v1/invoices/inv-2018-b')).status).toBe(404);
    expect((await as(app, sam).get('/api/v1/invoices/inv-2018-a')).status).toBe(200);
    expect(
      (await audited('retention.purged')).map((entry) => [
        entry.actor.id,
        entry.reason,
        entry.details?.category,
      ]),
    ).toEqual([
      [ada.id, 'quarterly check', 'usage'],
      [ada.id, 'quarterly check', 'invoices'],
    ]);
  });
});
