// Webhook signatures as a receiver checks them: the HMAC-SHA256 of "<t>.<body>" with the
// endpoint's secret (the expected hex below was computed with `openssl dgst -sha256 -hmac`), and
// a time within five minutes of the receiver's clock.
import { describe, expect, it } from 'vitest';
import {
  signatureHeader,
  verifySignature,
} from '../../../server/invoicing/delivery/webhook-signature';
import { retryDelayMs } from '../../../server/invoicing/delivery/delivery-backoff';

const SECRET = 'whsec_test_secret_0123456789abcdef';
const BODY = '{"id":"x"}';
/** 2026-04-02T09:00:00Z */
const T = 1775120400;
const OPENSSL_HEX = '11a49587eb72c0fe615101619618c6dafdf83aa57471ad4ff60f0d6a23961dfb';

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256', () => {
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${OPENSSL_HEX}`);
  });

  it.each([
    ['the signed body at the same time', `t=${T},v1=${OPENSSL_HEX}`, BODY, T, true],
    ['five minutes later, the tolerance', `t=${T},v1=${OPENSSL_HEX}`, BODY, T + 300, true],
    ['five minutes and a second later', `t=${T},v1=${OPENSSL_HEX}`, BODY, T + 301, false],
    ['from more than five minutes ahead', `t=${T},v1=${OPENSSL_HEX}`, BODY, T - 301, false],
    ['another body', `t=${T},v1=${OPENSSL_HEX}`, '{"id":"y"}', T, false],
    ['another time in the header', `t=${T + 1},v1=${OPENSSL_HEX}`, BODY, T, false],
    [
      'one good signature among others',
      `t=${T},v1=${'0'.repeat(64)},v1=${OPENSSL_HEX}`,
      BODY,
      T,
      true,
    ],
    ['no signature', `t=${T}`, BODY, T, false],
    ['no time', `v1=${OPENSSL_HEX}`, BODY, T, false],
    ['a short signature', `t=${T},v1=11a4`, BODY, T, false],
  ])('%s: %s', (_case, header, body, now, valid) => {
    expect(verifySignature({ secret: SECRET, header, body, nowSeconds: now })).toBe(valid);
  });

  it('refuses a signature made with another secret', () => {
    const header = signatureHeader('whsec_another_secret_0123456789', T, BODY);
    expect(verifySignature({ secret: SECRET, header, body: BODY, nowSeconds: T })).toBe(false);
  });
});

describe('retry backoff', () => {
  it.each([
    [1, 60_000],
    [2, 300_000],
    [3, 1_800_000],
    [4, 7_200_000],
    [5, 21_600_000],
    [6, 43_200_000],
    [7, 43_200_000],
  ])('after %i failed attempts, waits %i ms', (failed, wait) => {
    expect(retryDelayMs(failed)).toBe(wait);
  });
});
