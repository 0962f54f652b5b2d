// The daily invoice run in its window (INVOICE_RUN_AT=01:00-03:00): nothing before the window
// opens; inside it the day's run starts once (whatever the number of checks) and invoices Acme's
// March (1654.15 USD); after it closes, nothing more, and the next day's window starts the next
// day's run, which finds March invoiced already.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOICE_RUNS, type InvoiceRunRecord } from '../../../server/invoicing/invoice-records';
import { InvoiceRunner } from '../../../server/invoicing/invoice-runner';
import { parseRunWindow } from '../../../server/invoicing/run-window';
import { createLogger } from '../../../server/logging/create-logger';
import { loadRatablePolicies } from '../../../server/policies/load-ratable-policies';
import { openTestStore, type TestStore } from '../../support/test-store';
import { addBillableAcme, seedInvoicingStore } from './invoice-fixtures';

describe('the scheduled invoice run', () => {
  let test: TestStore;
  let now = new Date('2026-04-02T00:30:00.000Z');
  const clock = { now: () => now };
  let runner: InvoiceRunner;

  beforeEach(async () => {
    test = await openTestStore('embedded');
    await seedInvoicingStore(test.store, clock);
    await addBillableAcme(test.store, clock, 'acme-a');
    runner = new InvoiceRunner({
      store: test.store,
      clock,
      logger: createLogger({ level: 'silent' }),
      policies: () => loadRatablePolicies(test.store),
      drainUsage: async () => undefined,
      dailyWindow: parseRunWindow('01:00-03:00')!,
      scheduleCheckMs: 10,
    });
  });

  afterEach(async () => {
    await runner.stop();
    await test.dispose();
  });

  const runs = () =>
    test.store.collection<InvoiceRunRecord>(INVOICE_RUNS).find({}, { sort: { _id: 1 } });
  const checks = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('starts one run a day inside the window, and none outside it', async () => {
    await runner.start();
    await checks();
    expect(await runs()).toEqual([]);

    now = new Date('2026-04-02T01:00:00.000Z');
    await expect.poll(async () => (await runs()).length).toBe(1);
    await checks();
    await runner.idle();
    const [first] = await runs();
    expect(first).toMatchObject({
      _id: 'run_scheduled_2026-04-02',
      trigger: 'scheduled',
      state: 'completed',
      counts: { invoiced: 1, failed: 0 },
      startedBy: { type: 'system', id: 'invoice-schedule' },
    });

    now = new Date('2026-04-02T03:00:00.000Z');
    await checks();
    now = new Date('2026-04-03T00:59:59.000Z');
    await checks();
    expect(await runs()).toHaveLength(1);

    now = new Date('2026-04-03T02:59:00.000Z');
    await expect.poll(async () => (await runs()).length).toBe(2);
    await runner.idle();
    expect((await runs())[1]).toMatchObject({
      _id: 'run_scheduled_2026-04-03',
      state: 'completed',
      counts: { invoiced: 0, alreadyInvoiced: 1 },
    });
  });
});
