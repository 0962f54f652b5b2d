// Files the platform keeps (invoice PDFs first of all), addressed by the SHA-256 of their bytes:
// the record that refers to a file keeps its hash, so what is read back is provably what was
// written, and downloading an invoice twice gives the same bytes. Behind this small port a
// cloud object store can replace the local folder.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface StoredBlob {
  /** Lower-case hex SHA-256 of the bytes: the blob's address. */
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Keeps the bytes (once, however often they are put) and returns their address. */
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /** The bytes at the address, checked against it; undefined when there are none. */
  get(sha256: string): Promise<Buffer | undefined>;
  /**
   * Removes the bytes at the address (retention: the caller checked that no record refers to
   * them any more); false when there were none.
   */
  delete(sha256: string): Promise<boolean>;
}

/** The bytes kept no longer hash to their address: the file was changed outside Ledgerline. */
export class BlobCorruptedError extends Error {
  constructor(readonly sha256: string) {
    super(`the stored file ${sha256} no longer matches its SHA-256: it was changed on disk`);
    this.name = 'BlobCorruptedError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Blobs in a local folder, as ab/cd/<sha256>. A blob is written to a temporary file, flushed to
 * disk and renamed into place, so a process killed while writing leaves no partial blob behind
 * its address (only a temporary file, never read).
 */
export class FolderBlobStore implements BlobStore {
  constructor(private readonly folder: string) {}

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    if ((await this.read(target)) === undefined) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = path.join(this.folder, `.tmp-${randomBytes(8).toString('hex')}`);
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    }
    return { sha256, size: bytes.byteLength };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256.test(sha256)) throw new RangeError(`"${sha256}" is not a SHA-256 in hex`);
    const bytes = await this.read(this.pathOf(sha256));
    if (bytes !== undefined && sha256Of(bytes) !== sha256) throw new BlobCorruptedError(sha256);
    return bytes;
  }

  async delete(sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) throw new RangeError(`"${sha256}" is not a SHA-256 in hex`);
    try {
      await unlink(this.pathOf(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private pathOf(sha256: string): string {
    return path.join(this.folder, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  private async read(file: string): Promise<Buffer | undefined> {
    try {
      return await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
