// The server is killed (SIGKILL: no chance to finish anything) twice while services report usage
// and the aggregator runs passes, restarted on the same data folder, and sent every batch again,
// as a sender does that never got its answer. Nothing is lost (every event stored and in the
// daily aggregates) and nothing is counted twice, against totals computed by hand.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_INDEXES } from '../../../server/audit';
import { AUTH_INDEXES, createApiKey, createUser } from '../../../server/auth';
import { CUSTOMER_INDEXES } from '../../../server/customers/customer-indexes';
import {
  CUSTOMERS,
  USAGE_DAILY,
  type CustomerRecord,
} from '../../../server/customers/customer-records';
import { USAGE_PASSES } from '../../../server/metering/aggregate-usage';
import { createMeter } from '../../../server/metering/create-meter';
import type { AggregatedDay } from '../../../server/metering/daily-contributions';
import { METERING_INDEXES } from '../../../server/metering/metering-indexes';
import {
  USAGE_BATCHES,
  USAGE_EVENTS,
  type UsageBatchRecord,
} from '../../../server/metering/meter-records';
import { Exact } from '../../../server/rating/exact';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { openStore } from '../../../server/store/open-store';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { PASSWORD } from '../auth/auth-fixtures';

const BATCHES = 40;
const BATCH = 500;
const CUSTOMER_COUNT = 50;
const clock = { now: () => new Date() };

let dataDir: string;
let apiKey: string;

/** Midnight UTC of the day the test runs: the server's clock is the real one. */
const TODAY = Math.floor(Date.now() / 86_400_000) * 86_400_000;

/**
 * Event i: even ones 0.5 CPU seconds, odd ones one request; over the 28 days before today (the
 * server refuses usage older than its 30-day raw usage retention).
 */
function eventOf(index: number) {
  const customerId = `crash-${index % CUSTOMER_COUNT}`;
  const timestamp = new Date(TODAY - (1 + (index % 28)) * 86_400_000 + 36_000_000).toISOString();
  return index % 2 === 0
    ? { id: `ev-${index}`, customerId, meter: 'cpu-seconds', timestamp, quantity: '0.5' }
    : { id: `ev-${index}`, customerId, meter: 'requests', timestamp };
}

const bodies = Array.from({ length: BATCHES }, (_, batch) =>
  JSON.stringify({
    events: Array.from({ length: BATCH }, (_, offset) => eventOf(batch * BATCH + offset)),
  }),
);

interface Answer {
  batch: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/**
 * Sends every batch on two connections; after `killAfter` answers the server is killed, and the
 * batches in flight fail. Returns the answers received.
 */
async function sendAll(server: ServerProcess, killAfter?: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  let killed: Promise<void> | undefined;
  const sender = async () => {
    while (next < BATCHES && killed === undefined) {
      const batch = next++;
      try {
        const response = await fetch(`${server.url}/api/v1/usage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: bodies[batch],
        });
        expect(response.status).toBe(200);
        answers.push({ batch, ...((await response.json()) as Omit<Answer, 'batch'>) });
      } catch (error) {
        if (killed === undefined) throw error;
        return;
      }
      if (killAfter !== undefined && answers.length >= killAfter && killed === undefined) {
        killed = server.kill('SIGKILL');
      }
    }
  };
  await Promise.all([sender(), sender()]);
  await killed;
  return answers;
}

async function signInFinance(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'fin', password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith('ll_session='))!;
}

async function waitForAggregation(url: string, cookie: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${url}/api/v1/usage/status`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    const { waitingBatches } = (await response.json()) as { waitingBatches: number };
    if (waitingBatches === 0) return;
    if (Date.now() > deadline) throw new Error(`${waitingBatches} batches still waiting`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerline-crash-'));
  const store = await openStore({ dataDir });
  await ensureIndexes(store, [
    ...AUDIT_INDEXES,
    ...AUTH_INDEXES,
    ...CUSTOMER_INDEXES,
    ...METERING_INDEXES,
  ]);
  const now = clock.now().toISOString();
  await store.collection<CustomerRecord>(CUSTOMERS).insertMany(
    Array.from({ length: CUSTOMER_COUNT }, (_, index) => ({
      _id: `crash-${index}`,
      name: `Customer ${index}`,
      facts: { id: `crash-${index}`, country: 'US', currency: 'USD', type: 'business' },
      promoCodes: [],
      createdAt: now,
      updatedAt: now,
      revision: 1,
    })),
  );
  const actor = { type: 'system' as const, id: 'test-setup' };
  await createMeter({
    store,
    clock,
    actor,
    definition: { id: 'cpu-seconds', name: 'CPU', aggregation: 'sum' },
  });
  await createMeter({
    store,
    clock,
    actor,
    definition: { id: 'requests', name: 'Requests', aggregation: 'count' },
  });
  ({ secret: apiKey } = await createApiKey({
    store,
    clock,
    actor,
    name: 'gateway',
    scopes: ['usage:write'],
  }));
  await createUser({
    store,
    clock,
    actor,
    username: 'fin',
    displayName: 'Fin',
    roles: ['finance'],
    password: PASSWORD,
  });
  await store.close();
}, 60_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a server killed while usage arrives', () => {
  it('loses nothing and counts nothing twice', async () => {
    const env = { DATA_DIR: dataDir };
    const acknowledged = new Set<number>();
    for (const killAfter of [7, 16]) {
      const server = await startServerProcess(env);
      const answers = await sendAll(server, killAfter);
      for (const answer of answers) {
        expect(answer.rejected).toBe(0);
        expect(answer.accepted + answer.duplicates).toBe(BATCH);
        // A batch answered before is answered again as duplicates, every one of them.
        if (acknowledged.has(answer.batch)) expect(answer.duplicates).toBe(BATCH);
        acknowledged.add(answer.batch);
      }
    }
    expect(acknowledged.size).toBeLessThan(BATCHES);

    const server = await startServerProcess(env);
    const answers = await sendAll(server);
    expect(answers).toHaveLength(BATCHES);
    for (const answer of answers) {
      expect(answer.accepted + answer.duplicates).toBe(BATCH);
      if (acknowledged.has(answer.batch)) expect(answer.duplicates).toBe(BATCH);
    }
    await waitForAggregation(server.url, await signInFinance(server.url));
    await server.kill('SIGTERM');

    const store = await openStore({ dataDir });
    try {
      expect(await store.collection(USAGE_EVENTS).count({})).toBe(BATCHES * BATCH);
      const days = await store.collection<AggregatedDay>(USAGE_DAILY).find({});
      let cpu = Exact.integer(0);
      let requests = 0;
      let counted = 0;
      for (const day of days) {
        if (day.usage.meter === 'cpu-seconds') cpu = cpu.plus(Exact.parse(day.usage.quantity)!);
        if (day.usage.meter === 'requests') requests += Number(day.usage.quantity);
        counted += day.events ?? 0;
      }
      // 20,000 events: 10,000 of 0.5 CPU seconds, 10,000 requests; each counted once.
      expect(cpu.toString()).toBe('5000');
      expect(requests).toBe(10_000);
      expect(counted).toBe(20_000);
      const batches = store.collection<UsageBatchRecord>(USAGE_BATCHES);
      expect(await batches.count({ state: { $ne: 'aggregated' } })).toBe(0);
      expect(await store.collection(USAGE_PASSES).findOne({})).toMatchObject({ state: 'done' });
    } finally {
      await store.close();
    }
  }, 120_000);
});
