// Corrections settled by an invoice run killed at every one of its writes in turn (note drafts,
// number claims, seals, audit entries, the requests settled), then resumed as a restart would:
// every time exactly one credit note per corrected invoice, CN-2026-000001 and 000002 with no
// gap, each finalized and audited once, and no request left due. The correction: the platform
// fee was 449.00 from March, not 499.00: -50.00 and -5.17 tax (51.65 -> 29.19 + 17.29), -55.17.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { recoverPendingCustomerAudits } from '../../../server/customers/recover-pending-customer-audits';
import {
  INVOICE_ADJUSTMENTS,
  type AdjustmentRequestRecord,
} from '../../../server/invoicing/adjustment-requests';
import { executeInvoiceRun } from '../../../server/invoicing/execute-invoice-run';
import { INVOICE_SERIES } from '../../../server/invoicing/invoice-numbering';
import { INVOICES, type InvoiceRecord } from '../../../server/invoicing/invoice-records';
import { recoverInvoiceRunAudits } from '../../../server/invoicing/invoice-runner';
import { requestPeriodCorrections } from '../../../server/invoicing/request-period-corrections';
import { startInvoiceRun } from '../../../server/invoicing/start-invoice-run';
import { loadRatablePolicies } from '../../../server/policies/load-ratable-policies';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import type { Store } from '../../../server/store/store';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { dyingAtWrite, Killed } from '../../support/dying-store';
import { openTestStore, type TestStore } from '../../support/test-store';
import { usdPricesWithPlatformFee } from '../simulations/demo-simulation-fixtures';
import { addBillableAcme, seedInvoicingStore } from './invoice-fixtures';

const clock = { now: () => new Date('2026-04-02T09:00:00.000Z') };
const actor = { type: 'system' as const, id: 'test' };
const CORRECTED = ['inv_acme-a_2026-03-01', 'inv_acme-b_2026-03-01'];

function execute(store: Store, runId: string) {
  return executeInvoiceRun({ store, clock, runId, policies: () => loadRatablePolicies(store) });
}

/** Two customers invoiced for March, then the corrected price published and asked for. */
async function correctedStore(): Promise<TestStore> {
  const test = await openTestStore('embedded');
  const { store } = test;
  await seedInvoicingStore(store, clock);
  for (const id of ['acme-a', 'acme-b']) await addBillableAcme(store, clock, id);
  const first = await startInvoiceRun({ store, clock, actor, trigger: 'manual' });
  expect((await execute(store, first._id)).counts.invoiced).toBe(2);
  await seedPublishedVersions({
    store,
    clock,
    family: POLICY_FAMILY,
    documents: [{ ...usdPricesWithPlatformFee('449.00'), version: 2, effectiveFrom: '2026-03-01' }],
    reason: 'the March platform fee was 449.00',
  });
  const asked = await requestPeriodCorrections({
    store,
    clock,
    actor,
    periodStart: '2026-03-01',
    reason: 'platform fee',
  });
  expect(asked.requested).toBe(2);
  return test;
}

describe('corrections settled by a run killed at every write', () => {
  let test: TestStore;

  beforeEach(async () => {
    test = await correctedStore();
  });

  afterEach(async () => {
    await test.dispose();
  });

  it('yields one credit note per corrected invoice, numbered 1 and 2, whatever write it stopped at', async () => {
    const measured = await startInvoiceRun({ store: test.store, clock, actor, trigger: 'manual' });
    const counting = dyingAtWrite(test.store, Number.MAX_SAFE_INTEGER);
    expect((await execute(counting, measured._id)).counts.creditNotes).toBe(2);
    const writes = counting.writes();
    expect(writes).toBeGreaterThan(10);

    for (let dieAt = 1; dieAt <= writes; dieAt++) {
      await test.dispose();
      test = await correctedStore();
      const { store } = test;
      const run = await startInvoiceRun({ store, clock, actor, trigger: 'manual' });
      await expect(execute(dyingAtWrite(store, dieAt), run._id)).rejects.toBeInstanceOf(Killed);
      await recoverPendingCustomerAudits({ store, clock });
      await recoverInvoiceRunAudits(store, clock);
      const resumed = await execute(store, run._id);

      const why = `killed at write ${dieAt}`;
      expect(resumed.counts, why).toMatchObject({ creditNotes: 2, debitNotes: 0, failed: 0 });
      const notes = await store
        .collection<InvoiceRecord>(INVOICES)
        .find({ kind: 'credit_note' }, { sort: { _id: 1 } });
      expect(
        notes.map((note) => [note.references?.invoiceId, note.status, note.rating.totals.total]),
        why,
      ).toEqual(CORRECTED.map((id) => [id, 'finalized', '-55.17']));
      expect(notes.map((note) => note.number).sort(), why).toEqual([
        'CN-2026-000001',
        'CN-2026-000002',
      ]);
      expect(await store.collection(INVOICE_SERIES).findOne({ _id: 'CN-2026' }), why).toMatchObject(
        { next: 3, claim: null },
      );
      const finalized = await store
        .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
        .find({ action: 'invoice.finalized', 'details.kind': 'credit_note' });
      expect(finalized.map((entry) => entry.target.id).sort(), why).toEqual(
        notes.map((note) => note._id),
      );
      const requests = await store
        .collection<AdjustmentRequestRecord>(INVOICE_ADJUSTMENTS)
        .find({}, { sort: { _id: 1 } });
      expect(
        requests.map((request) => [request._id, request.state]),
        why,
      ).toEqual(CORRECTED.map((id) => [id, 'settled']));
      expect(await store.collection(INVOICES).count({ pendingAudits: { $gt: 0 } }), why).toBe(0);
    }
  }, 120_000);
});
