// The hash is SHA-256 over the canonical JSON of the entry without `_id` and `hash`: sorted keys,
// no whitespace. The expected digests were computed by hand, outside this code:
//   node -e 'console.log(require("crypto").createHash("sha256").update(CANONICAL).digest("hex"))'
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../server/audit/audit-entry';
import { buildAuditEntry } from '../../../server/audit/build-audit-entry';
import { canonicalJson } from '../../../server/audit/canonical-json';
import { hashEntry, matchesOwnHash } from '../../../server/audit/hash-entry';
import { A_CONTENT_HASH, aNewEntry } from './builders';

const APPROVAL_CANONICAL =
  '{"action":"policy.approved","actor":{"id":"u-approver","type":"user"},' +
  '"at":"2026-03-01T10:00:00.000Z",' +
  `"contentHashes":{"version":"${A_CONTENT_HASH}"},` +
  '"details":{"fromStatus":"in_review","toStatus":"approved"},' +
  `"previousHash":"${GENESIS_HASH}",` +
  '"reason":"Matches the 2026 price list","sequence":1,' +
  '"target":{"id":"pv-pricing-3","type":"policy_version"}}';

describe('canonicalJson', () => {
  // prettier-ignore
  it.each<[string, unknown, string]>([
    ['sorts keys at every depth', { b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}'],
    ['has no whitespace', { a: [1, 2], b: 'x y' }, '{"a":[1,2],"b":"x y"}'],
    ['leaves out undefined members', { a: undefined, b: 1 }, '{"b":1}'],
    ['escapes strings as JSON does', { quote: '"\n\u0001é' }, '{"quote":"\\"\\n\\u0001é"}'],
    ['sorts keys by UTF-16 code units', { b: 1, B: 2, é: 3, _: 4 }, '{"B":2,"_":4,"b":1,"é":3}'],
    ['writes numbers as JSON does', [1, 1.5, -0, 1e21, 0.1], '[1,1.5,0,1e+21,0.1]'],
  ])('%s', (_description, value, canonical) => {
    expect(canonicalJson(value)).toBe(canonical);
  });

  it.each<[string, unknown]>([
    ['a non-finite number', { a: Number.NaN }],
    ['a date', { at: new Date(0) }],
    ['undefined in an array', [1, undefined]],
    ['a function', { f: () => 1 }],
  ])('refuses %s', (_description, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

describe('hashEntry', () => {
  const approval = buildAuditEntry({
    entry: aNewEntry(),
    sequence: 1,
    previousHash: GENESIS_HASH,
    at: '2026-03-01T10:00:00.000Z',
  });

  it('hashes the canonical form computed by hand', () => {
    const { _id, hash, ...unhashed } = approval;
    expect(canonicalJson(unhashed)).toBe(APPROVAL_CANONICAL);
    expect(hash).toBe('32da15d82d6420e805c6470e54f1128b07ed8e6c7da6f7a2f715cca0c7332f9e');
    expect(_id).toBe('000000000001');
  });

  it('leaves absent optional fields out of the entry and the hash', () => {
    const login = buildAuditEntry({
      entry: {
        actor: { type: 'user', id: 'u-1' },
        action: 'auth.login',
        target: { type: 'user', id: 'u-1' },
      },
      sequence: 1,
      previousHash: GENESIS_HASH,
      at: '2026-03-01T10:00:00.000Z',
    });
    expect(Object.keys(login)).not.toContain('reason');
    // {"action":"auth.login","actor":{"id":"u-1","type":"user"},"at":"2026-03-01T10:00:00.000Z",
    //  "previousHash":"000…000","sequence":1,"target":{"id":"u-1","type":"user"}}
    expect(login.hash).toBe('a26c79c13924590580e04343f249da56421abe3afaf430bda6c20bfecb0c10f1');
  });

  it('ignores the id, the stored hash and fields a store adds on its own', () => {
    expect(
      hashEntry({ ...approval, _id: 'other', hash: 'x', createdAt: 'now' } as typeof approval),
    ).toBe(approval.hash);
  });

  it('does not depend on the order fields were written in', () => {
    const reversed = Object.fromEntries(Object.entries(approval).reverse()) as typeof approval;
    expect(hashEntry(reversed)).toBe(approval.hash);
  });

  // prettier-ignore
  it.each<[string, Partial<typeof approval>]>([
    ['sequence', { sequence: 2 }],
    ['at', { at: '2026-03-01T10:00:00.001Z' }],
    ['actor', { actor: { type: 'user', id: 'u-author' } }],
    ['action', { action: 'policy.rejected' }],
    ['target', { target: { type: 'policy_version', id: 'pv-pricing-4' } }],
    ['reason', { reason: 'Matches the 2026 price list.' }],
    ['content hashes', { contentHashes: { version: 'cd'.repeat(32) } }],
    ['details', { details: { fromStatus: 'in_review', toStatus: 'published' } }],
    ['previous hash', { previousHash: '1'.repeat(64) }],
  ])('changes when the %s changes', (_field, change) => {
    expect(hashEntry({ ...approval, ...change })).not.toBe(approval.hash);
    expect(matchesOwnHash({ ...approval, ...change })).toBe(false);
  });

  it('treats a record without a JSON form as not matching, without throwing', () => {
    const broken = { ...approval, details: { when: new Date(0) } } as unknown as typeof approval;
    expect(matchesOwnHash(broken)).toBe(false);
    expect(matchesOwnHash({ ...approval, hash: undefined } as unknown as typeof approval)).toBe(
      false,
    );
  });
});
