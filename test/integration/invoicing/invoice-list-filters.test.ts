// The invoice list narrowed the ways a billing operator asks: the credit and debit notes only,
// the notes of one invoice, the periods starting in a range, a customer's drafts. Notes are
// documents of the invoices collection with a kind and the invoice they refer to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { INVOICING_INDEXES } from '../../../server/invoicing/invoicing-indexes';
import {
  INVOICES,
  type InvoiceKind,
  type InvoiceRecord,
} from '../../../server/invoicing/invoice-records';
import type { RatingResult } from '../../../server/rating/types';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { testAppContext } from '../../support/test-app-context';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aUser, as, signIn, type SignedIn } from '../api/signed-in-users';
import { aClock, openAuthStore } from '../auth/auth-fixtures';

/** An invoice as the list reads it; the rating holds only its totals. */
function anInvoice(overrides: Partial<InvoiceRecord> & { _id: string }): InvoiceRecord {
  const total = overrides.rating?.totals.total ?? '100.00';
  return {
    kind: 'invoice',
    status: 'finalized',
    customerId: 'acme',
    periodStart: '2026-03-01T00:00:00Z',
    periodEnd: '2026-04-01T00:00:00Z',
    customer: {
      name: 'Acme',
      taxId: null,
      billing: {
        email: 'ap@acme.example',
        address: {
          lines: ['1 Pike St'],
          city: 'Seattle',
          postalCode: null,
          region: null,
          country: 'US',
        },
      },
    },
    currency: 'USD',
    rating: { totals: { total } } as RatingResult,
    runId: 'run_1',
    createdAt: '2026-04-02T00:00:00.000Z',
    updatedAt: '2026-04-02T00:00:00.000Z',
    ...overrides,
  };
}

function aNote(kind: InvoiceKind, id: string, of: InvoiceRecord, total: string): InvoiceRecord {
  return anInvoice({
    _id: id,
    kind,
    customerId: of.customerId,
    periodStart: of.periodStart,
    periodEnd: of.periodEnd,
    number: `${kind === 'credit_note' ? 'CN' : 'DN'}-2026-${id.slice(-1)}`,
    references: { invoiceId: of._id, number: of.number! },
    rating: { totals: { total } } as RatingResult,
  });
}

const acmeMarch = anInvoice({ _id: 'inv_acme_2026-03-01', number: 'INV-2026-000001' });
const acmeApril = anInvoice({
  _id: 'inv_acme_2026-04-01',
  number: 'INV-2026-000003',
  periodStart: '2026-04-01T00:00:00Z',
  periodEnd: '2026-05-01T00:00:00Z',
});
const globexMarch = anInvoice({
  _id: 'inv_globex_2026-03-01',
  customerId: 'globex',
  number: 'INV-2026-000002',
});
const globexDraft = anInvoice({
  _id: 'inv_globex_2026-04-01',
  customerId: 'globex',
  status: 'draft',
  periodStart: '2026-04-01T00:00:00Z',
  periodEnd: '2026-05-01T00:00:00Z',
});
const credit1 = aNote('credit_note', 'cn_1', acmeMarch, '-40.00');
const debit2 = aNote('debit_note', 'dn_2', acmeMarch, '12.50');
const credit3 = aNote('credit_note', 'cn_3', globexMarch, '-7.00');

describe.each(STORE_KINDS)('the invoice list on the %s store', (kind) => {
  let test: TestStore;
  let app: ReturnType<typeof createApp>;
  let sam: SignedIn;

  beforeAll(async () => {
    test = await openAuthStore(kind);
    const clock = aClock('2026-05-02T09:00:00.000Z');
    await ensureIndexes(test.store, INVOICING_INDEXES);
    await test.store
      .collection<InvoiceRecord>(INVOICES)
      .insertMany([acmeMarch, acmeApril, globexMarch, globexDraft, credit1, debit2, credit3]);
    app = createApp(testAppContext({ store: test.store, clock }));
    sam = await signIn(app, await aUser(test.store, clock, 'sam', ['support']), 'sam');
  });

  afterAll(async () => {
    await test.dispose();
  });

  const ids = async (query: string) => {
    const response = await as(app, sam).get(`/api/v1/invoices?${query}`);
    expect(response.status).toBe(200);
    return (response.body.invoices as { id: string }[]).map((invoice) => invoice.id);
  };

  it.each([
    // Customer order, then the latest period first, then id.
    ['kind=credit_note,debit_note', ['cn_1', 'dn_2', 'cn_3']],
    ['kind=credit_note', ['cn_1', 'cn_3']],
    ['kind=invoice&customerId=acme', ['inv_acme_2026-04-01', 'inv_acme_2026-03-01']],
    ['references=inv_acme_2026-03-01', ['cn_1', 'dn_2']],
    ['references=inv_globex_2026-03-01&kind=debit_note', []],
    [
      'kind=invoice&periodFrom=2026-04-01&periodBefore=2026-05-01',
      ['inv_acme_2026-04-01', 'inv_globex_2026-04-01'],
    ],
    ['kind=invoice&periodBefore=2026-04-01', ['inv_acme_2026-03-01', 'inv_globex_2026-03-01']],
    ['customerId=globex&status=draft', ['inv_globex_2026-04-01']],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('says which invoice a note refers to, and null for an invoice', async () => {
    const response = await as(app, sam).get('/api/v1/invoices?references=inv_acme_2026-03-01');
    expect(response.body.invoices[0]).toMatchObject({
      id: 'cn_1',
      kind: 'credit_note',
      number: 'CN-2026-1',
      total: '-40.00',
      references: { invoiceId: 'inv_acme_2026-03-01', number: 'INV-2026-000001' },
    });
    const invoice = await as(app, sam).get('/api/v1/invoices/inv_acme_2026-03-01');
    expect(invoice.body.references).toBeNull();
  });

  it('pages through the notes', async () => {
    const first = await as(app, sam).get('/api/v1/invoices?kind=credit_note,debit_note&limit=2');
    expect(first.body.nextOffset).toBe(2);
    expect(await ids('kind=credit_note,debit_note&limit=2&offset=2')).toEqual(['cn_3']);
  });

  it.each([
    [
      'kind=refund',
      'query.kind',
      'must be one or more of invoice, credit_note, debit_note, separated by commas',
    ],
    ['periodFrom=2026-02-30', 'query.periodFrom', 'must be a day such as 2026-03-01'],
    [
      'periodFrom=2026-04-01&periodBefore=2026-04-01',
      'query.periodBefore',
      'must be after periodFrom',
    ],
  ])('refuses %s, naming the parameter', async (query, path, message) => {
    const response = await as(app, sam).get(`/api/v1/invoices?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path, message }]);
  });
});
