import { DuplicateKeyError, type Store } from '../store/store';
import {
  GENESIS_HASH,
  type AuditEntry,
  type ChainPoint,
  type Clock,
  type NewAuditEntry,
} from './audit-entry';
import { advanceHead, findChainBounds, findLastEntry, insertEntry } from './audit-log-repository';
import { buildAuditEntry } from './build-audit-entry';
import { checkNewAuditEntry } from './check-new-audit-entry';

export const DEFAULT_APPEND_ATTEMPTS = 50;

export interface AppendAuditEntryOptions {
  store: Store;
  clock: Clock;
  entry: NewAuditEntry;
  /** How many times to take the next sequence before giving up; each concurrent append won costs one. */
  maxAttempts?: number;
}

/** So many appends raced this one that it gave up; nothing was written. */
export class AuditLogContentionError extends Error {
  constructor(readonly attempts: number) {
    super(`the audit log is too busy: no free sequence after ${attempts} attempts`);
    this.name = 'AuditLogContentionError';
  }
}

/**
 * Appends an entry at the end of the chain. Without transactions, the unique sequence decides a
 * race: every append reads the tip, seals the next entry onto it and inserts; the loser of a
 * race gets a duplicate key and starts again from the new tip, so the chain never forks.
 * Returns the entry as stored.
 */
export async function appendAuditEntry({
  store,
  clock,
  entry,
  maxAttempts = DEFAULT_APPEND_ATTEMPTS,
}: AppendAuditEntryOptions): Promise<AuditEntry> {
  checkNewAuditEntry(entry);
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const { checkpoint, head } = await findChainBounds(store);
    const last = await findLastEntry(
      store,
      Math.max(head?.sequence ?? 0, checkpoint?.sequence ?? 0),
    );
    const tip = chainTip([last, head, checkpoint]);
    const sealed = buildAuditEntry({
      entry,
      sequence: (tip?.sequence ?? 0) + 1,
      previousHash: tip?.hash ?? GENESIS_HASH,
      at: clock.now().toISOString(),
    });
    try {
      await insertEntry(store, sealed);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      // A little random wait spreads out appends that keep colliding.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt));
      continue;
    }
    await advanceHead(store, sealed, sealed.at);
    return sealed;
  }
  throw new AuditLogContentionError(maxAttempts);
}

/**
 * Where the next entry goes: after the newest of the last entry, the head and the purge
 * checkpoint. The head is ahead of the last entry only when the newest entries were deleted:
 * continuing after the head keeps that deletion visible as missing sequences instead of
 * reusing them, which would hide it once the head moved on. The checkpoint is the tip when
 * retention purged every entry.
 */
function chainTip(points: Array<ChainPoint | null>): ChainPoint | null {
  let tip: ChainPoint | null = null;
  for (const point of points) if (point && (!tip || point.sequence > tip.sequence)) tip = point;
  return tip;
}
