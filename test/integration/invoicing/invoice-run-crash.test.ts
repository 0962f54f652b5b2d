// The server is killed (SIGKILL: no chance to finish anything) twice during an invoice run of 150
// customers for March 2026, and started again on the same data folder, where the run resumes by
// itself. Then: exactly one invoice per customer, each finalized at 1654.15 USD (Acme's March,
// worked out by hand in the examples), numbered 1 to 150 in the year's series with no gap and no
// number twice, each audited once as finalized, and the audit chain intact.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { verifyAuditLog } from '../../../server/audit/verify-audit-log';
import { AUTH_INDEXES, createUser } from '../../../server/auth';
import { INVOICE_SERIES } from '../../../server/invoicing/invoice-numbering';
import {
  INVOICE_RUNS,
  INVOICES,
  type InvoiceRecord,
  type InvoiceRunRecord,
} from '../../../server/invoicing/invoice-records';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { openStore } from '../../../server/store/open-store';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { PASSWORD } from '../auth/auth-fixtures';
import { ACME_MARCH_TOTAL, addBillableAcme, seedInvoicingStore } from './invoice-fixtures';

const CUSTOMERS = 150;
const clock = { now: () => new Date() };
/** Numbers are given in the series of the year they are issued in: the real clock's. */
const SERIES = `INV-${new Date().getUTCFullYear()}`;

let dataDir: string;

function customerId(index: number): string {
  return `acme-${String(index).padStart(3, '0')}`;
}

async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bea', password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((one) => one.startsWith('ll_session='))!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0]!, csrf: csrfToken };
}

async function get<T>(server: ServerProcess, cookie: string, route: string): Promise<T> {
  const response = await fetch(`${server.url}${route}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Waits until the run has finalized at least `count` invoices (or is completed). */
async function untilInvoiced(server: ServerProcess, runId: string, count: number) {
  const { cookie } = await signIn(server.url);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = await get<{ state: string }>(server, cookie, `/api/v1/invoice-runs/${runId}`);
    const page = await get<{ invoices: { status: string }[] }>(
      server,
      cookie,
      `/api/v1/invoices?status=finalized&limit=1000`,
    );
    if (run.state === 'completed' || page.invoices.length >= count) return run.state;
    if (Date.now() > deadline) throw new Error(`${page.invoices.length} invoices after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerline-run-crash-'));
  const store = await openStore({ dataDir });
  await ensureIndexes(store, AUTH_INDEXES);
  await seedInvoicingStore(store, clock);
  for (let index = 0; index < CUSTOMERS; index++) {
    await addBillableAcme(store, clock, customerId(index));
  }
  await createUser({
    store,
    clock,
    actor: { type: 'system', id: 'test-setup' },
    username: 'bea',
    displayName: 'Bea',
    roles: ['billing_admin'],
    password: PASSWORD,
  });
  await store.close();
}, 120_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a server killed during an invoice run', () => {
  it('resumes it at restart: one invoice per customer, numbered without a gap', async () => {
    const env = { DATA_DIR: dataDir };
    let server = await startServerProcess(env);
    const { cookie, csrf } = await signIn(server.url);
    const started = await fetch(`${server.url}/api/v1/invoice-runs`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ asOf: '2026-04-02T00:00:00Z', reason: 'March close' }),
    });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as { id: string }).id;

    // Early kill points: a resumed run makes the rest in well under a second here.
    for (const killAt of [20, 40]) {
      expect(await untilInvoiced(server, runId, killAt)).toBe('running');
      await server.kill('SIGKILL');
      server = await startServerProcess(env);
    }
    expect(await untilInvoiced(server, runId, CUSTOMERS + 1)).toBe('completed');
    await server.kill('SIGTERM');

    const store = await openStore({ dataDir });
    try {
      const invoices = await store
        .collection<InvoiceRecord>(INVOICES)
        .find({}, { sort: { sequence: 1 } });
      expect(invoices).toHaveLength(CUSTOMERS);
      expect(new Set(invoices.map((invoice) => invoice.customerId)).size).toBe(CUSTOMERS);
      invoices.forEach((invoice, index) => {
        expect(invoice).toMatchObject({
          status: 'finalized',
          number: `${SERIES}-${String(index + 1).padStart(6, '0')}`,
          periodStart: '2026-03-01T00:00:00Z',
        });
        expect(invoice.rating.totals.total).toBe(ACME_MARCH_TOTAL);
      });
      expect(await store.collection(INVOICE_SERIES).findOne({ _id: SERIES })).toMatchObject({
        next: CUSTOMERS + 1,
        claim: null,
      });
      const run = await store.collection<InvoiceRunRecord>(INVOICE_RUNS).findOne({ _id: runId });
      expect(run).toMatchObject({ state: 'completed', counts: { invoiced: CUSTOMERS, failed: 0 } });
      const finalized = await store
        .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
        .find({ action: 'invoice.finalized' });
      expect(finalized).toHaveLength(CUSTOMERS);
      expect(new Set(finalized.map((entry) => entry.target.id)).size).toBe(CUSTOMERS);
      expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }, 180_000);
});
