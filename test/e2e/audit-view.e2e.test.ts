// The audit view in real headless Chromium on the real server: a finance user sees that the chain
// verifies, narrows the log to one action and then to one person (by keyboard), exports exactly
// those rows as CSV, finds the export recorded in the log, and sees the chain reported broken the
// moment an entry is changed in the database behind the API.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_LOG_COLLECTION,
  auditEntryId,
  type AuditEntry,
} from '../../server/audit/audit-entry';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

describe('the audit view', { timeout: 60_000 }, () => {
  it('filters the log, exports what it shows as CSV, and reports a tampered chain', async () => {
    const page = await newTab(running.browser());
    await signInAs(page, running.server(), 'demo-finance');
    const api = async <T>(path: string) =>
      (await (await page.request.get(`${running.server().url}${path}`)).json()) as T;
    const session = await api<{ user: { id: string } }>('/api/v1/auth/session');
    const financeId = session.user.id;
    await expect
      .poll(() => page.getByTestId('signed-in-user').textContent())
      .toBe('Demo finance · finance');

    await page.getByRole('link', { name: 'Audit' }).click();
    const verified = await api<{ entries: number }>('/api/v1/audit/verify');
    await expect
      .poll(() => page.getByTestId('chain-verdict').textContent())
      .toBe(`Intact: all ${verified.entries} entries verify against their hashes and links.`);
    await page.locator('.audit-table tbody tr').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/audit-view.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Action').selectOption('auth.login');
    const rows = page.locator('.audit-table tbody tr');
    const logins = await api<{ entries: AuditEntry[] }>('/api/v1/audit/entries?action=auth.login');
    expect(logins.entries.length).toBeGreaterThan(0);
    await expect.poll(() => rows.count()).toBe(logins.entries.length);
    expect(await rows.locator('td:nth-child(4)').allTextContents()).toEqual(
      logins.entries.map(() => 'auth login'),
    );

    // Following one person: their name is a button that narrows the view to them.
    const financeButton = rows.getByRole('button', { name: 'Demo finance' }).first();
    await financeButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Who (user or key id)').inputValue()).toBe(financeId);
    const own = logins.entries.filter((entry) => entry.actor.id === financeId);
    await expect.poll(() => rows.count()).toBe(own.length);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('audit-log_start_now.csv');
    const csv = (await readFile((await file.path())!, 'utf8')).trimEnd().split('\r\n');
    expect(csv[0]).toMatch(/^sequence,at,actor_type,actor_id,action,/);
    expect(csv.slice(1).map((row) => row.split(',').slice(3, 5))).toEqual(
      own.map(() => [financeId, 'auth.login']),
    );
    await page.getByText('Exported audit-log_start_now.csv').waitFor();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Action').selectOption('audit.exported');
    await expect.poll(() => rows.first().textContent()).toContain('audit exported');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Demo finance');
    expect(await rows.first().textContent()).toContain(`format csv, entries ${own.length}`);

    // An intruder edits who made entry 2, straight in the database.
    await running
      .server()
      .store.collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .updateOne({ _id: auditEntryId(2) }, { $set: { 'actor.id': 'usr_intruder' } });
    await page.getByRole('button', { name: 'Verify again' }).click();
    await expect
      .poll(() => page.getByTestId('chain-verdict').textContent())
      .toBe(
        'Broken: 1 problem found. Entries may have been edited, deleted or reordered in the database.',
      );
    expect(await page.locator('.chain-status li').first().textContent()).toContain('Entry 2 ');

    // From an entry about a policy version to that version.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Target type').selectOption('policy_version');
    const open = rows.getByRole('link', { name: 'Open saas-pricing-usd@1' }).first();
    await open.click();
    await page.waitForURL(/\/policies\/saas-pricing-usd\?version=1$/);
    await page.getByRole('heading', { name: /saas-pricing-usd/ }).waitFor();
    await page.context().close();
  });
});
