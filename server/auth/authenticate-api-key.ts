// Who a service request comes from, given the API key it presents (an Authorization header).
// The key is looked up by its SHA-256; a revoked or unknown key authenticates nothing.
import type { Store } from '../store/store';
import { apiKeys } from './api-key-record';
import { hashApiKey, looksLikeApiKey } from './api-key-secrets';
import type { ApiKeyPrincipal } from './permissions';

export interface AuthenticateApiKeyOptions {
  store: Store;
  token: string;
}

export async function authenticateApiKey(
  options: AuthenticateApiKeyOptions,
): Promise<ApiKeyPrincipal | undefined> {
  if (typeof options.token !== 'string' || !looksLikeApiKey(options.token)) return undefined;
  const record = await apiKeys(options.store).findOne({ hash: hashApiKey(options.token) });
  if (!record || record.revokedAt !== undefined) return undefined;
  return { type: 'api_key', id: record._id, scopes: record.scopes };
}
