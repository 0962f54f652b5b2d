import { describe, expect, it } from 'vitest';
import { LoginRateLimiter, loginRateLimitKeys } from '../../../server/auth/login-rate-limiter';

const MINUTE = 60_000;

function aClock() {
  let now = Date.parse('2026-04-01T09:00:00Z');
  return {
    now: () => new Date(now),
    advance: (milliseconds: number) => {
      now += milliseconds;
    },
  };
}

describe('the login rate limiter', () => {
  it('allows 10 attempts in 5 minutes, then says when the next one is allowed', () => {
    const clock = aClock();
    const limiter = new LoginRateLimiter({ clock });
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(limiter.attempt(['address:10.0.0.1'])).toEqual({ allowed: true });
      clock.advance(10_000);
    }
    // The first attempt was 100 s ago; it leaves the window in 200 s.
    expect(limiter.attempt(['address:10.0.0.1'])).toEqual({
      allowed: false,
      retryAfterMs: 200_000,
    });
  });

  it('slides: each attempt leaves the window 5 minutes after it was made', () => {
    const clock = aClock();
    const limiter = new LoginRateLimiter({ clock, limit: 2, windowMs: 5 * MINUTE });
    limiter.attempt(['k']);
    clock.advance(2 * MINUTE);
    limiter.attempt(['k']);
    clock.advance(3 * MINUTE - 1);
    expect(limiter.attempt(['k'])).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(limiter.attempt(['k'])).toEqual({ allowed: true });
    expect(limiter.attempt(['k'])).toEqual({ allowed: false, retryAfterMs: 2 * MINUTE });
  });

  it('does not count refused attempts, so waiting is enough', () => {
    const clock = aClock();
    const limiter = new LoginRateLimiter({ clock, limit: 1, windowMs: MINUTE });
    limiter.attempt(['k']);
    for (let refused = 0; refused < 5; refused++)
      expect(limiter.attempt(['k']).allowed).toBe(false);
    clock.advance(MINUTE);
    expect(limiter.attempt(['k']).allowed).toBe(true);
  });

  it('refuses when any key is over its limit, and then counts against none', () => {
    const clock = aClock();
    const limiter = new LoginRateLimiter({ clock, limit: 2 });
    limiter.attempt(['address:a', 'username:jane']);
    limiter.attempt(['address:b', 'username:jane']);
    expect(limiter.attempt(['address:c', 'username:jane']).allowed).toBe(false);
    // address:c was not counted: it still has both of its attempts.
    expect(limiter.attempt(['address:c', 'username:joe']).allowed).toBe(true);
    expect(limiter.attempt(['address:c', 'username:kim']).allowed).toBe(true);
    expect(limiter.attempt(['address:c', 'username:lee']).allowed).toBe(false);
  });

  it('forgets a key on reset', () => {
    const limiter = new LoginRateLimiter({ clock: aClock(), limit: 1 });
    limiter.attempt(['username:jane']);
    limiter.reset('username:jane');
    expect(limiter.attempt(['username:jane']).allowed).toBe(true);
  });

  it('remembers at most maxKeys keys, dropping expired ones first, then the least recently used', () => {
    const clock = aClock();
    const limiter = new LoginRateLimiter({ clock, limit: 1, windowMs: MINUTE, maxKeys: 2 });
    limiter.attempt(['old']);
    clock.advance(MINUTE);
    limiter.attempt(['a']);
    limiter.attempt(['b']);
    expect(limiter.size).toBe(2);
    expect(limiter.attempt(['a']).allowed).toBe(false);
    limiter.attempt(['c']);
    expect(limiter.size).toBe(2);
    // "a" was least recently used (the refused attempt did not count as a use): it was dropped.
    expect(limiter.attempt(['b']).allowed).toBe(false);
    expect(limiter.attempt(['a']).allowed).toBe(true);
  });

  it.each([
    [{ limit: 0 }, /limit/],
    [{ windowMs: 0 }, /windowMs/],
    [{ maxKeys: 0 }, /maxKeys/],
  ])('refuses the setting %j', (options, message) => {
    expect(() => new LoginRateLimiter(options)).toThrow(message);
  });

  it('keys an attempt by address and by the user name as it is looked up', () => {
    expect(loginRateLimitKeys({ clientAddress: '192.0.2.7', username: 'Jane.Doe' })).toEqual([
      'address:192.0.2.7',
      'username:jane.doe',
    ]);
  });
});
