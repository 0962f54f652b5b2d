// One process at a time in an embedded store's folder.
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError } from '../../../server/store/data-folder-lock';
import { openStore } from '../../../server/store/open-store';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-lock-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded store folder lock', () => {
  it('refuses a folder another running process holds, naming it', async () => {
    // The test runner's parent process is alive for the whole test.
    await writeFile(join(dataDir, 'LOCK'), String(process.ppid));
    const opening = openStore({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(opening).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('takes over a lock left by a process that has ended', async () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    await writeFile(join(dataDir, 'LOCK'), String(ended));
    const store = await openStore({ dataDir });
    await store.close();
  });

  it('holds the lock while open and releases it on close', async () => {
    const store = await openStore({ dataDir });
    await expect(access(join(dataDir, 'LOCK'))).resolves.toBeUndefined();
    await store.close();
    await expect(access(join(dataDir, 'LOCK'))).rejects.toThrow();
  });
});
