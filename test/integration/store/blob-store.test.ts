// The folder blob store: bytes come back as they went in, under the SHA-256 of their content,
// kept once however often they are put; a file changed on disk is refused, not served; a
// malformed address is refused before any file is touched.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorruptedError, FolderBlobStore } from '../../../server/store/blob-store';

let folder: string;
let blobs: FolderBlobStore;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'ledgerline-blobs-'));
  blobs = new FolderBlobStore(folder);
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

// echo -n 'invoice INV-2026-000001' | sha256sum
const INVOICE = Buffer.from('invoice INV-2026-000001');
const INVOICE_SHA256 = '20ef6e313237abff57a74b333da45f8b3038e3ae49d731afcd0e774aedb6f59c';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('FolderBlobStore', () => {
  it('deletes a file once its retention is over, and says when there was none', async () => {
    await blobs.put(INVOICE);
    expect(await blobs.delete(INVOICE_SHA256)).toBe(true);
    expect(await blobs.get(INVOICE_SHA256)).toBeUndefined();
    expect(await blobs.delete(INVOICE_SHA256)).toBe(false);
    await expect(blobs.delete('../etc/passwd')).rejects.toThrow(RangeError);
  });

  it('gives back the same bytes under their SHA-256, and keeps them once', async () => {
    const stored = await blobs.put(INVOICE);
    expect(stored).toEqual({ sha256: INVOICE_SHA256, size: 23 });
    expect(await blobs.put(Buffer.from(INVOICE))).toEqual(stored);
    await Promise.all([blobs.put(INVOICE), blobs.put(INVOICE)]);

    expect((await blobs.get(stored.sha256))?.equals(INVOICE)).toBe(true);
    expect(await filesUnder(folder)).toEqual([
      path.join(stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256),
    ]);
  });

  it('answers undefined for an address it holds nothing at', async () => {
    expect(await blobs.get('0'.repeat(64))).toBeUndefined();
  });

  it('refuses a file changed on disk instead of serving it', async () => {
    const { sha256 } = await blobs.put(INVOICE);
    await writeFile(path.join(folder, sha256.slice(0, 2), sha256.slice(2, 4), sha256), 'forged');
    await expect(blobs.get(sha256)).rejects.toThrow(BlobCorruptedError);
  });

  it.each(['../../etc/passwd', 'B'.repeat(64), 'abc'])(
    'refuses the address %s',
    async (address) => {
      await expect(blobs.get(address)).rejects.toThrow(RangeError);
    },
  );
});
