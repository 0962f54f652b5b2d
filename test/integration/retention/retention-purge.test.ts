// The retention purge on both stores, at hand-worked instants: each category goes exactly one
// millisecond after its retention has run out and not at its last instant; drafts, open disputes,
// invoices that a kept note or dispute leans on, and batches not aggregated yet are never purged;
// each category that deleted something is audited once per run.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, verifyAuditLog } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { USAGE_DAILY } from '../../../server/customers/customer-records';
import { DISPUTES } from '../../../server/disputes/dispute-records';
import {
  INVOICE_ADJUSTMENTS,
  adjustmentRequests,
} from '../../../server/invoicing/adjustment-requests';
import { INVOICES } from '../../../server/invoicing/invoice-records';
import { USAGE_BATCHES, USAGE_EVENTS } from '../../../server/metering/meter-records';
import { purgeDisputes } from '../../../server/retention/purge-disputes';
import { DEFAULT_RETENTION } from '../../../server/retention/retention-periods';
import {
  RAW_USAGE_MARK,
  RETENTION_MARKS,
  type PurgeCounts,
} from '../../../server/retention/retention-records';
import { DELIVERIES } from '../../../server/invoicing/delivery/delivery-records';
import { runRetentionPurge } from '../../../server/retention/run-retention-purge';
import { saveRetentionSettings } from '../../../server/retention/save-retention-settings';
import { FolderBlobStore } from '../../../server/store/blob-store';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, openTestStore, type TestStore } from '../../support/test-store';
import {
  aDispute,
  anInvoice,
  prepareRetentionStore,
  resolved,
  storeBatch,
  storeDisputes,
  storeInvoices,
} from './retention-fixtures';

const at = (instant: string) => ({ now: () => new Date(instant) });
const NOTHING: PurgeCounts = {
  usageEvents: 0,
  usageBatches: 0,
  disputes: 0,
  invoices: 0,
  invoicePdfs: 0,
  auditEntries: 0,
};

