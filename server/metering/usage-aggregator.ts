// Runs aggregation passes in the server process: soon after a batch is ready (a short delay lets
// the batches of a burst share one pass), on a timer as a safety net, and on demand (an invoice
// run drains it first, so it rates every event received). One pass at a time per process; a
// failed pass is logged and tried again on the next round.
import type { Clock } from '../audit';
import type { Logger } from '../logging/create-logger';
import type { Store } from '../store/store';
import { aggregatePendingUsage, type PassOutcome } from './aggregate-usage';
import { isAggregationIdle } from './usage-queries';

export interface UsageAggregatorOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** How long after a nudge a pass starts, so that a burst of batches shares it. */
  delayMs?: number;
  /** The safety-net timer. */
  intervalMs?: number;
  /**
   * Open batches received before this were left by a crashed writer. On the embedded store the
   * process owns the data folder, so that is every batch older than the process; on MongoDB,
   * other processes may still be writing theirs, so only batches older than ten minutes.
   */
  abandonedBefore: () => string;
}

export class UsageAggregator {
  private running: Promise<void> = Promise.resolve();
  private scheduled: NodeJS.Timeout | undefined;
  private readonly timer: NodeJS.Timeout;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(private readonly options: UsageAggregatorOptions) {
    this.timer = setInterval(() => this.nudge(), options.intervalMs ?? 10_000);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a pass soon. */
  nudge(): void {
    if (this.stopped || this.scheduled !== undefined) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.running = this.running.then(() => this.runUntilIdle());
    }, this.options.delayMs ?? 200);
    this.scheduled.unref();
  }

  /**
   * Aggregates everything ready now; resolves when no batch is waiting and no pass is half-done
   * (another process may be applying one: it waits for that too, up to `timeoutMs`).
   */
  drain(timeoutMs = 60_000): Promise<void> {
    const drained = this.running.then(async () => {
      const deadline = Date.now() + timeoutMs;
      await this.runUntilIdle(true);
      while (!(await isAggregationIdle(this.options.store))) {
        if (Date.now() > deadline) throw new Error('usage aggregation did not catch up in time');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await this.runUntilIdle(true);
      }
    });
    this.running = drained.catch(() => undefined);
    return drained;
  }

  /** Stops, interrupting a pass in progress (the next start finishes it). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearInterval(this.timer);
    if (this.scheduled !== undefined) clearTimeout(this.scheduled);
    await this.running;
  }

  private async runUntilIdle(rethrow = false): Promise<void> {
    const { store, clock, logger } = this.options;
    try {
      let outcome: PassOutcome | null;
      do {
        outcome = await aggregatePendingUsage({
          store,
          clock,
          abandonedBefore: this.options.abandonedBefore(),
          signal: this.stopping.signal,
        });
        if (outcome) logger.debug({ outcome }, 'usage aggregated');
      } while (outcome !== null && !this.stopped);
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      logger.error({ err: error }, 'usage aggregation pass failed');
      if (rethrow) throw error;
    }
  }
}
