// A sliding-window limit on sign-in attempts, per key: one key for the client address and one
// for the user name typed, so that neither one address trying many names nor many addresses
// trying one name gets more than `limit` attempts per window.
//
// Per process: the counts live in memory, so each server process counts on its own and a restart
// forgets them. That is enough to slow guessing down; the lockout kept on the user record
// (sign-in.ts) is what holds across processes.
import type { Clock } from '../audit';

export const LOGIN_ATTEMPTS_PER_WINDOW = 10;
export const LOGIN_WINDOW_MS = 5 * 60_000;
/** Keys remembered at most, so that a flood of made-up names cannot exhaust memory. */
export const DEFAULT_MAX_KEYS = 10_000;

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface LoginRateLimiterOptions {
  limit?: number;
  windowMs?: number;
  clock?: Clock;
  maxKeys?: number;
}

export class LoginRateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly maxKeys: number;
  /** Attempt times (ms) per key, oldest first; the map is in order of last use. */
  private readonly attempts = new Map<string, number[]>();

  constructor(options: LoginRateLimiterOptions = {}) {
    this.limit = options.limit ?? LOGIN_ATTEMPTS_PER_WINDOW;
    this.windowMs = options.windowMs ?? LOGIN_WINDOW_MS;
    this.clock = options.clock ?? { now: () => new Date() };
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError('limit: at least 1');
    if (!(this.windowMs > 0)) throw new RangeError('windowMs: more than 0');
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) {
      throw new RangeError('maxKeys: at least 1');
    }
  }

  /**
   * Counts one attempt against every key, unless one of them has used up its window: then nothing
   * is counted and the answer says how long until that key has an attempt again.
   */
  attempt(keys: readonly string[]): RateLimitDecision {
    const now = this.clock.now().getTime();
    let retryAfterMs = 0;
    for (const key of keys) {
      const recent = this.recentAttempts(key, now);
      if (recent.length >= this.limit) {
        retryAfterMs = Math.max(
          retryAfterMs,
          recent[recent.length - this.limit]! + this.windowMs - now,
        );
      }
    }
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    for (const key of new Set(keys)) {
      const recent = this.recentAttempts(key, now);
      recent.push(now);
      this.attempts.delete(key);
      this.attempts.set(key, recent);
    }
    this.forgetBeyond(now);
    return { allowed: true };
  }

  /** Forgets a key's attempts, for example the user name's after a successful sign-in. */
  reset(key: string): void {
    this.attempts.delete(key);
  }

  /** How many keys are remembered (for tests and metrics). */
  get size(): number {
    return this.attempts.size;
  }

  private recentAttempts(key: string, now: number): number[] {
    const times = this.attempts.get(key) ?? [];
    const start = now - this.windowMs;
    const firstRecent = times.findIndex((time) => time > start);
    return firstRecent < 0 ? [] : times.slice(firstRecent);
  }

  /** Drops keys whose attempts all left the window, then the least recently used ones. */
  private forgetBeyond(now: number): void {
    if (this.attempts.size <= this.maxKeys) return;
    for (const [key, times] of this.attempts) {
      if (times[times.length - 1]! <= now - this.windowMs) this.attempts.delete(key);
    }
    for (const key of this.attempts.keys()) {
      if (this.attempts.size <= this.maxKeys) break;
      this.attempts.delete(key);
    }
  }
}

/** The keys of one sign-in attempt: the client address and the user name as it will be looked up. */
export function loginRateLimitKeys(options: { clientAddress: string; username: string }): string[] {
  return [`address:${options.clientAddress}`, `username:${options.username.toLowerCase()}`];
}
