// Starting an invoice run: for periods that ended at or before `asOf` (now by default; never a
// time still to come, which would invoice periods still open). One run at a time: a start while
// another runs is refused with its id. (Two started at once by two processes would both be safe,
// each invoice being made once, only slower.) Audited as invoice_run.started.
import { emptyRunCounts } from './execute-invoice-run';
import { randomBytes } from 'node:crypto';
import type { AuditActor, Clock } from '../audit';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import { toMillis } from '../rating/time';
import { isValidInstant } from '../rating/validation/instant';
import { DuplicateKeyError, type Store } from '../store/store';
import { INVOICE_RUNS, type InvoiceRunRecord } from './invoice-records';

export async function startInvoiceRun(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  trigger: InvoiceRunRecord['trigger'];
  asOf?: string;
  /** Scheduled runs are named by their day, so that only one process starts each. */
  runId?: string;
  reason?: string;
}): Promise<InvoiceRunRecord> {
  const { store, clock, actor } = options;
  const now = clock.now();
  if (options.asOf !== undefined) {
    if (!isValidInstant(options.asOf)) {
      throw new AppError('invalid_request', 'the run is invalid', {
        issues: [{ path: '$.asOf', message: 'must be an instant such as 2026-04-01T00:00:00Z' }],
      });
    }
    if (toMillis(options.asOf) > now.getTime()) {
      throw new AppError('invalid_request', 'the run is invalid', {
        issues: [{ path: '$.asOf', message: 'must not be in the future: those periods are open' }],
      });
    }
  }
  const runs = store.collection<InvoiceRunRecord>(INVOICE_RUNS);
  const running = await runs.findOne({ state: 'running' });
  if (running !== null) {
    throw new AppError('conflict', `invoice run ${running._id} is running: wait for it to finish`);
  }
  const id = options.runId ?? `run_${now.getTime().toString(36)}${randomBytes(4).toString('hex')}`;
  const asOf = new Date(toMillis(options.asOf ?? now.toISOString())).toISOString();
  const audit = pendingAudit({
    actor,
    action: 'invoice_run.started',
    target: { type: 'invoice_run', id },
    reason: options.reason,
    details: { asOf, trigger: options.trigger },
  });
  const run: InvoiceRunRecord = {
    _id: id,
    trigger: options.trigger,
    asOf,
    state: 'running',
    cursor: null,
    counts: emptyRunCounts(),
    failures: [],
    startedBy: actor,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  try {
    await runs.insertOne({ ...run, pendingAudit: { [audit.id]: audit.entry } });
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw new AppError('conflict', `invoice run ${id} exists`);
    throw error;
  }
  await flushPendingAudit({
    store,
    clock,
    collection: INVOICE_RUNS,
    documentId: id,
    pending: [audit],
  });
  return run;
}
