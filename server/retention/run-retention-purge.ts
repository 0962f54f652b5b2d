// One retention run: raw usage, disputes, invoices (after disputes, whose records hold them) and
// the audit log, each purged in pages under the periods in force (read again for each page).
// Safe to stop anywhere and run again: every delete carries its own retention condition, and
// a run records what it deleted after each page. Each category that deleted something is audited
// once per run as retention.purged with its counts (the audit log's own purge is audit.purged,
// the first entry of what remains of the chain); the entries leave through the run's outbox, and
// a run a crash stopped is audited by the next one, marked interrupted, with what it counted.
import { randomBytes } from 'node:crypto';
import { purgeAuditLog, type PurgeAuditLogOutcome } from '../audit';
import type { AuditActor, Clock } from '../audit/audit-entry';
import { flushPendingAudit, pendingAudit, recoverOutbox } from '../audit/record-outbox';
import { PENDING_AUDITS } from '../customers/customer-records';
import type { BlobStore } from '../store/blob-store';
import type { Store } from '../store/store';
import { purgeDisputes } from './purge-disputes';
import { purgeInvoices } from './purge-invoices';
import type { PurgeOptions } from './purge-page';
import { purgeUsageEvents } from './purge-usage-events';
import {
  NO_PURGES,
  RETENTION_RUNS,
  type PurgeCategory,
  type PurgeCounts,
  type PurgeCutoffs,
  type RetentionRunRecord,
} from './retention-records';
import { effectiveRetention, retentionDefaults } from './retention-settings';

/** A running run that has not recorded a page for this long was stopped by a crash. */
export const STALE_RUN_MS = 3_600_000;

export interface RetentionPurgeOptions {
  store: Store;
  clock: Clock;
  blobs: BlobStore;
  actor: AuditActor;
  trigger: RetentionRunRecord['trigger'];
  /** The audit log's period until the retention settings are saved (AUDIT_RETENTION_YEARS). */
  auditRetentionYears: number;
  reason?: string;
  pageSize?: number;
}

export interface RetentionPurgeOutcome {
  runId: string;
  counts: PurgeCounts;
  cutoffs: PurgeCutoffs;
  /** What became of the audit log: a log that does not verify is never purged. */
  auditLog: PurgeAuditLogOutcome['kind'];
}

/** The counts each category's retention.purged entry reports. */
const CATEGORY_COUNTS: Record<Exclude<PurgeCategory, 'audit_log'>, (keyof PurgeCounts)[]> = {
  usage: ['usageEvents', 'usageBatches'],
  disputes: ['disputes'],
  invoices: ['invoices', 'invoicePdfs'],
};

export async function runRetentionPurge(
  options: RetentionPurgeOptions,
): Promise<RetentionPurgeOutcome> {
  const { store, clock } = options;
  await settleEarlierRuns(store, clock);
  const runs = store.collection<RetentionRunRecord>(RETENTION_RUNS);
  const startedAt = clock.now().toISOString();
  const run: RetentionRunRecord = {
    _id: `ret_${Date.parse(startedAt).toString(36)}${randomBytes(6).toString('hex')}`,
    state: 'running',
    trigger: options.trigger,
    startedBy: options.actor,
    startedAt,
    updatedAt: startedAt,
    counts: { ...NO_PURGES },
    cutoffs: {},
    ...(options.reason !== undefined && { reason: options.reason }),
    pendingAudits: 0,
  };
  await runs.insertOne(run);
  const defaults = retentionDefaults(options.auditRetentionYears);
  const periods = async () => (await effectiveRetention(store, defaults)).periods;
  const pageOptions = (category: PurgeCategory): PurgeOptions => ({
    store,
    clock,
    periods,
    ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
    onPage: async (deleted, cutoffs) => {
      await recordPage(store, run, category, deleted, cutoffs, clock.now().toISOString());
    },
  });
  await purgeUsageEvents(pageOptions('usage'));
  await purgeDisputes(pageOptions('disputes'));
  await purgeInvoices({ ...pageOptions('invoices'), blobs: options.blobs });
  const audit = await purgeAuditLog({
    store,
    clock,
    retentionYears: (await periods()).auditLogYears,
    actor: options.actor,
  });
  await recordPage(
    store,
    run,
    'audit_log',
    { auditEntries: audit.kind === 'purged' ? audit.deleted : 0 },
    { writtenBefore: audit.cutoff },
    clock.now().toISOString(),
  );
  await finishRun(store, clock, run, 'completed');
  return { runId: run._id, counts: run.counts, cutoffs: run.cutoffs, auditLog: audit.kind };
}

