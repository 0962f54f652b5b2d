// nedb appends every write to its datafile with fs.appendFile, which opens and closes the file
// each time: three system calls per document written, most of the embedded store's time under a
// stream of small writes (usage aggregation writes thousands). This keeps one append handle open
// per datafile instead. A rewrite of the file (compaction, crash-safe write) or its deletion
// closes the handle first, so nothing is ever written to a file that has been replaced. Writes
// reach the operating system at once, as before (neither version calls fsync on append).
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

interface NedbStorage {
  appendFileAsync(filename: string, data: string, options: { mode?: number }): Promise<void>;
  crashSafeWriteFileLinesAsync(filename: string, ...rest: unknown[]): Promise<void>;
  unlinkAsync(filename: string): Promise<void>;
}

const storage = createRequire(import.meta.url)('@seald-io/nedb/lib/storage.js') as NedbStorage;
const handles = new Map<string, Promise<FileHandle>>();
let installed = false;

async function closeHandle(filename: string): Promise<void> {
  const handle = handles.get(filename);
  if (handle === undefined) return;
  handles.delete(filename);
  try {
    await (await handle).close();
  } catch {
    // It never opened: there is nothing to close.
  }
}

async function append(filename: string, data: string, mode: number | undefined): Promise<void> {
  let handle = handles.get(filename);
  if (handle === undefined) {
    handle = open(filename, 'a', mode);
    handles.set(filename, handle);
  }
  try {
    const file = await handle;
    const bytes = Buffer.from(data, 'utf8');
    // A write to a regular file may take fewer bytes than asked (a full disk): go on until done.
    for (let offset = 0; offset < bytes.length;) {
      const { bytesWritten } = await file.write(bytes, offset);
      offset += bytesWritten;
    }
  } catch (error) {
    await closeHandle(filename);
    throw error;
  }
}

/** Makes nedb append through kept handles; once per process. */
export function keepNedbAppendHandles(): void {
  if (installed) return;
  installed = true;
  const rewrite = storage.crashSafeWriteFileLinesAsync;
  const unlink = storage.unlinkAsync;
  storage.appendFileAsync = (filename, data, options) => append(filename, data, options.mode);
  storage.crashSafeWriteFileLinesAsync = async (filename, ...rest) => {
    await closeHandle(filename);
    await rewrite(filename, ...rest);
  };
  storage.unlinkAsync = async (filename) => {
    await closeHandle(filename);
    await unlink(filename);
  };
}

/** Closes the handles of the datafiles in a folder (the store is closing). */
export async function closeNedbAppendHandles(folder: string): Promise<void> {
  const inFolder = [...handles.keys()].filter((file) => path.dirname(file) === folder);
  await Promise.all(inFolder.map(closeHandle));
}