describe.each(STORE_KINDS)('the retention purge (%s store)', (kind) => {
  let test: TestStore;
  let store: Store;
  let blobs: FolderBlobStore;

  beforeEach(async () => {
    test = await openTestStore(kind);
    store = test.store;
    blobs = new FolderBlobStore(
      join(tmpdir(), `ledgerline-blobs-${randomBytes(6).toString('hex')}`),
    );
    await prepareRetentionStore(store);
  });
  afterEach(async () => {
    await test.dispose();
  });

  const purgeAt = (instant: string) =>
    runRetentionPurge({
      store,
      clock: at(instant),
      blobs,
      actor: { type: 'system', id: 'retention' },
      trigger: 'scheduled',
      auditRetentionYears: 7,
    });
  const ids = async (collection: string) =>
    (await store.collection(collection).find({}, { sort: { _id: 1 } })).map((record) => record._id);
  const entries = async (action: string) =>
    await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find({ action }, { sort: { sequence: 1 } });

  it('keeps an invoice seven years from the end of its year of issue, then deletes it and its PDF; never a draft', async () => {
    const pdf = await blobs.put(Buffer.from('%PDF of INV-april'));
    await storeInvoices(
      store,
      anInvoice('inv-april', {
        finalizedAt: '2026-04-01T10:00:00.000Z',
        pdf: { sha256: pdf.sha256, size: pdf.size, renderedAt: '2026-04-02T00:00:00.000Z' },
      }),
      // The last instant of 2026 in Kiribati (UTC+14): of 2026.
      anInvoice('inv-dec-early', { finalizedAt: '2026-12-31T09:59:59.999Z' }),
      // Already 1 January 2027 there: of 2027, kept a year longer.
      anInvoice('inv-dec-late', { finalizedAt: '2026-12-31T10:00:00.000Z' }),
      anInvoice('inv-draft', {
        status: 'draft',
        createdAt: '2020-01-01T00:00:00.000Z',
        finalizedAt: undefined,
        number: undefined,
      }),
    );

    // Seven years after finalization is not enough: the period runs from the end of 2026.
    expect((await purgeAt('2033-04-02T00:00:00.000Z')).counts).toEqual(NOTHING);
    // The end of 2026 everywhere is 1 January 2027 12:00 UTC; seven years later, still kept.
    expect((await purgeAt('2034-01-01T12:00:00.000Z')).counts).toEqual(NOTHING);
    expect(await ids(INVOICES)).toEqual([
      'inv-april',
      'inv-dec-early',
      'inv-dec-late',
      'inv-draft',
    ]);
    expect(await entries('retention.purged')).toEqual([]);

    const purged = await purgeAt('2034-01-01T12:00:00.001Z');
    expect(purged.counts).toEqual({ ...NOTHING, invoices: 2, invoicePdfs: 1 });
    expect(purged.cutoffs.invoices).toEqual({ finalizedBefore: '2026-12-31T10:00:00.000Z' });
    expect(await ids(INVOICES)).toEqual(['inv-dec-late', 'inv-draft']);
    expect(await blobs.get(pdf.sha256)).toBeUndefined();
    expect(await entries('retention.purged')).toMatchObject([
      {
        actor: { type: 'system', id: 'retention' },
        target: { type: 'retention_run', id: purged.runId },
        details: {
          category: 'invoices',
          trigger: 'scheduled',
          deleted: { invoices: 2, invoicePdfs: 1 },
          cutoffs: { finalizedBefore: '2026-12-31T10:00:00.000Z' },
        },
      },
    ]);

    expect((await purgeAt('2035-01-01T12:00:00.000Z')).counts).toEqual(NOTHING);
    expect((await purgeAt('2035-01-01T12:00:00.001Z')).counts.invoices).toBe(1);
    // A draft's retention has not begun, however old it is. (The audit entries of the earlier
    // runs are past theirs by then.)
    expect((await purgeAt('2090-01-01T00:00:00.000Z')).counts).toEqual({
      ...NOTHING,
      auditEntries: 2,
    });
    expect(await ids(INVOICES)).toEqual(['inv-draft']);
    expect(await store.collection('invoice_purges').count({})).toBe(0);
    expect(await store.collection('retention_runs').count({})).toBe(0);
  });

  it('keeps an invoice while a credit note referencing it is kept; the note goes with it', async () => {
    await storeInvoices(
      store,
      anInvoice('inv-1', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
      anInvoice('cn-1', {
        kind: 'credit_note',
        finalizedAt: '2027-02-01T10:00:00.000Z',
        references: { invoiceId: 'inv-1', number: 'INV-inv-1' },
      }),
    );
    // inv-1 is past its retention (2026's ended on 1 January 2034 12:00 UTC), cn-1 is not.
    expect((await purgeAt('2034-06-01T00:00:00.000Z')).counts).toEqual(NOTHING);
    expect(await ids(INVOICES)).toEqual(['cn-1', 'inv-1']);
    // cn-1 (of 2027) runs out: it goes first (the page is in id order), then inv-1 with nothing
    // left leaning on it.
    expect((await purgeAt('2035-01-01T12:00:00.001Z')).counts.invoices).toBe(2);
    expect(await ids(INVOICES)).toEqual([]);
  });

  it('keeps an invoice while a correction of it is due; a settled request goes with its invoice', async () => {
    await storeInvoices(
      store,
      anInvoice('inv-due', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
      anInvoice('inv-settled', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
    );
    const request = (id: string, state: 'due' | 'settled') => ({
      _id: id,
      customerId: 'acme',
      state,
      token: `t-${id}`,
      requestedAt: '2026-05-01T00:00:00.000Z',
    });
    await adjustmentRequests(store).insertMany([
      request('inv-due', 'due'),
      request('inv-settled', 'settled'),
    ]);
    expect((await purgeAt('2034-01-01T12:00:00.001Z')).counts.invoices).toBe(1);
    expect(await ids(INVOICES)).toEqual(['inv-due']);
    expect(await ids(INVOICE_ADJUSTMENTS)).toEqual(['inv-due']);
  });

  it('keeps an invoice while a delivery of it is being tried; finished deliveries go with it', async () => {
    await storeInvoices(
      store,
      anInvoice('inv-sent', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
      anInvoice('inv-retrying', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
    );
    const delivery = (invoiceId: string, channel: string, state: string) => ({
      _id: `${invoiceId}:${channel}`,
      invoiceId,
      customerId: 'acme',
      state,
    });
    await store
      .collection(DELIVERIES)
      .insertMany([
        delivery('inv-sent', 'email', 'delivered'),
        delivery('inv-sent', 'webhook:ep1', 'failed'),
        delivery('inv-retrying', 'email', 'pending'),
      ]);
    expect((await purgeAt('2034-01-01T12:00:00.001Z')).counts.invoices).toBe(1);
    expect(await ids(INVOICES)).toEqual(['inv-retrying']);
    expect(await ids(DELIVERIES)).toEqual(['inv-retrying:email']);
  });

  it('keeps an open dispute and its invoice for ever, a resolved one five years from its resolution', async () => {
    await storeInvoices(
      store,
      anInvoice('inv-1', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
      anInvoice('inv-2', { finalizedAt: '2026-04-01T10:00:00.000Z' }),
    );
    await storeDisputes(
      store,
      aDispute('d-open', { invoiceId: 'inv-1' }),
      // Resolved on a leap day: five years on there is no 29 February, so it is kept through
      // 28 February 2033 and may go from 1 March.
      aDispute('d-leap', { invoiceId: 'inv-2', ...resolved('2028-02-29T12:00:00.000Z') }),
    );
    expect((await purgeAt('2033-02-28T23:59:59.999Z')).counts).toEqual(NOTHING);
    const leap = await purgeAt('2033-03-01T00:00:00.000Z');
    expect(leap.counts).toEqual({ ...NOTHING, disputes: 1 });
    expect(leap.cutoffs.disputes).toEqual({ resolvedBefore: '2028-03-01T00:00:00.000Z' });
    expect(await ids(DISPUTES)).toEqual(['d-open']);

    expect((await purgeAt('2034-01-01T12:00:00.001Z')).counts.invoices).toBe(1);
    expect(await ids(INVOICES)).toEqual(['inv-1']);
    expect((await purgeAt('2090-01-01T00:00:00.000Z')).counts).toMatchObject({
      disputes: 0,
      invoices: 0,
    });
    expect(await ids(INVOICES)).toEqual(['inv-1']);
    expect(await ids(DISPUTES)).toEqual(['d-open']);
  });

  it('deletes raw usage 30 days after its batch was aggregated, never before, never a batch still waiting', async () => {
    await storeBatch(store, 'b-old', {
      aggregatedAt: '2033-03-03T00:00:00.000Z',
      timestamps: ['2033-03-02T20:00:00.000Z', '2033-03-02T22:00:00.000Z'],
    });
    // Timestamped half an hour before its aggregation: it waits until it is 30 days and an hour
    // old as well, since a retry of it could still be in flight.
    await storeBatch(store, 'b-recent-event', {
      aggregatedAt: '2033-03-03T00:00:00.000Z',
      timestamps: ['2033-03-02T23:30:00.000Z'],
    });
    await storeBatch(store, 'b-waiting', {
      aggregatedAt: null,
      timestamps: ['2033-01-01T00:00:00.000Z'],
    });
    await store.collection(USAGE_DAILY).insertOne({ _id: 'acme/api-calls/2033-03-02' });

    expect((await purgeAt('2033-04-02T00:00:00.000Z')).counts).toEqual(NOTHING);
    expect(await store.collection(USAGE_EVENTS).count({})).toBe(4);

    const purged = await purgeAt('2033-04-02T00:00:00.001Z');
    expect(purged.counts).toEqual({ ...NOTHING, usageEvents: 2, usageBatches: 1 });
    expect(purged.cutoffs.usage).toEqual({
      aggregatedBefore: '2033-03-03T00:00:00.001Z',
      timestampBefore: '2033-03-02T23:00:00.001Z',
    });
    expect(await ids(USAGE_BATCHES)).toEqual(['b-recent-event', 'b-waiting']);
    expect(await ids(USAGE_EVENTS)).toEqual(['acme/b-recent-event-0', 'acme/b-waiting-0']);
    // Ingestion refuses anything older from now on, whatever the settings become.
    expect(await store.collection(RETENTION_MARKS).findOne({ _id: RAW_USAGE_MARK })).toEqual({
      _id: RAW_USAGE_MARK,
      purgedBefore: '2033-03-02T23:00:00.001Z',
    });

    expect((await purgeAt('2033-04-02T00:30:00.000Z')).counts).toEqual(NOTHING);
    expect((await purgeAt('2033-04-02T00:30:00.001Z')).counts).toEqual({
      ...NOTHING,
      usageEvents: 1,
      usageBatches: 1,
    });
    expect(await ids(USAGE_BATCHES)).toEqual(['b-waiting']);
    expect(await ids(USAGE_EVENTS)).toEqual(['acme/b-waiting-0']);
    // The daily aggregates are what invoices were rated from: kept.
    expect(await store.collection(USAGE_DAILY).count({})).toBe(1);
    expect((await entries('retention.purged')).map((entry) => entry.details)).toEqual([
      {
        category: 'usage',
        trigger: 'scheduled',
        deleted: { usageEvents: 2, usageBatches: 1 },
        cutoffs: purged.cutoffs.usage,
        intent: expect.any(String),
      },
      expect.objectContaining({ deleted: { usageEvents: 1, usageBatches: 1 } }),
    ]);
  });

  it('purges audit entries older than seven years, from AUDIT_RETENTION_YEARS until the settings are saved', async () => {
    const actor = { type: 'system' as const, id: 'test' };
    for (let index = 0; index < 3; index++) {
      await appendAuditEntry({
        store,
        clock: at('2026-04-01T10:00:00.000Z'),
        entry: { actor, action: 'meter.created', target: { type: 'meter', id: `m${index}` } },
      });
    }
    expect((await purgeAt('2033-04-01T10:00:00.000Z')).auditLog).toBe('nothing_to_purge');
    const purged = await purgeAt('2033-04-01T10:00:00.001Z');
    expect(purged).toMatchObject({ auditLog: 'purged', counts: { ...NOTHING, auditEntries: 3 } });
    expect(await entries('audit.purged')).toMatchObject([
      { details: { cutoff: '2026-04-01T10:00:00.001Z', deleted: 3 } },
    ]);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });

    // Saved settings win over the configuration: ten years, so this entry stays.
    await appendAuditEntry({
      store,
      clock: at('2026-06-01T00:00:00.000Z'),
      entry: { actor, action: 'meter.created', target: { type: 'meter', id: 'm9' } },
    });
    await saveRetentionSettings({
      store,
      clock: at('2033-06-01T00:00:00.000Z'),
      actor,
      values: { ...DEFAULT_RETENTION, auditLogYears: 10 },
      defaults: DEFAULT_RETENTION,
    });
    expect((await purgeAt('2034-01-01T00:00:00.000Z')).counts.auditEntries).toBe(0);
    expect((await entries('meter.created')).map((entry) => entry.target.id)).toEqual(['m9']);
  });

  it('reads the settings again for every page: a longer period saved meanwhile applies at once', async () => {
    await storeDisputes(
      store,
      aDispute('d-a', resolved('2027-01-01T00:00:00.000Z')),
      aDispute('d-b', resolved('2027-01-02T00:00:00.000Z')),
    );
    const periods = [5, 10];
    const pages: Record<string, string>[] = [];
    await purgeDisputes({
      store,
      clock: at('2033-01-01T00:00:00.000Z'),
      pageSize: 1,
      periods: async () => ({ ...DEFAULT_RETENTION, disputeYears: periods.shift() ?? 10 }),
      onPage: async (_deleted, cutoffs) => {
        pages.push(cutoffs);
      },
    });
    expect(pages).toEqual([{ resolvedBefore: '2028-01-01T00:00:00.000Z' }]);
    expect(await ids(DISPUTES)).toEqual(['d-b']);
  });
});
