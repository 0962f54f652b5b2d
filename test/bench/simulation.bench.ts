// npm run bench:simulation
//
// A simulation as finance runs one: 10,000 stored customers with a month of daily usage each
// (two metered series over 31 days, as Acme's example), on a fresh embedded store, rated for
// March 2026 with the published saas policies and again with a draft that changes the USD
// platform fee. Seeding is not timed. Timed: POST /api/v1/simulations's use case end to end:
// reading the customers, subscriptions and usage from the store, validating each request, rating
// every customer twice, comparing, and writing the result (10,000 customer documents) and its
// audit entry. One core does it all.
//
// The last line printed is one JSON object:
// {"bench":"simulation","customers":10000,"seconds":<whole run>,"customersPerSecond":<rated both ways>}
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { AUDIT_INDEXES } from '../../server/audit';
import { CUSTOMER_INDEXES } from '../../server/customers/customer-indexes';
import {
  subscriptionRecordId,
  usageDailyId,
  type CustomerRecord,
  type SubscriptionRecord,
  type UsageDailyRecord,
} from '../../server/customers/customer-records';
import { customers, subscriptions, usageDaily } from '../../server/customers/customers-repository';
import { POLICY_FAMILY } from '../../server/policies/policy-version';
import { POLICY_INDEXES } from '../../server/policies/policy-indexes';
import type { PricingPolicy } from '../../server/rating/types';
import { runSimulation } from '../../server/simulations/run-simulation';
import { SIMULATION_INDEXES } from '../../server/simulations/simulation-indexes';
import { openEmbeddedStore } from '../../server/store/embedded-store';
import { ensureIndexes } from '../../server/store/ensure-indexes';
import { createDraft } from '../../server/versioning/create-draft';
import { seedPublishedVersions } from '../../server/versioning/seed-published-versions';

/** `npm run bench:simulation -- 2000` for a quicker run (seeding 10,000 takes minutes). */
const CUSTOMERS = Number(process.argv[2] ?? 10_000);
const DAYS = 31;
const CHUNK = 2_000;
const clock = { now: () => new Date('2026-11-20T09:00:00Z') };

// Run from the package root (npm run sets the working folder there).
const POLICY_FOLDER = join(process.cwd(), 'rules/examples/saas/policies');
const policies = readdirSync(POLICY_FOLDER)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(POLICY_FOLDER, file), 'utf8')) as unknown);

function customerNumber(index: number): string {
  return `cus_${String(index).padStart(6, '0')}`;
}

/** Half enterprise, half standard, all in Seattle on the USD price list. */
function aCustomer(index: number): CustomerRecord {
  const id = customerNumber(index);
  return {
    _id: id,
    name: `Customer ${index}`,
    facts: {
      id,
      segment: index % 2 === 0 ? 'enterprise' : 'standard',
      country: 'US',
      region: 'WA',
      currency: 'USD',
      type: 'business',
      attributes: { city: 'Seattle' },
    },
    promoCodes: [],
    createdAt: clock.now().toISOString(),
    updatedAt: clock.now().toISOString(),
    revision: 1,
  };
}

function usageOf(customerId: string, index: number): UsageDailyRecord[] {
  const records: UsageDailyRecord[] = [];
  for (let day = 1; day <= DAYS; day += 1) {
    const date = `2026-03-${String(day).padStart(2, '0')}`;
    for (const [meter, quantity] of [
      ['vm_hours', String(100 + (index % 400))],
      ['bandwidth_gb', String(20 + (index % 90))],
    ] as const) {
      const usage = { meter, date, quantity, dimensions: { region: 'us-west-2' } };
      records.push({ _id: usageDailyId(customerId, date, usage), customerId, day: date, usage });
    }
  }
  return records;
}

async function seed(store: Awaited<ReturnType<typeof openEmbeddedStore>>): Promise<void> {
  await ensureIndexes(store, [
    ...AUDIT_INDEXES,
    ...POLICY_INDEXES,
    ...CUSTOMER_INDEXES,
    ...SIMULATION_INDEXES,
  ]);
  await seedPublishedVersions({
    store,
    clock,
    family: POLICY_FAMILY,
    documents: policies,
    reason: 'benchmark',
  });
  for (let start = 0; start < CUSTOMERS; start += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, CUSTOMERS - start) }, (_, i) => start + i);
    await customers(store).insertMany(indexes.map(aCustomer));
    await subscriptions(store).insertMany(
      indexes.map((index): SubscriptionRecord => ({
        _id: subscriptionRecordId(customerNumber(index), 'platform'),
        customerId: customerNumber(index),
        subscription: {
          id: 'platform',
          product: 'platform',
          type: 'recurring',
          start: '2025-06-01',
        },
      })),
    );
    await usageDaily(store).insertMany(
      indexes.flatMap((index) => usageOf(customerNumber(index), index)),
    );
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-bench-simulation-'));
try {
  const store = await openEmbeddedStore({ dataDir });
  const seedStarted = performance.now();
  await seed(store);
  console.log(
    `seeded ${CUSTOMERS} customers with ${CUSTOMERS * DAYS * 2} daily usage records in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  const usd = policies.find(
    (policy) => (policy as PricingPolicy).key === 'saas-pricing-usd',
  ) as PricingPolicy;
  const platform = usd.rules.find((rule) => rule.name === 'platform-fee')!;
  const draft = await createDraft({
    store,
    clock,
    family: POLICY_FAMILY,
    actor: { id: 'bench', roles: ['billing_admin'], mfa: false },
    document: {
      ...usd,
      rules: usd.rules.map((rule) =>
        rule === platform
          ? {
              ...rule,
              event: { ...rule.event, params: { ...rule.event.params, amount: '599.00' } },
            }
          : rule,
      ),
    },
  });

  const started = performance.now();
  const { simulation } = await runSimulation({
    store,
    clock,
    actor: { type: 'user', id: 'bench' },
    request: {
      versions: [{ key: draft.key, version: draft.version }],
      period: { start: '2026-03-01', end: '2026-04-01' },
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (simulation.customerCount !== CUSTOMERS || simulation.failureCount !== 0) {
    console.error(JSON.stringify(simulation.failures.slice(0, 3)));
    throw new Error(
      `expected ${CUSTOMERS} customers rated and no failures, got ${simulation.customerCount} and ${simulation.failureCount}`,
    );
  }
  // Every customer's platform line goes from 499.00 to 599.00, plus 10.35% tax: 110.35 each.
  const delta = simulation.totals.find((total) => total.currency === 'USD')?.delta;
  if (delta !== (110.35 * CUSTOMERS).toFixed(2)) {
    throw new Error(`expected a USD delta of ${(110.35 * CUSTOMERS).toFixed(2)}, got ${delta}`);
  }
  console.log(`USD revenue delta ${delta} over ${simulation.customerCount} customers`);
  await store.close();
  console.log(
    JSON.stringify({
      bench: 'simulation',
      customers: CUSTOMERS,
      seconds: Number(seconds.toFixed(2)),
      customersPerSecond: Math.round(CUSTOMERS / seconds),
    }),
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
