// A webhook endpoint: an address of the customer's own systems (an ERP, a data warehouse) that is
// sent a signed POST for each event it subscribes to. Its signing secret is kept, since every
// delivery is signed with it, but it is shown once, when the endpoint is created or the secret
// rotated, and never appears in a list, a log or the audit log. A deleted endpoint keeps its
// record (its deliveries name it) without its secret.
import { randomBytes } from 'node:crypto';
import type { PendingAuditEntries } from '../../audit/record-outbox';
import type { WebhookEvent } from './delivery-records';

export type WebhookEndpointState = 'enabled' | 'disabled' | 'deleted';

export interface WebhookEndpointRecord {
  _id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  state: WebhookEndpointState;
  /** The HMAC-SHA256 key of the signatures; removed when the endpoint is deleted. */
  secret?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  pendingAudit?: PendingAuditEntries;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  state: WebhookEndpointState;
  /** The secret's first characters, to tell which one a receiver has. */
  secretPrefix: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

const SECRET_PREFIX = 'whsec_';

export function newWebhookEndpointId(): string {
  return `whe_${randomBytes(8).toString('hex')}`;
}

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function webhookEndpointView(record: WebhookEndpointRecord): WebhookEndpointView {
  return {
    id: record._id,
    url: record.url,
    events: record.events,
    description: record.description,
    state: record.state,
    secretPrefix: record.secret === undefined ? null : record.secret.slice(0, 10),
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    revision: record.revision,
  };
}
