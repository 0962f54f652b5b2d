// The real server in a child process (node --import tsx server/main.ts) on a given data folder,
// for tests that kill it: SIGKILL, as a crash or an out-of-memory kill would, with no chance to
// finish anything; or SIGTERM, the graceful stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface ServerProcess {
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<unknown>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start in time:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"ledgerline listening"/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before listening:\n${output}`));
    });
  });
  return {
    url,
    exited,
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
