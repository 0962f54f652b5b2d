// npm run bench:ingest
//
// Usage ingestion end to end over HTTP on loopback: the real server (express, API key
// authentication, per-event validation against the meters, customers and subscriptions of the
// batch, duplicate detection by event id, the batch and its events written to the store) started
// in this process, first on a fresh embedded store, then on the MongoDB-wire server of the tests
// (FerretDB, scripts/mongo-server.ts).
//
// 1,000 customers and three meters (VM hours summed by region, API calls counted, storage by
// its maximum). A load generator in a child process (off the server's event loop) sends batches
// of 500 distinct events on 4 keep-alive connections, each connection sending its next batch when
// the previous one is answered. Warm-up first, not measured: 20 batches on the embedded store, 4
// on FerretDB. Then 200 batches (100,000 events) on the embedded store and 40 (20,000 events) on
// FerretDB, which is slower by design: FerretDB v1 on SQLite runs every query but a lone _id
// equality as a scan of the collection. Every response must be a 200 accepting all 500 events.
//
// eventsPerSecond: accepted events / the wall time from the first batch sent to the last answer,
// with the server's aggregator running alongside as in production. Then the bench waits for
// aggregation to catch up (at most 120 s embedded, 30 s on FerretDB, where the passes' conditional
// updates are scans too; it says so when it is still behind) and checks the daily aggregates
// against the events sent: the counted meter must add up to exactly the number of its events,
// the VM hours to their exact total. The last line is
// {"bench":"ingest","eventsPerSecond":…,"mongoEventsPerSecond":…}.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiKey } from '../../server/auth';
import { loadConfig } from '../../server/config/config';
import {
  CUSTOMERS,
  USAGE_DAILY,
  type CustomerRecord,
} from '../../server/customers/customer-records';
import { createLogger } from '../../server/logging/create-logger';
import { createMeter } from '../../server/metering/create-meter';
import type { AggregatedDay } from '../../server/metering/daily-contributions';
import { countWaitingBatches, isAggregationIdle } from '../../server/metering/usage-queries';
import { Exact } from '../../server/rating/exact';
import { startServer, type RunningServer } from '../../server/start-server';
import { startMongoServer } from '../../scripts/mongo-server';

const LOAD_GENERATOR_ROLE = 'load-generator';
const CUSTOMER_COUNT = 1000;
const BATCH = 500;
const CONNECTIONS = 4;
const TARGET_EVENTS_PER_SECOND = 20_000;
const DEADLINE_MS = 600_000;
const clock = { now: () => new Date() };

interface LoadRun {
  url: string;
  apiKey: string;
  /** Distinct event ids per run. */
  prefix: string;
  batches: number;
}

interface LoadResult {
  seconds: number;
  accepted: number;
  failures: string[];
}

// ------------------------------------------------------------------ load generator (child)

/** Midnight UTC of the day the bench runs. */
const TODAY = Math.floor(Date.now() / 86_400_000) * 86_400_000;

/** Event i of a run: deterministic, so the main process knows the totals without seeing them. */
function eventOf(prefix: string, index: number) {
  const customerId = `bench-${String(index % CUSTOMER_COUNT).padStart(4, '0')}`;
  // Over the 28 days before today: the server refuses usage older than its raw usage retention.
  const hour = (1 + (index % 28)) * 24 - (index % 24);
  const timestamp = new Date(TODAY - hour * 3_600_000).toISOString();
  const id = `${prefix}-${index}`;
  switch (index % 3) {
    case 0:
      return {
        id,
        customerId,
        meter: 'vm-hours',
        timestamp,
        quantity: `${index % 7}.25`,
        dimensions: { region: index % 2 === 0 ? 'eu-west-1' : 'us-east-1', host: `h${index}` },
      };
    case 1:
      return { id, customerId, meter: 'api-calls', timestamp };
    default:
      return { id, customerId, meter: 'storage-gb', timestamp, quantity: String(index % 500) };
  }
}

