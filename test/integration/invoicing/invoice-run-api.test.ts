// Invoice runs over HTTP: a billing admin starts a run on 2 April 2026; every billable customer
// gets its March invoice, rated with the published policies (1654.15 USD, worked out by hand in
// the examples), numbered INV-2026-000001 onwards and sealed; a customer without a billing
// profile is counted, not invoiced; running again makes no second invoice. Every step audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import type { AppContext } from '../../../server/api/app-context';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { canonicalJson } from '../../../server/audit/canonical-json';
import { AUTH_INDEXES } from '../../../server/auth';
import { CUSTOMERS, type CustomerRecord } from '../../../server/customers/customer-records';
import { sealedContent } from '../../../server/invoicing/finalize-invoice';
import { INVOICES, type InvoiceRecord } from '../../../server/invoicing/invoice-records';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { DEFAULT_CHROMIUM_PATH } from '../../../server/invoicing/chromium';
import { ChromiumPdfRenderer } from '../../../server/invoicing/pdf-renderer';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { openAuthStore } from '../auth/auth-fixtures';
import { aClock } from '../auth/auth-fixtures';
import { aUser, as, signIn, type SignedIn } from '../api/signed-in-users';
import {
  ACME_MARCH_TOTAL,
  addBillableAcme,
  seedInvoicingStore,
  sellerSettings,
} from './invoice-fixtures';

let test: TestStore;
let store: Store;
let context: AppContext;
let app: ReturnType<typeof createApp>;
let bea: SignedIn;
let sam: SignedIn;
let renderer: ChromiumPdfRenderer;

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  const clock = aClock('2026-04-02T09:00:00.000Z');
  await ensureIndexes(store, AUTH_INDEXES);
  await seedInvoicingStore(store, clock);
  await addBillableAcme(store, clock, 'acme-a');
  await addBillableAcme(store, clock, 'acme-b');
  // Imported without a billing profile: rated and simulated, never invoiced.
  await addBillableAcme(store, clock, 'acme-c');
  await store
    .collection<CustomerRecord>(CUSTOMERS)
    .updateOne({ _id: 'acme-c' }, { $unset: { billing: true } });
  renderer = new ChromiumPdfRenderer({ executablePath: DEFAULT_CHROMIUM_PATH, pages: 1 });
  context = testAppContext({ store, clock, pdfRenderer: renderer });
  app = createApp(context);
  bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
  sam = await signIn(app, await aUser(store, clock, 'sam', ['support']), 'sam');
});

afterAll(async () => {
  await renderer.close();
  await test.dispose();
});

