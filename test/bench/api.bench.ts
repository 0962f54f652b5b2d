// npm run bench:api
//
// The rating API under load, end to end over HTTP on loopback: the real server (express, API key
// authentication against the embedded store, request validation, the cached policy set, pricing
// and the rendered result) started in this process on a fresh temporary embedded data folder,
// rated with the demo API key on rules/examples/saas/requests/acme-2026-03.json.
//
// 1. warm-up: 3 s unthrottled (autocannon, 10 connections), so that the measured runs see
//    optimised code; not measured.
// 2. p99ms: requests arriving evenly at 500 per second, one due every 2 ms, for 20 s after a 2 s
//    lead-in (open-loop-load.ts): each is sent when it is due whatever happened to the ones
//    before, on keep-alive connections (a new one whenever all are busy), and its latency runs
//    from when it was due to the last byte of its response, so a stall anywhere (server, kernel,
//    or the generator's own timers and pauses) counts against every request due during it
//    (no coordinated omission). The p99 of those 10,000 latencies, in ms.
// 3. rps: 10 s unthrottled, autocannon on 10 connections (closed loop: each connection sends its
//    next request when the previous one is answered): the sustained responses per second.
// Every response of every run must be a 200 with the same body as the first, whose totals.total
// must be 1654.15; anything else, a connection error or a request left unanswered exits 1. The
// last line printed is one JSON object: {"bench":"api","rps":…,"p99ms":…}.
//
// The server runs on the main thread of this process, as in production. The load generator runs
// in a child process (this same file, started again with `load-generator`), off the server's
// event loop and out of its CPU accounting: for each run the bench also prints the server's CPU
// time per response (user + system, of this process only, so including the kernel's share of
// loopback TCP) and how busy its event loop was. Server and generator share the machine's cores.
//
// It is bundled by esbuild and run by plain Node like bench:rating, from the package root, and
// tells the server where the example policies are (a bundle does not sit next to the sources).
import { fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { loadConfig } from '../../server/config/config';
import { createLogger } from '../../server/logging/create-logger';
import { startServer } from '../../server/start-server';
import { percentile, runOpenLoad, type OpenLoopResult, type OpenLoopRun } from './open-loop-load';

// Run from the package root (npm run sets the working folder there).
const REQUEST_FILE = 'rules/examples/saas/requests/acme-2026-03.json';
const RATE_PATH = '/api/v1/rate';
const EXPECTED_TOTAL = '1654.15';
const TARGET_RATE = 500;
const TARGET_P99_MS = 10;
const CONNECTIONS = 10;
/** The whole benchmark stops (exit 1) if it takes longer than this. */
const DEADLINE_MS = 180_000;
const LOAD_GENERATOR_ROLE = 'load-generator';

interface ClosedLoopRun {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
}

interface ClosedLoopResult {
  requests: number;
  seconds: number;
  rps: number;
  non200: number;
  differentBodies: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p99: number };
  sampleBody: string | undefined;
}

type LoadCommand = { kind: 'closed'; run: ClosedLoopRun } | { kind: 'open'; run: OpenLoopRun };

// ------------------------------------------------------------------ load generator (child)

/** autocannon as fast as the server answers: the sustained rate. */
function runClosedLoad(run: ClosedLoopRun): Promise<ClosedLoopResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let non200 = 0;
    let differentBodies = 0;
    let sampleBody: string | undefined;
    const instance = autocannon(
      {
        url: run.url,
        connections: run.connections,
        duration: run.seconds,
        requests: [
          {
            method: 'POST',
            path: RATE_PATH,
            headers: run.headers,
            body: run.body,
            onResponse: (status, body) => {
              if (status !== 200) non200++;
              else if (sampleBody === undefined) sampleBody = body;
              else if (body !== sampleBody) differentBodies++;
            },
          },
        ],
      },
      // Outside its own process autocannon hands back its raw result (histograms encoded): only
      // its plain counts are read here, the rest is counted above and below.
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
          differentBodies,
          errors: result.errors,
          timeouts: result.timeouts,
          latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) },
          sampleBody,
        });
      },
    );
    // autocannon emits (client, statusCode, bytes, milliseconds); @types/autocannon leaves out
    // the client, hence the plain EventEmitter view.
    (instance as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, _status: number, _bytes: number, milliseconds: number) => {
        latencies.push(milliseconds);
      },
    );
  });
}

function serveLoadCommands(): void {
  process.once('message', (command: LoadCommand) => {
    const done = command.kind === 'open' ? runOpenLoad(command.run) : runClosedLoad(command.run);
    done.then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
    );
  });
}

// ------------------------------------------------------------------ server and runs (main)

interface ServerLoad {
  /** CPU time of this process (the server) per response, user + system, in microseconds. */
  cpuMicrosPerResponse: number;
  /** The share of the run the server's event loop was busy. */
  eventLoopUtilization: number;
  /**
   * The share of the machine's CPU time the hypervisor gave to other guests during the run
   * (steal, from /proc/stat), undefined where that is not known: on a shared virtual machine
   * this is time neither the server nor the generator could run, and it shows in the latency.
   */
  stolenShare: number | undefined;
}

