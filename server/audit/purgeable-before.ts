// Retention: audit entries are kept for a number of whole years (seven unless configured
// otherwise) and only entries written before the cut-off may ever be deleted.
import { yearsBefore } from '../retention/retention-period';

export const DEFAULT_RETENTION_YEARS = 7;

export interface PurgeableBeforeOptions {
  now: Date;
  retentionYears: number;
}

/**
 * The cut-off instant: the same calendar date and time `retentionYears` earlier, in UTC. An entry
 * is purgeable only when written strictly before it. On 29 February the cut-off is 28 February
 * of a year that has no 29th, the earlier choice, so that rounding never shortens retention.
 */
export function purgeableBefore({ now, retentionYears }: PurgeableBeforeOptions): string {
  return yearsBefore(now, retentionYears).toISOString();
}