/** Adds a page's deletions to the run, in memory and in its record. */
async function recordPage(
  store: Store,
  run: RetentionRunRecord,
  category: PurgeCategory,
  deleted: Partial<PurgeCounts>,
  cutoffs: Record<string, string>,
  at: string,
): Promise<void> {
  const increments = Object.fromEntries(
    Object.entries(deleted).map(([field, count]) => [`counts.${field}`, count]),
  );
  for (const [field, count] of Object.entries(deleted) as [keyof PurgeCounts, number][]) {
    run.counts[field] += count;
  }
  run.cutoffs[category] = cutoffs;
  run.updatedAt = at;
  await store
    .collection<RetentionRunRecord>(RETENTION_RUNS)
    .updateOne(
      { _id: run._id, state: 'running' },
      { $inc: increments, $set: { [`cutoffs.${category}`]: cutoffs, updatedAt: at } },
    );
}

/**
 * Marks the run completed (or interrupted) with its audit entries in the same write, appends
 * them, and removes the run record: the entries keep what it did.
 */
async function finishRun(
  store: Store,
  clock: Clock,
  run: RetentionRunRecord,
  state: 'completed' | 'interrupted',
): Promise<void> {
  const runs = store.collection<RetentionRunRecord>(RETENTION_RUNS);
  const audits = (Object.keys(CATEGORY_COUNTS) as (keyof typeof CATEGORY_COUNTS)[])
    .filter((category) => CATEGORY_COUNTS[category].some((field) => run.counts[field] > 0))
    .map((category) =>
      pendingAudit({
        actor: run.startedBy,
        action: 'retention.purged',
        target: { type: 'retention_run', id: run._id },
        reason: run.reason,
        details: {
          category,
          trigger: run.trigger,
          deleted: Object.fromEntries(
            CATEGORY_COUNTS[category].map((field) => [field, run.counts[field]]),
          ),
          cutoffs: run.cutoffs[category] ?? {},
          ...(state === 'interrupted' && { interrupted: true }),
        },
      }),
    );
  const completedAt = clock.now().toISOString();
  const finished = await runs.findOneAndUpdate(
    { _id: run._id, state: 'running', updatedAt: run.updatedAt },
    {
      $set: {
        state,
        completedAt,
        ...Object.assign({}, ...audits.map((audit) => audit.set)),
      },
      $inc: { [PENDING_AUDITS]: audits.length },
    },
  );
  if (finished === null) return; // finished meanwhile by someone else
  await flushPendingAudit({
    store,
    clock,
    collection: RETENTION_RUNS,
    documentId: run._id,
    pending: audits,
    counter: PENDING_AUDITS,
  });
  await runs.deleteMany({ _id: run._id, [PENDING_AUDITS]: 0 });
}

/**
 * Runs a crash left behind: a running one that stopped recording pages is audited as interrupted
 * with what it counted; a finished one whose entries may not all have been appended has them
 * appended, once. Runs still moving (another process's) are left alone.
 */
async function settleEarlierRuns(store: Store, clock: Clock): Promise<void> {
  const runs = store.collection<RetentionRunRecord>(RETENTION_RUNS);
  const staleBefore = new Date(clock.now().getTime() - STALE_RUN_MS).toISOString();
  for (const run of await runs.find({}, { sort: { _id: 1 } })) {
    if (run.state === 'running') {
      if (run.updatedAt < staleBefore) await finishRun(store, clock, run, 'interrupted');
      continue;
    }
    if ((run.completedAt ?? run.updatedAt) >= staleBefore) continue;
    await recoverOutbox({ store, clock }, RETENTION_RUNS, run._id, run.pendingAudit);
    await runs.deleteMany({ _id: run._id });
  }
}
