// The editor in real headless Chromium on the real server (embedded store, demo data): the first
// screen and how long it takes, sign-in with a password, MFA enrolment with the QR code for an
// approver and sign-in with a code, what each role is shown, and the policy list's filters.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../server/auth/totp';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

async function signIn(page: Page, username: string, code?: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(running.server().passwords[username]!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (code !== undefined) {
    await page.getByLabel('Code from your authenticator app').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
}

describe('signing in to the editor', { timeout: 30_000 }, () => {
  it('shows the sign-in screen first, and says how long it took', async () => {
    const page = await newTab(running.browser());
    const started = performance.now();
    await page.goto(`${running.server().url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const milliseconds = Math.round(performance.now() - started);
    console.log(`e2e: first screen (sign-in) shown in ${milliseconds} ms on loopback`);
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png` });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.title()).toBe('Ledgerline');
    await page.context().close();
  });

  it('refuses a wrong password with the reason and stays on the sign-in screen', async () => {
    const page = await newTab(running.browser());
    await page.goto(`${running.server().url}/`);
    await page.getByLabel('User name').fill('demo-billing-admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('the user name or password is wrong');
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('signs a billing admin in to the policies, filtered by kind and searched by key', async () => {
    const page = await newTab(running.browser());
    await page.goto(`${running.server().url}/`);
    await signIn(page, 'demo-billing-admin');
    await page.getByRole('heading', { name: 'Policies' }).waitFor();
    expect(page.url()).toBe(`${running.server().url}/policies`);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('billing admin');
    const keys = () => page.locator('tbody tr td:first-child').allTextContents();
    await expect
      .poll(keys)
      .toEqual([
        'hardware-pricing',
        'hardware-tax',
        'hardware-volume-discounts',
        'saas-discounts',
        'saas-pricing-eur',
        'saas-pricing-usd',
        'saas-promotions-usd',
        'saas-tax',
        'standard-dunning',
      ]);
    await page.screenshot({ path: `${SCREENSHOTS}/policies.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Kind').selectOption('tax');
    await expect.poll(keys).toEqual(['hardware-tax', 'saas-tax']);
    await page.getByLabel('Kind').selectOption('');
    await page.getByLabel('Search').fill('USD');
    await expect.poll(keys).toEqual(['saas-pricing-usd', 'saas-promotions-usd']);
    // A reload keeps the address and the session.
    await page.reload();
    await page.getByRole('heading', { name: 'Policies' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('takes an approver through MFA enrolment, then signs in with a code', async () => {
    const page = await newTab(running.browser(), 820, 1100);
    await page.goto(`${running.server().url}/`);
    await signIn(page, 'demo-approver');
    await page.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
    await page.getByAltText('QR code of the authenticator secret').waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    await page.screenshot({ path: `${SCREENSHOTS}/mfa-enrolment.png` });
    expect(await accessibilityViolations(page)).toEqual([]);
    // A wrong first code is refused and named.
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('is not the code the authenticator app shows now');
    const now = new Date();
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, now));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Your authenticator is set up').waitFor();
    // The code just used for enrolment cannot sign in again: take the next step's code.
    await page.getByLabel('Password').fill(running.server().passwords['demo-approver']!);
    await page
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(secret, new Date(now.getTime() + 30_000)));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Policies' }).waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('approver');
    await page.context().close();
  });

  it('changes the own password from the account screen, then signs in with the new one', async () => {
    const server = running.server();
    const page = await newTab(running.browser());
    await signInAs(page, server, 'demo-support');
    await page.getByTestId('signed-in-user').click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const form = page.getByRole('form', { name: 'Change your password' });
    const fresh = 'support desk passphrase 2027';
    await form.getByLabel('Current password').fill('not the password at all');
    await form.getByLabel('New password', { exact: true }).fill(fresh);
    await form.getByLabel('New password again').fill(fresh);
    await form.getByRole('button', { name: 'Change the password' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('The current password is wrong.');
    expect(await accessibilityViolations(page)).toEqual([]);

    await form.getByLabel('Current password').fill(server.passwords['demo-support']!);
    await form.getByRole('button', { name: 'Change the password' }).click();
    await page.getByText('Your password is changed. Sign in with the new one.').waitFor();
    server.passwords['demo-support'] = fresh;
    await signInAs(page, server, 'demo-support');
    await expect
      .poll(() => page.getByTestId('signed-in-user').textContent())
      .toBe('Demo support · support');
    await page.context().close();
  });
});
