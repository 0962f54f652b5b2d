// What delivery stores. A delivery is one job: one finalized invoice (or credit or debit note) to
// one channel, the customer's billing e-mail or one webhook endpoint. Its id says which
// (`<invoice id>:email`, `<invoice id>:webhook:<endpoint id>`), so planning it twice, from two
// processes or after a crash, finds the one already there; it is also the idempotency key the
// receiver gets with every attempt (`Ledgerline-Delivery`), so that it can drop a repeat.
//
// A job is pending (due at nextAttemptAt), sending (claimed by a worker, which records the
// outcome when the attempt ends), then delivered, failed (out of attempts) or skipped (nothing
// could be sent: e-mail is off, the endpoint was disabled). Every attempt is kept with its time,
// outcome, the HTTP status or SMTP response and the error, and audited as delivery.attempted.
import type { PendingAuditEntries } from '../../audit/record-outbox';
import type { InvoiceKind, InvoiceRecord } from '../invoice-records';

export const DELIVERIES = 'deliveries';
export const WEBHOOK_ENDPOINTS = 'webhook_endpoints';
/** One document: how far the planner has looked through finalized invoices. */
export const DELIVERY_PLANNER = 'delivery_planner';

/** The webhook events: one per kind of document issued. Each payload also carries its kind. */
export const WEBHOOK_EVENTS = [
  'invoice.finalized',
  'credit_note.finalized',
  'debit_note.finalized',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const EVENT_OF_KIND: Record<InvoiceKind, WebhookEvent> = {
  invoice: 'invoice.finalized',
  credit_note: 'credit_note.finalized',
  debit_note: 'debit_note.finalized',
};

export type DeliveryChannel = 'email' | 'webhook';
export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export type AttemptOutcome = 'delivered' | 'failed' | 'skipped' | 'interrupted';

export interface DeliveryAttempt {
  /** 1, 2, 3, ... over the job's whole life (redeliveries go on counting). */
  number: number;
  startedAt: string;
  finishedAt: string;
  outcome: AttemptOutcome;
  /** The receiver's HTTP status (webhooks). */
  httpStatus?: number;
  /** The SMTP server's answer (e-mail), such as "250 2.0.0 OK queued". */
  smtpResponse?: string;
  /** Why it failed or was skipped, for people. */
  error?: string;
}

export interface DeliveryRecord {
  _id: string;
  invoiceId: string;
  invoiceKind: InvoiceKind;
  customerId: string;
  channel: DeliveryChannel;
  event: WebhookEvent;
  /** Webhooks: the endpoint; e-mail: none. */
  endpointId?: string;
  state: DeliveryState;
  /** When the next attempt is due (pending jobs). */
  nextAttemptAt: string | null;
  /** Attempts made, including an interrupted one. */
  attemptCount: number;
  /**
   * The attempts made before the current round: 0, or the count at the last redelivery. The job
   * gives up (failed) once roundStart + the worker's attempts per round have been made.
   */
  roundStart: number;
  attempts: DeliveryAttempt[];
  /** The attempt in flight: when it was claimed; a claim left by a dead process is retried. */
  claimedAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  pendingAudit?: PendingAuditEntries;
  pendingAudits?: number;
}

export interface DeliveryPlannerRecord {
  _id: 'planner';
  /** Invoices finalized from (about) this instant on are planned; older ones only by hand. */
  since: string;
  updatedAt: string;
}

/** A finalized invoice with the planner's mark: its delivery jobs exist. Bookkeeping, unsealed. */
export type PlannedInvoice = InvoiceRecord & { deliveriesPlannedAt?: string | null };

export function emailDeliveryId(invoiceId: string): string {
  return `${invoiceId}:email`;
}

export function webhookDeliveryId(invoiceId: string, endpointId: string): string {
  return `${invoiceId}:webhook:${endpointId}`;
}
