// Session and CSRF tokens. A session token is 32 random bytes (base64url), given to the caller
// once; the store keeps only its SHA-256, so a copy of the sessions collection signs nobody in.
// Each session also has a CSRF token that the HTTP layer sends in a readable cookie and expects
// back in a header (double submit), compared here in constant time.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
/** 32 bytes in base64url without padding: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewSessionToken {
  /** For the caller's cookie, once; never stored. */
  token: string;
  /** What the store keeps as the session record's `_id`. */
  id: string;
}

export function newSessionToken(): NewSessionToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

/** The record id of a token: its SHA-256 in hex (one-shot: every signed-in request needs it). */
export function sessionIdOf(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Whether a value could be a token this module made; anything else is refused unhashed. */
export function looksLikeSessionToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

export function newCsrfToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether the token presented with a request is the session's, in constant time. */
export function csrfTokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const left = Buffer.from(expected);
  const right = Buffer.from(presented);
  return left.length === right.length && timingSafeEqual(left, right);
}
