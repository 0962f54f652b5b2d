// Credit and debit notes, on both stores. Acme A and Acme B are invoiced for March (1654.15 USD
// each, the saas example: the 499.00 platform fee with 51.65 tax; 12,400 VM hours at 50 + 378 +
// 2,400 x 0.035 = 512.00, less 15% (76.80) and the spring promotion (20% of 435.20 for the 6,000
// of the hours before 16 March: 42.12), 393.08 net with 25.55 + 15.13 = 40.68 tax; 3,100 GB of
// bandwidth at 0.070 = 217.00 less 15% = 184.45 net with 19.09 tax; a true-up of the 1,000.00
// usage commitment of 1000 - 393.08 - 184.45 = 422.47 with 27.46 + 16.27 = 43.73 tax).
//
// Late usage: 27,600 more VM hours for Acme A on 20 March, reported on 2 April. The next run
// rates March again: 40,000 hours = 50 + 378 + 30,000 x 0.035 = 1478.00, less 15% (221.70) and
// 20% of 1256.30 x 6,000 / 40,000 (37.69) = 1218.61 net, past the commitment (no true-up); tax
// 1218.61 x 6.5% = 79.20965 -> 79.21 and x 3.85% = 46.916485 -> 46.92, 126.13 in all. So VM hours
// go up by 966.00 (140.47 more discount): 825.53 net and 85.45 tax (910.98); the true-up goes
// (-422.47 net, -43.73 tax: -466.20); a debit note DN-2026-000001 of 444.78 brings March to
// 2098.93.
//
// A corrected price: the platform fee was 449.00 from 1 March (version 2 of the USD prices). Its
// tax: 449 x 6.5% = 29.185 -> 29.19 (HALF_UP) and x 3.85% = 17.2865 -> 17.29, 46.48 in all
// against 51.65: a credit note of -50.00 - 5.17 = -55.17 for each invoice corrected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../server/api/app-context';
import { createApp } from '../../../server/api/create-app';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { AUTH_INDEXES } from '../../../server/auth';
import {
  INVOICE_ADJUSTMENTS,
  type AdjustmentRequestRecord,
} from '../../../server/invoicing/adjustment-requests';
import { DEFAULT_CHROMIUM_PATH } from '../../../server/invoicing/chromium';
import { creditNoteContext } from '../../../server/invoicing/invoice-context';
import { INVOICES, type InvoiceRecord } from '../../../server/invoicing/invoice-records';
import { ChromiumPdfRenderer } from '../../../server/invoicing/pdf-renderer';
import type { SellerSettings } from '../../../server/invoicing/seller-settings';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { testAppContext } from '../../support/test-app-context';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aUser, as, signIn, type SignedIn } from '../api/signed-in-users';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import { usdPricesWithPlatformFee } from '../simulations/demo-simulation-fixtures';
import { isPdf } from '../../support/pdf-pages';
import {
  ACME_MARCH_TOTAL,
  addBillableAcme,
  seedInvoicingStore,
  sellerSettings,
} from './invoice-fixtures';

const A = 'inv_acme-a_2026-03-01';
const B = 'inv_acme-b_2026-03-01';