describe('an invoice run', () => {
  let runId: string;

  it('starts in the background and invoices every billable customer for its closed period', async () => {
    const started = await as(app, bea).post('/api/v1/invoice-runs', {
      asOf: '2026-04-02T00:00:00Z',
      reason: 'March close',
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      trigger: 'manual',
      state: 'running',
      asOf: '2026-04-02T00:00:00.000Z',
    });
    runId = started.body.id as string;
    await context.invoiceRunner.idle();

    const run = await as(app, sam).get(`/api/v1/invoice-runs/${runId}`);
    expect(run.body).toMatchObject({
      state: 'completed',
      counts: {
        customers: 3,
        invoiced: 2,
        alreadyInvoiced: 0,
        empty: 0,
        notBillable: 1,
        failed: 0,
      },
      failures: [],
    });
    const list = await as(app, sam).get(`/api/v1/invoices?runId=${runId}`);
    expect(list.body.invoices).toEqual([
      expect.objectContaining({
        id: 'inv_acme-a_2026-03-01',
        status: 'finalized',
        customerId: 'acme-a',
        periodStart: '2026-03-01T00:00:00Z',
        periodEnd: '2026-04-01T00:00:00Z',
        currency: 'USD',
        total: ACME_MARCH_TOTAL,
      }),
      expect.objectContaining({ customerId: 'acme-b', total: ACME_MARCH_TOTAL }),
    ]);
    // Invoices of a page are made a few at a time: numbered in the order they were finalized.
    expect(list.body.invoices.map((invoice: { number: string }) => invoice.number).sort()).toEqual([
      'INV-2026-000001',
      'INV-2026-000002',
    ]);
  });

  it('keeps each invoice whole: the customer as billed, every line with its explanation, a seal', async () => {
    const response = await as(app, sam).get('/api/v1/invoices/inv_acme-a_2026-03-01');
    expect(response.status).toBe(200);
    expect(response.body.customer).toMatchObject({
      name: 'Acme acme-a',
      billing: { email: 'ap@acme-a.example' },
    });
    // The example's lines (bandwidth before VM hours: stored usage comes in meter order).
    expect(
      response.body.rating.lines.map((line: { description: string; amount: string }) => [
        line.description,
        line.amount,
      ]),
    ).toEqual([
      ['Platform subscription', '499.00'],
      ['Bandwidth GB (enterprise) (region: us-west-2)', '217.00'],
      ['VM hours (enterprise) (region: us-west-2)', '512.00'],
      ['Minimum commitment true-up (cloud-usage)', '422.47'],
    ]);
    expect(response.body.rating.lines[2].trace.map((step: { step: string }) => step.step)).toEqual([
      'price',
      'discount',
      'discount',
      'tax',
      'tax',
    ]);
    const stored = (await store
      .collection<InvoiceRecord>(INVOICES)
      .findOne({ _id: 'inv_acme-a_2026-03-01' }))!;
    const hash = createHash('sha256')
      .update(canonicalJson(sealedContent(stored)))
      .digest('hex');
    expect(response.body.contentHash).toBe(hash);
  });

  it('makes no second invoice when run again, and audits every step', async () => {
    const again = await as(app, bea).post('/api/v1/invoice-runs', {});
    expect(again.status).toBe(202);
    await context.invoiceRunner.idle();
    const run = await as(app, sam).get(`/api/v1/invoice-runs/${again.body.id}`);
    expect(run.body.counts).toMatchObject({ invoiced: 0, alreadyInvoiced: 2, notBillable: 1 });
    expect(await store.collection(INVOICES).count({})).toBe(2);

    const entries = await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find(
        { action: { $in: ['invoice_run.started', 'invoice_run.completed', 'invoice.finalized'] } },
        { sort: { sequence: 1 } },
      );
    const steps = entries.map((entry) => [entry.action, entry.target.id]);
    expect(steps[0]).toEqual(['invoice_run.started', runId]);
    expect(steps.slice(1, 3).sort()).toEqual([
      ['invoice.finalized', 'inv_acme-a_2026-03-01'],
      ['invoice.finalized', 'inv_acme-b_2026-03-01'],
    ]);
    expect(steps.slice(3)).toEqual([
      ['invoice_run.completed', runId],
      ['invoice_run.started', again.body.id],
      ['invoice_run.completed', again.body.id],
    ]);
    expect(entries[0]).toMatchObject({
      actor: { type: 'user', id: bea.id },
      reason: 'March close',
    });
    const finalized = entries.find((entry) => entry.target.id === 'inv_acme-a_2026-03-01')!;
    const acmeA = (await store
      .collection<InvoiceRecord>(INVOICES)
      .findOne({ _id: 'inv_acme-a_2026-03-01' }))!;
    expect(finalized.details).toMatchObject({
      number: acmeA.number,
      total: ACME_MARCH_TOTAL,
      currency: 'USD',
      contentHash: acmeA.contentHash,
    });
  });

  it('refuses a time to come, naming the field, and callers who may not run invoices', async () => {
    const future = await as(app, bea).post('/api/v1/invoice-runs', {
      asOf: '2026-05-01T00:00:00Z',
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([
      { path: '$.asOf', message: 'must not be in the future: those periods are open' },
    ]);
    const unknown = await as(app, bea).post('/api/v1/invoice-runs', { when: 'now' });
    expect(unknown.body.errors).toEqual([
      { path: '$.when', message: 'is not a field of an invoice run' },
    ]);
    expect((await as(app, sam).post('/api/v1/invoice-runs', {})).status).toBe(403);
    expect((await as(app, sam).get('/api/v1/invoices/nope')).status).toBe(404);
  });

  it('prints an issued invoice once, and gives the same bytes on every download', async () => {
    const pdfPath = '/api/v1/invoices/inv_acme-a_2026-03-01/pdf';
    const unset = await as(app, sam).get(pdfPath);
    expect(unset.status).toBe(409);
    expect(unset.body.detail).toContain('seller settings are not set');

    const forbidden = await as(app, sam).put('/api/v1/settings/seller', sellerSettings());
    expect(forbidden.status).toBe(403);
    const badSettings = await as(app, bea).put('/api/v1/settings/seller', {
      ...sellerSettings(),
      paymentTermsDays: -1,
    });
    expect(badSettings.body.errors).toEqual([
      { path: '$.paymentTermsDays', message: 'must be a whole number of days from 0 to 365' },
    ]);
    const saved = await as(app, bea).put('/api/v1/settings/seller', sellerSettings());
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(1);

    const first = await as(app, sam).get(pdfPath).buffer(true);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const { number } = (await store
      .collection<InvoiceRecord>(INVOICES)
      .findOne({ _id: 'inv_acme-a_2026-03-01' }))!;
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
    const bytes = first.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(first.headers['x-content-sha256']).toBe(sha256);
    const stored = await store
      .collection<InvoiceRecord>(INVOICES)
      .findOne({ _id: 'inv_acme-a_2026-03-01' });
    expect(stored?.pdf).toMatchObject({ sha256, size: bytes.length });

    const again = await as(app, sam).get(pdfPath).buffer(true);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    // The seal covers what the invoice says, not where its PDF is kept.
    expect(stored?.contentHash).toBe(
      createHash('sha256')
        .update(canonicalJson(sealedContent(stored!)))
        .digest('hex'),
    );
  }, 60_000);

  it('prints no draft', async () => {
    const stored = (await store
      .collection<InvoiceRecord>(INVOICES)
      .findOne({ _id: 'inv_acme-b_2026-03-01' }))!;
    await store
      .collection<InvoiceRecord>(INVOICES)
      .insertOne({ ...stored, _id: 'inv_draft', status: 'draft' });
    const response = await as(app, sam).get('/api/v1/invoices/inv_draft/pdf');
    expect(response.status).toBe(409);
    expect(response.body.detail).toBe(
      'invoice "inv_draft" is a draft: only issued invoices have a PDF',
    );
  });
});
