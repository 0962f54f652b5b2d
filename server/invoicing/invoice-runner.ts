// Runs invoice runs in the server process: started on demand (the API) or by the daily schedule,
// each executed in the background after the usage aggregator has caught up (so that every event
// received counts), and resumed at start-up when a crash or a stop interrupted it. One run at a
// time per process; a stop interrupts it between two customers.
import type { AuditActor, Clock } from '../audit';
import { recoverOutbox } from '../audit/record-outbox';
import type { Logger } from '../logging/create-logger';
import type { PolicySet } from '../rating/policy-set';
import type { Store } from '../store/store';
import { executeInvoiceRun } from './execute-invoice-run';
import { INVOICE_RUNS, type InvoiceRunRecord } from './invoice-records';
import { windowDayAt, type RunWindow } from './run-window';
import { startInvoiceRun } from './start-invoice-run';

export interface InvoiceRunnerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  policies: () => Promise<PolicySet>;
  /** Resolves once every usage batch received so far is in the daily aggregates. */
  drainUsage: () => Promise<void>;
  /** The daily run's window (run-window.ts); none: runs are started by hand only. */
  dailyWindow?: RunWindow;
  /** How often the schedule is looked at. */
  scheduleCheckMs?: number;
}

/** Appends the audit entries a crash left on runs (started or completed), once. */
export async function recoverInvoiceRunAudits(store: Store, clock: Clock): Promise<number> {
  let appended = 0;
  // Runs are few (one a day): reading them all is cheap.
  for (const run of await store.collection<InvoiceRunRecord>(INVOICE_RUNS).find({})) {
    if (run.pendingAudit !== undefined && Object.keys(run.pendingAudit).length > 0) {
      appended += await recoverOutbox({ store, clock }, INVOICE_RUNS, run._id, run.pendingAudit);
    }
  }
  return appended;
}

export class InvoiceRunner {
  private active: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: InvoiceRunnerOptions) {}

  /** Resumes interrupted runs and starts the schedule. */
  async start(): Promise<void> {
    const { store, clock } = this.options;
    await recoverInvoiceRunAudits(store, clock);
    const runs = store.collection<InvoiceRunRecord>(INVOICE_RUNS);
    for (const run of await runs.find({ state: 'running' })) this.execute(run._id);
    if (this.options.dailyWindow !== undefined) {
      this.timer = setInterval(() => this.checkSchedule(), this.options.scheduleCheckMs ?? 60_000);
      this.timer.unref();
      this.checkSchedule();
    }
  }

  /** Starts a run now; it executes in the background. */
  async startRun(input: {
    actor: AuditActor;
    asOf?: string;
    reason?: string;
  }): Promise<InvoiceRunRecord> {
    const run = await startInvoiceRun({ ...this.options, ...input, trigger: 'manual' });
    this.execute(run._id);
    return run;
  }

  /** Resolves when the runs started so far have finished (tests, and a graceful stop). */
  idle(): Promise<void> {
    return this.active;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.stopping.abort();
    await this.active;
  }

  private execute(runId: string): void {
    const { logger } = this.options;
    this.active = this.active.then(async () => {
      if (this.stopping.signal.aborted) return;
      try {
        await this.options.drainUsage();
        const run = await executeInvoiceRun({
          ...this.options,
          runId,
          signal: this.stopping.signal,
        });
        logger.info({ runId, counts: run.counts }, 'invoice run completed');
      } catch (error) {
        if (this.stopping.signal.aborted) {
          logger.info({ runId }, 'invoice run interrupted by the stop; it resumes at start-up');
          return;
        }
        logger.error({ runId, err: error }, 'invoice run failed; it resumes at the next start');
      }
    });
  }

  /** Starts the day's scheduled run inside its window (one per day, whoever starts it). */
  private checkSchedule(): void {
    const day = windowDayAt(this.options.clock.now(), this.options.dailyWindow!);
    if (day === null) return;
    const runId = `run_scheduled_${day}`;
    void this.options.store
      .collection<InvoiceRunRecord>(INVOICE_RUNS)
      .findOne({ _id: runId })
      .then(async (existing) => {
        if (existing !== null) return;
        const run = await startInvoiceRun({
          ...this.options,
          actor: { type: 'system', id: 'invoice-schedule' },
          trigger: 'scheduled',
          runId,
        });
        this.execute(run._id);
      })
      .catch((error: unknown) => {
        // A run in progress (409) or a lost race for the day's id: the next check looks again.
        this.options.logger.warn({ err: error, runId }, 'scheduled invoice run not started');
      });
  }
}
