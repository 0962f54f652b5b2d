// `billing audit verify`, the real command in a child process, on an embedded store this test
// filled and closed first (one process owns a data folder at a time): exit 0 for an intact log,
// 1 naming the tampered entry, 2 when there is no store to check.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, AUDIT_INDEXES, type AuditEntry } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION, auditEntryId } from '../../../server/audit/audit-entry';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { openStore } from '../../../server/store/open-store';
import { REPO_ROOT } from '../../unit/cli/cli-fixtures';

interface CommandRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `billing audit verify` with exactly this environment: nothing of the test run's own
 * (a MONGODB_URI, say) reaches the command.
 */
function auditVerify(environment: Record<string, string>): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/billing.mjs', 'audit', 'verify'], {
      cwd: REPO_ROOT,
      env: environment,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-audit-cli-'));
  const store = await openStore({ dataDir });
  await ensureIndexes(store, AUDIT_INDEXES);
  const clock = { now: () => new Date('2026-03-01T10:00:00.000Z') };
  for (const id of ['pv-1', 'pv-2', 'pv-3']) {
    await appendAuditEntry({
      store,
      clock,
      entry: {
        actor: { type: 'user', id: 'u-author' },
        action: 'policy.submitted',
        target: { type: 'policy_version', id },
      },
    });
  }
  await store.close();
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Changes a field of an entry directly in the datafiles, as someone with disk access could. */
async function tamperWithEntry(sequence: number): Promise<void> {
  const store = await openStore({ dataDir });
  await store
    .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
    .updateOne({ _id: auditEntryId(sequence) }, { $set: { 'target.id': 'pv-forged' } });
  await store.close();
}

describe('billing audit verify', { timeout: 20_000 }, () => {
  it('exits 0 and counts the entries of an intact log', async () => {
    const run = await auditVerify({ DATA_DIR: dataDir });

    expect(run).toEqual({ exitCode: 0, stdout: 'audit log verified: 3 entries\n', stderr: '' });
  });

  it('exits 1 and names entry 2 after it was changed on disk', async () => {
    await tamperWithEntry(2);

    const run = await auditVerify({ DATA_DIR: dataDir });

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^#2 edited: Entry 2 \(policy\.submitted of policy_version pv-forged/),
      'audit log does not verify: 1 problem(s)',
      '',
    ]);
  });

  it('exits 2 with one line when DATA_DIR names no folder, rather than verify an empty log', async () => {
    const missing = join(dataDir, 'no-such-folder');

    const run = await auditVerify({ DATA_DIR: missing });

    expect(run).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `cannot open the embedded store in ${missing}: there is no such folder (set DATA_DIR to the server's data folder)\n`,
    });
  });

  it('exits 2 with one line on a configuration the server would refuse', async () => {
    const run = await auditVerify({ MONGODB_URI: 'https://user:secret@example.test' });

    expect(run).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        'invalid configuration: MONGODB_URI: expected a mongodb:// or mongodb+srv:// connection string\n',
    });
  });
});
