// One webhook attempt: a POST of the event's JSON to the endpoint, signed with its secret at the
// time of sending. A 2xx answer is a delivery; any other status, a redirect (never followed: the
// endpoint's address is what was approved), a network error or no answer within the timeout is a
// failed attempt, tried again later. A disabled or deleted endpoint is sent nothing (skipped).
import type { Clock } from '../../audit';
import type { Store } from '../../store/store';
import { INVOICES, type InvoiceRecord } from '../invoice-records';
import type { AttemptResult } from './attempt-result';
import { WEBHOOK_ENDPOINTS, type DeliveryRecord } from './delivery-records';
import type { WebhookEndpointRecord } from './webhook-endpoint-record';
import { webhookPayload } from './webhook-payload';
import {
  ATTEMPT_HEADER,
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
} from './webhook-signature';

export interface WebhookChannel {
  store: Store;
  clock: Clock;
  /** How long an endpoint has to answer. */
  timeoutMs: number;
}

export async function sendWebhook(
  channel: WebhookChannel,
  delivery: DeliveryRecord,
  signal: AbortSignal,
): Promise<AttemptResult> {
  const { store, clock } = channel;
  const endpoint = await store
    .collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS)
    .findOne({ _id: delivery.endpointId! });
  if (endpoint === null || endpoint.state === 'deleted' || endpoint.secret === undefined) {
    return { outcome: 'skipped', error: 'the webhook endpoint was deleted' };
  }
  if (endpoint.state === 'disabled') {
    return { outcome: 'skipped', error: 'the webhook endpoint is disabled' };
  }
  const invoice = await store
    .collection<InvoiceRecord>(INVOICES)
    .findOne({ _id: delivery.invoiceId });
  if (invoice === null) return { outcome: 'skipped', error: 'the invoice no longer exists' };
  const body = webhookPayload(delivery, invoice);
  const unixSeconds = Math.floor(clock.now().getTime() / 1000);
  const timeout = AbortSignal.timeout(channel.timeoutMs);
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Ledgerline-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, unixSeconds, body),
        [DELIVERY_HEADER]: delivery._id,
        [EVENT_HEADER]: delivery.event,
        [ATTEMPT_HEADER]: String(delivery.attemptCount),
      },
    });
    // The answer's body is not kept: only its status counts.
    await response.body?.cancel();
  } catch (error) {
    if (signal.aborted) throw error;
    if (timeout.aborted) {
      return { outcome: 'failed', error: `no answer within ${channel.timeoutMs / 1000} s` };
    }
    return { outcome: 'failed', error: networkError(error) };
  }
  if (response.status >= 200 && response.status < 300) {
    return { outcome: 'delivered', httpStatus: response.status };
  }
  return {
    outcome: 'failed',
    httpStatus: response.status,
    error:
      response.status >= 300 && response.status < 400
        ? `the endpoint answered ${response.status} (a redirect, not followed)`
        : `the endpoint answered ${response.status}`,
  };
}

/** fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a DNS failure...). */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `the request failed: ${cause.code}`;
  if (typeof cause?.message === 'string') return `the request failed: ${cause.message}`;
  return `the request failed: ${error instanceof Error ? error.message : String(error)}`;
}
