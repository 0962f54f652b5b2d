import { GENESIS_HASH, type AuditEntry, type ChainPoint } from './audit-entry';
import { matchesOwnHash } from './hash-entry';

/** Where the chain starts and how far it must reach. */
export interface ChainBounds {
  /** The last entry deleted by retention: the chain continues from it. */
  checkpoint?: ChainPoint | null;
  /** The newest entry the log recorded as appended: the chain must reach it, unchanged. */
  head?: ChainPoint | null;
}

export interface ChainWalk {
  /** Takes the next entry in sequence order; false from the first one that breaks the chain. */
  accept(entry: AuditEntry): boolean;
  /** True when every entry continued the chain and the chain reaches the head. */
  finish(): boolean;
  /** Entries after the checkpoint accepted so far. */
  readonly entries: number;
  /** The sequence at which the chain stopped verifying, once it has. */
  readonly brokenAt: number | undefined;
}

/**
 * Checks a log entry by entry in constant memory: each entry must carry the next sequence, link
 * to the hash of the one before and hash to its own hash. This answers "is the log intact?" for a
 * log of any length; `verifyChain` explains what is wrong once this says something is.
 *
 * Entries at or before the checkpoint are skipped: a purge stores its checkpoint before it
 * deletes, so a purge that stopped half way leaves entries the checkpoint already covers.
 */
export function startChainWalk({ checkpoint, head }: ChainBounds = {}): ChainWalk {
  const purgedThrough = checkpoint?.sequence ?? 0;
  let expectedSequence = purgedThrough + 1;
  let expectedPreviousHash = checkpoint?.hash ?? GENESIS_HASH;
  let entries = 0;
  let brokenAt: number | undefined;

  return {
    accept(entry) {
      if (brokenAt !== undefined) return false;
      if (typeof entry.sequence === 'number' && entry.sequence <= purgedThrough) return true;
      const continues =
        entry.sequence === expectedSequence &&
        entry.previousHash === expectedPreviousHash &&
        matchesOwnHash(entry) &&
        (head?.sequence !== entry.sequence || head.hash === entry.hash);
      if (!continues) {
        brokenAt = expectedSequence;
        return false;
      }
      entries += 1;
      expectedSequence += 1;
      expectedPreviousHash = entry.hash;
      return true;
    },
    finish() {
      if (brokenAt === undefined && head && head.sequence >= expectedSequence) {
        brokenAt = expectedSequence;
      }
      return brokenAt === undefined;
    },
    get entries() {
      return entries;
    },
    get brokenAt() {
      return brokenAt;
    },
  };
}
