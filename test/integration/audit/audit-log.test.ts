// The audit log against the real stores: concurrent appends make one chain, tampering done
// directly through the collections is found and named, retention purges keep the chain
// verifiable, and exports select by period.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIT_CHECKPOINTS_COLLECTION,
  AUDIT_LOG_COLLECTION,
  auditEntryId,
  type AuditCheckpointDocument,
  type AuditEntry,
  type Clock,
  type NewAuditEntry,
} from '../../../server/audit/audit-entry';
import { AUDIT_INDEXES } from '../../../server/audit/audit-indexes';
import { appendAuditEntry } from '../../../server/audit/append-audit-entry';
import { exportAuditLog } from '../../../server/audit/export-audit-log';
import { purgeAuditLog } from '../../../server/audit/purge-audit-log';
import { verifyAuditLog } from '../../../server/audit/verify-audit-log';
import type { ChainProblem } from '../../../server/audit/verify-chain';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Collection, Store } from '../../../server/store/store';
import { openTestStore, STORE_KINDS, type TestStore } from '../../support/test-store';

/** A clock the test sets; each reading advances it by one second, as time passes between appends. */
function aClock(start: string): Clock & { set(instant: string): void } {
  let now = Date.parse(start);
  return {
    now: () => {
      const reading = new Date(now);
      now += 1000;
      return reading;
    },
    set: (instant) => {
      now = Date.parse(instant);
    },
  };
}

const aChange = (sequenceHint: number): NewAuditEntry => ({
  actor: { type: 'user', id: 'u-author' },
  action: 'policy.submitted',
  target: { type: 'policy_version', id: `pv-${sequenceHint}` },
  reason: `change ${sequenceHint}`,
  contentHashes: { version: 'ab'.repeat(32) },
  details: { fromStatus: 'draft', toStatus: 'in_review' },
});

