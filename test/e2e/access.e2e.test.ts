// Users and API keys in real headless Chromium on the real server: an administrator (with MFA)
// creates a service key whose secret is shown once and works at once, revokes it (it stops
// working), gives a user another role and disables another, each with a reason; all of it lands
// in the audit log.
import { request as httpRequest } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  newTab,
  signInAs,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

describe('users and API keys', { timeout: 60_000 }, () => {
  it('creates and revokes a service key, changes roles and disables a user, with reasons', async () => {
    const server = running.server();
    const page = await newTab(running.browser());
    await signInAs(page, server, 'demo-admin');
    await page.getByRole('link', { name: 'Users and keys' }).click();
    await page.getByRole('heading', { name: 'Service API keys' }).waitFor();

    const keyForm = page.getByRole('form', { name: 'New API key' });
    await keyForm.getByLabel('Name (which service uses it)').fill('usage-collector');
    await keyForm.getByRole('checkbox', { name: 'policies:read' }).check();
    await keyForm.getByRole('button', { name: 'Create the key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!;
    const service = await httpRequest.newContext();
    const asService = () =>
      service.get(`${server.url}/api/v1/policies`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await asService()).status()).toBe(200);
    const keyRow = page.getByRole('row', { name: /usage-collector/ });
    await keyRow.waitFor();
    expect(await keyRow.textContent()).toContain('by Demo admin');
    await page.screenshot({ path: `${SCREENSHOTS}/users-and-keys.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Done: hide it' }).click();
    await keyRow.getByRole('button', { name: 'Revoke: usage-collector' }).click();
    await keyRow.getByLabel('Why (the audit log keeps it)').fill('the collector moved hosts');
    await keyRow.getByRole('button', { name: 'Revoke the key' }).click();
    await page.getByText('usage-collector is revoked').waitFor();
    expect((await asService()).status()).toBe(401);

    const support = page.getByRole('row', { name: /Demo support/ });
    await support.getByRole('button', { name: 'Change roles: Demo support' }).click();
    await support.getByRole('checkbox', { name: 'revops' }).check();
    await support.getByRole('button', { name: 'Save the roles' }).click();
    // The reason is required: the browser asks for it before anything is sent.
    expect(
      await support
        .getByLabel('Why (the audit log keeps it)')
        .evaluate((field) => (field as HTMLTextAreaElement).validity.valueMissing),
    ).toBe(true);
    await support.getByLabel('Why (the audit log keeps it)').fill('covers revenue questions');
    await support.getByRole('button', { name: 'Save the roles' }).click();
    await page.getByText('Demo support now has the roles revops, support').waitFor();
    // The list is read again after the change.
    await expect.poll(() => support.textContent()).toContain('revops, support');

    const revops = page.getByRole('row', { name: /Demo revops/ });
    await revops.getByRole('button', { name: 'Disable: Demo revops' }).click();
    await revops.getByLabel('Why (the audit log keeps it)').fill('left the company');
    await revops.getByRole('button', { name: 'Disable the user' }).click();
    await page.getByText('Demo revops is disabled and signed out everywhere.').waitFor();
    await expect.poll(() => revops.textContent()).toContain('Disabled');
    const refused = await service.post(`${server.url}/api/v1/auth/login`, {
      data: { username: 'demo-revops', password: server.passwords['demo-revops'] },
    });
    expect(refused.status()).toBe(401);

    const log = (await (
      await page.request.get(`${server.url}/api/v1/audit/entries?targetType=api_key`)
    ).json()) as { entries: { action: string; reason?: string }[] };
    expect(log.entries.map((entry) => [entry.action, entry.reason])).toEqual(
      expect.arrayContaining([
        ['api_key.created', undefined],
        ['api_key.revoked', 'the collector moved hosts'],
      ]),
    );
    await service.dispose();
    await page.context().close();
  });
});
