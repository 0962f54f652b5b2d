// Service API keys: shown once when created, stored only as a SHA-256 hash (the key is 32 random
// bytes, so a fast hash is enough: there is nothing to guess), found by that hash.
import { hash, randomBytes } from 'node:crypto';

const PREFIX = 'llk_';

export interface NewApiKey {
  /** The secret to give to the service, once. */
  secret: string;
  /** What is stored. */
  hash: string;
  /** The first characters, for people to tell keys apart in lists. */
  displayPrefix: string;
}

export function newApiKey(): NewApiKey {
  const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashApiKey(secret), displayPrefix: secret.slice(0, PREFIX.length + 6) };
}

/** Every request with a key hashes it: the one-shot hash skips the streaming Hash object. */
export function hashApiKey(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export function looksLikeApiKey(value: string): boolean {
  return /^llk_[A-Za-z0-9_-]{43}$/.test(value);
}
