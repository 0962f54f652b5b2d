// Someone asks for a delivery again: after it failed (the receiver is fixed), after it was skipped
// (SMTP is configured now, the endpoint enabled again), or after it was delivered (the receiver
// lost it). The job is due now with a fresh round of attempts, under the same delivery id, so a
// receiver that kept the first copy can tell. Not while an attempt is in flight (409). Audited
// as delivery.redelivery_requested.
import type { AuditActor, Clock } from '../../audit';
import { pendingAudit } from '../../audit/record-outbox';
import { reasonIssues, throwIfInvalid } from '../../auth/auth-input';
import { PENDING_AUDITS } from '../../customers/customer-records';
import { flushAudited } from '../../customers/audited-write';
import { AppError } from '../../errors/app-error';
import type { Store } from '../../store/store';
import { DELIVERIES, type DeliveryRecord } from './delivery-records';

export async function redeliverDelivery(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  deliveryId: string;
  reason?: string;
}): Promise<DeliveryRecord> {
  const { store, clock, actor, deliveryId } = options;
  throwIfInvalid(reasonIssues(options.reason, false), 'the redelivery is invalid');
  const deliveries = store.collection<DeliveryRecord>(DELIVERIES);
  const delivery = await deliveries.findOne({ _id: deliveryId });
  if (delivery === null) throw new AppError('not_found', `there is no delivery "${deliveryId}"`);
  if (delivery.state === 'sending') {
    throw new AppError('conflict', `delivery "${deliveryId}" is being attempted now: wait for it`);
  }
  const now = clock.now().toISOString();
  const audit = pendingAudit({
    actor,
    action: 'delivery.redelivery_requested',
    target: { type: 'delivery', id: deliveryId },
    reason: options.reason,
    details: {
      invoiceId: delivery.invoiceId,
      channel: delivery.channel,
      fromState: delivery.state,
      attemptsBefore: delivery.attemptCount,
    },
  });
  const updated = await deliveries.findOneAndUpdate(
    { _id: deliveryId, state: delivery.state, attemptCount: delivery.attemptCount },
    {
      $set: {
        state: 'pending',
        nextAttemptAt: now,
        roundStart: delivery.attemptCount,
        updatedAt: now,
        ...audit.set,
      },
      $inc: { [PENDING_AUDITS]: 1 },
    },
  );
  if (updated === null) {
    throw new AppError(
      'conflict',
      `delivery "${deliveryId}" changed meanwhile (an attempt started or ended): look at it again`,
    );
  }
  await flushAudited({ store, clock, collection: DELIVERIES, documentId: deliveryId, audit });
  return updated;
}
