// Billable customers for invoice runs: the saas example's Acme Corp (its March 2026 invoice is
// worked out by hand in the examples: 1654.15 USD) under other ids, with a billing profile and
// its platform subscription starting on 1 March, so that March is its only closed period on
// 2 April; and the published saas policies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_INDEXES, type Clock } from '../../../server/audit';
import { CUSTOMER_INDEXES } from '../../../server/customers/customer-indexes';
import { CUSTOMERS, type CustomerRecord } from '../../../server/customers/customer-records';
import { importCustomerPeriod } from '../../../server/customers/import-customer-period';
import { INVOICING_INDEXES } from '../../../server/invoicing/invoicing-indexes';
import { METERING_INDEXES } from '../../../server/metering/metering-indexes';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { seedDefaultTemplates } from '../../../server/templates/seed-default-templates';
import { readExampleFolder } from '../../unit/rating/builders';
import { EXAMPLES_DIR } from '../simulations/demo-simulation-fixtures';

export const ACME_MARCH_TOTAL = '1654.15';
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));
export const AFTER_MARCH = '2026-04-02T00:00:00.000Z';

export async function seedInvoicingStore(store: Store, clock: Clock): Promise<void> {
  await ensureIndexes(store, [
    ...AUDIT_INDEXES,
    ...POLICY_INDEXES,
    ...CUSTOMER_INDEXES,
    ...METERING_INDEXES,
    ...INVOICING_INDEXES,
  ]);
  await seedPublishedVersions({
    store,
    clock,
    family: POLICY_FAMILY,
    documents: readExampleFolder('saas/policies').map((file) => file.document),
    reason: 'test data',
  });
  await seedDefaultTemplates({ store, clock, templatesDir: TEMPLATES_DIR, reason: 'test data' });
}

/** The sample invoice's seller, with 30 days to pay. */
export function sellerSettings() {
  const sample = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'samples/invoice.json'), 'utf8')) as {
    seller: unknown;
  };
  return { seller: sample.seller, paymentTermsDays: 30 };
}

/** Acme's March 2026 under the id, billable from 1 March. */
export async function addBillableAcme(store: Store, clock: Clock, id: string): Promise<void> {
  const request = JSON.parse(
    readFileSync(join(EXAMPLES_DIR, 'saas/requests/acme-2026-03.json'), 'utf8'),
  ) as { customer: { id: string }; subscriptions: { start: string }[] };
  request.customer.id = id;
  request.subscriptions[0]!.start = '2026-03-01';
  await importCustomerPeriod({
    store,
    clock,
    actor: { type: 'system', id: 'test-setup' },
    name: `Acme ${id}`,
    request,
    reason: 'test data',
  });
  await store.collection<CustomerRecord>(CUSTOMERS).updateOne(
    { _id: id },
    {
      $set: {
        createdAt: '2026-03-01T00:00:00.000Z',
        billing: {
          email: `ap@${id}.example`,
          address: {
            lines: ['1 Pike Street'],
            city: 'Seattle',
            postalCode: '98101',
            region: 'WA',
            country: 'US',
          },
        },
      },
    },
  );
}
