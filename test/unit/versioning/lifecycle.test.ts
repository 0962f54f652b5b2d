// Who may move a policy version where: four eyes, MFA for approvers, one approval per person,
// and nothing but a draft can change.
import { describe, expect, it } from 'vitest';
import { POLICY_FAMILY, type PolicyVersionRecord } from '../../../server/policies/policy-version';
import { approve, publish, reject, submitForReview } from '../../../server/versioning/lifecycle';
import type { Actor } from '../../../server/versioning/version-record';
import { aPricingPolicy } from '../rating/builders';

const AT = '2026-04-01T10:00:00Z';
const alice: Actor = { id: 'alice', roles: ['billing_admin'], mfa: false };
const bob: Actor = { id: 'bob', roles: ['approver'], mfa: true };
const carol: Actor = { id: 'carol', roles: ['approver'], mfa: true };
const bobWithoutMfa: Actor = { ...bob, mfa: false };
const dave: Actor = { id: 'dave', roles: ['support'], mfa: true };

function aVersion(overrides: Partial<PolicyVersionRecord> = {}): PolicyVersionRecord {
  return {
    _id: 'test-pricing@2',
    key: 'test-pricing',
    kind: 'pricing',
    version: 2,
    status: 'draft',
    document: aPricingPolicy({ version: 2 }),
    contentHash: 'hash',
    author: 'alice',
    createdAt: '2026-03-30T09:00:00Z',
    updatedAt: '2026-03-30T09:00:00Z',
    revision: 3,
    basedOn: 1,
    submission: undefined,
    approvals: [],
    rejection: undefined,
    publication: undefined,
    supersededAt: undefined,
    pendingAudit: [],
    ...overrides,
  };
}

const inReview = aVersion({
  status: 'in_review',
  submission: { by: 'alice', at: AT, reason: 'new VM prices' },
});

describe('submitForReview', () => {
  it('moves a draft into review with the reason, and bumps the revision', () => {
    const outcome = submitForReview(aVersion(), alice, 'new VM prices', AT, POLICY_FAMILY);
    expect(outcome).toMatchObject({
      kind: 'done',
      record: {
        status: 'in_review',
        revision: 4,
        updatedAt: AT,
        submission: { by: 'alice', at: AT, reason: 'new VM prices' },
      },
    });
  });

  it.each<[string, PolicyVersionRecord, Actor, string, string]>([
    ['a version already in review', inReview, alice, 'x', 'wrong_status'],
    ['by support', aVersion(), dave, 'x', 'not_allowed'],
    ['without a reason', aVersion(), alice, '  ', 'reason_required'],
  ])('refuses %s', (_case, record, actor, reason, code) => {
    expect(submitForReview(record, actor, reason, AT, POLICY_FAMILY)).toMatchObject({
      kind: 'refused',
      code,
    });
  });
});

describe('approve', () => {
  it('approves with one approval when one is required', () => {
    expect(approve(inReview, bob, 'looks right', 1, AT, POLICY_FAMILY)).toMatchObject({
      kind: 'done',
      record: { status: 'approved', approvals: [{ by: 'bob', at: AT, comment: 'looks right' }] },
    });
  });

  it('stays in review until the required number of different approvers approved', () => {
    const once = approve(inReview, bob, 'ok', 2, AT, POLICY_FAMILY);
    expect(once).toMatchObject({ kind: 'done', record: { status: 'in_review' } });
    const record = (once as { record: PolicyVersionRecord }).record;
    expect(approve(record, bob, 'again', 2, AT, POLICY_FAMILY)).toMatchObject({
      code: 'already_approved',
    });
    expect(approve(record, carol, 'ok', 2, AT, POLICY_FAMILY)).toMatchObject({
      record: { status: 'approved' },
    });
  });

  it.each<[string, PolicyVersionRecord, Actor, string, string]>([
    [
      'the author',
      inReview,
      { ...alice, roles: ['approver'], mfa: true },
      'own_change',
      'another approver must approve it',
    ],
    [
      'an approver without MFA',
      inReview,
      bobWithoutMfa,
      'mfa_required',
      'sign in with your second factor to approve changes',
    ],
    [
      'a billing admin',
      inReview,
      { ...alice, id: 'erin' },
      'not_allowed',
      'only an approver can approve a policy change',
    ],
    [
      'a draft',
      aVersion(),
      bob,
      'wrong_status',
      'test-pricing v2 is draft; only in-review versions can be approved',
    ],
  ])('refuses %s', (_case, record, actor, code, message) => {
    const outcome = approve(record, actor, 'ok', 1, AT, POLICY_FAMILY);
    expect(outcome).toMatchObject({ kind: 'refused', code });
    expect((outcome as { message: string }).message).toContain(message);
  });
});

describe('reject', () => {
  it('rejects with the reviewer comment', () => {
    expect(reject(inReview, bob, 'tier 2 is too cheap', AT, POLICY_FAMILY)).toMatchObject({
      record: { status: 'rejected', rejection: { by: 'bob', comment: 'tier 2 is too cheap' } },
    });
  });

  it('refuses a rejection without a comment, and one by the author', () => {
    expect(reject(inReview, bob, '', AT, POLICY_FAMILY)).toMatchObject({ code: 'reason_required' });
    expect(
      reject(inReview, { ...alice, roles: ['approver'], mfa: true }, 'no', AT, POLICY_FAMILY),
    ).toMatchObject({
      code: 'own_change',
    });
  });
});

describe('publish', () => {
  const approved = aVersion({
    status: 'approved',
    approvals: [{ by: 'bob', at: AT, comment: 'ok' }],
  });

  it('publishes an approved version with its effective date written into the document', () => {
    const outcome = publish(approved, alice, '2026-05-01', AT, POLICY_FAMILY);
    expect(outcome).toMatchObject({
      kind: 'done',
      record: {
        status: 'published',
        document: { effectiveFrom: '2026-05-01' },
        publication: { by: 'alice', at: AT, effectiveFrom: '2026-05-01' },
      },
    });
  });

  it('refuses to publish a version that is not approved', () => {
    expect(publish(inReview, alice, '2026-05-01', AT, POLICY_FAMILY)).toMatchObject({
      code: 'wrong_status',
    });
  });
});
