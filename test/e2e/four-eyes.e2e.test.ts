// Four eyes in real headless Chromium on the real server: an administrator (with MFA) creates, on
// the users screen, a user who is both a billing admin and an approver; that user writes and submits a change, and
// when they try to approve it themselves the screen shows the server's refusal and its reason.
// Another approver's approval is named in the history.
import { describe, expect, it } from 'vitest';
import { newTab, signInAs, useServerAndBrowser } from '../support/e2e-pages';

const running = useServerAndBrowser();

describe('four eyes', { timeout: 60_000 }, () => {
  it('refuses the author their own approval with the reason, even when they hold the approver role', async () => {
    const server = running.server();
    const admin = await newTab(running.browser());
    await signInAs(admin, server, 'demo-admin');
    await admin.getByRole('link', { name: 'Users and keys' }).click();
    const form = admin.getByRole('form', { name: 'New user' });
    const password = 'a long first password for reviews';
    await form.getByLabel('User name').fill('dana');
    await form.getByLabel('Display name').fill('Dana Both');
    await form.getByRole('checkbox', { name: 'billing admin' }).check();
    await form.getByRole('checkbox', { name: 'approver' }).check();
    await form.getByLabel('First password (hand it over privately)').fill(password);
    await form.getByRole('button', { name: 'Create the user' }).click();
    await admin
      .getByText('Dana Both (dana) can sign in now, and sets up an authenticator first.')
      .waitFor();
    const row = admin.getByRole('row', { name: /Dana Both/ });
    expect(await row.textContent()).toContain('billing admin, approver');
    expect(await row.textContent()).toContain('Not yet: asked at next sign-in');
    server.passwords.dana = password;

    const dana = await newTab(running.browser());
    await signInAs(dana, server, 'dana');
    await expect
      .poll(() => dana.getByTestId('signed-in-user').textContent())
      .toBe('Dana Both · billing admin, approver');
    await dana.goto(`${server.url}/policies/hardware-pricing`);
    await dana.getByRole('button', { name: /^New draft from v\d+$/ }).click();
    await dana.waitForURL(/version=3$/);
    await dana
      .getByLabel('Why this change (reviewers and the audit log read it)')
      .fill('Same price list, reviewed again');
    await dana.getByRole('button', { name: 'Submit for review' }).click();
    await dana.getByText('Submitted for review.').waitFor();

    await dana.getByRole('button', { name: 'Approve', exact: true }).click();
    const refusal = dana.locator('.lifecycle').getByRole('alert');
    await expect
      .poll(() => refusal.textContent())
      .toContain('you wrote or submitted this change; another approver must approve it');
    const version = (await (
      await dana.request.get(`${server.url}/api/v1/policies/hardware-pricing/versions/3`)
    ).json()) as { status: string; approvals: unknown[] };
    expect(version).toMatchObject({ status: 'in_review', approvals: [] });
    await expect
      .poll(() => dana.getByLabel('History of this version').textContent())
      .toContain('Written by Dana Both');

    const approver = await newTab(running.browser(), 820, 1180);
    await signInAs(approver, server, 'demo-approver');
    await approver.goto(`${server.url}/policies/hardware-pricing?version=3`);
    await approver.getByRole('button', { name: 'Approve', exact: true }).click();
    await approver.getByText('Approved.').waitFor();
    await expect
      .poll(() => approver.getByLabel('History of this version').textContent())
      .toContain('Approved by Demo approver');
    for (const page of [admin, dana, approver]) await page.context().close();
  });
});
