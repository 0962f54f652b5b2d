// Policy versions on the real stores: drafts, optimistic concurrency, four eyes, publication
// with supersession, concurrent publications, rollback, and an audit chain that records it all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_INDEXES, verifyAuditLog, type AuditEntry, type Clock } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION } from '../../../server/audit/audit-entry';
import { AppError } from '../../../server/errors/app-error';
import { loadRatablePolicies } from '../../../server/policies/load-ratable-policies';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY, type PolicyVersionRecord } from '../../../server/policies/policy-version';
import { approveVersion } from '../../../server/versioning/approve-version';
import { createDraft } from '../../../server/versioning/create-draft';
import { editDraft } from '../../../server/versioning/edit-draft';
import { publishVersion } from '../../../server/versioning/publish-version';
import { recoverPendingAudits } from '../../../server/versioning/recover-pending-audits';
import { rollbackVersion } from '../../../server/versioning/rollback-version';
import { submitVersion } from '../../../server/versioning/submit-version';
import type { Actor } from '../../../server/versioning/version-record';
import { listVersions, versions } from '../../../server/versioning/versions-repository';
import { pendingAudit } from '../../../server/versioning/write-version';
import { rateInvoice } from '../../../server/rating/rate-invoice';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { aPriceRule, aPricingPolicy, aRequest, usageDays } from '../../unit/rating/builders';
import { openTestStore, STORE_KINDS, type TestStore } from '../../support/test-store';

const clock: Clock = { now: () => new Date('2026-04-01T09:00:00Z') };
const alice: Actor = { id: 'alice', roles: ['billing_admin'], mfa: false };
const bob: Actor = { id: 'bob', roles: ['approver'], mfa: true };
const policy = (unitPrice: string) =>
  aPricingPolicy({ key: 'vm', rules: [aPriceRule('vm', { model: 'per_unit', unitPrice })] });