describe.each(STORE_KINDS)('credit and debit notes (%s store)', (kind) => {
  let test: TestStore;
  let store: Store;
  let context: AppContext;
  let app: ReturnType<typeof createApp>;
  let bea: SignedIn;
  let sam: SignedIn;
  let renderer: ChromiumPdfRenderer;
  const numberOf = new Map<string, string>();

  async function run() {
    const started = await as(app, bea).post('/api/v1/invoice-runs', {});
    expect(started.status).toBe(202);
    await context.invoiceRunner.idle();
    return (await as(app, sam).get(`/api/v1/invoice-runs/${started.body.id as string}`)).body;
  }

  beforeAll(async () => {
    test = await openAuthStore(kind);
    store = test.store;
    const clock = aClock('2026-04-02T09:00:00.000Z');
    await ensureIndexes(store, AUTH_INDEXES);
    await seedInvoicingStore(store, clock);
    await addBillableAcme(store, clock, 'acme-a');
    await addBillableAcme(store, clock, 'acme-b');
    renderer = new ChromiumPdfRenderer({ executablePath: DEFAULT_CHROMIUM_PATH, pages: 1 });
    context = testAppContext({ store, clock, pdfRenderer: renderer });
    app = createApp(context);
    bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
    sam = await signIn(app, await aUser(store, clock, 'sam', ['support']), 'sam');
    const meter = { id: 'vm_hours', name: 'VM hours', aggregation: 'sum', dimensions: ['region'] };
    expect((await as(app, bea).post('/api/v1/meters', meter)).status).toBe(201);
    expect((await run()).counts.invoiced).toBe(2);
    for (const id of [A, B]) {
      const invoice = (await as(app, sam).get(`/api/v1/invoices/${id}`)).body;
      expect(invoice.total).toBe(ACME_MARCH_TOTAL);
      numberOf.set(id, invoice.number as string);
    }
  });

  afterAll(async () => {
    await renderer.close();
    await test.dispose();
  });

  it('settles late usage with a debit note for the difference, line by line', async () => {
    const reported = await as(app, bea).post('/api/v1/usage', {
      events: [
        {
          id: 'late-1',
          customerId: 'acme-a',
          meter: 'vm_hours',
          timestamp: '2026-03-20T12:00:00Z',
          quantity: '27600',
          dimensions: { region: 'us-west-2' },
        },
      ],
    });
    expect(reported.body.results[0]).toMatchObject({
      status: 'accepted',
      adjustment: { invoiceId: A, invoiceNumber: numberOf.get(A) },
    });
    await context.usageAggregator.drain();
    const due = await as(app, sam).get('/api/v1/invoice-corrections?state=due');
    expect(due.body.corrections).toEqual([
      expect.objectContaining({ invoiceId: A, customerId: 'acme-a', state: 'due', noteId: null }),
    ]);

    const second = await run();
    expect(second.counts).toMatchObject({
      alreadyInvoiced: 2,
      invoiced: 0,
      debitNotes: 1,
      creditNotes: 0,
      failed: 0,
    });
    const invoice = (await as(app, sam).get(`/api/v1/invoices/${A}`)).body;
    expect(invoice.notes).toEqual([
      expect.objectContaining({
        id: `${A}_note1`,
        kind: 'debit_note',
        status: 'finalized',
        number: 'DN-2026-000001',
        currency: 'USD',
        total: '444.78',
        references: { invoiceId: A, number: numberOf.get(A) },
      }),
    ]);
    const note = (await as(app, sam).get(`/api/v1/invoices/${A}_note1`)).body;
    expect(note.rating.lines).toEqual([
      expect.objectContaining({
        kind: 'usage',
        meter: 'vm_hours',
        quantity: '27600',
        amount: '966.00',
        discountAmount: '140.47',
        netAmount: '825.53',
        taxAmount: '85.45',
        total: '910.98',
      }),
      expect.objectContaining({
        kind: 'true_up',
        amount: '-422.47',
        netAmount: '-422.47',
        taxAmount: '-43.73',
        total: '-466.20',
        trace: [],
      }),
    ]);
    expect(note.rating.totals).toEqual({
      amount: '543.53',
      discount: '140.47',
      net: '403.06',
      tax: '41.72',
      total: '444.78',
    });
    expect(note.adjustment.reasons).toEqual(['late usage']);
    expect(note.adjustment.corrected.total).toBe('2098.93');
    expect(note.adjustment.changes[0]).toEqual({
      description: expect.any(String),
      before: { quantity: '12400', netAmount: '393.08', taxAmount: '40.68', total: '433.76' },
      after: { quantity: '40000', netAmount: '1218.61', taxAmount: '126.13', total: '1344.74' },
    });
    // The usage line explains the corrected amount with the rating's own steps.
    expect(note.rating.lines[0].trace.length).toBeGreaterThan(0);
    expect(note.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const settled = await as(app, sam).get('/api/v1/invoice-corrections?state=settled');
    expect(settled.body.corrections).toEqual([
      expect.objectContaining({ invoiceId: A, noteId: `${A}_note1`, because: {} }),
    ]);
  });

  it('issues a credit note at once for a corrected price, and nothing when asked again', async () => {
    await seedPublishedVersions({
      store,
      clock: context.clock,
      family: POLICY_FAMILY,
      documents: [
        { ...usdPricesWithPlatformFee('449.00'), version: 2, effectiveFrom: '2026-03-01' },
      ],
      reason: 'the March platform fee was 449.00',
    });
    context.ratablePolicies.invalidate();
    const corrected = await as(app, bea).post(`/api/v1/invoices/${B}/corrections`, {
      reason: 'Platform fee is 449.00 from March',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({
      outcome: 'credit_note',
      note: {
        id: `${B}_note1`,
        kind: 'credit_note',
        number: 'CN-2026-000001',
        total: '-55.17',
        runId: null,
        references: { invoiceId: B, number: numberOf.get(B) },
        adjustment: {
          reasons: ['Platform fee is 449.00 from March'],
          corrected: { total: '1598.98' },
        },
      },
    });
    const [line] = corrected.body.note.rating.lines;
    expect(line).toMatchObject({
      kind: 'recurring',
      amount: '-50.00',
      netAmount: '-50.00',
      taxAmount: '-5.17',
      total: '-55.17',
    });
    expect(line.taxes.map((tax: { amount: string }) => tax.amount)).toEqual(['-3.25', '-1.92']);
    expect(corrected.body.note.rating.lines).toHaveLength(1);

    const again = await as(app, bea).post(`/api/v1/invoices/${B}/corrections`, {
      reason: 'Platform fee is 449.00 from March',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ outcome: 'noDifference' });
  });

  it('corrects every invoice of a period through the next run, counting only real differences', async () => {
    const requested = await as(app, bea).post('/api/v1/invoice-corrections', {
      periodStart: '2026-03-01',
      reason: 'Platform fee is 449.00 from March',
    });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ requested: 2 });
    const third = await run();
    // Acme A was billed 1654.15 + 444.78 at 499.00; Acme B is corrected already.
    expect(third.counts).toMatchObject({ creditNotes: 1, debitNotes: 0, failed: 0 });
    const invoice = (await as(app, sam).get(`/api/v1/invoices/${A}`)).body;
    expect(
      invoice.notes.map((note: { number: string; total: string }) => [note.number, note.total]),
    ).toEqual([
      ['DN-2026-000001', '444.78'],
      ['CN-2026-000002', '-55.17'],
    ]);
    const due = await as(app, sam).get('/api/v1/invoice-corrections?state=due');
    expect(due.body.corrections).toEqual([]);
  });

  it('prints a credit note from the credit-note template and a debit note as an invoice', async () => {
    expect((await as(app, bea).put('/api/v1/settings/seller', sellerSettings())).status).toBe(200);
    const invoices = store.collection<InvoiceRecord>(INVOICES);
    const context = creditNoteContext({
      note: (await invoices.findOne({ _id: `${B}_note1` }))!,
      invoice: (await invoices.findOne({ _id: B }))!,
      settings: sellerSettings() as SellerSettings,
      units: new Map(),
    });
    // What is credited, as the template expects it: positive amounts.
    expect(context.creditNote).toEqual({
      number: 'CN-2026-000001',
      issueDate: '2026-04-02',
      currency: 'USD',
      reason: 'Platform fee is 449.00 from March',
      invoiceNumber: numberOf.get(B),
      invoiceDate: '2026-04-02',
    });
    expect(context.lines.map((line) => [line.amount, line.net, line.total])).toEqual([
      ['50.00', '50.00', '55.17'],
    ]);
    expect(context.totals).toMatchObject({ net: '50.00', tax: '5.17', total: '55.17' });
    for (const [id, number] of [
      [`${B}_note1`, 'CN-2026-000001'],
      [`${A}_note1`, 'DN-2026-000001'],
    ]) {
      const pdf = await as(app, sam).get(`/api/v1/invoices/${id}/pdf`).buffer(true);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
      expect(isPdf(pdf.body as Buffer)).toBe(true);
    }
  });

  it('audits who asked for a correction and every note finalized', async () => {
    const log = store.collection<AuditEntry>(AUDIT_LOG_COLLECTION);
    const asked = await log.find({ action: 'invoice.correction_requested' }, { sort: { seq: 1 } });
    expect(asked.map((entry) => entry.target.id).sort()).toEqual([A, B, B, B]);
    for (const entry of asked) {
      expect(entry.actor).toMatchObject({ type: 'user', id: bea.id });
      expect(entry.reason).toBe('Platform fee is 449.00 from March');
    }
    const notes = await log.find({
      action: 'invoice.finalized',
      'details.kind': { $ne: 'invoice' },
    });
    expect(
      notes.map((entry) => [
        entry.details?.number,
        entry.details?.references,
        entry.details?.total,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['DN-2026-000001', numberOf.get(A), '444.78'],
        ['CN-2026-000001', numberOf.get(B), '-55.17'],
        ['CN-2026-000002', numberOf.get(A), '-55.17'],
      ]),
    );
    expect(notes).toHaveLength(3);
  });

  it('lets a run go on when an invoice asked for was purged meanwhile, and says so once', async () => {
    await store.collection<AdjustmentRequestRecord>(INVOICE_ADJUSTMENTS).insertOne({
      _id: 'inv_gone_2019-03-01',
      customerId: 'gone',
      state: 'due',
      token: 't-gone',
      because: { correction: 'old price' },
      requestedAt: '2026-04-02T08:00:00.000Z',
    });
    const purgedMeanwhile = await run();
    expect(purgedMeanwhile.state).toBe('completed');
    expect(purgedMeanwhile.failures).toEqual([
      {
        customerId: 'gone',
        periodStart: '',
        message: 'invoice inv_gone_2019-03-01 is no longer kept (retention)',
      },
    ]);
    expect(
      await store.collection(INVOICE_ADJUSTMENTS).findOne({ _id: 'inv_gone_2019-03-01' }),
    ).toMatchObject({ state: 'settled' });
    expect((await run()).failures).toEqual([]);
  });

  it('names what is wrong with a correction, and who may not ask for one', async () => {
    const noReason = await as(app, bea).post(`/api/v1/invoices/${A}/corrections`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(noReason.body.errors).toEqual([{ path: '$.reason', message: 'is required' }]);
    const badDay = await as(app, bea).post('/api/v1/invoice-corrections', {
      periodStart: '2026-3-1',
      reason: 'x',
    });
    expect(badDay.status).toBe(400);
    expect(badDay.body.errors).toEqual([
      { path: '$.periodStart', message: 'must be a day such as 2026-03-01' },
    ]);
    const unknown = await as(app, bea).post('/api/v1/invoices/inv_nobody/corrections', {
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
    const ofANote = await as(app, bea).post(`/api/v1/invoices/${A}_note1/corrections`, {
      reason: 'x',
    });
    expect(ofANote.status).toBe(409);
    expect(ofANote.body.detail).toMatch(/only a finalized invoice is corrected/);
    const forbidden = await as(app, sam).post(`/api/v1/invoices/${A}/corrections`, {
      reason: 'x',
    });
    expect(forbidden.status).toBe(403);
  });
});
