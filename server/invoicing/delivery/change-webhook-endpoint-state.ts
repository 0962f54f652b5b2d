// An endpoint disabled (its deliveries wait: none is sent, and those due are skipped, to be
// redelivered by hand), enabled again, or deleted (its secret is dropped; the record stays, as
// its deliveries name it). Each audited: webhook_endpoint.disabled, .enabled, .deleted.
import type { AuditActor, Clock } from '../../audit';
import { pendingAudit } from '../../audit/record-outbox';
import { reasonIssues, throwIfInvalid } from '../../auth/auth-input';
import { flushAudited } from '../../customers/audited-write';
import { PENDING_AUDITS } from '../../customers/customer-records';
import type { Store } from '../../store/store';
import { WEBHOOK_ENDPOINTS } from './delivery-records';
import { findWebhookEndpoint } from './update-webhook-endpoint';
import {
  webhookEndpointView,
  type WebhookEndpointRecord,
  type WebhookEndpointState,
  type WebhookEndpointView,
} from './webhook-endpoint-record';

const CHANGE = {
  disable: { state: 'disabled', action: 'webhook_endpoint.disabled' },
  enable: { state: 'enabled', action: 'webhook_endpoint.enabled' },
  delete: { state: 'deleted', action: 'webhook_endpoint.deleted' },
} as const;

export type WebhookEndpointChange = keyof typeof CHANGE;

export async function changeWebhookEndpointState(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  id: string;
  change: WebhookEndpointChange;
  reason?: string;
}): Promise<WebhookEndpointView> {
  const { store, clock, actor, id } = options;
  throwIfInvalid(reasonIssues(options.reason, false), 'the request is invalid');
  const { state, action } = CHANGE[options.change];
  const stored = await findWebhookEndpoint(store, id);
  if (stored.state === state) return webhookEndpointView(stored);
  const audit = pendingAudit({
    actor,
    action,
    target: { type: 'webhook_endpoint', id },
    reason: options.reason,
    details: { fromState: stored.state, toState: state },
  });
  const updated = await store.collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS).findOneAndUpdate(
    { _id: id, state: { $ne: 'deleted' } },
    {
      $set: {
        state: state as WebhookEndpointState,
        updatedAt: clock.now().toISOString(),
        ...audit.set,
      },
      ...(state === 'deleted' && { $unset: { secret: true as const } }),
      $inc: { revision: 1, [PENDING_AUDITS]: 1 },
    },
  );
  // Deleted meanwhile: it is gone either way.
  if (updated === null) return await findWebhookEndpoint(store, id).then(webhookEndpointView);
  await flushAudited({ store, clock, collection: WEBHOOK_ENDPOINTS, documentId: id, audit });
  return webhookEndpointView(updated);
}