async function errorOf(action: Promise<unknown>): Promise<AppError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe.each(STORE_KINDS)('policy versions on the %s store', (kind) => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(kind);
    await ensureIndexes(test.store, [...AUDIT_INDEXES, ...POLICY_INDEXES]);
  });
  afterEach(async () => {
    await test.dispose();
  });

  /** Draft -> review -> approved, by alice and bob. */
  async function approvedVersion(unitPrice: string): Promise<PolicyVersionRecord> {
    const store = test.store;
    const draft = await createDraft({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      document: policy(unitPrice),
    });
    const target = { store, clock, key: 'vm', version: draft.version };
    const submitted = await submitVersion({
      family: POLICY_FAMILY,
      ...target,
      actor: alice,
      revision: draft.revision,
      reason: 'new price',
    });
    return approveVersion({
      family: POLICY_FAMILY,
      ...target,
      actor: bob,
      revision: submitted.revision,
      comment: 'ok',
      approvalsRequired: 1,
    });
  }

  it('numbers drafts and refuses a stale edit with 409, never losing an update', async () => {
    const store = test.store;
    const draft = await createDraft({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      document: policy('0.05'),
    });
    expect(draft).toMatchObject({ version: 1, status: 'draft', revision: 1, author: 'alice' });
    const target = { store, clock, actor: alice, key: 'vm', version: 1 };
    const saved = await editDraft({
      family: POLICY_FAMILY,
      ...target,
      revision: 1,
      document: policy('0.06'),
    });
    expect(saved.revision).toBe(2);
    const stale = await errorOf(
      editDraft({ family: POLICY_FAMILY, ...target, revision: 1, document: policy('0.07') }),
    );
    expect(stale.code).toBe('conflict');
    const [stored] = await listVersions(store, POLICY_FAMILY, 'vm');
    expect(stored!.document.rules[0]!.event.params).toMatchObject({ unitPrice: '0.06' });
  });

  it('keeps four eyes: the author cannot approve, an approver needs MFA', async () => {
    const store = test.store;
    const draft = await createDraft({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      document: policy('0.05'),
    });
    const target = { store, clock, key: 'vm', version: 1 };
    const submitted = await submitVersion({
      family: POLICY_FAMILY,
      ...target,
      actor: alice,
      revision: draft.revision,
      reason: 'x',
    });
    const approve = (actor: Actor) =>
      approveVersion({
        family: POLICY_FAMILY,
        ...target,
        actor,
        revision: submitted.revision,
        comment: 'ok',
        approvalsRequired: 1,
      });
    expect((await errorOf(approve({ ...alice, roles: ['approver'], mfa: true }))).code).toBe(
      'forbidden',
    );
    expect((await errorOf(approve({ ...bob, mfa: false }))).code).toBe('forbidden');
    expect((await approve(bob)).status).toBe('approved');
  });

  it('publishes with an effective date, supersedes the earlier version, and rates by charge date', async () => {
    const store = test.store;
    const first = await approvedVersion('0.05');
    await publishVersion({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      key: 'vm',
      version: 1,
      revision: first.revision,
      effectiveFrom: '2026-04-01',
    });
    const second = await approvedVersion('0.07');
    const published = await publishVersion({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      key: 'vm',
      version: 2,
      revision: second.revision,
      effectiveFrom: '2026-05-01',
    });
    expect(published.document.effectiveFrom).toBe('2026-05-01');
    const statuses = (await listVersions(store, POLICY_FAMILY, 'vm')).map(
      (record) => `${record.version} ${record.status}`,
    );
    expect(statuses).toEqual(['1 superseded', '2 published']);
    const policies = await loadRatablePolicies(store);
    // 100 units in April at 0.05 = 5.00 (version 1), in May at 0.07 = 7.00 (version 2)
    const april = rateInvoice({
      request: aRequest({
        period: { start: '2026-04-01', end: '2026-05-01' },
        usage: usageDays('vm', '100', 2, 2, { month: '2026-04' }),
      }),
      policies,
    });
    const may = rateInvoice({
      request: aRequest({
        period: { start: '2026-05-01', end: '2026-06-01' },
        usage: usageDays('vm', '100', 2, 2, { month: '2026-05' }),
      }),
      policies,
    });
    expect([april.totals.amount, may.totals.amount]).toEqual(['5.00', '7.00']);
  });

  it('refuses a publication dated in the past, naming the field', async () => {
    const approved = await approvedVersion('0.05');
    const error = await errorOf(
      publishVersion({
        family: POLICY_FAMILY,
        store: test.store,
        clock,
        actor: alice,
        key: 'vm',
        version: 1,
        revision: approved.revision,
        effectiveFrom: '2026-03-01',
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.options.issues?.[0]?.path).toBe('$.effectiveFrom');
  });

  it('lets exactly one of two concurrent publications win; the audit chain stays valid', async () => {
    const store = test.store;
    const approved = await approvedVersion('0.05');
    const publishOnce = () =>
      publishVersion({
        family: POLICY_FAMILY,
        store,
        clock,
        actor: alice,
        key: 'vm',
        version: 1,
        revision: approved.revision,
        effectiveFrom: '2026-04-15',
      });
    const outcomes = await Promise.allSettled([publishOnce(), publishOnce()]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find(
      (outcome) => outcome.status === 'rejected',
    ) as PromiseRejectedResult;
    expect((failure.reason as AppError).code).toBe('conflict');
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });

  it('rolls back by starting a new draft from an old version, and audits every step', async () => {
    const store = test.store;
    const approved = await approvedVersion('0.05');
    await publishVersion({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      key: 'vm',
      version: 1,
      revision: approved.revision,
      effectiveFrom: '2026-04-15',
    });
    const rollback = await rollbackVersion({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      key: 'vm',
      version: 1,
    });
    expect(rollback).toMatchObject({ version: 2, status: 'draft', basedOn: 1 });
    expect(rollback.document.rules).toEqual(approved.document.rules);
    const entries = await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find({}, { sort: { sequence: 1 } });
    expect(entries.map((entry) => `${entry.action} ${entry.target.id}`)).toEqual([
      'policy.draft_created vm@1',
      'policy.submitted vm@1',
      'policy.approved vm@1',
      'policy.published vm@1',
      'policy.draft_created vm@2',
    ]);
    expect(entries[2]).toMatchObject({
      actor: { id: 'bob' },
      reason: 'ok',
      details: { fromStatus: 'in_review', toStatus: 'approved' },
    });
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });

  it('appends audit entries a crash left pending, once', async () => {
    const store = test.store;
    const draft = await createDraft({
      family: POLICY_FAMILY,
      store,
      clock,
      actor: alice,
      document: policy('0.05'),
    });
    // A crash after the change was written with its audit entry, before the entry was appended:
    const [intent] = pendingAudit([
      {
        actor: { type: 'user', id: 'alice' },
        action: 'policy.draft_updated',
        target: { type: 'policy_version', id: 'vm@1' },
      },
    ]);
    await versions(store, POLICY_FAMILY).updateOne(
      { _id: draft._id },
      { $set: { pendingAudit: [intent!] }, $inc: { revision: 1 } },
    );
    expect(await recoverPendingAudits({ store, clock, families: [POLICY_FAMILY] })).toBe(1);
    expect(await recoverPendingAudits({ store, clock, families: [POLICY_FAMILY] })).toBe(0);
    // A crash after the append, before the pending entry was cleared: recognised, not repeated.
    await versions(store, POLICY_FAMILY).updateOne(
      { _id: draft._id },
      { $set: { pendingAudit: [intent!] } },
    );
    expect(await recoverPendingAudits({ store, clock, families: [POLICY_FAMILY] })).toBe(0);
    const actions = (
      await store.collection<AuditEntry>(AUDIT_LOG_COLLECTION).find({}, { sort: { sequence: 1 } })
    ).map((entry) => entry.action);
    expect(actions).toEqual(['policy.draft_created', 'policy.draft_updated']);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });
});
