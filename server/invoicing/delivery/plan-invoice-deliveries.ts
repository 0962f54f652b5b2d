// Which deliveries a finalized invoice gets: an e-mail to the customer's billing address, and a
// webhook to every enabled endpoint subscribed to its event. The planner finds finalized invoices
// by reading the store, never by being called from the invoice run, so a run never waits for
// delivery and an invoice finalized just before a crash is still delivered.
//
// Each job is inserted under its own id (a second insert collides and is ignored), then the
// invoice is marked planned (`deliveriesPlannedAt`, bookkeeping outside its sealed content): a
// crash in between plans the rest next time, never a job twice.
//
// The planner looks at invoices finalized since its checkpoint, less LATE_MARGIN_MS (an invoice
// is sealed with the time its finalizing process read just before writing, so one may land a
// little after a later-stamped one). The checkpoint starts when the planner first runs on a store:
// invoices finalized before delivery existed are delivered only when asked
// (POST /api/v1/invoices/:id/deliveries).
import type { AuditActor, Clock } from '../../audit';
import { flushPendingAudit, pendingAudit } from '../../audit/record-outbox';
import { PENDING_AUDITS } from '../../customers/customer-records';
import { AppError } from '../../errors/app-error';
import { DuplicateKeyError, type Store } from '../../store/store';
import { INVOICES } from '../invoice-records';
import {
  DELIVERIES,
  DELIVERY_PLANNER,
  EVENT_OF_KIND,
  emailDeliveryId,
  webhookDeliveryId,
  WEBHOOK_ENDPOINTS,
  type DeliveryChannel,
  type DeliveryPlannerRecord,
  type DeliveryRecord,
  type PlannedInvoice,
} from './delivery-records';
import type { WebhookEndpointRecord } from './webhook-endpoint-record';

export const LATE_MARGIN_MS = 15 * 60_000;
const PAGE_SIZE = 100;

/** Plans the next page of finalized invoices not yet planned; returns how many it planned. */
export async function planInvoiceDeliveries(options: {
  store: Store;
  clock: Clock;
}): Promise<number> {
  const { store, clock } = options;
  const planner = await plannerCheckpoint(store, clock);
  const from = new Date(Date.parse(planner.since) - LATE_MARGIN_MS).toISOString();
  const invoices = await store
    .collection<PlannedInvoice>(INVOICES)
    .find(
      { finalizedAt: { $gte: from }, status: 'finalized', deliveriesPlannedAt: null },
      { sort: { finalizedAt: 1, _id: 1 }, limit: PAGE_SIZE },
    );
  if (invoices.length === 0) return 0;
  const endpoints = await store
    .collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS)
    .find({ state: 'enabled' });
  for (const invoice of invoices) {
    await planDeliveriesOf({ ...options, invoice, endpoints });
  }
  const last = invoices[invoices.length - 1]!.finalizedAt!;
  await store
    .collection<DeliveryPlannerRecord>(DELIVERY_PLANNER)
    .updateOne(
      { _id: 'planner', since: { $lt: last } },
      { $set: { since: last, updatedAt: clock.now().toISOString() } },
    );
  return invoices.length;
}

async function plannerCheckpoint(store: Store, clock: Clock): Promise<DeliveryPlannerRecord> {
  const planners = store.collection<DeliveryPlannerRecord>(DELIVERY_PLANNER);
  const found = await planners.findOne({ _id: 'planner' });
  if (found !== null) return found;
  const now = clock.now().toISOString();
  const planner: DeliveryPlannerRecord = { _id: 'planner', since: now, updatedAt: now };
  try {
    await planners.insertOne(planner);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    return (await planners.findOne({ _id: 'planner' }))!;
  }
  return planner;
}

/** The jobs of one finalized invoice; those that exist are left as they are. */
export async function planDeliveriesOf(options: {
  store: Store;
  clock: Clock;
  invoice: PlannedInvoice;
  endpoints: readonly WebhookEndpointRecord[];
}): Promise<DeliveryRecord[]> {
  const { store, clock, invoice } = options;
  const event = EVENT_OF_KIND[invoice.kind];
  const now = clock.now().toISOString();
  const job = (id: string, channel: DeliveryChannel, endpointId?: string): DeliveryRecord => ({
    _id: id,
    invoiceId: invoice._id,
    invoiceKind: invoice.kind,
    customerId: invoice.customerId,
    channel,
    event,
    ...(endpointId !== undefined && { endpointId }),
    state: 'pending',
    nextAttemptAt: now,
    attemptCount: 0,
    roundStart: 0,
    attempts: [],
    claimedAt: null,
    deliveredAt: null,
    createdAt: now,
    updatedAt: now,
    pendingAudits: 0,
  });
  const jobs = [
    job(emailDeliveryId(invoice._id), 'email'),
    ...options.endpoints
      .filter((endpoint) => endpoint.state === 'enabled' && endpoint.events.includes(event))
      .map((endpoint) =>
        job(webhookDeliveryId(invoice._id, endpoint._id), 'webhook', endpoint._id),
      ),
  ];
  const deliveries = store.collection<DeliveryRecord>(DELIVERIES);
  for (const delivery of jobs) {
    try {
      await deliveries.insertOne(delivery);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
  await store
    .collection<PlannedInvoice>(INVOICES)
    .updateOne(
      { _id: invoice._id, status: 'finalized', deliveriesPlannedAt: null },
      { $set: { deliveriesPlannedAt: now } },
    );
  return jobs;
}

/**
 * By hand: the deliveries of one finalized invoice, planned now if they were not (an invoice
 * finalized before delivery was set up, or a webhook endpoint added since). Audited as
 * delivery.planned on the invoice.
 */
export async function planDeliveriesOfInvoice(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  invoiceId: string;
  reason?: string;
}): Promise<DeliveryRecord[]> {
  const { store, clock, invoiceId } = options;
  const invoices = store.collection<PlannedInvoice>(INVOICES);
  const invoice = await invoices.findOne({ _id: invoiceId });
  if (invoice === null) throw new AppError('not_found', `there is no invoice "${invoiceId}"`);
  if (invoice.status !== 'finalized') {
    throw new AppError(
      'conflict',
      `invoice "${invoiceId}" is a draft: only issued invoices are delivered`,
    );
  }
  const endpoints = await store
    .collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS)
    .find({ state: 'enabled' });
  const jobs = await planDeliveriesOf({ ...options, invoice, endpoints });
  const audit = pendingAudit({
    actor: options.actor,
    action: 'delivery.planned',
    target: { type: 'invoice', id: invoiceId },
    reason: options.reason,
    details: { deliveries: jobs.map((job) => job._id) },
  });
  await invoices.updateOne(
    { _id: invoiceId, status: 'finalized' },
    { $set: { ...audit.set }, $inc: { [PENDING_AUDITS]: 1 } },
  );
  await flushPendingAudit({
    store,
    clock,
    collection: INVOICES,
    documentId: invoiceId,
    pending: [audit],
    counter: PENDING_AUDITS,
  });
  return jobs;
}