/** The machine's CPU time so far, all cores: total and stolen (Linux /proc/stat, in ticks). */
function machineCpuTicks(): { total: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: ticks.reduce((sum, value) => sum + value, 0), steal: ticks[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/** One run in a fresh child process, with the server's CPU time and event loop use meanwhile. */
async function inLoadGenerator<R extends { sampleBody: string | undefined }>(
  command: LoadCommand,
  responses: (result: R) => number,
): Promise<R & ServerLoad> {
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const machineBefore = machineCpuTicks();
  const result = await new Promise<R>((resolve, reject) => {
    const child = fork(process.argv[1]!, [LOAD_GENERATOR_ROLE], { execArgv: [] });
    let answer: { result?: R; error?: string } | undefined;
    child.once('message', (message: { result?: R; error?: string }) => (answer = message));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.result) resolve(answer.result);
      else reject(new Error(`the load generator exited with code ${code}: ${answer?.error}`));
    });
    child.send(command);
  });
  const cpu = process.cpuUsage(cpuBefore);
  const loop = performance.eventLoopUtilization(loopBefore);
  const machineAfter = machineCpuTicks();
  const machineTicks = machineBefore && machineAfter && machineAfter.total - machineBefore.total;
  return {
    ...result,
    cpuMicrosPerResponse: (cpu.user + cpu.system) / Math.max(1, responses(result)),
    eventLoopUtilization: loop.utilization,
    stolenShare: machineTicks
      ? (machineAfter.steal - machineBefore!.steal) / machineTicks
      : undefined,
  };
}

const ms = (value: number) => value.toFixed(2);
const serverLoad = (load: ServerLoad) =>
  `server CPU ${Math.round(load.cpuMicrosPerResponse)} µs/response, event loop ` +
  `${Math.round(load.eventLoopUtilization * 100)}% busy` +
  (load.stolenShare === undefined
    ? ''
    : `; CPU time stolen by the hypervisor ${Math.round(load.stolenShare * 100)}%`);

function closedSummary(name: string, result: ClosedLoopResult & ServerLoad): string {
  return (
    `${name}: ${result.requests} responses in ${result.seconds.toFixed(1)} s, ` +
    `${Math.round(result.rps)} req/s; latency p50 ${ms(result.latencyMs.p50)} ms, ` +
    `p99 ${ms(result.latencyMs.p99)} ms; ${serverLoad(result)}`
  );
}

function checkClosed(name: string, result: ClosedLoopResult): void {
  if (
    result.requests === 0 ||
    result.non200 > 0 ||
    result.differentBodies > 0 ||
    result.errors > 0
  ) {
    throw new Error(
      `${name}: ${result.non200} responses other than 200, ${result.differentBodies} with ` +
        `another body and ${result.errors} errors (of which ${result.timeouts} timeouts) in ` +
        `${result.requests} responses`,
    );
  }
}

function checkOpen(name: string, result: OpenLoopResult): void {
  if (
    result.answered !== result.due ||
    result.non200 > 0 ||
    result.differentBodies > 0 ||
    result.errors > 0
  ) {
    throw new Error(
      `${name}: ${result.answered} of ${result.due} requests answered, ${result.non200} other ` +
        `than 200, ${result.differentBodies} with another body, ${result.errors} errors, ` +
        `${result.unanswered} unanswered`,
    );
  }
}

function checkTotal(body: string | undefined): void {
  const total = body
    ? (JSON.parse(body) as { totals?: { total?: unknown } }).totals?.total
    : undefined;
  if (total !== EXPECTED_TOTAL) {
    throw new Error(`a response totals ${String(total)}, expected ${EXPECTED_TOTAL}`);
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
      const apiKey = /API key \(rate, policies:read, usage:write\): (\S+)/.exec(
        announced.join('\n'),
      )?.[1];
      if (!apiKey) throw new Error('the server announced no demo API key');
      const headers = {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
      };
      const closed = (seconds: number): LoadCommand => ({
        kind: 'closed',
        run: { url: server.url, headers, body, connections: CONNECTIONS, seconds },
      });
      const closedResponses = (result: ClosedLoopResult) => result.requests;
      console.log(`server ${server.url}, embedded store in ${dataDir}`);

      const warmUp = await inLoadGenerator(closed(3), closedResponses);
      console.log(closedSummary('warm-up', warmUp));
      checkClosed('warm-up', warmUp);
      checkTotal(warmUp.sampleBody);

      const steady = await inLoadGenerator<OpenLoopResult>(
        {
          kind: 'open',
          run: {
            url: server.url,
            path: RATE_PATH,
            headers,
            body,
            rate: TARGET_RATE,
            leadInSeconds: 2,
            seconds: 20,
            maxConnections: 64,
            drainMs: 10_000,
          },
        },
        // The lead-in's responses are in the CPU time too.
        (result) => result.responses,
      );
      const { p50, p90, p99, p999, max } = steady.latencyMs;
      console.log(
        `at ${TARGET_RATE} req/s, evenly spaced: ${steady.answered} of ${steady.due} answered, ` +
          `${Math.round(steady.rps)} req/s; latency from when due p50 ${ms(p50)} ms, ` +
          `p90 ${ms(p90)} ms, p99 ${ms(p99)} ms, p99.9 ${ms(p999)} ms, max ${ms(max)} ms; ` +
          `${steady.connections} connections; sent late by p99 ${ms(steady.sendLagMs.p99)} ms, ` +
          `max ${ms(steady.sendLagMs.max)} ms; ${serverLoad(steady)}`,
      );
      checkOpen(`at ${TARGET_RATE} req/s`, steady);
      checkTotal(steady.sampleBody);
      console.log(
        `p99 at ${TARGET_RATE} req/s: ${ms(p99)} ms (target under ${TARGET_P99_MS} ms: ` +
          `${p99 < TARGET_P99_MS ? 'met' : 'missed'}); totals.total ${EXPECTED_TOTAL}`,
      );

      const saturated = await inLoadGenerator(closed(10), closedResponses);
      console.log(closedSummary('unthrottled', saturated));
      checkClosed('unthrottled', saturated);
      checkTotal(saturated.sampleBody);

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

if (process.argv[2] === LOAD_GENERATOR_ROLE) {
  serveLoadCommands();
} else {
  await main();
}
