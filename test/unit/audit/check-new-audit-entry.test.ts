// Security: the audit log is kept for years and handed to auditors, so no secret and no personal
// data beyond the actor id may be written to it; a use case that tries is a programming error.
import { describe, expect, it } from 'vitest';
import type { NewAuditEntry } from '../../../server/audit/audit-entry';
import {
  checkNewAuditEntry,
  InvalidAuditEntryError,
} from '../../../server/audit/check-new-audit-entry';
import { aNewEntry } from './builders';

describe('checkNewAuditEntry', () => {
  it.each<[string, NewAuditEntry]>([
    ['a typical approval', aNewEntry()],
    [
      'a failed login by an unknown name, without the name',
      aNewEntry({
        actor: { type: 'system', id: 'anonymous' },
        action: 'auth.login_failed',
        target: { type: 'user', id: 'unknown' },
        reason: undefined,
        contentHashes: undefined,
        details: { attempts: 3 },
      }),
    ],
    [
      'an API key revoked by an admin',
      aNewEntry({
        action: 'api_key.revoked',
        target: { type: 'api_key', id: 'key_7f3a' },
        details: { apiKeyId: 'key_7f3a', scopes: ['usage:write'] },
      }),
    ],
  ])('accepts %s', (_description, entry) => {
    expect(() => checkNewAuditEntry(entry)).not.toThrow();
  });

  // prettier-ignore
  it.each<[string, NewAuditEntry, string]>([
    ['an unknown action', aNewEntry({ action: 'policy.deleted' as never }), 'action "policy.deleted" is not known'],
    ['an unknown actor type', aNewEntry({ actor: { type: 'robot' as never, id: 'r' } }), 'actor.type "robot" is not known'],
    ['an empty actor id', aNewEntry({ actor: { type: 'user', id: '' } }), 'actor.id is empty'],
    ['an unknown target type', aNewEntry({ target: { type: 'purchase_order' as never, id: 'i' } }), 'target.type "purchase_order" is not known'],
    ['an e-mail address as target id', aNewEntry({ target: { type: 'user', id: 'jane@example.com' } }), 'target.id looks like an e-mail address'],
    ['a control character in an id', aNewEntry({ target: { type: 'user', id: 'u-1\nforged' } }), 'target.id contains a control character'],
    ['a password in the details', aNewEntry({ details: { newPassword: 'hunter2' } }), 'details.newPassword would hold a secret or personal data'],
    ['a token in nested details', aNewEntry({ details: { session: { access_token: 'x' } } }), 'details.session.access_token would hold a secret or personal data'],
    ['an API key secret', aNewEntry({ details: { keySecret: 'x' } }), 'details.keySecret would hold a secret or personal data'],
    ['an e-mail field', aNewEntry({ details: { email: 'x' } }), 'details.email would hold a secret or personal data'],
    ['an IP address', aNewEntry({ details: { ipAddress: '192.0.2.1' } }), 'details.ipAddress would hold a secret or personal data'],
    ['an e-mail address as a detail value', aNewEntry({ details: { invitedBy: ['jane@example.com'] } }), 'details.invitedBy[0] looks like an e-mail address'],
    ['a dotted detail name, which stores refuse', aNewEntry({ details: { 'a.b': 1 } }), 'details name "a.b" is not a plain name'],
    ['a $ detail name, which stores refuse', aNewEntry({ details: { $set: 1 } }), 'details name "$set" is not a plain name'],
    ['large details', aNewEntry({ details: { note: 'x'.repeat(5000) } }), 'details is longer than 4096 characters as JSON'],
    ['details that are not JSON', aNewEntry({ details: { at: new Date(0) as never } }), 'details is not JSON'],
    ['a content hash that is not SHA-256 hex', aNewEntry({ contentHashes: { version: 'sha256:abc' } }), 'contentHashes.version is not a lower-case SHA-256 hex digest'],
    ['a long reason', aNewEntry({ reason: 'x'.repeat(2001) }), 'reason is longer than 2000 characters'],
  ])('refuses %s', (_description, entry, problem) => {
    let thrown: unknown;
    try {
      checkNewAuditEntry(entry);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidAuditEntryError);
    expect((thrown as InvalidAuditEntryError).problems.join('; ')).toContain(problem);
  });
});
