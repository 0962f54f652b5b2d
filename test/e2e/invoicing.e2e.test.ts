// Invoice runs, invoices and credit notes in real headless Chromium on the real server. A finance
// user starts a run for the periods that ended by 2 April 2026 and watches it to completion: of
// the four customers, the one with a billing profile (Acme's March 2026 from the examples, under
// the id acme-west) is invoiced and the three demo customers without one are counted as not
// billable. Its invoice reads 1654.15 USD (worked out by hand in the examples), each line with how
// it was computed, and its PDF shows in the page and downloads. A credit note against it (stored
// as the credit note feature stores them) is listed under Credit notes, names the invoice it
// credits, and is listed on that invoice's page.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  INVOICE_RUNS,
  INVOICES,
  type InvoiceRecord,
  type InvoiceRunRecord,
} from '../../server/invoicing/invoice-records';
import { addBillableAcme, ACME_MARCH_TOTAL } from '../integration/invoicing/invoice-fixtures';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();
const INVOICE_ID = 'inv_acme-west_2026-03-01';
/** Invoices are numbered in the series of the year they are issued in. */
const NUMBER = `INV-${new Date().getUTCFullYear()}-000001`;

describe('invoice runs, invoices and credit notes', { timeout: 90_000 }, () => {
  it('runs March from the UI, watches it complete, and reads the invoice with its PDF', async () => {
    const server = running.server();
    await addBillableAcme(server.store, { now: () => new Date() }, 'acme-west');
    const page = await newTab(running.browser());
    await signInAs(page, server, 'demo-finance');
    await page.getByRole('link', { name: 'Invoice runs' }).click();
    await page.getByText('No invoice run yet.').waitFor();
    const start = page.getByRole('form', { name: 'Start an invoice run' });
    await start.getByLabel('Periods ended by (UTC day)').fill('2026-04-02');
    await start.getByLabel('Why (optional, for the audit log)').fill('March close');
    expect(await accessibilityViolations(page)).toEqual([]);
    await start.getByRole('button', { name: 'Start the run' }).click();
    await page.waitForURL(/\/invoice-runs\/run_[0-9a-z]+$/);
    const runId = page.url().split('/').pop()!;

    // The page reads the run again until it is completed.
    await expect
      .poll(() => page.getByTestId('run-state').textContent(), { timeout: 30_000 })
      .toMatch(/^Completed Completed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
    const counts = page.getByRole('table', { name: 'Progress' }).locator('tbody tr');
    expect(await counts.allInnerTexts()).toEqual([
      'Customers done\t4',
      'Invoiced\t1',
      'Already invoiced\t0',
      'Nothing to bill\t0',
      'Not billable (no billing profile)\t3',
      'Failed\t0',
      'Credit notes issued\t0',
      'Debit notes issued\t0',
    ]);
    expect(await page.getByRole('region', { name: /^Failures/ }).count()).toBe(0);
    expect(await page.locator('.invoice-run dl').innerText()).toContain(
      'Periods ended by\n2026-04-02 00:00:00 UTC',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/invoice-run.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: '← Invoice runs' }).click();
    const runs = page.getByRole('table', { name: 'Invoice runs' }).locator('tbody tr');
    await expect.poll(() => runs.count()).toBe(1);
    const runCells = await runs.first().locator('td').allInnerTexts();
    expect([runCells[0], runCells[2], ...runCells.slice(3)]).toEqual([
      runId,
      'Demo finance',
      '2026-04-02 00:00:00',
      'Completed',
      '4',
      '1',
      '0',
    ]);

    await page.getByRole('link', { name: runId }).click();
    await page.getByRole('link', { name: 'The invoices of this run' }).click();
    const invoices = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
    await expect.poll(() => invoices.count()).toBe(1);
    const cells = await invoices.first().locator('td').allInnerTexts();
    expect(cells.slice(0, 4)).toEqual([
      NUMBER,
      'Invoice',
      'Acme acme-west\nacme-west',
      '2026-03-01 to 2026-03-31',
    ]);
    expect(cells[4]).toBe('Issued');
    expect(cells[6]).toBe(`${ACME_MARCH_TOTAL} USD`);

    await page.getByRole('link', { name: NUMBER }).click();
    await page.getByRole('heading', { name: `Invoice ${NUMBER}` }).waitFor();
    expect(await page.getByTestId('invoice-total').textContent()).toBe('1654.15 USD');
    const header = await page.getByRole('region', { name: 'Header' }).innerText();
    expect(header).toContain('Period\n2026-03-01 to 2026-03-31');
    expect(header).toContain('Currency\nUSD');
    expect(header).toContain(
      'Billed to\nAcme acme-west (acme-west)\n1 Pike Street\n98101 Seattle WA\nUS',
    );
    expect(header).toContain('Billing e-mail\nap@acme-west.example');
    const lines = page.getByRole('list', { name: 'Lines' }).locator(':scope > li');
    expect(await lines.locator('.line-description').allTextContents()).toEqual([
      'Platform subscription',
      'Bandwidth GB (enterprise) (region: us-west-2)',
      'VM hours (enterprise) (region: us-west-2)',
      'Minimum commitment true-up (cloud-usage)',
    ]);
    expect(await lines.locator('.line-amounts dd:first-of-type').allTextContents()).toEqual([
      '499.00',
      '217.00',
      '512.00',
      '422.47',
    ]);
    // How VM hours were priced: the price, two discounts, two taxes.
    await lines.nth(2).getByText('How this line was computed').click();
    expect(await lines.nth(2).locator('.explanation li .badge').allTextContents()).toEqual([
      'price',
      'discount',
      'discount',
      'tax',
      'tax',
    ]);
    expect(await page.getByText('None: the invoice stands as issued.').count()).toBe(1);

    const frame = page.getByTitle(`PDF of ${NUMBER}`);
    await frame.waitFor({ timeout: 30_000 });
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    const downloadLink = page.getByRole('link', { name: new RegExp(`^Download ${NUMBER}\\.pdf`) });
    expect(await downloadLink.getAttribute('href')).toBe(`/api/v1/invoices/${INVOICE_ID}/pdf`);
    const download = page.waitForEvent('download');
    await downloadLink.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${NUMBER}.pdf`);
    expect((await readFile((await file.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Delivered as the worker found it: the e2e server has no SMTP_URL, so the e-mail is not sent
    // and says why; finance may send it again, which is a second attempt.
    const deliveriesPath = `/api/v1/invoices/${INVOICE_ID}/deliveries`;
    const attemptsMade = async () => {
      const answer = await page.request.get(`${server.url}${deliveriesPath}`);
      const { deliveries } = (await answer.json()) as { deliveries: { attemptCount: number }[] };
      return deliveries[0]?.attemptCount ?? 0;
    };
    await expect.poll(attemptsMade, { timeout: 30_000 }).toBe(1);
    await page.reload();
    const email = page.getByRole('article', { name: `${INVOICE_ID}:email` });
    await email.getByRole('heading', { name: 'E-mail to ap@acme-west.example' }).waitFor();
    expect(await email.getByTestId('delivery-state').textContent()).toBe('Not sent');
    const attempts = email.getByRole('table', { name: `Attempts of ${INVOICE_ID}:email` });
    expect(
      (await attempts.locator('tbody tr td').allInnerTexts()).filter((_, i) => i !== 1),
    ).toEqual(['1', 'skipped', 'e-mail delivery is off: SMTP_URL is not set']);
    await page.screenshot({ path: `${SCREENSHOTS}/invoice-page.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await email.getByRole('button', { name: 'Send again: E-mail to ap@acme-west.example' }).click();
    await email.getByLabel('Why (the audit log keeps it)').fill('the customer lost it');
    await email.getByRole('button', { name: 'Send it again' }).click();
    await expect.poll(attemptsMade, { timeout: 30_000 }).toBe(2);

    // Nothing changed since: rated again, the period comes to what was billed.
    await page.getByRole('button', { name: `Rate again and correct: ${NUMBER}` }).click();
    await page.getByLabel('Why (the audit log keeps it)').fill('customer asked us to check');
    await page.getByRole('button', { name: 'Rate the period again' }).click();
    await page
      .getByText(
        'Rated again with the usage and the policies as they are now: it comes to what was billed, so no note is issued.',
      )
      .waitFor();
    await page.context().close();
  });

  it('lists a credit note, links it to the invoice it credits, and back', async () => {
    const server = running.server();
    const invoices = server.store.collection<InvoiceRecord>(INVOICES);
    const invoice = (await invoices.findOne({ _id: INVOICE_ID }))!;
    const platform = invoice.rating.lines[0]!;
    // 100.00 of the platform fee credited, without tax (a goodwill credit).
    await invoices.insertOne({
      ...invoice,
      _id: 'cn_acme-west_1',
      kind: 'credit_note',
      number: `CN-${new Date().getUTCFullYear()}-000001`,
      references: { invoiceId: INVOICE_ID, number: NUMBER },
      rating: {
        ...invoice.rating,
        lines: [
          {
            ...platform,
            description: 'Goodwill credit on the platform subscription',
            amount: '-100.00',
            discounts: [],
            taxes: [],
            total: '-100.00',
          },
        ],
        totals: {
          amount: '-100.00',
          discount: '0.00',
          net: '-100.00',
          tax: '0.00',
          total: '-100.00',
        },
        taxSummary: [],
        notes: [],
        warnings: [],
      },
      adjustment: {
        reasons: ['goodwill credit for the outage of 12 March'],
        corrected: {
          amount: '1550.47',
          discount: '151.47',
          net: '1399.00',
          tax: '155.15',
          total: '1554.15',
        },
        changes: [
          {
            description: 'Platform subscription',
            before: { quantity: '1', netAmount: '499.00', taxAmount: '51.65', total: '550.65' },
            after: { quantity: '1', netAmount: '399.00', taxAmount: '51.65', total: '450.65' },
          },
        ],
      },
    });
    const page = await newTab(running.browser());
    await signInAs(page, server, 'demo-support');
    await page.getByRole('link', { name: 'Credit notes' }).click();
    const notes = page.getByRole('table', { name: 'Credit and debit notes' }).locator('tbody tr');
    await expect.poll(() => notes.count()).toBe(1);
    const cells = await notes.first().locator('td').allInnerTexts();
    expect([cells[0], cells[1], cells[6], cells[7]]).toEqual([
      `CN-${new Date().getUTCFullYear()}-000001`,
      'Credit note',
      '-100.00 USD',
      NUMBER,
    ]);
    // Only invoices under Invoices, only notes under the kind filter.
    await page.getByLabel('Kind').selectOption('debit_note');
    await page.getByText('Nothing matches these filters.').waitFor();
    await page.getByLabel('Kind').selectOption('credit_note');
    await expect.poll(() => notes.count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await notes.first().getByRole('link', { name: /^CN-/ }).click();
    await page.getByRole('heading', { name: /^Credit note CN-/ }).waitFor();
    expect(await page.getByTestId('references').textContent()).toBe(`Credits invoice ${NUMBER}`);
    expect(await page.getByTestId('invoice-total').textContent()).toBe('-100.00 USD');
    expect(await page.getByRole('list', { name: 'Reasons' }).innerText()).toBe(
      'goodwill credit for the outage of 12 March',
    );
    expect(
      await page.getByRole('table', { name: 'Changed lines' }).locator('tbody td').allInnerTexts(),
    ).toEqual(['Platform subscription', '1', '1', '550.65 USD', '450.65 USD']);
    // 1654.15 billed, 100.00 credited.
    expect(await page.getByTestId('corrected-total').textContent()).toBe(
      'The period comes to 1554.15 USD with this note (tax 155.15 USD).',
    );
    // Only invoices are corrected; a support user has no such button anyway.
    expect(await page.getByRole('button', { name: /^Rate again/ }).count()).toBe(0);
    await page.getByTestId('references').getByRole('link', { name: NUMBER }).click();
    await page.getByRole('heading', { name: `Invoice ${NUMBER}` }).waitFor();
    const ofInvoice = page.getByRole('table', { name: `Notes of ${NUMBER}` }).locator('tbody tr');
    await expect.poll(() => ofInvoice.count()).toBe(1);
    expect(await ofInvoice.first().locator('td').first().innerText()).toMatch(/^CN-/);

    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await page.getByLabel('Kind').selectOption('invoice');
    const list = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
    await expect.poll(() => list.first().locator('td').first().innerText()).toBe(NUMBER);
    expect(await list.count()).toBe(1);
    await page.getByLabel('Periods from (month)').fill('2026-04');
    await page.getByText('Nothing matches these filters.').waitFor();
    await page.getByLabel('Periods from (month)').fill('2026-03');
    await page.getByLabel('through (month)').fill('2026-03');
    await expect.poll(() => list.count()).toBe(1);

    // The customer's page lists its documents, the note first (same period, id order).
    await page.goto(`${server.url}/customers/acme-west`);
    const own = page.getByRole('table', { name: 'Invoices of acme-west' }).locator('tbody tr');
    await expect.poll(() => own.count()).toBe(2);
    expect(await own.locator('td:first-child').allInnerTexts()).toEqual([
      `CN-${new Date().getUTCFullYear()}-000001`,
      NUMBER,
    ]);

    // Support reads runs but starts none.
    await page.getByRole('link', { name: 'Invoice runs' }).click();
    await page.getByText('Billing admins and finance start invoice runs.').waitFor();
    expect(await page.getByRole('form', { name: 'Start an invoice run' }).count()).toBe(0);
    await page.context().close();

    // The credit note read on a phone.
    const phone = await newTab(running.browser(), 390, 844);
    await signInAs(phone, server, 'demo-support');
    await phone.goto(`${server.url}/invoices/cn_acme-west_1`);
    await phone.getByTestId('references').waitFor();
    expect(await phone.getByTestId('invoice-total').textContent()).toBe('-100.00 USD');
    // Nothing wider than the phone: no sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await phone.screenshot({ path: `${SCREENSHOTS}/credit-note-phone.png`, fullPage: true });
    expect(await accessibilityViolations(phone)).toEqual([]);
    await phone.context().close();
  });

  it('follows a running run as it goes on, until it completes with its failures', async () => {
    const server = running.server();
    const runs = server.store.collection<InvoiceRunRecord>(INVOICE_RUNS);
    const counts = {
      customers: 2,
      invoiced: 0,
      alreadyInvoiced: 1,
      empty: 0,
      notBillable: 1,
      failed: 0,
      creditNotes: 0,
      debitNotes: 0,
    };
    // A run as the runner leaves it after its first page of two customers.
    await runs.insertOne({
      _id: 'run_followed',
      trigger: 'scheduled',
      asOf: '2026-05-01T00:00:00.000Z',
      state: 'running',
      cursor: 'acme-west',
      counts,
      failures: [],
      startedBy: { type: 'system', id: 'invoice-schedule' },
      startedAt: '2026-05-01T02:00:00.000Z',
      updatedAt: '2026-05-01T02:00:04.000Z',
    });
    const page = await newTab(running.browser());
    await signInAs(page, server, 'demo-support');
    await page.goto(`${server.url}/invoice-runs/run_followed`);
    const state = page.getByTestId('run-state');
    await expect
      .poll(() => state.textContent())
      .toBe('Running 2 customers done so far; last progress 2026-05-01 02:00:04 UTC.');
    expect(await page.locator('.invoice-run dl').innerText()).toContain(
      'Started\n2026-05-01 02:00:00 UTC by the daily schedule',
    );

    // Its next page: one customer could not be rated; the page reads the run again by itself.
    const failure = {
      customerId: 'initech',
      periodStart: '2026-04-01T00:00:00.000Z',
      message: 'no published pricing rule prices product "support-gold"',
    };
    await runs.updateOne(
      { _id: 'run_followed' },
      {
        $set: {
          cursor: 'initech',
          updatedAt: '2026-05-01T02:00:09.000Z',
          'counts.customers': 4,
          'counts.notBillable': 2,
          'counts.failed': 1,
          failures: [failure],
        },
      },
    );
    await expect
      .poll(() => state.textContent())
      .toBe('Running 4 customers done so far; last progress 2026-05-01 02:00:09 UTC.');
    const failures = page.getByRole('table', { name: 'Failures' }).locator('tbody tr');
    expect(await failures.first().locator('td').allInnerTexts()).toEqual([
      'initech',
      '2026-04-01',
      'no published pricing rule prices product "support-gold"',
    ]);
    expect(await page.getByTestId('count-failed').textContent()).toBe('1');

    await runs.updateOne(
      { _id: 'run_followed' },
      {
        $set: {
          state: 'completed',
          completedAt: '2026-05-01T02:00:10.000Z',
          updatedAt: '2026-05-01T02:00:10.000Z',
        },
      },
    );
    await expect
      .poll(() => state.textContent())
      .toBe('Completed with failures Completed 2026-05-01 02:00:10 UTC.');
    expect(
      await page.getByRole('table', { name: 'Progress' }).locator('tbody tr').allInnerTexts(),
    ).toEqual([
      'Customers done\t4',
      'Invoiced\t0',
      'Already invoiced\t1',
      'Nothing to bill\t0',
      'Not billable (no billing profile)\t2',
      'Failed\t1',
      'Credit notes issued\t0',
      'Debit notes issued\t0',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
