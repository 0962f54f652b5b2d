// The invoice preview in real headless Chromium on the real server: a billing admin drafts the
// USD platform fee at 599.00, simulates March 2026 over the demo customers, and reads Acme's whole
// invoice with the draft (each line, its taxes and how it was computed); then pastes a rating
// request, is shown the server's problem inside it, mends it and sees its invoice. The invoice
// is read again at phone width.
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

/** The platform subscription alone in Seattle; `currency` left out until it is mended. */
function pastedRequest(currency?: string): string {
  return JSON.stringify(
    {
      customer: {
        id: 'pasted-customer',
        country: 'US',
        region: 'WA',
        ...(currency && { currency }),
        attributes: { city: 'Seattle' },
      },
      period: { start: '2026-03-01', end: '2026-04-01' },
      subscriptions: [{ id: 'sub-1', product: 'platform', type: 'recurring', start: '2025-06-01' }],
    },
    null,
    2,
  );
}

describe('the invoice preview of a draft', { timeout: 60_000 }, () => {
  it("shows a stored customer's invoice and a pasted request's, line by line with explanations", async () => {
    const page = await newTab(running.browser());
    await signInAs(page, running.server(), 'demo-billing-admin');
    await page.goto(`${running.server().url}/policies/saas-pricing-usd`);
    await page.getByRole('button', { name: 'New draft from v1' }).click();
    await page.waitForURL(/version=2$/);
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    const draft = (await (
      await page.request.get(`${running.server().url}/api/v1/policies/saas-pricing-usd/versions/2`)
    ).json()) as { document: Record<string, unknown> };
    const text = JSON.stringify(draft.document, null, 2);
    await replaceEditorText(page, text.replace('"amount": "499.00"', '"amount": "599.00"'));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();

    await page.getByLabel('Period from').fill('2026-03-01');
    await page.getByLabel('Period up to (not included)').fill('2026-04-01');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    await page.getByRole('button', { name: 'Show invoice of acme-corp' }).click();
    const acme = page.getByRole('region', { name: 'Invoice of acme-corp' });
    const preview = acme.getByRole('status').filter({ hasText: 'With saas-pricing-usd v2' });
    await expect
      .poll(() => preview.textContent())
      .toContain('1764.50 USD instead of 1654.15 (+110.35)');
    const platform = acme.getByRole('region', { name: 'Platform subscription' });
    // 599.00 + 38.94 (6.5% of 599.00, 38.935 up) + 23.06 (3.85%) = 661.00
    expect(await platform.textContent()).toContain('661.00 USD');
    expect(await platform.textContent()).toContain('38.94');
    await platform.getByText('How this line was computed').click();
    expect(await platform.locator('.explanation').textContent()).toContain(
      'flat 599 = 599 (saas-pricing-usd v2, rule platform-fee)',
    );
    await acme.getByRole('button', { name: 'Published' }).click();
    expect(
      await acme
        .getByRole('article', { name: 'Invoice with the published versions' })
        .textContent(),
    ).toContain('1654.15 USD');
    await page.screenshot({ path: `${SCREENSHOTS}/invoice-preview.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('radio', { name: 'A pasted rating request' }).check();
    const request = page.getByLabel('Rating request to preview');
    await request.locator('.monaco-editor').waitFor();
    await replaceEditorText(page, pastedRequest(), page.locator('.pasted-request'));
    await page.getByRole('button', { name: 'Preview invoice' }).click();
    const problems = page.getByRole('region', { name: /Problems in the rating request/ });
    await expect.poll(() => problems.textContent()).toContain('$.customer');
    expect(await page.locator('.pasted-request').getByRole('alert').textContent()).toContain(
      '$.request.customer',
    );

    await replaceEditorText(page, pastedRequest('USD'), page.locator('.pasted-request'));
    await page.getByRole('button', { name: 'Preview invoice' }).click();
    const pasted = page.locator('.pasted-request').getByRole('article', {
      name: 'Invoice with saas-pricing-usd v2',
    });
    await expect.poll(() => pasted.textContent()).toContain('pasted-customer');
    expect(await pasted.getByRole('table', { name: 'Totals' }).textContent()).toContain(
      'Total661.00 USD',
    );
    await page.context().close();

    // A phone: the invoice of a stored customer still reads, line by line.
    const phone = await newTab(running.browser(), 390, 844);
    await signInAs(phone, running.server(), 'demo-billing-admin');
    await phone.goto(`${running.server().url}/policies/saas-pricing-usd?version=2`);
    await phone.getByLabel('Period from').fill('2026-03-01');
    await phone.getByLabel('Period up to (not included)').fill('2026-04-01');
    await phone.getByRole('checkbox', { name: /Acme Corp/ }).check();
    await phone.getByRole('button', { name: 'Simulate', exact: true }).click();
    await phone.getByRole('button', { name: 'Show invoice of acme-corp' }).click();
    const line = phone.getByRole('region', { name: 'Platform subscription' });
    await line.waitFor();
    const box = (await line.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await line.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${SCREENSHOTS}/invoice-preview-phone.png`, fullPage: true });
    expect(await accessibilityViolations(phone)).toEqual([]);
    await phone.context().close();
  });
});
