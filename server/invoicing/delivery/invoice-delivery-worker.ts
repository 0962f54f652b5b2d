// Delivers issued invoices in the server process, in passes: soon after a nudge (a redelivery),
// on a timer, and at start-up. A pass records the attempts a dead process left in flight as
// interrupted (due again), plans the deliveries of invoices finalized since the last pass, then
// makes every attempt that is due, a few at once. Time comes from the injected clock, so backoff
// is tested by moving the clock. One pass at a time per process; with several processes on one
// MongoDB, each attempt is claimed by one of them.
import type { Clock } from '../../audit';
import { recoverOutbox, type PendingAuditEntries } from '../../audit/record-outbox';
import { PENDING_AUDITS } from '../../customers/customer-records';
import type { Logger } from '../../logging/create-logger';
import type { BlobStore } from '../../store/blob-store';
import type { Store, StoredDocument } from '../../store/store';
import type { PdfRenderer } from '../pdf-renderer';
import { attemptDelivery, recoverAbandonedDeliveries } from './attempt-delivery';
import type { AttemptResult } from './attempt-result';
import { DEFAULT_MAX_ATTEMPTS } from './delivery-backoff';
import { DELIVERIES, WEBHOOK_ENDPOINTS, type DeliveryRecord } from './delivery-records';
import type { MailSender } from './mail-sender';
import { planInvoiceDeliveries } from './plan-invoice-deliveries';
import { sendInvoiceEmail } from './send-invoice-email';
import { sendWebhook } from './send-webhook';

export interface InvoiceDeliveryWorkerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  blobs: BlobStore;
  pdfRenderer: PdfRenderer;
  /** None: e-mail delivery is off, and each e-mail delivery is recorded as skipped. */
  mailSender?: MailSender;
  mailFrom?: string;
  /**
   * Jobs claimed before this were being attempted by a process that died. On the embedded store
   * the process owns the data folder, so that is every claim older than the process; on MongoDB
   * other processes may still be sending theirs, so only claims older than their longest attempt.
   */
  abandonedBefore: () => string;
  /** The timer between passes. */
  intervalMs?: number;
  /** How long a webhook endpoint has to answer. */
  webhookTimeoutMs?: number;
  /** Attempts per job (and per redelivery) before it is failed. */
  maxAttempts?: number;
}

/** Attempts made at once: a slow receiver does not hold up the others. */
const ATTEMPTS_AT_ONCE = 4;
const DUE_PAGE = 20;

export class InvoiceDeliveryWorker {
  private running: Promise<void> = Promise.resolve();
  private scheduled: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(private readonly options: InvoiceDeliveryWorkerOptions) {}

  get maxAttempts(): number {
    return this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /** Appends audit entries a crash left pending, then starts the timer and a first pass. */
  async start(): Promise<void> {
    await this.recoverPendingAudits();
    this.timer = setInterval(() => this.nudge(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
    this.nudge();
  }

  /** The audit entries a crash left on deliveries and endpoints, appended once. */
  async recoverPendingAudits(): Promise<number> {
    const { store, clock, logger } = this.options;
    let recovered = 0;
    for (const collection of [DELIVERIES, WEBHOOK_ENDPOINTS]) {
      const records = store.collection<StoredDocument & { pendingAudit?: PendingAuditEntries }>(
        collection,
      );
      for (const record of await records.find({ [PENDING_AUDITS]: { $gt: 0 } })) {
        recovered += await recoverOutbox(
          { store, clock },
          collection,
          record._id,
          record.pendingAudit,
        );
        await records.updateOne({ _id: record._id }, { $set: { [PENDING_AUDITS]: 0 } });
      }
    }
    if (recovered > 0) {
      logger.warn({ recovered }, 'appended delivery audit entries left by a crash');
    }
    return recovered;
  }

  /** Asks for a pass soon. */
  nudge(): void {
    if (this.stopped || this.scheduled !== undefined) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.pass();
    }, 50);
    this.scheduled.unref();
  }

  /** Runs a pass after the one in progress; resolves when it is done (tests, and nudges). */
  pass(): Promise<void> {
    const next = this.running.then(() => this.runPass());
    this.running = next;
    return next;
  }

  /** Stops: an attempt in flight is cut short and recorded as interrupted, due at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.scheduled !== undefined) clearTimeout(this.scheduled);
    await this.running;
    this.options.mailSender?.close();
  }

  private async runPass(): Promise<void> {
    if (this.stopped) return;
    const { store, clock, logger } = this.options;
    try {
      const recovered = await recoverAbandonedDeliveries({
        store,
        clock,
        abandonedBefore: this.options.abandonedBefore(),
        maxAttempts: this.maxAttempts,
      });
      if (recovered > 0)
        logger.warn({ recovered }, 'deliveries interrupted by a crash are retried');
      while (!this.stopped && (await planInvoiceDeliveries({ store, clock })) > 0);
      while (!this.stopped) {
        const due = await store
          .collection<DeliveryRecord>(DELIVERIES)
          .find(
            { state: 'pending', nextAttemptAt: { $lte: clock.now().toISOString() } },
            { sort: { nextAttemptAt: 1, _id: 1 }, limit: DUE_PAGE },
          );
        if (due.length === 0) break;
        await this.attemptAll(due);
      }
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      logger.error({ err: error }, 'delivery pass failed; the next pass tries again');
    }
  }

  private async attemptAll(due: DeliveryRecord[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.stopped) {
        const delivery = due[next++]!;
        await attemptDelivery({
          store: this.options.store,
          clock: this.options.clock,
          delivery,
          send: (claimed) => this.send(claimed),
          maxAttempts: this.maxAttempts,
          signal: this.stopping.signal,
        });
        this.options.logger.debug({ deliveryId: delivery._id }, 'delivery attempted');
      }
    };
    // All have stopped before the pass goes on or ends, whichever failed.
    const settled = await Promise.allSettled(Array.from({ length: ATTEMPTS_AT_ONCE }, worker));
    const rejected = settled.find((result) => result.status === 'rejected');
    if (rejected) throw (rejected as PromiseRejectedResult).reason;
  }

  private async send(delivery: DeliveryRecord): Promise<AttemptResult> {
    const { options } = this;
    if (delivery.channel === 'email') {
      return await sendInvoiceEmail(
        {
          store: options.store,
          clock: options.clock,
          blobs: options.blobs,
          pdfRenderer: options.pdfRenderer,
          mailSender: options.mailSender,
          mailFrom: options.mailFrom,
        },
        delivery,
      );
    }
    return await sendWebhook(
      {
        store: options.store,
        clock: options.clock,
        timeoutMs: options.webhookTimeoutMs ?? 10_000,
      },
      delivery,
      this.stopping.signal,
    );
  }
}
