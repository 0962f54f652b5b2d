// Customers in and out as CSV over HTTP on the embedded store: a CRM's file with its own column
// names creates two customers and reports a bad row by its line and column; a dry run writes
// nothing; importing the same rows again changes nothing; the export reads back in, and a cell
// that a spreadsheet would run as a formula is defused.
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

const IMPORTS = '/api/v1/customer-imports';
const CRM_FILE = [
  'Account ID,Account Name,country,currency,Billing Email,address_line1,city,postal_code,tax_id,type',
  'northwind,Northwind Traders GmbH,DE,EUR,ap@northwind.example,Hauptstrasse 1,Berlin,10115,DE123456789,business',
  'contoso,"Contoso, Ltd.",US,USD,billing@contoso.example,1 Microsoft Way,Redmond,98052,,business',
  'broken,Broken Inc,US,usd,not-an-email,1 Main St,Springfield,,,',
  '',
].join('\r\n');
const MAPPING = { id: 'Account ID', name: 'Account Name', email: 'Billing Email' };

beforeAll(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  const clock = aClock('2026-11-20T09:00:00.000Z');
  app = createApp(testAppContext({ store, clock }));
  bea = await signIn(app, await aUser(store, clock, 'bea', ['billing_admin']), 'bea');
});

afterAll(async () => {
  await test.dispose();
});

describe('POST /api/v1/customer-imports', () => {
  it('says in a dry run what each row would do, and writes nothing', async () => {
    const response = await as(app, bea).post(IMPORTS, {
      csv: CRM_FILE,
      mapping: MAPPING,
      dryRun: true,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      dryRun: true,
      created: 2,
      updated: 0,
      unchanged: 0,
      invalid: 1,
    });
    expect(await customers(store).count({})).toBe(0);
  });

  it('creates the good rows, reports the bad one by line and column, and audits each', async () => {
    const response = await as(app, bea).post(IMPORTS, {
      csv: CRM_FILE,
      mapping: MAPPING,
      reason: 'from the CRM',
    });

    expect(response.body.rows).toEqual([
      { line: 2, id: 'northwind', outcome: 'created', errors: [] },
      { line: 3, id: 'contoso', outcome: 'created', errors: [] },
      {
        line: 4,
        id: 'broken',
        outcome: 'invalid',
        errors: expect.arrayContaining([
          expect.objectContaining({ column: 'currency' }),
          expect.objectContaining({ column: 'Billing Email' }),
        ]),
      },
    ]);
    expect(await customers(store).findOne({ _id: 'contoso' })).toMatchObject({
      name: 'Contoso, Ltd.',
      facts: { id: 'contoso', country: 'US', currency: 'USD', type: 'business' },
      billing: {
        email: 'billing@contoso.example',
        address: {
          lines: ['1 Microsoft Way'],
          city: 'Redmond',
          postalCode: '98052',
          region: null,
          country: 'US',
        },
      },
    });
    expect(await customers(store).findOne({ _id: 'broken' })).toBeNull();
    const created = await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find({ action: 'customer.created' });
    expect(created.map((entry) => [entry.target.id, entry.reason])).toEqual([
      ['northwind', 'CSV import: from the CRM'],
      ['contoso', 'CSV import: from the CRM'],
    ]);
  });

  it('changes nothing when the same rows come again, and changes a row that differs', async () => {
    const again = await as(app, bea).post(IMPORTS, { csv: CRM_FILE, mapping: MAPPING });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, invalid: 1 });

    const moved = CRM_FILE.replace('Hauptstrasse 1,Berlin', 'Neue Strasse 9,Berlin');
    const changed = await as(app, bea).post(IMPORTS, { csv: moved, mapping: MAPPING });
    expect(changed.body).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await customers(store).findOne({ _id: 'northwind' }))?.revision).toBe(2);
  });

  it.each([
    [{ csv: 'id,name\r\nx,y\r\n' }, '$.csv', 'has no column "country" for the country'],
    [{ csv: CRM_FILE, mapping: { id: 'Account ID', colour: 'Colour' } }, '$.mapping.colour'],
    [{ csv: 'id,name,country,currency,email\r\n' }, '$.csv', 'has no rows under its header'],
    [{ csv: 'id,name\r\n"unclosed,y\r\n' }, '$.csv'],
    [{ csv: 42 }, '$.csv', 'must be the file, as text'],
    [{ csv: CRM_FILE, overwrite: true }, '$.overwrite'],
  ])('refuses %j with 400 naming %s', async (body, path, message?: string) => {
    const response = await as(app, bea).post(IMPORTS, body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(
      message ? { path, message } : expect.objectContaining({ path }),
    );
  });
});

describe('GET /api/v1/customer-export', () => {
  it('exports every customer; the file imports back unchanged; formulas are defused', async () => {
    const evil = await as(app, bea).post(IMPORTS, {
      csv: 'id,name,country,currency,email,address_line1,city\r\nevil,"=HYPERLINK(""x"")",US,USD,e@evil.example,1 St,Town\r\n',
    });
    expect(evil.body).toMatchObject({ created: 1, invalid: 0 });
    const response = await as(app, bea).get('/api/v1/customer-export');

    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename=customers.csv');
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe(
      'id,name,country,region,currency,type,tax_id,tax_exempt,segment,email,address_line1,address_line2,city,postal_code,address_region,locale,anchor_day,promo_codes',
    );
    expect(lines[1]).toBe(
      'contoso,"Contoso, Ltd.",US,,USD,business,,,,billing@contoso.example,1 Microsoft Way,,Redmond,98052,,,,',
    );
    expect(lines[2]).toBe(`evil,"'=HYPERLINK(""x"")",US,,USD,,,,,e@evil.example,1 St,,Town,,,,,`);

    const back = await as(app, bea).post(IMPORTS, {
      csv: response.text.replace(`"'=HYPERLINK(""x"")"`, '"=HYPERLINK(""x"")"'),
      dryRun: true,
    });
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, invalid: 0 });
  });
});
