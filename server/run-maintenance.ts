// Housekeeping the store cannot do itself (no TTL indexes): delete expired sessions, and purge
// what is past its retention (raw usage, disputes, invoices, audit entries: never anything still
// under it, see retention/). Runs on a timer in the server process; one failed round is logged
// and the next one tries again, finishing whatever the failed one left half done.
import type { Clock } from './audit';
import { deleteExpiredSessions } from './auth';
import type { Logger } from './logging/create-logger';
import { runRetentionPurge } from './retention/run-retention-purge';
import type { BlobStore } from './store/blob-store';
import type { Store } from './store/store';

export interface MaintenanceOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Invoice PDFs, deleted with their invoices. */
  blobs: BlobStore;
  /** The audit log's retention until the retention settings are saved. */
  auditRetentionYears: number;
}

/** Who the scheduled purge acts as in the audit log. */
export const RETENTION_JOB = { type: 'system', id: 'retention' } as const;

export async function runMaintenance(options: MaintenanceOptions): Promise<void> {
  const { store, clock, logger } = options;
  try {
    const sessions = await deleteExpiredSessions({ store, clock });
    if (sessions > 0) logger.info({ sessions }, 'expired sessions deleted');
    const purge = await runRetentionPurge({
      store,
      clock,
      blobs: options.blobs,
      actor: RETENTION_JOB,
      trigger: 'scheduled',
      auditRetentionYears: options.auditRetentionYears,
    });
    if (Object.values(purge.counts).some((count) => count > 0))
      logger.info(
        { counts: purge.counts, cutoffs: purge.cutoffs },
        'records past retention purged',
      );
    if (purge.auditLog === 'refused') logger.error({ outcome: purge }, 'audit purge refused');
  } catch (error) {
    logger.error({ err: error }, 'maintenance round failed');
  }
}

/** Runs maintenance every `intervalMs` (and once now); returns the function that stops it. */
export function scheduleMaintenance(
  options: MaintenanceOptions & { intervalMs: number },
): () => Promise<void> {
  let running: Promise<void> = runMaintenance(options);
  const timer = setInterval(() => {
    running = running.then(() => runMaintenance(options));
  }, options.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
