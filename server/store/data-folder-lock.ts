// One process at a time in an embedded store's folder: nedb rewrites its files on load and on
// close, so a second process (a CLI run while the server is up) could drop the other's writes.
// The lock is a file created exclusively, holding the owner's process id; a lock left by a
// process that no longer runs (a crash) is taken over.
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const LOCK_FILE = 'LOCK';

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data folder ${dataDir} is in use by process ${pid}; stop it first (the embedded store serves one process at a time)`,
    );
    this.name = 'DataFolderInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock and returns its release; throws DataFolderInUseError if held. */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DataFolderInUseError(dataDir, owner);
      }
      // Left by a process that is gone: take it over.
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}
