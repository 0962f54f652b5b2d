import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  checkTotp,
  hotp,
  otpauthUri,
  totpCode,
} from '../../../server/auth/totp';

// RFC 4226 appendix D: secret "12345678901234567890", counters 0..9
const RFC4226 = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];
const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it.each(RFC4226.map((code, counter) => [counter, code]))(
    'HOTP counter %i is %s',
    (counter, code) => {
      expect(hotp(Buffer.from('12345678901234567890'), counter)).toBe(code);
    },
  );

  // RFC 6238 appendix B, SHA-1, truncated to 6 digits
  it.each([
    ['1970-01-01T00:00:59Z', '287082'],
    ['2005-03-18T01:58:29Z', '081804'],
    ['2009-02-13T23:31:30Z', '005924'],
    ['2033-05-18T03:33:20Z', '279037'],
  ])('TOTP at %s is %s', (at, code) => {
    expect(totpCode(SECRET, new Date(at))).toBe(code);
  });

  it('round-trips base32', () => {
    expect(base32Decode(base32Encode(Buffer.from('any bytes at all'))).toString()).toBe(
      'any bytes at all',
    );
    expect(SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts a code one step early or late, not two', () => {
    const at = new Date('2005-03-18T01:58:29Z');
    const code = '081804';
    expect(checkTotp({ secret: SECRET, code, at })).toEqual({ ok: true, step: 37037036 });
    expect(checkTotp({ secret: SECRET, code, at: new Date(at.getTime() + 30_000) }).ok).toBe(true);
    expect(checkTotp({ secret: SECRET, code, at: new Date(at.getTime() + 60_000) }).ok).toBe(false);
  });

  it('refuses a code whose step was already used, and anything not six digits', () => {
    const at = new Date('2005-03-18T01:58:29Z');
    expect(checkTotp({ secret: SECRET, code: '081804', at, lastUsedStep: 37037036 }).ok).toBe(
      false,
    );
    expect(checkTotp({ secret: SECRET, code: '81804', at }).ok).toBe(false);
    expect(checkTotp({ secret: SECRET, code: '0818o4', at }).ok).toBe(false);
  });

  it('writes the otpauth URI authenticator apps read', () => {
    expect(otpauthUri({ secret: SECRET, account: 'bob@example.com', issuer: 'Ledgerline' })).toBe(
      'otpauth://totp/Ledgerline%3Abob%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Ledgerline&algorithm=SHA1&digits=6&period=30',
    );
  });
});
