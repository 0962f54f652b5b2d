/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate runs its function in the browser, with the DOM.
// The policy editor in real headless Chromium on the real server: a published version is read
// only, a new draft is made from it and saved, a schema error shows as a marker while typing, the
// server's problems are listed and jump to their line, and a stale save is refused with a message
// that says what happened.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  newTab,
  replaceEditorText,
  useServerAndBrowser,
} from '../support/e2e-pages';

const SCREENSHOTS = 'test/e2e/screenshots';
const running = useServerAndBrowser();

async function signedInAdmin(): Promise<Page> {
  const page = await newTab(running.browser());
  await page.goto(`${running.server().url}/`);
  await page.getByLabel('User name').fill('demo-billing-admin');
  await page.getByLabel('Password').fill(running.server().passwords['demo-billing-admin']!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Policies' }).waitFor();
  return page;
}

async function editorText(page: Page): Promise<string> {
  // Monaco renders only the visible lines; the document is read back through its model instead.
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll('.view-lines .view-line')].map(
      (line) => line.textContent ?? '',
    );
    // Monaco draws spaces as no-break spaces.
    return lines.join('\n').replaceAll('\u00a0', ' ');
  });
}

describe('the policy editor', { timeout: 30_000 }, () => {
  it('makes a draft from a published version, marks schema errors as you type, and lists the server problems', async () => {
    const page = await signedInAdmin();
    await page.getByRole('link', { name: 'saas-tax' }).click();
    await page.getByRole('heading', { name: /saas-tax/ }).waitFor();
    await page.locator('.monaco-editor').waitFor();
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    expect(await editorText(page)).toContain('"key": "saas-tax"');
    await page.getByRole('button', { name: 'New draft from v1' }).click();
    await page.waitForURL(`${running.server().url}/policies/saas-tax?version=2`);
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    expect(await page.getByRole('toolbar').textContent()).toContain('draft');

    // A rate as a JSON number breaks the schema: a marker while typing, before any save.
    const response = await page.request.get(
      `${running.server().url}/api/v1/policies/saas-tax/versions/2`,
    );
    const draft = (await response.json()) as {
      document: { rules: Array<{ event: { params: Record<string, unknown> } }> };
    };
    const broken = structuredClone(draft.document);
    broken.rules[0]!.event.params.rate = 6.5;
    await replaceEditorText(page, JSON.stringify(broken, null, 2));
    await expect
      .poll(() => page.locator('.problems').textContent(), { timeout: 10_000 })
      .toContain('Incorrect type. Expected "string".');
    await page
      .locator('.problems button.link', { hasText: /^line \d+$/ })
      .first()
      .click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/policy-schema-error.png` });

    // Saved anyway, the server refuses it and names the field; the problem jumps to its line.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Not saved');
    const serverProblem = page.locator('.problems button.link', {
      hasText: '$.rules[0].event.params.rate',
    });
    await serverProblem.waitFor();
    await serverProblem.click();
    await expect
      .poll(() =>
        page
          .locator(
            '.monaco-editor .current-line ~ .view-line, .monaco-editor .view-overlays .current-line',
          )
          .count(),
      )
      .toBeGreaterThan(0);

    // Fixed, it saves and the revision moves on.
    const fixed = structuredClone(draft.document);
    fixed.rules[0]!.event.params.rate = '7.0';
    await replaceEditorText(page, JSON.stringify(fixed, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/policy-editor.png` });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('explains the field under the cursor and completes the operators of a condition', async () => {
    const page = await signedInAdmin();
    await page.goto(`${running.server().url}/policies/saas-discounts`);
    await page.getByRole('button', { name: 'New draft from v1' }).click();
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    const operatorLine = page.locator('.view-line', { hasText: '"operator": "' }).first();
    await operatorLine.click();
    // Hover help (Ctrl+K Ctrl+I shows it for the cursor's place): inside the "operator" key.
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await expect
      .poll(() => page.locator('.monaco-hover').first().textContent(), { timeout: 10_000 })
      .toContain('How the fact is compared with the value.');
    await page.keyboard.press('Escape');
    // Completion of the value: every operator the schema allows.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget .monaco-list-row');
    await expect
      .poll(() => suggestions.allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['"greaterThanInclusive"', '"notIn"', '"contains"']));
    await page.screenshot({ path: `${SCREENSHOTS}/policy-completion.png` });
    await page.context().close();
  });

  it('refuses a save made on a stale revision, and says how to see the current content', async () => {
    const first = await signedInAdmin();
    const second = await signedInAdmin();
    for (const page of [first, second]) {
      await page.goto(`${running.server().url}/policies/saas-pricing-usd`);
      await page
        .getByRole('button', { name: 'New draft from v1' })
        .or(page.getByRole('button', { name: 'Save draft' }))
        .first()
        .waitFor();
    }
    // The first tab makes the draft; both open it.
    await first.getByRole('button', { name: 'New draft from v1' }).click();
    await first.waitForURL(/version=2$/);
    await second.goto(`${running.server().url}/policies/saas-pricing-usd?version=2`);
    await second.getByRole('button', { name: 'Save draft' }).waitFor();
    const draft = (await (
      await first.request.get(`${running.server().url}/api/v1/policies/saas-pricing-usd/versions/2`)
    ).json()) as {
      document: { description?: string };
    };
    await replaceEditorText(
      second,
      JSON.stringify({ ...draft.document, description: 'Saved in the second tab' }, null, 2),
    );
    await second.getByRole('button', { name: 'Save draft' }).click();
    await second.getByText('Draft saved (revision 2).').waitFor();

    await replaceEditorText(
      first,
      JSON.stringify({ ...draft.document, description: 'Saved in the first tab' }, null, 2),
    );
    await first.getByRole('button', { name: 'Save draft' }).click();
    await expect
      .poll(() => first.getByRole('alert').first().textContent())
      .toContain('someone changed this version since you opened it (you had revision 1)');
    await first.screenshot({ path: `${SCREENSHOTS}/policy-stale-save.png` });
    await first.getByRole('button', { name: 'Reload the current version' }).click();
    await expect.poll(() => editorText(first)).toContain('Saved in the second tab');
    await first.context().close();
    await second.context().close();
  });

  it('keeps the screen and its unsaved text when the session ends, and saves after signing in again', async () => {
    const page = await signedInAdmin();
    await page.goto(`${running.server().url}/policies/saas-pricing-eur`);
    await page.getByRole('button', { name: 'New draft from v1' }).click();
    await page.waitForURL(/version=2$/);
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    const url = (path: string) => `${running.server().url}${path}`;
    const draftPath = '/api/v1/policies/saas-pricing-eur/versions/2';
    const draft = (await (await page.request.get(url(draftPath))).json()) as {
      document: Record<string, unknown>;
    };
    await replaceEditorText(
      page,
      JSON.stringify({ ...draft.document, description: 'Written across two sessions' }, null, 2),
    );

    // The session ends behind the page's back, as when it expires or is ended elsewhere.
    const { csrfToken } = (await (await page.request.get(url('/api/v1/auth/session'))).json()) as {
      csrfToken: string;
    };
    await page.request.post(url('/api/v1/auth/logout'), { headers: { 'x-csrf-token': csrfToken } });
    await page.getByRole('button', { name: 'Save draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Your session has ended.');
    expect(await dialog.getByLabel('User name').inputValue()).toBe('demo-billing-admin');
    await page.screenshot({ path: `${SCREENSHOTS}/session-ended.png` });
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('Password').fill(running.server().passwords['demo-billing-admin']!);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved (revision 2).').waitFor();
    const saved = (await (await page.request.get(url(draftPath))).json()) as {
      document: { description: string };
    };
    expect(saved.document.description).toBe('Written across two sessions');
    await page.context().close();
  });

  it('asks before dropping unsaved text, and lets a keyboard user leave the editor and save', async () => {
    const page = await signedInAdmin();
    await page.goto(`${running.server().url}/policies/saas-promotions-usd`);
    await page.getByRole('button', { name: 'New draft from v1' }).click();
    await page.waitForURL(/version=2$/);
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    expect(await page.locator('.keyboard-hint').first().textContent()).toBe(
      'In the editor, Tab indents. To move on with the keyboard, press Ctrl+M, then Tab.',
    );
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // Tab indented inside the editor: focus is still in it.
    const focusInEditor = () =>
      page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
    expect(await focusInEditor()).toBe(true);

    // Unsaved text is not dropped by moving to another version without a word.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: /^v1 published/ }).click();
    expect(asked).toEqual(['Your changes are not saved. Leave this version and lose them?']);
    expect(page.url()).toMatch(/version=2$/);

    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+M');
    await page.keyboard.press('Shift+Tab');
    expect(await focusInEditor()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save draft');
    await page.keyboard.press('Enter');
    await page.getByText('Draft saved (revision 2).').waitFor();
    await page.context().close();
  });
});
