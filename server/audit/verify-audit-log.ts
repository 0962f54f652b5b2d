import type { Store } from '../store/store';
import { findChainBounds, readAllEntries, readEntriesInOrder } from './audit-log-repository';
import { verifyChain, type ChainVerification } from './verify-chain';
import { startChainWalk } from './walk-chain';

export interface VerifyAuditLogOptions {
  store: Store;
  pageSize?: number;
}

/**
 * Verifies the whole log from the purge checkpoint (or its start) to at least the head. An intact
 * log is walked page by page in constant memory; only when the walk breaks is the log read at
 * once, with fresh checkpoints (a purge may have run meanwhile), to name every problem.
 */
export async function verifyAuditLog({
  store,
  pageSize,
}: VerifyAuditLogOptions): Promise<ChainVerification> {
  const bounds = await findChainBounds(store);
  const walk = startChainWalk(bounds);
  const after = bounds.checkpoint?.sequence ?? 0;
  for await (const entry of readEntriesInOrder(store, { after, pageSize })) {
    if (!walk.accept(entry)) break;
  }
  if (walk.finish()) return { ok: true, entries: walk.entries };

  const freshBounds = await findChainBounds(store);
  return verifyChain(await readAllEntries(store), freshBounds);
}
