// The pure rules of sign-in and sessions: lockout, session liveness, tokens, and the checks on
// what administrators submit.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiKeyNameIssues,
  displayNameIssues,
  passwordIssues,
  reasonIssues,
  rolesIssues,
  scopesIssues,
  usernameIssues,
} from '../../../server/auth/auth-input';
import { pendingAudit, withIntent } from '../../../server/audit/record-outbox';
import { failuresLock, isLocked, lockedUntilAfter } from '../../../server/auth/lockout';
import { requiresMfa } from '../../../server/auth/permissions';
import {
  sessionIsLive,
  sessionNeedsTouch,
  type SessionRecord,
} from '../../../server/auth/session-record';
import {
  csrfTokenMatches,
  looksLikeSessionToken,
  newCsrfToken,
  newSessionToken,
  sessionIdOf,
} from '../../../server/auth/session-tokens';
import { canonicalRoles } from '../../../server/auth/user-record';

const at = (instant: string) => new Date(instant);

describe('lockout', () => {
  it.each([
    [undefined, '2026-04-01T09:00:00.000Z', false],
    ['2026-04-01T09:15:00.000Z', '2026-04-01T09:14:59.999Z', true],
    ['2026-04-01T09:15:00.000Z', '2026-04-01T09:15:00.000Z', false],
  ])('with lockedUntil %s, at %s locked is %s', (lockedUntil, now, locked) => {
    expect(isLocked(lockedUntil, at(now))).toBe(locked);
  });

  it.each([
    [4, false],
    [5, true],
    [6, true],
  ])('%i consecutive failures lock: %s', (failures, locks) => {
    expect(failuresLock(failures)).toBe(locks);
  });

  it('locks for 15 minutes', () => {
    expect(lockedUntilAfter(at('2026-04-01T09:00:00.000Z'))).toBe('2026-04-01T09:15:00.000Z');
  });
});

describe('session liveness', () => {
  const aSession = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
    _id: 'a'.repeat(64),
    purpose: 'sign_in',
    userId: 'usr_1',
    generation: 1,
    createdAt: '2026-04-01T09:00:00.000Z',
    expiresAt: '2026-04-01T21:00:00.000Z',
    lastSeenAt: '2026-04-01T20:00:00.000Z',
    mfa: false,
    csrfToken: 'c',
    ...overrides,
  });

  it.each([
    ['used 29:59 ago', '2026-04-01T20:29:59.999Z', {}, true],
    ['idle 30 minutes', '2026-04-01T20:30:00.000Z', {}, false],
    [
      'at its 12 hours',
      '2026-04-01T21:00:00.000Z',
      { lastSeenAt: '2026-04-01T20:59:00.000Z' },
      false,
    ],
    ['signed out', '2026-04-01T20:00:01.000Z', { endedAt: '2026-04-01T20:00:00.000Z' }, false],
  ])('a session %s is live: %s', (_case, now, overrides, live) => {
    expect(sessionIsLive(aSession(overrides), at(now))).toBe(live);
  });

  it.each([
    ['2026-04-01T20:00:59.999Z', false],
    ['2026-04-01T20:01:00.000Z', true],
  ])('at %s lastSeenAt is written again: %s', (now, touch) => {
    expect(sessionNeedsTouch(aSession(), at(now))).toBe(touch);
  });
});

describe('session and CSRF tokens', () => {
  it('makes 32-byte tokens and keeps only their SHA-256', () => {
    const { token, id } = newSessionToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(looksLikeSessionToken(token)).toBe(true);
    expect(id).toBe(createHash('sha256').update(token).digest('hex'));
    expect(sessionIdOf(token)).toBe(id);
    expect(newSessionToken().token).not.toBe(token);
  });

  it.each([undefined, 42, '', 'x'.repeat(43) + '=', 'x'.repeat(44)])(
    'does not take %j for a token',
    (value) => {
      expect(looksLikeSessionToken(value)).toBe(false);
    },
  );

  it('matches a CSRF token only with itself', () => {
    const token = newCsrfToken();
    expect(csrfTokenMatches(token, token)).toBe(true);
    expect(csrfTokenMatches(token, newCsrfToken())).toBe(false);
    expect(csrfTokenMatches(token, token.slice(1))).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
  });
});

