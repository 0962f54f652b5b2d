// Usage ingestion and aggregation killed at every one of their writes in turn, then restarted (a
// new pass, with open batches of the dead process counted as left behind) and the batch sent
// again, as its sender would without an answer: every time, every event is counted exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CUSTOMERS,
  USAGE_DAILY,
  type CustomerRecord,
} from '../../../server/customers/customer-records';
import { aggregateAllPendingUsage } from '../../../server/metering/aggregate-usage';
import { createMeter } from '../../../server/metering/create-meter';
import type { AggregatedDay } from '../../../server/metering/daily-contributions';
import { ingestUsage } from '../../../server/metering/ingest-usage';
import { USAGE_EVENTS } from '../../../server/metering/meter-records';
import type { Store } from '../../../server/store/store';
import { dyingAtWrite, Killed } from '../../support/dying-store';
import { openTestStore, type TestStore } from '../../support/test-store';

const NOW = '2026-03-20T12:00:00.000Z';
const clock = { now: () => new Date(NOW) };
const AFTER_RESTART = '2026-03-20T12:00:01.000Z';

const firstBatch = [
  {
    id: 'a1',
    customerId: 'acme',
    meter: 'cpu',
    timestamp: '2026-03-14T01:00:00Z',
    quantity: '1.5',
  },
  { id: 'a2', customerId: 'acme', meter: 'cpu', timestamp: '2026-03-14T02:00:00Z', quantity: '2' },
  { id: 'a3', customerId: 'acme', meter: 'peak', timestamp: '2026-03-14T02:00:00Z', quantity: '7' },
  { id: 'a4', customerId: 'acme', meter: 'hits', timestamp: '2026-03-15T02:00:00Z' },
];
// The second batch repeats a2 and adds to the same aggregates.
const secondBatch = [
  firstBatch[1]!,
  {
    id: 'a5',
    customerId: 'acme',
    meter: 'cpu',
    timestamp: '2026-03-14T03:00:00Z',
    quantity: '0.25',
  },
  { id: 'a6', customerId: 'acme', meter: 'peak', timestamp: '2026-03-14T05:00:00Z', quantity: '9' },
  { id: 'a7', customerId: 'acme', meter: 'hits', timestamp: '2026-03-15T03:00:00Z' },
];

async function seed(store: Store): Promise<void> {
  await store.collection<CustomerRecord>(CUSTOMERS).insertOne({
    _id: 'acme',
    name: 'Acme',
    facts: { id: 'acme', country: 'US', currency: 'USD', type: 'business' },
    promoCodes: [],
    createdAt: NOW,
    updatedAt: NOW,
    revision: 1,
  });
  const actor = { type: 'system' as const, id: 'test' };
  for (const [id, aggregation] of [
    ['cpu', 'sum'],
    ['peak', 'max'],
    ['hits', 'count'],
  ] as const) {
    await createMeter({ store, clock, actor, definition: { id, name: id, aggregation } });
  }
}

async function scenario(store: Store, abandonedBefore: string): Promise<void> {
  await ingestUsage({ store, clock, sender: 'api_key:k', events: firstBatch });
  await aggregateAllPendingUsage({ store, clock, abandonedBefore });
  await ingestUsage({ store, clock, sender: 'api_key:k', events: secondBatch });
  await aggregateAllPendingUsage({ store, clock, abandonedBefore });
}

async function quantities(store: Store): Promise<Record<string, string>> {
  const days = await store.collection<AggregatedDay>(USAGE_DAILY).find({}, { sort: { _id: 1 } });
  return Object.fromEntries(
    days.map((day) => [`${day.usage.meter} ${day.day}`, day.usage.quantity]),
  );
}

describe('usage killed at every write', () => {
  let test: TestStore;

  beforeEach(async () => {
    test = await openTestStore('embedded');
    await seed(test.store);
  });

  afterEach(async () => {
    await test.dispose();
  });

  it('counts each event once whatever write the crash stopped at', async () => {
    const untouched = dyingAtWrite(test.store, Number.MAX_SAFE_INTEGER);
    await scenario(untouched, NOW);
    const expected = {
      'cpu 2026-03-14': '3.75', // 1.5 + 2 + 0.25, a2 once
      'hits 2026-03-15': '2',
      'peak 2026-03-14': '9',
    };
    expect(await quantities(test.store)).toEqual(expected);
    const writes = untouched.writes();
    expect(writes).toBeGreaterThan(10);

    for (let dieAt = 1; dieAt <= writes; dieAt++) {
      await test.dispose();
      test = await openTestStore('embedded');
      await seed(test.store);
      await expect(scenario(dyingAtWrite(test.store, dieAt), NOW)).rejects.toBeInstanceOf(Killed);
      // Restarted: the batches open at the crash were left by the dead process; senders retry.
      await scenario(test.store, AFTER_RESTART);
      expect(await quantities(test.store), `killed at write ${dieAt}`).toEqual(expected);
      expect(await test.store.collection(USAGE_EVENTS).count({})).toBe(7);
    }
    // Dozens of fresh stores, one per kill point: seconds, more on a busy machine.
  }, 120_000);
});
