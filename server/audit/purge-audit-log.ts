import type { Store } from '../store/store';
import type { AuditActor, ChainPoint, Clock } from './audit-entry';
import { appendAuditEntry } from './append-audit-entry';
import {
  deleteEntriesThrough,
  findChainBounds,
  movePurgeCheckpoint,
  readEntriesInOrder,
} from './audit-log-repository';
import { DEFAULT_RETENTION_YEARS, purgeableBefore } from './purgeable-before';
import type { ChainProblem } from './verify-chain';
import { verifyAuditLog } from './verify-audit-log';

export interface PurgeAuditLogOptions {
  store: Store;
  clock: Clock;
  retentionYears?: number;
  /** Who asked for the purge; the retention job by default. */
  actor?: AuditActor;
}

export type PurgeAuditLogOutcome =
  | { kind: 'purged'; cutoff: string; deleted: number; checkpoint: ChainPoint }
  /** The oldest entry still kept is younger than the cut-off. */
  | { kind: 'nothing_to_purge'; cutoff: string }
  /** The log does not verify: deleting entries could destroy the evidence, so nothing was. */
  | { kind: 'refused'; reason: 'log_does_not_verify'; cutoff: string; problems: ChainProblem[] }
  /** Another purge moved the checkpoint first; nothing was deleted by this one. */
  | { kind: 'conflict'; cutoff: string };

export const RETENTION_ACTOR: AuditActor = { type: 'system', id: 'audit-retention' };

/**
 * Deletes the entries older than the retention period, from the start of the chain only, so that
 * what remains is still one unbroken chain: the purge stops at the first entry younger than the
 * cut-off, even if older ones follow it (clocks of several servers may disagree slightly).
 *
 * Without transactions, the order makes every interruption safe: first the checkpoint moves to
 * the last entry to delete (conditionally, so two purges cannot both move it), then the entries
 * go; verification starts from the checkpoint, so entries a stopped purge left behind are
 * harmless, and the next purge deletes them. The delete itself repeats the cut-off condition:
 * nothing younger is deleted even if an entry's sequence was tampered with. The purge is itself
 * audited.
 */
export async function purgeAuditLog({
  store,
  clock,
  retentionYears = DEFAULT_RETENTION_YEARS,
  actor = RETENTION_ACTOR,
}: PurgeAuditLogOptions): Promise<PurgeAuditLogOutcome> {
  const now = clock.now();
  const cutoff = purgeableBefore({ now, retentionYears });

  const verification = await verifyAuditLog({ store });
  if (!verification.ok) {
    return {
      kind: 'refused',
      reason: 'log_does_not_verify',
      cutoff,
      problems: verification.problems,
    };
  }

  const { checkpoint } = await findChainBounds(store);
  let through: ChainPoint | null = null;
  for await (const entry of readEntriesInOrder(store, { after: checkpoint?.sequence ?? 0 })) {
    if (entry.at >= cutoff) break;
    through = { sequence: entry.sequence, hash: entry.hash };
  }

  if (through) {
    const moved = await movePurgeCheckpoint(store, {
      from: checkpoint,
      to: through,
      movedAt: now.toISOString(),
    });
    if (!moved) return { kind: 'conflict', cutoff };
  }
  const purgedThrough = through ?? checkpoint;
  const deleted = purgedThrough
    ? await deleteEntriesThrough(store, { sequence: purgedThrough.sequence, before: cutoff })
    : 0;
  if (!purgedThrough || (!through && deleted === 0)) return { kind: 'nothing_to_purge', cutoff };

  await appendAuditEntry({
    store,
    clock,
    entry: {
      actor,
      action: 'audit.purged',
      target: { type: 'audit_log', id: 'audit_log' },
      reason: `retention of ${retentionYears} years`,
      details: { cutoff, throughSequence: purgedThrough.sequence, deleted },
    },
  });
  return { kind: 'purged', cutoff, deleted, checkpoint: purgedThrough };
}
