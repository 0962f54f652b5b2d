// A fresh embedded store gets demo data on its first start, so that a newcomer sees everything
// work: one user per role, the example policies and the default templates published, the
// customers of the example requests with their subscriptions and usage, and an API key for the
// rating API.
// The passwords and the key are random, shown once on the console, and for demos only.
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditActor, Clock } from '../audit';
import { createApiKey, createUser, ROLES, type Role } from '../auth';
import { USERS } from '../auth/user-record';
import { saveSellerSettings } from '../invoicing/seller-settings';
import { createMeter } from '../metering/create-meter';
import { seedDemoCustomers } from './seed-demo-customers';
import { POLICY_FAMILY } from '../policies/policy-version';
import type { Store } from '../store/store';
import { seedDefaultTemplates } from '../templates/seed-default-templates';
import { seedPublishedVersions } from '../versioning/seed-published-versions';

const SYSTEM: AuditActor = { type: 'system', id: 'demo-data' };
const REASON = 'demo data for a fresh embedded store';

export interface DemoCredentials {
  users: { username: string; role: Role; password: string }[];
  apiKey: string;
}

/** Policy documents of every example folder (rules/examples/<example>/policies/*.json). */
async function examplePolicies(examplesDir: string): Promise<unknown[]> {
  const documents: unknown[] = [];
  for (const example of (await readdir(examplesDir)).sort()) {
    const folder = join(examplesDir, example, 'policies');
    const files = await readdir(folder).catch(() => [] as string[]);
    for (const file of files.filter((name) => name.endsWith('.json')).sort()) {
      documents.push(JSON.parse(await readFile(join(folder, file), 'utf8')) as unknown);
    }
  }
  return documents;
}

/** Seeds an empty store (no users yet) and returns the credentials; undefined when not empty. */
export async function seedDemoData(options: {
  store: Store;
  clock: Clock;
  examplesDir: string;
  /** The default templates: templates.json and the sources it names. */
  templatesDir: string;
}): Promise<DemoCredentials | undefined> {
  const { store, clock } = options;
  if ((await store.collection(USERS).count({})) > 0) return undefined;
  await seedPublishedVersions({
    store,
    family: POLICY_FAMILY,
    clock,
    documents: await examplePolicies(options.examplesDir),
    reason: REASON,
  });
  await seedDemoCustomers({
    store,
    clock,
    actor: SYSTEM,
    examplesDir: options.examplesDir,
    reason: REASON,
  });
  await seedDemoMeters({ store, clock, examplesDir: options.examplesDir });
  await seedDefaultTemplates({ store, clock, templatesDir: options.templatesDir, reason: REASON });
  // The sample invoice's seller, so that demo invoices can be printed at once.
  const sample = JSON.parse(
    await readFile(join(options.templatesDir, 'samples/invoice.json'), 'utf8'),
  ) as { seller: unknown };
  await saveSellerSettings({
    store,
    clock,
    actor: SYSTEM,
    seller: sample.seller,
    paymentTermsDays: 30,
    reason: REASON,
  });
  const users: DemoCredentials['users'] = [];
  for (const role of ROLES) {
    const username = `demo-${role.replace('_', '-')}`;
    const password = randomBytes(12).toString('base64url');
    await createUser({
      store,
      clock,
      actor: SYSTEM,
      username,
      displayName: `Demo ${role.replace('_', ' ')}`,
      roles: [role],
      password,
      reason: REASON,
    });
    users.push({ username, role, password });
  }
  const { secret } = await createApiKey({
    store,
    clock,
    actor: SYSTEM,
    name: 'demo service',
    scopes: ['rate', 'policies:read', 'usage:write'],
    reason: REASON,
  });
  return { users, apiKey: secret };
}

/** The meters of the examples' usage (rules/examples/<example>/meters.json). */
async function seedDemoMeters(options: { store: Store; clock: Clock; examplesDir: string }) {
  for (const example of (await readdir(options.examplesDir)).sort()) {
    const file = join(options.examplesDir, example, 'meters.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const definition of JSON.parse(text) as unknown[]) {
      await createMeter({ ...options, actor: SYSTEM, definition, reason: REASON });
    }
  }
}

/** What the console shows once; never logged. */
export function formatDemoCredentials(credentials: DemoCredentials, baseUrl: string): string {
  const width = Math.max(...credentials.users.map((user) => user.username.length));
  return [
    '',
    'Demo data created (demo only: these credentials are shown once and not stored in clear):',
    ...credentials.users.map(
      (user) => `  ${user.username.padEnd(width)}  ${user.password}   (${user.role})`,
    ),
    `  API key (rate, policies:read, usage:write): ${credentials.apiKey}`,
    `  Try: curl -s ${baseUrl}/api/v1/rate -H "Authorization: Bearer ${credentials.apiKey}" \\`,
    '         -H "Content-Type: application/json" -d @rules/examples/saas/requests/acme-2026-03.json',
    `Open ${baseUrl}/ in a browser and sign in as one of them. Approver and admin sign in with a`,
    'second factor: the editor takes them through enrolling an authenticator app first.',
    '',
  ].join('\n');
}