async function runLoad(run: LoadRun): Promise<LoadResult> {
  const bodies = Array.from({ length: run.batches }, (_, batch) =>
    JSON.stringify({
      events: Array.from({ length: BATCH }, (_, offset) =>
        eventOf(run.prefix, batch * BATCH + offset),
      ),
    }),
  );
  const headers = { authorization: `Bearer ${run.apiKey}`, 'content-type': 'application/json' };
  let next = 0;
  let accepted = 0;
  const failures: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await fetch(`${run.url}/api/v1/usage`, { method: 'POST', headers, body });
        const answer = (await response.json()) as { accepted?: number };
        if (response.status !== 200 || answer.accepted !== BATCH) {
          failures.push(`${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
        }
        accepted += answer.accepted ?? 0;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, accepted, failures };
}

function serveLoadCommands(): void {
  process.once('message', (run: LoadRun) => {
    runLoad(run).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
    );
  });
}

function inLoadGenerator(run: LoadRun): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, [LOAD_GENERATOR_ROLE], { execArgv: [] });
    let answer: { result?: LoadResult; error?: string } | undefined;
    child.once('message', (message: typeof answer) => (answer = message));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.result) resolve(answer.result);
      else reject(new Error(`the load generator exited with code ${code}: ${answer?.error}`));
    });
    child.send(run);
  });
}

// ------------------------------------------------------------------ server and runs (main)

async function seedFixture(server: RunningServer): Promise<string> {
  const { store } = server;
  const now = clock.now().toISOString();
  const customers: CustomerRecord[] = Array.from({ length: CUSTOMER_COUNT }, (_, index) => {
    const id = `bench-${String(index).padStart(4, '0')}`;
    return {
      _id: id,
      name: `Bench customer ${index}`,
      facts: { id, country: 'US', currency: 'USD', type: 'business' },
      promoCodes: [],
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
  });
  await store.collection<CustomerRecord>(CUSTOMERS).insertMany(customers);
  const actor = { type: 'system' as const, id: 'bench' };
  for (const definition of [
    { id: 'vm-hours', name: 'VM hours', aggregation: 'sum', dimensions: ['region'] },
    { id: 'api-calls', name: 'API calls', aggregation: 'count' },
    { id: 'storage-gb', name: 'Storage', aggregation: 'max' },
  ]) {
    await createMeter({ store, clock, actor, definition });
  }
  const { secret } = await createApiKey({
    store,
    clock,
    actor,
    name: 'bench-ingest',
    scopes: ['usage:write'],
  });
  return secret;
}

/** The exact totals of the events a run sent, to check the aggregates against. */
function expectedTotals(prefix: string, events: number) {
  let calls = 0;
  let hours = Exact.integer(0);
  for (let index = 0; index < events; index++) {
    const event = eventOf(prefix, index);
    if (event.meter === 'api-calls') calls++;
    if (event.meter === 'vm-hours') hours = hours.plus(Exact.parse(event.quantity!)!);
  }
  return { calls, hours: hours.toString() };
}

/** The aggregates checked against the events sent; undefined if aggregation is still behind. */
async function checkAggregates(
  server: RunningServer,
  runs: { prefix: string; events: number }[],
  catchUpTimeoutMs: number,
) {
  // The server's aggregator has been running passes during the load: wait until it is done.
  const started = performance.now();
  while (!(await isAggregationIdle(server.store))) {
    if (performance.now() - started > catchUpTimeoutMs) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  // The bench's customers only (bench-0000 to bench-0999; the demo data has usage of its own).
  const days = await server.store
    .collection<AggregatedDay>(USAGE_DAILY)
    .find({ customerId: { $gte: 'bench-', $lt: 'bench.' } });
  let calls = 0;
  let hours = Exact.integer(0);
  for (const day of days) {
    if (day.usage.meter === 'api-calls') calls += Number(day.usage.quantity);
    if (day.usage.meter === 'vm-hours') hours = hours.plus(Exact.parse(day.usage.quantity)!);
  }
  const expected = runs
    .map((run) => expectedTotals(run.prefix, run.events))
    .reduce((a, b) => ({
      calls: a.calls + b.calls,
      hours: Exact.parse(a.hours)!.plus(Exact.parse(b.hours)!).toString(),
    }));
  if (calls !== expected.calls || hours.toString() !== expected.hours) {
    throw new Error(
      `aggregates: ${calls} API calls and ${hours.toString()} VM hours, expected ${expected.calls} and ${expected.hours}`,
    );
  }
  return { seconds, days: days.length, ...expected };
}

async function measure(
  name: string,
  server: RunningServer,
  {
    batches,
    warmUpBatches,
    catchUpTimeoutMs,
  }: { batches: number; warmUpBatches: number; catchUpTimeoutMs: number },
): Promise<number> {
  const apiKey = await seedFixture(server);
  const warmUp = await inLoadGenerator({
    url: server.url,
    apiKey,
    prefix: 'warm',
    batches: warmUpBatches,
  });
  if (warmUp.failures.length > 0) throw new Error(`${name} warm-up: ${warmUp.failures[0]}`);
  const run = await inLoadGenerator({ url: server.url, apiKey, prefix: 'run', batches });
  if (run.failures.length > 0) {
    throw new Error(`${name}: ${run.failures.length} batches failed, first: ${run.failures[0]}`);
  }
  const eventsPerSecond = run.accepted / run.seconds;
  console.log(
    `${name}: ${run.accepted} events in ${batches} batches of ${BATCH} on ${CONNECTIONS} connections ` +
      `in ${run.seconds.toFixed(2)} s: ${Math.round(eventsPerSecond)} events/s`,
  );
  const check = await checkAggregates(
    server,
    [
      { prefix: 'warm', events: warmUpBatches * BATCH },
      { prefix: 'run', events: batches * BATCH },
    ],
    catchUpTimeoutMs,
  );
  if (check === undefined) {
    const waiting = await countWaitingBatches(server.store);
    console.log(
      `${name}: aggregation still behind ${catchUpTimeoutMs / 1000} s after the load, ` +
        `${waiting} batches waiting (not checked)`,
    );
    return eventsPerSecond;
  }
  console.log(
    `${name}: aggregation caught up in ${check.seconds.toFixed(2)} s after the load; ` +
      `${check.days} daily aggregates hold exactly the ${check.calls} API calls and ${check.hours} VM hours sent`,
  );
  return eventsPerSecond;
}

async function withServer<T>(
  env: Record<string, string>,
  use: (server: RunningServer) => Promise<T>,
) {
  const server = await startServer({
    config: loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      SHUTDOWN_GRACE_MS: '2000',
      ...env,
    }),
    logger: createLogger({ level: 'silent' }),
    examplesDir: join(process.cwd(), 'rules/examples'),
    templatesDir: join(process.cwd(), 'templates'),
    announce: () => undefined,
  });
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`bench:ingest did not finish within ${DEADLINE_MS / 1000} s`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-bench-ingest-'));
  let embedded: number;
  try {
    embedded = await withServer({ DATA_DIR: dataDir }, (server) =>
      measure('embedded', server, { batches: 200, warmUpBatches: 20, catchUpTimeoutMs: 120_000 }),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const mongo = await startMongoServer({
    log: (line) => console.log(line),
    serverDir: join(process.cwd(), 'test/mongo-server'),
  });
  let wire: number;
  try {
    wire = await withServer(
      { MONGODB_URI: `${mongo.uri}bench_ingest`, DATA_DIR: dataDir },
      (server) =>
        measure('mongodb (FerretDB)', server, {
          batches: 40,
          warmUpBatches: 4,
          catchUpTimeoutMs: 30_000,
        }),
    );
  } finally {
    await mongo.stop();
  }
  console.log(
    `embedded: ${Math.round(embedded)} events/s (target ${TARGET_EVENTS_PER_SECOND}: ${embedded >= TARGET_EVENTS_PER_SECOND ? 'met' : 'missed'})`,
  );
  clearTimeout(deadline);
  console.log(
    JSON.stringify({
      bench: 'ingest',
      eventsPerSecond: Math.round(embedded),
      mongoEventsPerSecond: Math.round(wire),
    }),
  );
}

if (process.argv[2] === LOAD_GENERATOR_ROLE) {
  serveLoadCommands();
} else {
  await main();
}