describe('roles', () => {
  it.each([
    [['finance'], false],
    [['billing_admin', 'approver'], true],
    [['admin'], true],
  ] as const)('%j needs MFA: %s', (roles, needed) => {
    expect(requiresMfa(roles)).toBe(needed);
  });

  it('orders roles as ROLES does, each once', () => {
    expect(canonicalRoles(['admin', 'finance', 'billing_admin'])).toEqual([
      'billing_admin',
      'finance',
      'admin',
    ]);
  });
});

describe('checks on submitted fields', () => {
  it.each([
    ['jane.doe', 0],
    ['Jane_Doe-2', 0],
    ['jd', 1],
    ['jane@example.com', 1],
    ['-jane', 1],
    ['x'.repeat(65), 1],
    [42, 1],
  ])('user name %j has %i issue(s)', (username, count) => {
    expect(usernameIssues(username)).toHaveLength(count);
  });

  it.each([
    [['finance', 'admin'], []],
    [[], ['$.roles']],
    ['admin', ['$.roles']],
    [
      ['finance', 'root', 'finance'],
      ['$.roles[1]', '$.roles[2]'],
    ],
  ])('roles %j: issues at %j', (roles, paths) => {
    expect(rolesIssues(roles).map((issue) => issue.path)).toEqual(paths);
  });

  it.each([
    [['rate', 'usage:write'], []],
    [['user:manage'], ['$.scopes[0]']],
  ])('scopes %j: issues at %j', (scopes, paths) => {
    expect(scopesIssues(scopes).map((issue) => issue.path)).toEqual(paths);
  });

  it.each([
    ['usage collector 2', 0],
    ['ops@example.com', 1],
    ['', 1],
    [' leading', 1],
  ])('API key name %j has %i issue(s)', (name, count) => {
    expect(apiKeyNameIssues(name)).toHaveLength(count);
  });

  it.each([
    ['Jane Doe', 0],
    ['  ', 1],
    ['Jane\u0000', 1],
    ['x'.repeat(101), 1],
  ])('display name %j has %i issue(s)', (displayName, count) => {
    expect(displayNameIssues(displayName)).toHaveLength(count);
  });

  it('applies the password policy to a new password', () => {
    expect(passwordIssues('a long enough phrase', 'jane')).toEqual([]);
    expect(passwordIssues('jane-is-my-password', 'jane')).toEqual([
      { path: '$.password', message: 'must not contain the user name' },
    ]);
  });

  it.each([
    [undefined, false, 0],
    [undefined, true, 1],
    ['  ', true, 1],
    ['left the company', true, 0],
    ['x'.repeat(2001), false, 1],
  ])('reason %j (required: %s) has %i issue(s)', (reason, required, count) => {
    expect(reasonIssues(reason, required)).toHaveLength(count);
  });
});

describe('the auth audit outbox', () => {
  it('writes an entry under its intent id and appends it with that id in its details', () => {
    const pending = pendingAudit({
      actor: { type: 'user', id: 'usr_1' },
      action: 'auth.logout',
      target: { type: 'user', id: 'usr_1' },
      reason: undefined,
      details: { sessionPurpose: 'sign_in' },
    });
    expect(pending.id).toMatch(/^i[0-9a-f]{24}$/);
    expect(pending.set).toEqual({ [`pendingAudit.${pending.id}`]: pending.entry });
    expect('reason' in pending.entry).toBe(false);
    expect(withIntent(pending.id, pending.entry).details).toEqual({
      sessionPurpose: 'sign_in',
      intent: pending.id,
    });
  });

  it('refuses a secret in the details before anything is written', () => {
    expect(() =>
      pendingAudit({
        actor: { type: 'system', id: 'x' },
        action: 'api_key.created',
        target: { type: 'api_key', id: 'key_1' },
        details: { secret: 'llk_abc' },
      }),
    ).toThrow(/secret/);
  });
});
