// Usage in real headless Chromium on the real server: Acme's March 2026 (400 VM hours and 100 GB
// a day from the examples) is invoiced, then the fleet reports 8 more VM hours for 14 March. The
// usage screen shows the month per meter and dimensions (31 x 400 + 8 = 12408 hours, 31 x 100 =
// 3100 GB), the day of the late event at 408 hours, the event itself flagged as an adjustment of
// the March invoice, that ingestion has caught up, and the meters with how they add up.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../server/retention/retention-periods';
import { saveRetentionSettings } from '../../server/retention/save-retention-settings';
import { addBillableAcme } from '../integration/invoicing/invoice-fixtures';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();
const INVOICE_ID = 'inv_acme-west_2026-03-01';

describe('the usage screen', { timeout: 90_000 }, () => {
  it("shows a customer's daily usage, its raw events with the late one flagged, and the meters", async () => {
    const server = running.server();
    const clock = { now: () => new Date() };
    await addBillableAcme(server.store, clock, 'acme-west');
    // The server runs on the real clock, and March 2026 is further back than the 30 days of raw
    // usage it accepts by default: the seller keeps raw usage two years.
    await saveRetentionSettings({
      store: server.store,
      clock,
      actor: { type: 'system', id: 'test-setup' },
      values: { ...DEFAULT_RETENTION, rawUsageDays: 730 },
      defaults: DEFAULT_RETENTION,
    });
    const page = await newTab(running.browser());
    await signInAs(page, server, 'demo-billing-admin');
    const session = (await (
      await page.request.get(`${server.url}/api/v1/auth/session`)
    ).json()) as {
      csrfToken: string;
    };
    const started = await page.request.post(`${server.url}/api/v1/invoice-runs`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { asOf: '2026-04-02T00:00:00Z' },
    });
    expect(started.status()).toBe(202);
    const runId = ((await started.json()) as { id: string }).id;
    await expect
      .poll(async () => {
        const run = await page.request.get(`${server.url}/api/v1/invoice-runs/${runId}`);
        return ((await run.json()) as { state: string }).state;
      })
      .toBe('completed');

    const reported = await page.request.post(`${server.url}/api/v1/usage`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
      data: {
        events: [
          {
            id: 'fleet-2026-03-14-vm-7',
            customerId: 'acme-west',
            meter: 'vm_hours',
            timestamp: '2026-03-14T10:00:00Z',
            quantity: '8',
            dimensions: { region: 'us-west-2', vm: 'vm-7' },
          },
        ],
      },
    });
    expect(((await reported.json()) as { results: unknown[] }).results).toEqual([
      expect.objectContaining({
        status: 'accepted',
        adjustment: expect.objectContaining({ invoiceId: INVOICE_ID }),
      }),
    ]);

    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByLabel('Customer id').fill('acme-west');
    await page.getByLabel('From (UTC)').fill('2026-03-01');
    await page.getByLabel('Through (UTC)').fill('2026-03-31');
    // Events land in the aggregates within seconds: the status says when they have.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return page.getByTestId('ingestion-status').textContent();
        },
        { timeout: 20_000 },
      )
      .toBe('Up to date: every batch received is in the daily aggregates.');
    const totals = page.getByRole('table', { name: 'Usage per meter and dimensions' });
    await expect
      .poll(() => totals.locator('tbody tr').allInnerTexts())
      .toEqual([
        'bandwidth_gb\tregion=us-west-2\t31\t3100 GB',
        'vm_hours\tregion=us-west-2\t31\t12408 hour',
      ]);
    const daily = page.getByRole('table', { name: 'Daily usage' }).locator('tbody tr');
    expect(await daily.count()).toBe(62);
    const late = daily.filter({ hasText: '2026-03-14' }).filter({ hasText: 'vm_hours' });
    expect((await late.locator('td').allInnerTexts()).slice(0, 6)).toEqual([
      '2026-03-14',
      'vm_hours',
      'region=us-west-2',
      '408 hour',
      '1',
      '—',
    ]);
    // Days imported as daily totals have no raw events to show.
    const imported = daily.filter({ hasText: '2026-03-13' }).filter({ hasText: 'vm_hours' });
    expect(await imported.locator('td').nth(4).innerText()).toBe('imported total');
    expect(await imported.getByRole('button').count()).toBe(0);

    await late.getByRole('button', { name: 'Events of vm_hours on 2026-03-14' }).click();
    const events = page.getByRole('table', { name: 'Events of vm_hours on 2026-03-14' });
    await events.waitFor();
    const cells = await events.locator('tbody tr td').allInnerTexts();
    expect([cells[0], cells[1], cells[2], cells[3], cells[6]]).toEqual([
      'fleet-2026-03-14-vm-7',
      '2026-03-14 10:00:00',
      '8',
      'region=us-west-2, vm=vm-7',
      `Adjustment after ${INVOICE_ID}`,
    ]);
    expect(
      await page.getByText('1 event shown; 1 arrived after the period was invoiced.').count(),
    ).toBe(1);

    const meters = page.getByRole('table', { name: 'Meters' }).locator('tbody tr');
    expect(await meters.nth(0).locator('td').allInnerTexts()).toEqual([
      'Bandwidth\nbandwidth_gb',
      'GB',
      'Sum of quantities',
      'region',
      'Data sent out to the internet, reported by the edge routers.',
    ]);
    expect(await meters.nth(1).locator('td').allInnerTexts()).toEqual([
      'VM hours\nvm_hours',
      'hour',
      'Sum of quantities',
      'region',
      'Hours virtual machines ran, reported by the compute fleet every hour per VM.',
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}/usage.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await events.getByRole('link', { name: INVOICE_ID }).click();
    await page.getByRole('heading', { name: /^Invoice INV-/ }).waitFor();
    await page.context().close();
  });
});
