// An endpoint's address, events or description changed, or its secret rotated (the new one is
// answered once), under the revision the caller loaded. Deliveries already planned go to the
// address the endpoint has when they are attempted, signed with the secret it has then. Audited
// as webhook_endpoint.updated with the fields that changed.
import type { AuditActor, Clock } from '../../audit';
import { canonicalJson } from '../../audit/canonical-json';
import { pendingAudit } from '../../audit/record-outbox';
import { reasonIssues, throwIfInvalid } from '../../auth/auth-input';
import { flushAudited } from '../../customers/audited-write';
import { PENDING_AUDITS } from '../../customers/customer-records';
import { AppError } from '../../errors/app-error';
import type { Store } from '../../store/store';
import { WEBHOOK_ENDPOINTS, WEBHOOK_EVENTS, type WebhookEvent } from './delivery-records';
import { descriptionIssues, eventsIssues, urlIssues } from './webhook-endpoint-input';
import {
  newWebhookSecret,
  webhookEndpointView,
  type WebhookEndpointRecord,
  type WebhookEndpointView,
} from './webhook-endpoint-record';

export async function findWebhookEndpoint(
  store: Store,
  id: string,
): Promise<WebhookEndpointRecord> {
  const endpoint = await store
    .collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS)
    .findOne({ _id: id });
  if (endpoint === null || endpoint.state === 'deleted') {
    throw new AppError('not_found', `there is no webhook endpoint "${id}"`);
  }
  return endpoint;
}

export async function updateWebhookEndpoint(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  id: string;
  revision: number;
  url?: unknown;
  events?: unknown;
  description?: unknown;
  rotateSecret?: boolean;
  reason?: string;
}): Promise<{ endpoint: WebhookEndpointView; secret?: string }> {
  const { store, clock, actor, id, revision } = options;
  throwIfInvalid(
    [
      ...(options.url !== undefined ? urlIssues(options.url) : []),
      ...(options.events !== undefined ? eventsIssues(options.events) : []),
      ...descriptionIssues(options.description),
      ...reasonIssues(options.reason, false),
    ],
    'the webhook endpoint is invalid',
  );
  const stored = await findWebhookEndpoint(store, id);
  const next: Pick<WebhookEndpointRecord, 'url' | 'events' | 'description'> = {
    url: (options.url as string | undefined) ?? stored.url,
    events:
      options.events === undefined
        ? stored.events
        : (WEBHOOK_EVENTS.filter((event) =>
            (options.events as string[]).includes(event),
          ) as WebhookEvent[]),
    description:
      options.description === undefined ? stored.description : (options.description as string),
  };
  const changed: string[] = (['url', 'events', 'description'] as const).filter(
    (field) => canonicalJson(stored[field]) !== canonicalJson(next[field]),
  );
  const secret = options.rotateSecret === true ? newWebhookSecret() : undefined;
  if (secret !== undefined) changed.push('secret');
  if (stored.revision === revision && changed.length === 0) {
    return { endpoint: webhookEndpointView(stored) };
  }
  const audit = pendingAudit({
    actor,
    action: 'webhook_endpoint.updated',
    target: { type: 'webhook_endpoint', id },
    reason: options.reason,
    details: { changed, revision: revision + 1 },
  });
  const updated = await store.collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS).findOneAndUpdate(
    { _id: id, revision, state: { $ne: 'deleted' } },
    {
      $set: {
        ...next,
        ...(secret !== undefined && { secret }),
        updatedAt: clock.now().toISOString(),
        ...audit.set,
      },
      $inc: { revision: 1, [PENDING_AUDITS]: 1 },
    },
  );
  if (updated === null) {
    throw new AppError(
      'conflict',
      `someone changed webhook endpoint "${id}" since you loaded it (you had revision ${revision}): load it again`,
    );
  }
  await flushAudited({ store, clock, collection: WEBHOOK_ENDPOINTS, documentId: id, audit });
  return { endpoint: webhookEndpointView(updated), ...(secret !== undefined && { secret }) };
}
