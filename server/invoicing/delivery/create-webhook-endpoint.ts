// A billing admin or an administrator adds a webhook endpoint: its address, the events it wants,
// and a signing secret, made here (or given, for a receiver that has one already) and answered
// once. Audited as webhook_endpoint.created, without the secret.
import type { AuditActor, Clock } from '../../audit';
import { reasonIssues, throwIfInvalid } from '../../auth/auth-input';
import { pendingAudit } from '../../audit/record-outbox';
import { insertAudited } from '../../customers/audited-write';
import type { Store } from '../../store/store';
import { WEBHOOK_ENDPOINTS, WEBHOOK_EVENTS, type WebhookEvent } from './delivery-records';
import { descriptionIssues, eventsIssues, secretIssues, urlIssues } from './webhook-endpoint-input';
import {
  newWebhookEndpointId,
  newWebhookSecret,
  webhookEndpointView,
  type WebhookEndpointRecord,
  type WebhookEndpointView,
} from './webhook-endpoint-record';

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpointView;
  /** Shown once: the receiver verifies signatures with it. */
  secret: string;
}

export async function createWebhookEndpoint(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  url: unknown;
  events: unknown;
  description?: unknown;
  secret?: unknown;
  reason?: string;
}): Promise<CreatedWebhookEndpoint> {
  const { store, clock, actor } = options;
  throwIfInvalid(
    [
      ...urlIssues(options.url),
      ...eventsIssues(options.events),
      ...descriptionIssues(options.description),
      ...secretIssues(options.secret),
      ...reasonIssues(options.reason, false),
    ],
    'the webhook endpoint is invalid',
  );
  const id = newWebhookEndpointId();
  const secret = (options.secret as string | undefined) ?? newWebhookSecret();
  const events = WEBHOOK_EVENTS.filter((event) =>
    (options.events as string[]).includes(event),
  ) as WebhookEvent[];
  const now = clock.now().toISOString();
  const record: WebhookEndpointRecord = {
    _id: id,
    url: options.url as string,
    events,
    description: (options.description as string | undefined) ?? null,
    state: 'enabled',
    secret,
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
  const audit = pendingAudit({
    actor,
    action: 'webhook_endpoint.created',
    target: { type: 'webhook_endpoint', id },
    reason: options.reason,
    details: { events, signingKeyGiven: options.secret !== undefined },
  });
  await insertAudited({
    store,
    clock,
    collection: WEBHOOK_ENDPOINTS,
    record,
    audit,
    taken: 'a webhook endpoint with this id exists',
  });
  return { endpoint: webhookEndpointView(record), secret };
}
