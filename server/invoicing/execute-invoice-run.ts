// An invoice run: every billable customer, in id order, a page at a time; for each, every closed
// period not yet invoiced (billing-periods.ts), rated, drafted and finalized (invoice-period.ts).
// The run records how far it got after each page; a run that was interrupted goes on from there,
// and a page done twice changes nothing (a finalized invoice is left alone), so a run killed at
// any point and run again yields exactly one invoice per customer and period.
import type { AuditActor, Clock } from '../audit';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import type { CustomerBilling } from '../customers/customer-profile';
import { CUSTOMERS, type CustomerRecord } from '../customers/customer-records';
import { subscriptions } from '../customers/customers-repository';
import { loadRatingRequests } from '../customers/load-rating-requests';
import type { PolicySet } from '../rating/policy-set';
import { toMillis } from '../rating/time';
import type { Store } from '../store/store';
import { closedPeriods, type BillingPeriod } from './billing-periods';
import { completeLeftClaims } from './invoice-numbering';
import { invoicePeriod } from './invoice-period';
import { settleDueAdjustments, type AdjustmentFailure } from './settle-adjustment';
import {
  INVOICE_RUNS,
  INVOICES,
  type InvoiceRecord,
  type InvoiceRunCounts,
  type InvoiceRunRecord,
} from './invoice-records';

export const RUN_PAGE_SIZE = 500;
/**
 * Invoices of a page made at once. Each invoice is some fifteen store round trips, one after
 * another; four in flight overlap their waits (10,000 invoices: 68 s -> 60 s here). More contend
 * for the number counter and the audit chain, which take one at a time (eight: 66 s).
 */
const INVOICES_AT_ONCE = 4;
const MAX_FAILURES_KEPT = 100;

type Billable = CustomerRecord & { billing: CustomerBilling };

export interface ExecuteRunOptions {
  store: Store;
  clock: Clock;
  runId: string;
  policies: () => Promise<PolicySet>;
  /** Stops between two customers (the server is shutting down); the run goes on at restart. */
  signal?: AbortSignal;
  pageSize?: number;
}

export function emptyRunCounts(): InvoiceRunCounts {
  return {
    customers: 0,
    invoiced: 0,
    alreadyInvoiced: 0,
    empty: 0,
    notBillable: 0,
    failed: 0,
    creditNotes: 0,
    debitNotes: 0,
  };
}

export async function executeInvoiceRun(options: ExecuteRunOptions): Promise<InvoiceRunRecord> {
  const { store, clock, runId } = options;
  const runs = store.collection<InvoiceRunRecord>(INVOICE_RUNS);
  let run = await runs.findOne({ _id: runId });
  if (run === null) throw new Error(`there is no invoice run ${runId}`);
  const actor: AuditActor = { type: 'system', id: `invoice-run:${runId}` };
  const policySet = await options.policies();
  if (run.state === 'running') await completeLeftClaims(store, INVOICES);
  while (run.state === 'running') {
    options.signal?.throwIfAborted();
    const page = await store
      .collection<CustomerRecord>(CUSTOMERS)
      .find(run.cursor === null ? {} : { _id: { $gt: run.cursor } }, {
        sort: { _id: 1 },
        limit: options.pageSize ?? RUN_PAGE_SIZE,
      });
    if (page.length === 0) {
      const adjustmentFailures = await settleDueAdjustments({
        store,
        clock,
        actor,
        policies: policySet,
        runId,
        ...(options.signal !== undefined && { signal: options.signal }),
      });
      await completeLeftClaims(store, INVOICES);
      run = await complete(store, clock, run, adjustmentFailures);
      break;
    }
    const { counts, failures } = await invoicePage({ ...options, run, page, actor, policySet });
    const updated = await runs.findOneAndUpdate(
      { _id: runId, cursor: run.cursor, state: 'running' },
      {
        $set: {
          cursor: page[page.length - 1]!._id,
          updatedAt: clock.now().toISOString(),
          failures: [...run.failures, ...failures].slice(0, MAX_FAILURES_KEPT),
        },
        $inc: Object.fromEntries(
          Object.entries(counts).map(([name, value]) => [`counts.${name}`, value]),
        ),
      },
    );
    // Another process moved the run on (it resumed it too): go on from where it is.
    run = updated ?? (await runs.findOne({ _id: runId }))!;
  }
  return run;
}

