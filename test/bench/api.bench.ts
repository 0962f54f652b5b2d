// npm run bench:api
//
// The rating API under load, end to end over HTTP on loopback: the real server (express, API key
// authentication against the embedded store, request validation, the cached policy set, pricing
// and the rendered result) started in this process on a fresh temporary embedded data folder,
// rated with the demo API key on rules/examples/saas/requests/acme-2026-03.json.
//
// 1. warm-up: a few seconds unthrottled, so that the measured runs see optimised code;
// 2. p99ms: 15 s at 500 requests/s (autocannon overallRate, 10 connections): p99 latency, every
//    response a 200, and one response checked to total 1654.15. autocannon's limiter sends each
//    connection's share of a second back to back and then waits for the next second, so this is
//    the latency of bursts with 10 requests in flight, not of requests evenly 2 ms apart;
// 3. rps: 10 s unthrottled on 10 connections: the sustained requests per second.
// The last line printed is one JSON object with both numbers.
//
// The server runs on the main thread, as in production; autocannon runs in a worker thread (this
// same file, started again as a worker) so that it does not share the server's event loop. Both
// share the machine's cores. Latency is measured per response in the worker with sub-millisecond
// resolution (autocannon's own histogram keeps whole milliseconds).
//
// It is bundled by esbuild and run by plain Node like bench:rating, from the package root, and
// tells the server where the example policies are (a bundle does not sit next to the sources).
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { loadConfig } from '../../server/config/config';
import { createLogger } from '../../server/logging/create-logger';
import { startServer } from '../../server/start-server';

// Run from the package root (npm run sets the working folder there).
const REQUEST_FILE = 'rules/examples/saas/requests/acme-2026-03.json';
const EXPECTED_TOTAL = '1654.15';
const TARGET_RATE = 500;
const TARGET_P99_MS = 10;
const CONNECTIONS = 10;
/** The whole benchmark stops (exit 1) if it takes longer than this. */
const DEADLINE_MS = 180_000;

interface LoadRun {
  url: string;
  apiKey: string;
  body: string;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unthrottled without it. */
  overallRate?: number;
}

interface LoadResult {
  /** Responses received. */
  requests: number;
  seconds: number;
  /** Responses per second over the run. */
  rps: number;
  /** Responses other than 200. */
  non200: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** The body of the first 200 response. */
  sampleBody: string | undefined;
}

// ------------------------------------------------------------------ load generator (worker)

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function runLoad(run: LoadRun): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let non200 = 0;
    let sampleBody: string | undefined;
    const instance = autocannon(
      {
        url: run.url,
        connections: run.connections,
        duration: run.seconds,
        // Latencies are recorded below, as measured: autocannon's coordinated-omission
        // correction assumes evenly paced requests, which its rate limiter does not send.
        ...(run.overallRate
          ? { overallRate: run.overallRate, ignoreCoordinatedOmission: true }
          : {}),
        requests: [
          {
            method: 'POST',
            path: '/api/v1/rate',
            headers: {
              authorization: `Bearer ${run.apiKey}`,
              'content-type': 'application/json',
            },
            body: run.body,
            onResponse: (status, body) => {
              if (sampleBody === undefined && status === 200) sampleBody = body;
            },
          },
        ],
      },
      // Off the main thread autocannon hands back its raw result (histograms encoded, for its own
      // worker mode to merge): only its plain counts are read here, the rest is counted below.
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          requests: latencies.length,
          seconds: result.duration,
          rps: latencies.length / result.duration,
          non200,
          errors: result.errors,
          timeouts: result.timeouts,
          latencyMs: {
            p50: percentile(sorted, 0.5),
            p90: percentile(sorted, 0.9),
            p99: percentile(sorted, 0.99),
            max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
          },
          sampleBody,
        });
      },
    );
    // autocannon emits (client, statusCode, bytes, milliseconds); @types/autocannon leaves out
    // the client, hence the plain EventEmitter view.
    (instance as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, status: number, _bytes: number, milliseconds: number) => {
        latencies.push(milliseconds);
        if (status !== 200) non200++;
      },
    );
  });
}

