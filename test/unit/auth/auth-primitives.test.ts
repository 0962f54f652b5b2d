import { describe, expect, it } from 'vitest';
import { hashApiKey, looksLikeApiKey, newApiKey } from '../../../server/auth/api-key-secrets';
import { sessionIdOf } from '../../../server/auth/session-tokens';
import { hashPassword, passwordProblem, verifyPassword } from '../../../server/auth/passwords';
import { can, permissionsOf, type Principal, type Role } from '../../../server/auth/permissions';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it.each([
    ['short', 'alice', 'must be at least 12 characters'],
    ['my-name-is-alice-ok', 'Alice', 'must not contain the user name'],
    ['a long enough phrase', 'alice', undefined],
  ])('judges %j for %s', (password, user, problem) => {
    expect(passwordProblem(password, user)).toBe(problem);
  });
});

describe('API keys', () => {
  it('makes a secret that is stored only as its SHA-256', () => {
    const key = newApiKey();
    expect(looksLikeApiKey(key.secret)).toBe(true);
    expect(key.hash).toBe(hashApiKey(key.secret));
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secret.startsWith(key.displayPrefix)).toBe(true);
    expect(newApiKey().secret).not.toBe(key.secret);
  });

  // Stored keys and sessions are found by these digests: they must never change.
  it('hashes an API key and a session token to their SHA-256 in hex', () => {
    expect(hashApiKey('llk_0123456789abcdefghijABCDEFGHIJ_-xyzXYZ0123')).toBe(
      '3be7786bbe9f89c10b6a969b3f6c9adca12f4ed5a2b31e85aabe758008a323f7',
    );
    expect(sessionIdOf('Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWo')).toBe(
      '49e8a34e4c2b4a23b32d786af59f5e59335767c1dfd7f1391b280f60ddd44c75',
    );
  });
});

describe('permissions', () => {
  const user = (roles: Role[]): Principal => ({ type: 'user', id: 'u', roles, mfa: true });

  it.each([
    ['billing_admin', 'policy:write', true],
    ['billing_admin', 'policy:review', false],
    ['approver', 'policy:review', true],
    ['approver', 'policy:write', false],
    ['support', 'policy:write', false],
    ['support', 'invoices:read', true],
    ['finance', 'simulation:run', true],
    ['admin', 'user:manage', true],
    ['admin', 'policy:write', false],
  ] as const)('%s may %s: %s', (role, permission, allowed) => {
    expect(can(user([role]), permission)).toBe(allowed);
  });

  it('gives an API key exactly its scopes', () => {
    const key: Principal = { type: 'api_key', id: 'k', scopes: ['rate', 'policies:read'] };
    expect([...permissionsOf(key)].sort()).toEqual(['policy:read', 'rate']);
  });
});
