// Housekeeping the store cannot do itself (no TTL indexes): delete expired sessions, and purge
// audit entries past their retention (never one younger: purgeAuditLog refuses). Runs on a timer
// in the server process; one failed round is logged and the next one tries again.
import { purgeAuditLog, type Clock } from './audit';
import { deleteExpiredSessions } from './auth';
import type { Logger } from './logging/create-logger';
import type { Store } from './store/store';

export interface MaintenanceOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  auditRetentionYears: number;
}

export async function runMaintenance(options: MaintenanceOptions): Promise<void> {
  const { store, clock, logger, auditRetentionYears } = options;
  try {
    const sessions = await deleteExpiredSessions({ store, clock });
    if (sessions > 0) logger.info({ sessions }, 'expired sessions deleted');
    const purge = await purgeAuditLog({ store, clock, retentionYears: auditRetentionYears });
    if (purge.kind === 'purged')
      logger.info({ outcome: purge }, 'audit entries past retention purged');
    if (purge.kind === 'refused') logger.error({ outcome: purge }, 'audit purge refused');
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
