// An administrator revokes a service API key: from this write on it authenticates nothing. The
// record stays, so audit entries and lists keep naming it.
import type { AuditActor, Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { API_KEYS, apiKeys, apiKeyView, type ApiKeyView } from './api-key-record';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { idIssues, reasonIssues, throwIfInvalid } from './auth-input';

export interface RevokeApiKeyOptions {
  store: Store;
  clock: Clock;
  /** Who revokes it; the HTTP layer has checked that they may (`api_key:manage`). */
  actor: AuditActor;
  apiKeyId: string;
  reason: string;
}

export type RevokeApiKeyOutcome =
  { kind: 'revoked'; apiKey: ApiKeyView } | { kind: 'already_revoked'; apiKey: ApiKeyView };

export async function revokeApiKey(options: RevokeApiKeyOptions): Promise<RevokeApiKeyOutcome> {
  const { store, clock, actor, apiKeyId } = options;
  throwIfInvalid(
    [...idIssues(apiKeyId, '$.apiKeyId'), ...reasonIssues(options.reason, true)],
    'the request to revoke an API key is invalid',
  );
  const revoked = pendingAudit({
    actor,
    action: 'api_key.revoked',
    target: { type: 'api_key', id: apiKeyId },
    reason: options.reason,
  });
  const record = await apiKeys(store).findOneAndUpdate(
    { _id: apiKeyId, revokedAt: { $exists: false } },
    { $set: { revokedAt: clock.now().toISOString(), ...revoked.set } },
  );
  if (!record) {
    const existing = await apiKeys(store).findOne({ _id: apiKeyId });
    if (!existing) throw new AppError('not_found', 'there is no such API key');
    return { kind: 'already_revoked', apiKey: apiKeyView(existing) };
  }
  await flushPendingAudit({
    store,
    clock,
    collection: API_KEYS,
    documentId: apiKeyId,
    pending: [revoked],
  });
  return { kind: 'revoked', apiKey: apiKeyView(record) };
}
