// Webhook signatures: `Ledgerline-Signature: t=<unix seconds>,v1=<hex>` where the hex is the
// HMAC-SHA256, keyed with the endpoint's secret, of "<t>.<body>" (the exact bytes sent). The time
// inside the signed text stops a captured request from being replayed later: a receiver accepts a
// signature only within SIGNATURE_TOLERANCE_SECONDS of its own clock.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Ledgerline-Signature';
export const DELIVERY_HEADER = 'Ledgerline-Delivery';
export const EVENT_HEADER = 'Ledgerline-Event';
export const ATTEMPT_HEADER = 'Ledgerline-Attempt';
/** What a receiver should allow between the signature's time and its own clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${signatureOf(secret, unixSeconds, body)}`;
}

/**
 * What a receiver does: true when one v1 signature of the header matches the body and its time
 * is within the tolerance of `nowSeconds`. Compares in constant time.
 */
export function verifySignature(options: {
  secret: string;
  header: string;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const parts = options.header.split(',').map((part) => part.trim().split('=', 2));
  const time = Number(parts.find(([name]) => name === 't')?.[1]);
  if (!Number.isSafeInteger(time)) return false;
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(options.nowSeconds - time) > tolerance) return false;
  const expected = Buffer.from(signatureOf(options.secret, time, options.body), 'hex');
  return parts
    .filter(([name, value]) => name === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}
