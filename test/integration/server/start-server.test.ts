// The server as a newcomer starts it: an empty data folder gets demo data (credentials shown
// once, the default templates published), the rating API answers with the demo key, and
// everything survives a restart.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/config';
import {
  customers,
  subscriptions,
  usageDaily,
} from '../../../server/customers/customers-repository';
import { createLogger } from '../../../server/logging/create-logger';
import { startServer, type RunningServer } from '../../../server/start-server';
import { openStore } from '../../../server/store/open-store';

let dataDir: string;
const start = (announced: string[]) =>
  startServer({
    config: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    logger: createLogger({ level: 'silent' }),
    announce: (text) => announced.push(text),
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-server-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function rate(server: RunningServer, apiKey: string) {
  const body = await readFile('rules/examples/saas/requests/acme-2026-03.json', 'utf8');
  return fetch(`${server.url}/api/v1/rate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body,
  });
}

describe('startServer on an empty embedded store', () => {
  it('seeds demo data once, serves the rating API with the demo key, and keeps data across a restart', async () => {
    const firstRun: string[] = [];
    const server = await start(firstRun);
    const announcement = firstRun.join('\n');
    for (const role of ['billing-admin', 'approver', 'finance', 'revops', 'support', 'admin']) {
      expect(announcement).toContain(`demo-${role}`);
    }
    expect(announcement).toContain(`Open ${server.url}/ in a browser`);
    const apiKey = /API key \(rate, policies:read, usage:write\): (\S+)/.exec(announcement)![1]!;
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    // The browser editor is served on the same address.
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    // Idle connections outlive a load balancer's (60 s), so the server never closes one first.
    expect(health.headers.get('keep-alive')).toBe('timeout=65');
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({
      status: 'ready',
      store: 'embedded',
    });
    // The default templates are published too: support reads them.
    const supportPassword = /demo-support\s+(\S+)/.exec(announcement)![1]!;
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-support', password: supportPassword }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const templates = (await (
      await fetch(`${server.url}/api/v1/templates?status=published`, { headers: { cookie } })
    ).json()) as { templates: { key: string }[] };
    expect(templates.templates.map((template) => template.key)).toEqual([
      'credit-note',
      'dispute-follow-up',
      'invoice',
      'payment-reminder',
      'statement',
    ]);
    const rated = await rate(server, apiKey);
    expect(rated.status).toBe(200);
    expect(((await rated.json()) as { totals: { total: string } }).totals.total).toBe('1654.15');
    await server.stop();

    const secondRun: string[] = [];
    const restarted = await start(secondRun);
    expect(secondRun).toEqual([]);
    expect((await rate(restarted, apiKey)).status).toBe(200);
    expect((await rate(restarted, 'llk_not-a-key')).status).toBe(401);
    await restarted.stop();

    // The demo customers of the example requests, with their subscriptions and usage.
    const store = await openStore({ dataDir, logger: createLogger({ level: 'silent' }) });
    try {
      const customerIds = (await customers(store).find({}, { sort: { _id: 1 } })).map(
        (customer) => customer._id,
      );
      expect(customerIds).toEqual(['acme-corp', 'globex-gmbh', 'initech']);
      expect(await subscriptions(store).count({ customerId: 'initech' })).toBe(3);
      // 62 days of usage for Acme, 44 for Globex (their example requests).
      expect(await usageDaily(store).count({})).toBe(62 + 44);
    } finally {
      await store.close();
    }
  });
});
