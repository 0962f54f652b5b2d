// The demo customers: the customers of the example rating requests
// (rules/examples/<example>/requests/*.json), with their subscriptions and usage, so that
// simulations and the editor have real customers to show. A customer in several requests (the
// hardware example's two years) gets the subscriptions and usage of all of them.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditActor, Clock } from '../audit';
import { importCustomerPeriod } from '../customers/import-customer-period';
import type { Store } from '../store/store';

/** Names for people; the requests carry only ids. */
const DEMO_CUSTOMER_NAMES: Readonly<Record<string, string>> = {
  'acme-corp': 'Acme Corp',
  'globex-gmbh': 'Globex GmbH',
  initech: 'Initech',
};

/** Example requests in folder and file order. */
async function exampleRequests(examplesDir: string): Promise<unknown[]> {
  const requests: unknown[] = [];
  for (const example of (await readdir(examplesDir)).sort()) {
    const folder = join(examplesDir, example, 'requests');
    const files = await readdir(folder).catch(() => [] as string[]);
    for (const file of files.filter((name) => name.endsWith('.json')).sort()) {
      requests.push(JSON.parse(await readFile(join(folder, file), 'utf8')) as unknown);
    }
  }
  return requests;
}

function customerIdOf(request: unknown): string {
  const customer = (request as { customer?: { id?: unknown } }).customer;
  return typeof customer?.id === 'string' ? customer.id : '';
}

export async function seedDemoCustomers(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  examplesDir: string;
  reason: string;
}): Promise<void> {
  for (const request of await exampleRequests(options.examplesDir)) {
    const id = customerIdOf(request);
    await importCustomerPeriod({ ...options, name: DEMO_CUSTOMER_NAMES[id] ?? id, request });
  }
}
