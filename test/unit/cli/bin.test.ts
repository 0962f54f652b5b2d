// The real `billing` command, run as a child process. Each run starts Node and tsx (about a
// second), so there are few of them, and they run concurrently.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { withValueAt } from '../validation/builders';
import {
  ACME_REQUEST,
  EXAMPLES,
  REPO_ROOT,
  aTemporaryFolder,
  readDocument,
  writeDocument,
} from './cli-fixtures';

interface CommandRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function billing(...args: string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/billing.mjs', ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const RATE_SAAS = [
  'rate',
  '--policies',
  'rules/examples/saas/policies',
  '--request',
  'rules/examples/saas/requests/acme-2026-03.json',
];

let folder: string;
let removeFolder: () => Promise<void>;

beforeAll(async () => {
  ({ path: folder, remove: removeFolder } = await aTemporaryFolder());
});

afterAll(async () => {
  await removeFolder();
});

describe.concurrent('billing (bin/billing.mjs)', { timeout: 20_000 }, () => {
  it('validate rules/examples: exit 0 and the count of valid documents', async ({ expect }) => {
    const entries = await readdir(EXAMPLES, { recursive: true });
    const exampleCount = entries.filter((entry) => entry.endsWith('.json')).length;

    const run = await billing('validate', 'rules/examples');

    expect(run).toEqual({ exitCode: 0, stdout: `${exampleCount} document(s) valid\n`, stderr: '' });
  });

  it('rate --format table: exit 0 and the invoice preview', async ({ expect }) => {
    const run = await billing(...RATE_SAAS, '--format', 'table');

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^Invoice preview for acme-corp, 2026-03-01 to 2026-04-01 \(USD\)\n/,
    );
    expect(run.stdout).toMatch(/\n {6}price: graduated: 1000 x 0\.05 \(tier 1: /);
    expect(run.stdout).toContain('\nTotal                1654.15 USD\n');
  });

  it('rate with an invalid request: exit 1, stderr names the file and path', async ({ expect }) => {
    const request = await writeDocument(
      folder,
      'acme-bad.json',
      withValueAt(await readDocument(ACME_REQUEST), ['usage', 0, 'quantity'], 400),
    );

    const run = await billing(
      'rate',
      '--policies',
      'rules/examples/saas/policies',
      '--request',
      request,
    );

    expect(run).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `${request}: $.usage[0].quantity must be a decimal string such as "12.50", not a number\n`,
    });
  });

  it('rate --request <folder>: exit 1 and one line naming the folder', async ({ expect }) => {
    const run = await billing(
      'rate',
      '--policies',
      'rules/examples/saas/policies',
      '--request',
      'rules/examples/saas/requests',
    );

    expect(run).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'rules/examples/saas/requests: is a folder; --request takes one JSON file\n',
    });
  });

  it('rate --format xml: a usage error that says json or table', async ({ expect }) => {
    const run = await billing(...RATE_SAAS, '--format', 'xml');

    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `error: option '--format <format>' argument 'xml' is invalid. expected "json" or "table"`,
    );
    expect(run.stderr).toContain('Usage: billing rate [options]');
  });

  it('--help: exit 0 and the three commands', async ({ expect }) => {
    const run = await billing('--help');

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: billing \[options\] \[command\]\n/);
    expect(run.stdout).toMatch(/^ {2}validate <paths\.\.\.> /m);
    expect(run.stdout).toMatch(/^ {2}rate \[options\] /m);
    expect(run.stdout).toMatch(/^ {2}dunning \[options\] /m);
  });
});
