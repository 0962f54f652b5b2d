// The demo data of a fresh store, without its users: every example policy published and the
// customers of the example requests stored. Simulations in tests run against these real
// examples, so their expectations are the example invoices worked out by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_INDEXES, type Clock } from '../../../server/audit';
import { CUSTOMER_INDEXES } from '../../../server/customers/customer-indexes';
import { seedDemoCustomers } from '../../../server/demo/seed-demo-customers';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import type { PricingPolicy } from '../../../server/rating/types';
import { SIMULATION_INDEXES } from '../../../server/simulations/simulation-indexes';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { readExampleFolder } from '../../unit/rating/builders';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../rules/examples', import.meta.url));
export const MARCH_2026 = { start: '2026-03-01', end: '2026-04-01' };

export async function seedDemoStore(store: Store, clock: Clock): Promise<void> {
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
    documents: ['saas', 'hardware', 'dunning'].flatMap((example) =>
      readExampleFolder(`${example}/policies`).map((file) => file.document),
    ),
    reason: 'test data',
  });
  await seedDemoCustomers({
    store,
    clock,
    actor: { type: 'system', id: 'test-setup' },
    examplesDir: EXAMPLES_DIR,
    reason: 'test data',
  });
}

/** The saas example's USD price list with the monthly platform fee at `amount`. */
export function usdPricesWithPlatformFee(amount: string): PricingPolicy {
  const policy = JSON.parse(
    readFileSync(join(EXAMPLES_DIR, 'saas/policies/pricing-usd.json'), 'utf8'),
  ) as PricingPolicy;
  const platform = policy.rules.find((rule) => rule.name === 'platform-fee')!;
  platform.event.params = { ...platform.event.params, amount } as typeof platform.event.params;
  return policy;
}
