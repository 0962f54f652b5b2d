// Customers in real headless Chromium on the real server: a billing admin finds a demo customer
// by searching, creates a customer (the server's refusals shown at each field, then mended),
// adds a yearly contract and reads its next renewal and notice date, changes the notice, imports
// customers from a CRM's CSV file with its own column names (a bad row listed with its problem)
// and exports them all; a support user reads the same pages without any button to change them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

const CRM_FILE = [
  'Account ID,Company,country,currency,Billing Email,address_line1,city',
  'nimbus-labs,Nimbus Labs,DE,EUR,ap@nimbus.example,Unter den Linden 1,Berlin',
  'bad-row,Bad Row,US,USD,not-an-address,1 Main St,Austin',
].join('\n');

describe('the customers', { timeout: 90_000 }, () => {
  it('searches, creates with field errors, adds and changes a contract, imports and exports', async () => {
    const page = await newTab(running.browser());
    await signInAs(page, running.server(), 'demo-billing-admin');
    await page.getByRole('link', { name: 'Customers' }).click();
    const list = page.getByRole('table', { name: 'Customers' });
    await expect.poll(() => list.locator('tbody tr').count()).toBe(3);
    await page.getByLabel('Search by id or name').fill('GLOB');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    expect(await list.locator('tbody tr').first().textContent()).toContain('Globex GmbH');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A new customer, first with a bad e-mail, an anchor day out of range and no city.
    await page.getByRole('button', { name: 'New customer' }).click();
    const form = page.getByRole('form', { name: 'New customer' });
    await form.getByLabel('Id', { exact: true }).fill('orbit-systems');
    await form.getByLabel('Name', { exact: true }).fill('Orbit Systems Inc.');
    await form.getByLabel('Type').selectOption('business');
    await form.getByLabel('Country').fill('us');
    await form.getByLabel('Tax region').fill('US-CA');
    await form.getByLabel('Billing currency').fill('usd');
    await form.getByLabel('Tax id').fill('US-94-1234567');
    await form.getByLabel('Billing e-mail').fill('billing-at-orbit');
    await form.getByLabel('Address lines').fill('500 Howard Street\nSuite 300');
    await form.getByLabel('Postal code').fill('94105');
    await form.getByLabel('Anchor day').fill('31');
    await form.getByRole('button', { name: 'Create the customer' }).click();
    const email = form.getByLabel('Billing e-mail');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ');
    const emailError = page.locator(`[id="${describedBy[describedBy.length - 1]}"]`);
    expect(await emailError.textContent()).toMatch(/^must match/);
    expect(await form.getByLabel('Anchor day').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('City').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').first().textContent()).toContain(
      'the customer is invalid',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/customer-form-errors.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await email.fill('billing@orbit.example');
    await form.getByLabel('Anchor day').fill('15');
    await form.getByLabel('City').fill('San Francisco');
    await form.getByLabel('State or region (printed)').fill('CA');
    await form.getByRole('button', { name: 'Create the customer' }).click();
    await page.waitForURL(/\/customers\/orbit-systems$/);
    await page.getByRole('heading', { name: /Orbit Systems Inc\./ }).waitFor();
    const profile = page.getByRole('region', { name: 'Profile' });
    const facts = await profile.locator('dl').innerText();
    expect(facts).toContain('Billing currency\nUSD');
    expect(facts).toContain('Country\nUS (US-CA)');
    expect(facts).toContain('Tax id\nUS-94-1234567');
    expect(facts).toContain('Billing e-mail\nbilling@orbit.example');
    expect(facts).toContain('Anchor day\n15');
    expect(facts).toContain('500 Howard Street\nSuite 300\n94105 San Francisco CA\nUS');

    // A yearly contract from 15 January 2030 that renews, told 30 days before: it first renews
    // on 15 January 2031, and the customer must be told by 16 December 2030.
    await page.getByRole('button', { name: 'Add a subscription' }).click();
    const contract = page.getByRole('form', { name: 'New subscription or contract' });
    await contract.getByLabel('Subscription id').fill('sub-orbit-platform');
    await contract.getByLabel('Product', { exact: true }).fill('platform');
    await contract.getByLabel('Quantity').fill('25');
    await contract.getByLabel('Start (UTC day)').fill('2030-01-15');
    await contract.getByLabel('Term in months (contracts)').fill('12');
    await contract.getByLabel('Renewal notice (days)').fill('400');
    await contract.getByRole('button', { name: 'Add the subscription' }).click();
    const notice = contract.getByLabel('Renewal notice (days)');
    await expect.poll(() => notice.getAttribute('aria-invalid')).toBe('true');
    expect(await contract.locator('.field-error').allTextContents()).toEqual([
      'must be a whole number of days from 1 to 365',
    ]);
    await notice.fill('30');
    await contract.getByRole('button', { name: 'Add the subscription' }).click();
    await page.getByText('Subscription sub-orbit-platform is added.').waitFor();
    const subscriptions = page.getByRole('table', { name: 'Subscriptions' });
    const row = subscriptions.locator('tbody tr').first();
    expect(await row.locator('td').allInnerTexts()).toEqual([
      'platform\nsub-orbit-platform',
      'Every period',
      '25',
      '2030-01-15',
      'Open-ended',
      '12 months, renews',
      '2031-01-15',
      '2030-12-16 (30 days)',
      'Edit',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // 60 days' notice instead: by 16 November 2030.
    await row.getByRole('button', { name: 'Edit subscription sub-orbit-platform' }).click();
    const change = page.getByRole('form', { name: 'Change subscription sub-orbit-platform' });
    await change.getByLabel('Renewal notice (days)').fill('60');
    await change.getByLabel('Why (optional, for the audit log)').fill('new procurement terms');
    await change.getByRole('button', { name: 'Save the subscription' }).click();
    await page.getByText('Subscription sub-orbit-platform is saved.').waitFor();
    await expect.poll(() => row.locator('td').nth(7).innerText()).toBe('2030-11-16 (60 days)');

    // The profile changed by keyboard alone.
    await page.getByRole('button', { name: 'Edit the profile' }).focus();
    await page.keyboard.press('Enter');
    const edit = page.getByRole('form', { name: 'Change Orbit Systems Inc.' });
    await edit.getByLabel('Segment').focus();
    await page.keyboard.type('enterprise');
    await edit.getByRole('button', { name: 'Save the profile' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Orbit Systems Inc. is saved (revision 2).').waitFor();
    expect(await profile.locator('dl').innerText()).toContain('Segment\nenterprise');

    // A CRM's file: its own name for the id and the e-mail; one bad row.
    await page.getByRole('link', { name: '← Customers' }).click();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const importer = page.getByRole('region', { name: 'Import customers from CSV' });
    await importer.getByLabel(/^CSV file/).setInputFiles({
      name: 'crm-accounts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CRM_FILE),
    });
    await importer.getByLabel('id (needed)').selectOption('Account ID');
    await importer.getByLabel('name (needed)').selectOption('Company');
    await importer.getByLabel('email (needed)').selectOption('Billing Email');
    await importer.getByRole('button', { name: 'Check the file' }).click();
    await expect
      .poll(() => importer.getByTestId('import-summary').textContent())
      .toBe(
        'The check found: 1 to create, 0 to change, 0 unchanged, 1 with problems (nothing is written yet).',
      );
    const rows = importer.getByRole('table', { name: 'Rows of the file' }).locator('tbody tr');
    expect(await rows.nth(0).locator('td').allInnerTexts()).toEqual([
      '2',
      'nimbus-labs',
      'Would be created',
      '—',
    ]);
    const bad = await rows.nth(1).locator('td').allInnerTexts();
    expect(bad.slice(0, 3)).toEqual(['3', 'bad-row', 'Cannot be imported']);
    expect(bad[3]).toMatch(/^Billing Email: must match/);
    await importer.getByRole('button', { name: 'Import' }).click();
    await expect
      .poll(() => importer.getByTestId('import-summary').textContent())
      .toBe('Imported: 1 created, 0 changed, 0 unchanged, 1 with problems.');
    await page.screenshot({ path: `${SCREENSHOTS}/customer-import.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Search by id or name').fill('nimbus');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    expect(await list.locator('tbody tr td').allInnerTexts()).toEqual([
      'Nimbus Labs\nnimbus-labs',
      'DE',
      'EUR',
      '—',
      'ap@nimbus.example',
      '1',
    ]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('customers.csv');
    const csv = (await readFile((await file.path())!, 'utf8')).trimEnd().split(/\r?\n/);
    expect(csv[0]).toBe(
      'id,name,country,region,currency,type,tax_id,tax_exempt,segment,email,address_line1,address_line2,city,postal_code,address_region,locale,anchor_day,promo_codes',
    );
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual([
      'acme-corp',
      'globex-gmbh',
      'initech',
      'nimbus-labs',
      'orbit-systems',
    ]);
    await page.context().close();
  });

  it('shows a support user the customers without any way to change them', async () => {
    const page = await newTab(running.browser());
    await signInAs(page, running.server(), 'demo-support');
    await page.goto(`${running.server().url}/customers/acme-corp`);
    await page.getByRole('heading', { name: /Acme Corp/ }).waitFor();
    const subscriptions = page.getByRole('table', { name: 'Subscriptions' });
    expect(await subscriptions.locator('tbody tr td').first().innerText()).toBe(
      'platform\nsub-acme-platform',
    );
    expect(await page.getByRole('button', { name: 'Edit the profile' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add a subscription' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Change' }).count()).toBe(0);
    await page.getByRole('link', { name: '← Customers' }).click();
    await page.getByRole('table', { name: 'Customers' }).waitFor();
    expect(await page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Export CSV' }).count()).toBe(1);
    await page.context().close();
  });
});
