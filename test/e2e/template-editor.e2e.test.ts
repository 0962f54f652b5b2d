// The template screen in real headless Chromium on the real server: a billing admin starts a draft
// of the invoice template, sees a mistake in the source named at its line as the live preview
// refuses it, mends it, sees the change in the HTML preview rendered with the sample invoice,
// prints the PDF through the server (one A4 page) and saves the draft.
import { describe, expect, it } from 'vitest';
import { isPdf, pageCount } from '../support/pdf-pages';
import {
  accessibilityViolations,
  newTab,
  replaceEditorText,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

describe('the template screen', { timeout: 60_000 }, () => {
  it('previews a draft of the invoice live, as HTML and as the PDF the server prints, and saves it', async () => {
    const page = await newTab(running.browser());
    await signInAs(page, running.server(), 'demo-billing-admin');
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('link', { name: 'invoice', exact: true }).click();
    await page.getByRole('button', { name: 'New draft from v1' }).click();
    await page.waitForURL(/version=2$/);
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    const preview = page.frameLocator('iframe[title="HTML preview"]');
    await expect.poll(() => preview.locator('h1').textContent()).toBe('Invoice');

    const version = (await (
      await page.request.get(`${running.server().url}/api/v1/templates/invoice/versions/2`)
    ).json()) as { document: { source: string } };
    const source = version.document.source;
    const lineOfName = source.split('\n').findIndex((line) => line.includes('{{customer.name}}'));
    await replaceEditorText(page, source.replace('{{customer.name}}', '{{customer.nmae}}'));
    const problems = page.getByRole('region', { name: /^Problems/ });
    await expect.poll(() => problems.textContent()).toContain(`line ${lineOfName + 1}`);
    expect(await problems.textContent()).toContain('"nmae" is not a field of the context here');

    await replaceEditorText(page, source.replace('<h1>Invoice</h1>', '<h1>Tax invoice</h1>'));
    await expect.poll(() => preview.locator('h1').textContent()).toBe('Tax invoice');
    expect(await problems.textContent()).toContain('No problems found.');

    // The PDF as the server answered it, passed on to the page unchanged.
    let printed: { status: number; type: string | undefined; body: Buffer } | undefined;
    await page.route('**/api/v1/templates/preview/pdf', async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      printed = { status: response.status(), type: response.headers()['content-type'], body };
      await route.fulfill({ response, body });
    });
    await page.getByRole('button', { name: 'Preview the PDF' }).click();
    await page.locator('iframe[title="PDF preview"]').waitFor();
    expect(printed).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(isPdf(printed!.body)).toBe(true);
    expect(pageCount(printed!.body)).toBe(1);
    await page.getByRole('link', { name: /^Download the PDF \(\d+ KB\)$/ }).waitFor();

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();
    const saved = (await (
      await page.request.get(`${running.server().url}/api/v1/templates/invoice/versions/2`)
    ).json()) as { document: { source: string } };
    expect(saved.document.source).toContain('<h1>Tax invoice</h1>');
    await page.screenshot({ path: `${SCREENSHOTS}/template-editor.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