async function invoicePage(
  options: ExecuteRunOptions & {
    run: InvoiceRunRecord;
    page: CustomerRecord[];
    actor: AuditActor;
    policySet: PolicySet;
  },
) {
  const { store, clock, run, page } = options;
  const counts = emptyRunCounts();
  const failures: InvoiceRunRecord['failures'] = [];
  counts.customers = page.length;
  const billable = page.filter((customer): customer is Billable => customer.billing !== undefined);
  counts.notBillable = page.length - billable.length;
  const byPeriod = await periodsOfPage(store, billable, run.asOf);
  for (const [key, customerIds] of byPeriod) {
    const [start, end] = key.split('|') as [string, string];
    const { requests } = await loadRatingRequests(store, { start, end }, customerIds);
    const customers = new Map(billable.map((customer) => [customer._id, customer]));
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < requests.length && !failed) {
        const request = requests[next++]!;
        options.signal?.throwIfAborted();
        const customer = customers.get(request.customer.id)!;
        const outcome = await invoicePeriod({
          store,
          clock,
          runId: run._id,
          actor: options.actor,
          customer,
          request,
          policies: options.policySet,
        });
        if (outcome.kind === 'failed') {
          counts.failed++;
          failures.push({ customerId: customer._id, periodStart: start, message: outcome.message });
        } else if (outcome.kind === 'invoiced') counts.invoiced++;
        else counts[outcome.kind]++;
      }
    };
    // One failing stops the others after their invoice in hand; all have stopped when it throws.
    const settled = await Promise.allSettled(
      Array.from({ length: INVOICES_AT_ONCE }, () =>
        worker().catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const rejected = settled.find((result) => result.status === 'rejected');
    if (rejected) throw (rejected as PromiseRejectedResult).reason;
  }
  return { counts, failures };
}

/**
 * The page's closed periods, as customer ids by period: a customer's billing starts with its
 * first subscription, or when it was created if that is earlier.
 */
async function periodsOfPage(
  store: Store,
  billable: readonly Billable[],
  asOf: string,
): Promise<Map<string, string[]>> {
  const ids = billable.map((customer) => customer._id);
  const starts = new Map(billable.map((customer) => [customer._id, toMillis(customer.createdAt)]));
  if (ids.length > 0) {
    for (const record of await subscriptions(store).find({ customerId: { $in: ids } })) {
      const start = toMillis(record.subscription.start);
      if (start < starts.get(record.customerId)!) starts.set(record.customerId, start);
    }
  }
  const byPeriod = new Map<string, string[]>();
  for (const customer of billable) {
    const periods: BillingPeriod[] = closedPeriods({
      anchorDay: customer.billing.anchorDay ?? 1,
      billingStart: new Date(starts.get(customer._id)!).toISOString(),
      asOf,
    });
    for (const period of periods) {
      const key = `${period.start}|${period.end}`;
      const list = byPeriod.get(key) ?? [];
      list.push(customer._id);
      byPeriod.set(key, list);
    }
  }
  return byPeriod;
}

/**
 * The run done, once the due adjustments are settled: its invoiced and note counts are the
 * documents it finalized, whatever restarts it took.
 */
async function complete(
  store: Store,
  clock: Clock,
  run: InvoiceRunRecord,
  adjustmentFailures: readonly AdjustmentFailure[],
): Promise<InvoiceRunRecord> {
  const runs = store.collection<InvoiceRunRecord>(INVOICE_RUNS);
  const made = (kind: InvoiceRecord['kind']) =>
    store.collection<InvoiceRecord>(INVOICES).count({ runId: run._id, status: 'finalized', kind });
  const now = clock.now().toISOString();
  const counts = {
    ...run.counts,
    invoiced: await made('invoice'),
    creditNotes: await made('credit_note'),
    debitNotes: await made('debit_note'),
    failed: run.counts.failed + adjustmentFailures.length,
  };
  const failures = [
    ...run.failures,
    ...adjustmentFailures.map(({ customerId, periodStart, message }) => ({
      customerId,
      periodStart,
      message,
    })),
  ].slice(0, MAX_FAILURES_KEPT);
  const audit = pendingAudit({
    actor: run.startedBy,
    action: 'invoice_run.completed',
    target: { type: 'invoice_run', id: run._id },
    details: { asOf: run.asOf, ...counts },
  });
  const done = await runs.findOneAndUpdate(
    { _id: run._id, state: 'running' },
    {
      $set: {
        state: 'completed',
        completedAt: now,
        updatedAt: now,
        counts,
        failures,
        ...audit.set,
      },
    },
  );
  if (done === null) return (await runs.findOne({ _id: run._id }))!;
  await flushPendingAudit({
    store,
    clock,
    collection: INVOICE_RUNS,
    documentId: run._id,
    pending: [audit],
  });
  return done;
}