describe.each(STORE_KINDS)('the audit log on the %s store', (kind) => {
  let testStore: TestStore;
  let store: Store;
  let log: Collection<AuditEntry>;
  let checkpoints: Collection<AuditCheckpointDocument>;
  let clock: ReturnType<typeof aClock>;

  beforeEach(async () => {
    testStore = await openTestStore(kind);
    store = testStore.store;
    await ensureIndexes(store, AUDIT_INDEXES);
    log = store.collection<AuditEntry>(AUDIT_LOG_COLLECTION);
    checkpoints = store.collection<AuditCheckpointDocument>(AUDIT_CHECKPOINTS_COLLECTION);
    clock = aClock('2026-03-01T10:00:00.000Z');
  });

  afterEach(async () => {
    await testStore.dispose();
  });

  async function appendSequentially(count: number): Promise<AuditEntry[]> {
    const appended: AuditEntry[] = [];
    for (let index = 1; index <= count; index += 1) {
      appended.push(await appendAuditEntry({ store, clock, entry: aChange(index) }));
    }
    return appended;
  }

  async function problems(): Promise<Array<[number, ChainProblem['kind']]>> {
    const verification = await verifyAuditLog({ store });
    return verification.ok
      ? []
      : verification.problems.map((problem) => [problem.sequence, problem.kind]);
  }

  it('makes one chain of 20 from 20 concurrent appends', async () => {
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        appendAuditEntry({ store, clock, entry: aChange(index + 1) }),
      ),
    );
    expect(appended.map((entry) => entry.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(await verifyAuditLog({ store })).toEqual({ ok: true, entries: 20 });
    const stored = await log.find({}, { sort: { sequence: 1 } });
    expect(stored.map((entry) => entry._id)).toEqual(appended.map((entry) => entry._id).sort());
    expect(await checkpoints.findOne({ _id: 'head' })).toMatchObject({
      sequence: 20,
      hash: stored[19]?.hash,
    });
  });

  it('verifies in pages as one chain, and after a restart', async () => {
    await appendSequentially(7);
    expect(await verifyAuditLog({ store, pageSize: 3 })).toEqual({ ok: true, entries: 7 });
    store = await testStore.reopen();
    expect(await verifyAuditLog({ store, pageSize: 2 })).toEqual({ ok: true, entries: 7 });
  });

  it('finds a field updated in the database', async () => {
    await appendSequentially(10);
    await log.updateOne({ _id: auditEntryId(7) }, { $set: { 'actor.id': 'u-someone-else' } });
    expect(await problems()).toEqual([[7, 'edited']]);
  });

  it('finds an entry deleted from the database', async () => {
    await appendSequentially(10);
    expect(await log.deleteMany({ sequence: 5 })).toBe(1);
    expect(await problems()).toEqual([[5, 'missing']]);
  });

  it('finds two sequence numbers swapped in the database', async () => {
    await appendSequentially(10);
    // Through a spare number, as the unique index forces.
    await log.updateOne({ _id: auditEntryId(3) }, { $set: { sequence: 1000 } });
    await log.updateOne({ _id: auditEntryId(8) }, { $set: { sequence: 3 } });
    await log.updateOne({ _id: auditEntryId(3) }, { $set: { sequence: 8 } });
    expect(await problems()).toEqual([
      [3, 'reordered'],
      [8, 'reordered'],
    ]);
  });

  it('finds the newest entry deleted, and keeps the gap visible as appends go on', async () => {
    await appendSequentially(10);
    await log.deleteMany({ sequence: 10 });
    expect(await problems()).toEqual([[10, 'missing']]);
    const next = await appendAuditEntry({ store, clock, entry: aChange(11) });
    expect(next.sequence).toBe(11);
    await appendSequentially(2);
    expect(await problems()).toEqual([[10, 'missing']]);
  });

  describe('retention', () => {
    /** 4 entries in 2018 and 2 in early 2019, then 3 in 2026; the cut-off on 2026-03-01 is 2019-03-01. */
    async function aLogOfEightYears(): Promise<void> {
      clock.set('2018-01-10T09:00:00.000Z');
      await appendSequentially(4);
      clock.set('2019-02-28T23:59:59.000Z');
      await appendSequentially(2); // 23:59:59 and, a second later, 2019-03-01T00:00:00 exactly
      clock.set('2026-02-01T09:00:00.000Z');
      await appendSequentially(3);
      clock.set('2026-03-01T00:00:00.000Z');
    }

    it('deletes what is older than seven years and stays verifiable', async () => {
      await aLogOfEightYears();
      const outcome = await purgeAuditLog({ store, clock });
      expect(outcome).toMatchObject({
        kind: 'purged',
        cutoff: '2019-03-01T00:00:00.000Z',
        deleted: 5,
        checkpoint: { sequence: 5 },
      });
      const kept = await log.find({}, { sort: { sequence: 1 } });
      expect(kept.map((entry) => [entry.sequence, entry.at])).toEqual([
        [6, '2019-03-01T00:00:00.000Z'],
        [7, '2026-02-01T09:00:00.000Z'],
        [8, '2026-02-01T09:00:01.000Z'],
        [9, '2026-02-01T09:00:02.000Z'],
        [10, '2026-03-01T00:00:01.000Z'],
      ]);
      expect(kept.at(-1)).toMatchObject({
        action: 'audit.purged',
        actor: { type: 'system', id: 'audit-retention' },
        details: { cutoff: '2019-03-01T00:00:00.000Z', throughSequence: 5, deleted: 5 },
      });
      expect(await verifyAuditLog({ store })).toEqual({ ok: true, entries: 5 });
      await appendSequentially(2);
      expect(await verifyAuditLog({ store })).toEqual({ ok: true, entries: 7 });
      // Entry 6 was written exactly at the cut-off: exactly seven years old is still kept.
      clock.set('2026-03-01T00:00:00.000Z');
      expect(await purgeAuditLog({ store, clock })).toEqual({
        kind: 'nothing_to_purge',
        cutoff: '2019-03-01T00:00:00.000Z',
      });
    });

    it('never deletes an entry younger than the cut-off, nor anything after one', async () => {
      clock.set('2018-01-10T09:00:00.000Z');
      await appendSequentially(1);
      clock.set('2025-06-01T09:00:00.000Z');
      await appendSequentially(1);
      clock.set('2018-01-10T10:00:00.000Z'); // a server whose clock was far behind
      await appendSequentially(1);
      clock.set('2026-03-01T00:00:00.000Z');
      expect(await purgeAuditLog({ store, clock })).toMatchObject({ kind: 'purged', deleted: 1 });
      expect(
        (await log.find({}, { sort: { sequence: 1 } })).map((entry) => entry.sequence),
      ).toEqual([2, 3, 4]);
      expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
    });

    it('keeps everything when nothing is old enough', async () => {
      await appendSequentially(3);
      expect(await purgeAuditLog({ store, clock, retentionYears: 1 })).toEqual({
        kind: 'nothing_to_purge',
        cutoff: expect.stringMatching(/^2025-03-01T/),
      });
      expect(await log.count({})).toBe(3);
    });

    it('refuses to purge a log that does not verify, so that the evidence stays', async () => {
      await aLogOfEightYears();
      await log.updateOne({ _id: auditEntryId(2) }, { $set: { reason: 'rewritten' } });
      const outcome = await purgeAuditLog({ store, clock });
      expect(outcome).toMatchObject({
        kind: 'refused',
        reason: 'log_does_not_verify',
        problems: [{ sequence: 2, kind: 'edited' }],
      });
      expect(await log.count({})).toBe(9);
    });

    it('continues a purge that stopped after moving its checkpoint', async () => {
      await aLogOfEightYears();
      const fourth = await log.findOne({ sequence: 4 });
      // The purge's first write, without the deletes that should follow it.
      await checkpoints.insertOne({
        _id: 'purge',
        sequence: 4,
        hash: fourth?.hash ?? '',
        movedAt: '2026-03-01T00:00:00.000Z',
      });
      expect(await verifyAuditLog({ store })).toEqual({ ok: true, entries: 5 });
      expect(await purgeAuditLog({ store, clock })).toMatchObject({
        kind: 'purged',
        deleted: 5,
        checkpoint: { sequence: 5 },
      });
      expect(await verifyAuditLog({ store })).toEqual({ ok: true, entries: 5 });
    });

    it('continues the chain after a purge of every entry', async () => {
      clock.set('2018-01-10T09:00:00.000Z');
      await appendSequentially(3);
      clock.set('2026-03-01T00:00:00.000Z');
      expect(await purgeAuditLog({ store, clock })).toMatchObject({ kind: 'purged', deleted: 3 });
      expect((await log.find({})).map((entry) => entry.sequence)).toEqual([4]);
      expect(await verifyAuditLog({ store })).toEqual({ ok: true, entries: 1 });
    });
  });

  it('exports the entries of a period as CSV and JSON', async () => {
    clock.set('2026-02-28T23:59:59.000Z');
    await appendSequentially(3); // 23:59:59, then 00:00:00 and 00:00:01 on 1 March
    const csv = await exportAuditLog({ store, from: '2026-03-01', format: 'csv' });
    expect(csv.entries).toBe(2);
    expect(csv.body.split('\r\n').map((row) => row.split(',')[0])).toEqual([
      'sequence',
      '2',
      '3',
      '',
    ]);
    const json = await exportAuditLog({ store, to: '2026-03-01T00:00:00Z', format: 'json' });
    expect(
      (JSON.parse(json.body) as { entries: AuditEntry[] }).entries.map((entry) => entry.at),
    ).toEqual(['2026-02-28T23:59:59.000Z']);
    await expect(exportAuditLog({ store, from: '2026-02-30', format: 'csv' })).rejects.toThrow(
      RangeError,
    );
  });
});
