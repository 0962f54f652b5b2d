// The whole job in real headless Chromium on the real server: a billing admin raises the USD
// platform fee from 499.00 to 599.00 in the editor, simulates it for Acme in March 2026, and
// submits it with a reason (which simulates it over every stored customer); the admin is shown no way to approve it; an approver signs in
// with MFA, sees the diff and the revenue impact (Acme +110.35 USD), approves and publishes it;
// and the rating API then prices the platform at the new fee.
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  newTab,
  replaceEditorText,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

/** Acme's platform subscription alone, in a month after the change takes effect. */
const JANUARY_2027 = {
  customer: {
    id: 'acme-corp',
    segment: 'enterprise',
    country: 'US',
    region: 'WA',
    currency: 'USD',
    attributes: { city: 'Seattle' },
  },
  period: { start: '2027-01-01', end: '2027-02-01' },
  subscriptions: [
    { id: 'sub-acme-platform', product: 'platform', type: 'recurring', start: '2025-06-01' },
  ],
};

async function ratedTotal(): Promise<string> {
  const response = await fetch(`${running.server().url}/api/v1/rate`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${running.server().apiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(JANUARY_2027),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { totals: { total: string } }).totals.total;
}

describe('a price change from the editor to the rating API', { timeout: 60_000 }, () => {
  it('is written, simulated and submitted, approved with MFA by someone else, published, and rated', async () => {
    // 499.00 + 6.5% Washington (32.44) + 3.85% Seattle (19.21)
    expect(await ratedTotal()).toBe('550.65');

    const admin = await newTab(running.browser());
    await signInAs(admin, running.server(), 'demo-billing-admin');
    await admin.goto(`${running.server().url}/policies/saas-pricing-usd`);
    await admin.getByRole('button', { name: 'New draft from v1' }).click();
    await admin.waitForURL(/version=2$/);
    await admin.getByRole('button', { name: 'Save draft' }).waitFor();
    const draft = (await (
      await admin.request.get(`${running.server().url}/api/v1/policies/saas-pricing-usd/versions/2`)
    ).json()) as { document: Record<string, unknown> };
    const text = JSON.stringify(draft.document, null, 2);
    expect(text).toContain('"amount": "499.00"');
    await replaceEditorText(admin, text.replace('"amount": "499.00"', '"amount": "599.00"'));
    await admin.getByRole('button', { name: 'Save draft' }).click();
    await admin.getByText('Draft saved (revision 2).').waitFor();
    // Simulated for Acme alone in March 2026: 1654.15 -> 1764.50.
    await admin.getByLabel('Period from').fill('2026-03-01');
    await admin.getByLabel('Period up to (not included)').fill('2026-04-01');
    await admin.getByRole('checkbox', { name: /Acme Corp/ }).check();
    await admin.getByRole('button', { name: 'Simulate', exact: true }).click();
    const simulated = admin.locator('.simulate').getByRole('table', {
      name: 'Revenue impact per customer',
    });
    await expect.poll(() => simulated.textContent(), { timeout: 10_000 }).toContain('acme-corp');
    expect(await simulated.textContent()).toContain('1654.15 USD1764.50 USD+110.35');
    expect(await simulated.locator('tbody tr').count()).toBe(1);
    await admin.screenshot({ path: `${SCREENSHOTS}/simulation.png`, fullPage: true });
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin
      .getByLabel('Why this change (reviewers and the audit log read it)')
      .fill('Platform fee rises to 599.00 from January');
    const submitting = performance.now();
    await admin.getByRole('button', { name: 'Submit for review' }).click();
    await admin.getByText('Submitted for review.').waitFor();
    console.log(
      `e2e: submit with the simulation of March 2026 over every demo customer answered in ${Math.round(performance.now() - submitting)} ms`,
    );
    // The author has no way to approve: the screen says who may.
    expect(await admin.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    await admin.getByText('Waiting for an approver').waitFor();
    await admin.screenshot({ path: `${SCREENSHOTS}/submitted.png`, fullPage: true });

    const approver = await newTab(running.browser(), 820, 1180);
    await signInAs(approver, running.server(), 'demo-approver');
    await approver.goto(`${running.server().url}/policies/saas-pricing-usd?version=2`);
    await approver.getByRole('heading', { name: /Review: v2 against v1/ }).waitFor();
    await approver.locator('.review .monaco-diff-editor').waitFor();
    const perCustomer = approver.getByRole('table', { name: 'Revenue impact per customer' });
    await expect.poll(() => perCustomer.textContent(), { timeout: 10_000 }).toContain('acme-corp');
    expect(await perCustomer.textContent()).toContain('+110.35');
    expect(
      await approver.getByRole('table', { name: 'Revenue impact per currency' }).textContent(),
    ).toContain('USD');
    await approver.screenshot({ path: `${SCREENSHOTS}/review.png`, fullPage: true });
    expect(await accessibilityViolations(approver)).toEqual([]);
    await approver.getByLabel('Comment (needed to reject)').fill('Checked against the price list');
    await approver.getByRole('button', { name: 'Approve', exact: true }).click();
    await approver.getByText('Approved.').waitFor();
    // Names come from a lookup of the ids the version records.
    const history = () => approver.getByLabel('History of this version').textContent();
    await expect.poll(history).toContain('Written by Demo billing admin');
    expect(await history()).toContain('Approved by Demo approver');
    await approver.getByRole('button', { name: 'Publish', exact: true }).click();
    await approver.getByText(/^Published, in force from \d{4}-\d{2}-\d{2}\.$/).waitFor();

    // 599.00 + 38.94 + 23.06
    expect(await ratedTotal()).toBe('661.00');
    await admin.context().close();
    await approver.context().close();
  });
});
