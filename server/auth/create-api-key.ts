// A service API key, created by an administrator for a service (a usage collector, an invoicing
// job) with the scopes it needs. The secret is returned once and only its hash is kept.
import type { AuditActor, Clock } from '../audit';
import type { Store } from '../store/store';
import { newApiKey } from './api-key-secrets';
import {
  API_KEYS,
  apiKeys,
  apiKeyView,
  newApiKeyId,
  type ApiKeyRecord,
  type ApiKeyView,
} from './api-key-record';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { apiKeyNameIssues, reasonIssues, scopesIssues, throwIfInvalid } from './auth-input';
import { API_KEY_SCOPES, type ApiKeyScope } from './permissions';

export interface CreateApiKeyOptions {
  store: Store;
  clock: Clock;
  /** Who creates it; the HTTP layer has checked that they may (`api_key:manage`). */
  actor: AuditActor;
  name: string;
  scopes: readonly string[];
  reason?: string;
}

export interface CreatedApiKey {
  apiKey: ApiKeyView;
  /** The key for the service, shown once: it cannot be read back. */
  secret: string;
}

export async function createApiKey(options: CreateApiKeyOptions): Promise<CreatedApiKey> {
  const { store, clock, actor } = options;
  throwIfInvalid(
    [
      ...apiKeyNameIssues(options.name),
      ...scopesIssues(options.scopes),
      ...reasonIssues(options.reason, false),
    ],
    'the API key is invalid',
  );
  const scopes = API_KEY_SCOPES.filter((scope) => options.scopes.includes(scope)) as ApiKeyScope[];
  const id = newApiKeyId();
  const { secret, hash, displayPrefix } = newApiKey();
  const created = pendingAudit({
    actor,
    action: 'api_key.created',
    target: { type: 'api_key', id },
    reason: options.reason,
    details: { name: options.name, scopes },
  });
  const record: ApiKeyRecord = {
    _id: id,
    name: options.name,
    hash,
    displayPrefix,
    scopes,
    createdBy: actor.id,
    createdAt: clock.now().toISOString(),
    pendingAudit: { [created.id]: created.entry },
  };
  await apiKeys(store).insertOne(record);
  await flushPendingAudit({
    store,
    clock,
    collection: API_KEYS,
    documentId: id,
    pending: [created],
  });
  return { apiKey: apiKeyView(record), secret };
}
