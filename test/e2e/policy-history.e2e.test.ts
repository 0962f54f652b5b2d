// A policy's history in real headless Chromium on the real server: any two versions compared in a
// diff editor with the server's list of changed fields, and a rollback that starts a new draft
// with an older version's content.
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

describe('a policy history', { timeout: 30_000 }, () => {
  it('compares two published versions field by field, and rolls back to the older one as a new draft', async () => {
    const page = await newTab(running.browser());
    await signInAs(page, running.server(), 'demo-billing-admin');
    await page.goto(`${running.server().url}/policies/hardware-pricing`);
    // The latest version (v2, the 2027 price list) against the one in force before it.
    await page.getByRole('heading', { name: 'Compare versions' }).waitFor();
    await page.locator('.compare .monaco-diff-editor').waitFor();
    const changes = page.getByRole('list', { name: 'Changed fields' });
    await expect
      .poll(() => changes.textContent(), { timeout: 10_000 })
      .toContain('"4800.00" → "4950.00"');
    expect(await changes.textContent()).toContain('"18" → "20"');
    expect(await changes.textContent()).toContain('$.grandfatherExisting added: true');
    await page.screenshot({ path: `${SCREENSHOTS}/policy-history.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^v1 published/ }).click();
    await page.getByRole('button', { name: 'Roll back: new draft from v1' }).click();
    await page.waitForURL(/version=3$/);
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    await page.getByLabel('Compare from version').selectOption('1');
    await page.getByLabel('Compare to version').selectOption('3');
    await expect
      .poll(() => changes.textContent(), { timeout: 10_000 })
      .toContain('$.version 1 → 3');
    expect(await changes.textContent()).not.toContain('4950.00');
    const version3 = (await (
      await page.request.get(`${running.server().url}/api/v1/policies/hardware-pricing/versions/3`)
    ).json()) as { basedOn: number; status: string };
    expect(version3).toMatchObject({ basedOn: 1, status: 'draft' });
    await page.context().close();
  });
});
