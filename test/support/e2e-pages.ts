/// <reference lib="dom" />
// page.evaluate runs its function in the browser, with the DOM.
// Steps the end-to-end tests share: a browser tab of its own, and signing a demo user in through
// the sign-in screen, enrolling an authenticator first when the role needs one.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { totpCode } from '../../server/auth/totp';
import { launchChromium } from '../../server/invoicing/chromium';
import { startE2eServer, type E2eServer } from './e2e-server';

export async function newTab(browser: Browser, width = 1366, height = 900): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

/**
 * A Monaco editor's whole text (the page's first editor unless `within` holds another), replaced
 * by pasting: typing would get brackets closed for it.
 */
export async function replaceEditorText(page: Page, text: string, within?: Locator): Promise<void> {
  await page.evaluate((content) => navigator.clipboard.writeText(content), text);
  await (within ?? page).locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

const require = createRequire(import.meta.url);

/** TOTP secrets of the users enrolled so far, by user name. */
const secrets = new Map<string, string>();
/** The last TOTP step used per user: a code is accepted once. */
const lastSteps = new Map<string, number>();

function nextCode(username: string): string {
  const step = Math.max(Math.floor(Date.now() / 30_000), (lastSteps.get(username) ?? 0) + 1);
  lastSteps.set(username, step);
  return totpCode(secrets.get(username)!, new Date(step * 30_000));
}

/** Signs a demo user in on the sign-in screen, through MFA enrolment the first time it is due. */
export async function signInAs(page: Page, server: E2eServer, username: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(server.passwords[username]!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const enrolment = page.getByRole('heading', { name: 'Set up your authenticator' });
  const code = page.getByLabel('Code from your authenticator app');
  const shell = page.getByRole('button', { name: 'Sign out' });
  await enrolment.or(code).or(shell).first().waitFor();
  if (await enrolment.isVisible()) {
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    secrets.set(username, secret);
    await code.fill(nextCode(username));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Your authenticator is set up').waitFor();
    await page.getByLabel('Password').fill(server.passwords[username]!);
  }
  if (await code.isVisible()) {
    await code.fill(nextCode(username));
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await shell.waitFor();
}

/**
 * One real server and one Chromium for the test file, started before its tests and stopped after:
 * call at the top level of the file and read them inside the tests.
 */
export function useServerAndBrowser(): { server: () => E2eServer; browser: () => Browser } {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server!, browser: () => browser! };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The accessibility rules broken on the page as it is now, by axe-core (WCAG 2.1 A and AA):
 * unlabelled controls, contrast, landmarks, ARIA misuse. Each as "rule: help (where)".
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the app's Content-Security-Policy (rightly) lets
  // no injected script tag run.
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
}
