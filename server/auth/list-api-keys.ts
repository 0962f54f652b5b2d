// Every service API key, for administrators: views only (never the hash), oldest first.
import type { Store } from '../store/store';
import { apiKeys, apiKeyView, type ApiKeyView } from './api-key-record';

export async function listApiKeys(store: Store): Promise<ApiKeyView[]> {
  const records = await apiKeys(store).find({}, { sort: { createdAt: 1, _id: 1 } });
  return records.map(apiKeyView);
}
