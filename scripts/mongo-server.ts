// A MongoDB wire-protocol server for the integration tests: FerretDB v1 on SQLite, embedded in
// the small Go program of test/mongo-server/ (no mongod can be installed on our machines).
//
//   startMongoServer() builds the program when it is missing or older than its sources, starts
//   it on a free loopback port with a fresh data folder, waits until it answers a MongoDB ping,
//   and returns its URI with a stop function. The test run's global setup calls it once.
//
//   npx tsx scripts/mongo-server.ts   starts one by hand and prints its URI (Ctrl-C stops it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

const SERVER_DIR = fileURLToPath(new URL('../test/mongo-server/', import.meta.url));
const SOURCES = ['main.go', 'go.mod', 'go.sum'];
/** Where the official Go distribution installs, for when go is not on the PATH. */
const GO_FALLBACK = '/usr/local/go/bin/go';
const START_TIMEOUT_MS = 30_000;

export interface MongoServer {
  /** mongodb://127.0.0.1:PORT/ */
  uri: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Progress lines (the build and its duration); console.log by default. */
  log?: (line: string) => void;
  /** The Go program's folder, test/mongo-server/ next to this file by default (a bundle passes its own). */
  serverDir?: string;
}

const binaryIn = (serverDir: string) => path.join(serverDir, 'bin', 'mongo-server');

async function modifiedAt(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function isBuildCurrent(serverDir: string): Promise<boolean> {
  const built = await modifiedAt(binaryIn(serverDir));
  if (built === undefined) return false;
  for (const source of SOURCES) {
    const changed = await modifiedAt(path.join(serverDir, source));
    if (changed !== undefined && changed > built) return false;
  }
  return true;
}

/** Runs a command quietly; its output is shown only when it fails. */
function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-50_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${output}`));
    });
  });
}

async function goBuild(args: string[], serverDir: string): Promise<void> {
  try {
    await run('go', args, serverDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await run(GO_FALLBACK, args, serverDir);
  }
}

/** Builds test/mongo-server/bin/mongo-server unless it is newer than its sources. */
export async function buildMongoServer(options: StartOptions = {}): Promise<void> {
  const serverDir = options.serverDir ?? SERVER_DIR;
  const binary = binaryIn(serverDir);
  if (await isBuildCurrent(serverDir)) return;
  const log = options.log ?? console.log;
  log('mongo-server: building FerretDB v1.24.2 (the first build downloads and compiles it)');
  const started = performance.now();
  // Into a temporary name, then renamed: an interrupted build never leaves a broken binary.
  const partial = `${binary}.${process.pid}.partial`;
  await mkdir(path.dirname(binary), { recursive: true });
  // -mod=mod lets Go complete go.sum itself; the PostgreSQL backend is left out to build less.
  await goBuild(
    [
      'build',
      '-mod=mod',
      '-trimpath',
      '-tags=ferretdb_no_postgresql',
      '-ldflags=-s -w',
      '-o',
      partial,
      '.',
    ],
    serverDir,
  );
  await rename(partial, binary);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`mongo-server: built in ${seconds} s`);
}

function waitForListening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`mongo-server did not start in ${START_TIMEOUT_MS} ms\n${output()}`));
    }, START_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const uri = stdout.match(/^listening (mongodb:\/\/\S+)$/m)?.[1];
      if (uri) {
        clearTimeout(timer);
        resolve(uri);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`mongo-server exited with ${code ?? signal}\n${output()}`));
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function waitForPing(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: START_TIMEOUT_MS });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startMongoServer(options: StartOptions = {}): Promise<MongoServer> {
  await buildMongoServer(options);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerline-mongo-'));
  // Standard input stays a pipe: the server stops when it closes, so it never outlives this
  // process, even when the test run is killed.
  const child = spawn(
    binaryIn(options.serverDir ?? SERVER_DIR),
    ['-port', '0', '-data', dataDir, '-exit-on-stdin-close', '-temporary-data'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const stop = async () => {
    await stopProcess(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const uri = await waitForListening(child, () => stderr);
    await waitForPing(uri);
    return { uri, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Run by hand (`npx tsx scripts/mongo-server.ts`), not bundled into a benchmark, whose own file
// is then the one running.
const thisFile = fileURLToPath(import.meta.url);
if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === thisFile &&
  path.basename(thisFile).startsWith('mongo-server')
) {
  const server = await startMongoServer();
  console.log(server.uri);
  const stopOnSignal = () => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
}
