// An invoice run killed at every one of its writes in turn (drafts, number claims, seals, audit
// entries, progress), then resumed as a restart would (audit outboxes recovered, the run executed
// again): every time exactly one invoice per customer and period, numbered 1 to 3 with no gap
// and no number used twice, each finalized once and audited once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { recoverPendingCustomerAudits } from '../../../server/customers/recover-pending-customer-audits';
import { executeInvoiceRun } from '../../../server/invoicing/execute-invoice-run';
import { INVOICE_SERIES } from '../../../server/invoicing/invoice-numbering';
import {
  INVOICE_RUNS,
  INVOICES,
  type InvoiceRecord,
  type InvoiceRunRecord,
} from '../../../server/invoicing/invoice-records';
import { recoverInvoiceRunAudits } from '../../../server/invoicing/invoice-runner';
import { startInvoiceRun } from '../../../server/invoicing/start-invoice-run';
import { loadRatablePolicies } from '../../../server/policies/load-ratable-policies';
import type { Store } from '../../../server/store/store';
import { dyingAtWrite, Killed } from '../../support/dying-store';
import { openTestStore, type TestStore } from '../../support/test-store';
import { ACME_MARCH_TOTAL, addBillableAcme, seedInvoicingStore } from './invoice-fixtures';

const clock = { now: () => new Date('2026-04-02T09:00:00.000Z') };

async function freshStore(): Promise<TestStore> {
  const test = await openTestStore('embedded');
  await seedInvoicingStore(test.store, clock);
  for (const id of ['acme-a', 'acme-b', 'acme-c']) await addBillableAcme(test.store, clock, id);
  return test;
}

async function execute(store: Store, runId: string): Promise<InvoiceRunRecord> {
  return await executeInvoiceRun({
    store,
    clock,
    runId,
    // Two customers a page, so that progress is written between pages too.
    pageSize: 2,
    policies: () => loadRatablePolicies(store),
  });
}

describe('an invoice run killed at every write', () => {
  let test: TestStore;

  beforeEach(async () => {
    test = await freshStore();
  });

  afterEach(async () => {
    await test.dispose();
  });

  it('yields one invoice per customer and period with numbers 1 to 3, whatever write it stopped at', async () => {
    const actor = { type: 'system' as const, id: 'test' };
    const measured = await startInvoiceRun({ store: test.store, clock, actor, trigger: 'manual' });
    const counting = dyingAtWrite(test.store, Number.MAX_SAFE_INTEGER);
    expect((await execute(counting, measured._id)).counts.invoiced).toBe(3);
    const writes = counting.writes();
    expect(writes).toBeGreaterThan(20);

    for (let dieAt = 1; dieAt <= writes; dieAt++) {
      await test.dispose();
      test = await freshStore();
      const { store } = test;
      const run = await startInvoiceRun({ store, clock, actor, trigger: 'manual' });
      await expect(execute(dyingAtWrite(store, dieAt), run._id)).rejects.toBeInstanceOf(Killed);
      // The restart: outboxes first (as start-up does), then the run goes on.
      await recoverPendingCustomerAudits({ store, clock });
      await recoverInvoiceRunAudits(store, clock);
      const resumed = await execute(store, run._id);

      const why = `killed at write ${dieAt}`;
      expect(resumed.state, why).toBe('completed');
      expect(resumed.counts.invoiced, why).toBe(3);
      const invoices = await store
        .collection<InvoiceRecord>(INVOICES)
        .find({}, { sort: { _id: 1 } });
      expect(
        invoices.map((invoice) => [invoice._id, invoice.status, invoice.rating.totals.total]),
        why,
      ).toEqual([
        ['inv_acme-a_2026-03-01', 'finalized', ACME_MARCH_TOTAL],
        ['inv_acme-b_2026-03-01', 'finalized', ACME_MARCH_TOTAL],
        ['inv_acme-c_2026-03-01', 'finalized', ACME_MARCH_TOTAL],
      ]);
      expect(invoices.map((invoice) => invoice.number).sort(), why).toEqual([
        'INV-2026-000001',
        'INV-2026-000002',
        'INV-2026-000003',
      ]);
      expect(
        await store.collection(INVOICE_SERIES).findOne({ _id: 'INV-2026' }),
        why,
      ).toMatchObject({
        next: 4,
        claim: null,
      });
      const entries = await store
        .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
        .find({ action: { $in: ['invoice.finalized', 'invoice_run.completed'] } });
      expect(entries.map((entry) => entry.target.id).sort(), why).toEqual([
        'inv_acme-a_2026-03-01',
        'inv_acme-b_2026-03-01',
        'inv_acme-c_2026-03-01',
        run._id,
      ]);
      expect(await store.collection(INVOICES).count({ pendingAudits: { $gt: 0 } }), why).toBe(0);
      const stored = await store
        .collection<InvoiceRunRecord>(INVOICE_RUNS)
        .findOne({ _id: run._id });
      expect(Object.keys(stored?.pendingAudit ?? {}), why).toEqual([]);
    }
  }, 120_000);
});
