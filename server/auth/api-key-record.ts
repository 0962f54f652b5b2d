// A service API key: one record per key in the `api_keys` collection, found by the SHA-256 of
// the secret (a unique index). The secret itself is shown once, when the key is created.
import { randomBytes } from 'node:crypto';
import type { Collection, Store } from '../store/store';
import type { PendingAuditEntries } from '../audit/record-outbox';
import type { ApiKeyScope } from './permissions';

export const API_KEYS = 'api_keys';

export interface ApiKeyRecord {
  /** `key_` and 24 hex digits. */
  _id: string;
  /** A label for people, such as "usage-collector". */
  name: string;
  /** SHA-256 hex of the secret. */
  hash: string;
  /** The secret's first characters, to tell keys apart in lists. */
  displayPrefix: string;
  scopes: ApiKeyScope[];
  /** The id of who created it. */
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
  pendingAudit?: PendingAuditEntries;
}

/** What callers may see of a key: everything but its hash and outbox. */
export interface ApiKeyView {
  id: string;
  name: string;
  displayPrefix: string;
  scopes: ApiKeyScope[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | undefined;
}

export function apiKeyView(record: ApiKeyRecord): ApiKeyView {
  return {
    id: record._id,
    name: record.name,
    displayPrefix: record.displayPrefix,
    scopes: [...record.scopes],
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    revokedAt: record.revokedAt,
  };
}

export function apiKeys(store: Store): Collection<ApiKeyRecord> {
  return store.collection<ApiKeyRecord>(API_KEYS);
}

export function newApiKeyId(): string {
  return `key_${randomBytes(12).toString('hex')}`;
}