/** One run in a worker thread: a fresh load generator, off the server's event loop. */
function runLoadInWorker(run: LoadRun): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // process.argv[1] is this bundle: the worker runs the same file.
    const worker = new Worker(process.argv[1]!, { workerData: run });
    let result: LoadResult | undefined;
    worker.once('message', (message: LoadResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the load generator exited with code ${code} and no result`));
    });
  });
}

// ------------------------------------------------------------------ server and runs (main)

const ms = (value: number) => value.toFixed(2);

function summary(name: string, result: LoadResult): string {
  const { p50, p90, p99, max } = result.latencyMs;
  return (
    `${name}: ${result.requests} requests in ${result.seconds.toFixed(1)} s, ` +
    `${Math.round(result.rps)} req/s; latency p50 ${ms(p50)} ms, p90 ${ms(p90)} ms, ` +
    `p99 ${ms(p99)} ms, max ${ms(max)} ms; non-200 ${result.non200}, errors ${result.errors}, ` +
    `timeouts ${result.timeouts}`
  );
}

function checkAllOk(name: string, result: LoadResult): void {
  if (result.requests === 0 || result.non200 > 0 || result.errors > 0) {
    throw new Error(
      `${name}: ${result.non200} responses other than 200 and ${result.errors} errors (of which ` +
        `${result.timeouts} timeouts) in ${result.requests} responses`,
    );
  }
}

async function main(): Promise<void> {
  const body = await readFile(REQUEST_FILE, 'utf8');
  const dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-bench-api-'));
  const deadline = setTimeout(() => {
    console.error(`bench:api did not finish within ${DEADLINE_MS / 1000} s`);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  try {
    const announced: string[] = [];
    const server = await startServer({
      config: loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        SHUTDOWN_GRACE_MS: '2000',
      }),
      logger: createLogger({ level: 'silent' }),
      examplesDir: join(process.cwd(), 'rules/examples'),
      templatesDir: join(process.cwd(), 'templates'),
      announce: (text) => announced.push(text),
    });
    try {
      const apiKey = /API key \(rate, policies:read\): (\S+)/.exec(announced.join('\n'))?.[1];
      if (!apiKey) throw new Error('the server announced no demo API key');
      const target = { url: server.url, apiKey, body };
      console.log(`server ${server.url}, embedded store in ${dataDir}`);

      const warmUp = await runLoadInWorker({ ...target, connections: CONNECTIONS, seconds: 3 });
      console.log(summary('warm-up', warmUp));
      checkAllOk('warm-up', warmUp);

      const fixed = await runLoadInWorker({
        ...target,
        connections: CONNECTIONS,
        seconds: 15,
        overallRate: TARGET_RATE,
      });
      console.log(summary(`at ${TARGET_RATE} req/s`, fixed));
      checkAllOk(`at ${TARGET_RATE} req/s`, fixed);
      const total = fixed.sampleBody
        ? (JSON.parse(fixed.sampleBody) as { totals?: { total?: unknown } }).totals?.total
        : undefined;
      if (total !== EXPECTED_TOTAL) {
        throw new Error(`a response totals ${String(total)}, expected ${EXPECTED_TOTAL}`);
      }
      const p99 = fixed.latencyMs.p99;
      console.log(
        `p99 at ${TARGET_RATE} req/s: ${ms(p99)} ms (target under ${TARGET_P99_MS} ms: ` +
          `${p99 < TARGET_P99_MS ? 'met' : 'missed'}); totals.total ${total}`,
      );
      // autocannon's limiter lets each connection send its share of a second back to back, then
      // waits for the next second: the server sees bursts with every connection's request in
      // flight, not requests evenly spaced.
      console.log(
        `  (autocannon sends each second's ${TARGET_RATE} requests back to back on ` +
          `${CONNECTIONS} connections, then waits for the next second)`,
      );

      const saturated = await runLoadInWorker({ ...target, connections: CONNECTIONS, seconds: 10 });
      console.log(summary('unthrottled', saturated));
      checkAllOk('unthrottled', saturated);

      console.log(
        JSON.stringify({
          bench: 'api',
          rps: Math.round(saturated.rps),
          p99ms: Math.round(p99 * 10) / 10,
        }),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}

if (isMainThread) {
  await main();
} else {
  parentPort!.postMessage(await runLoad(workerData as LoadRun));
}
