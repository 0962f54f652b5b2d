// Retention: audit entries are kept for a number of whole years (seven unless configured
// otherwise) and only entries written before the cut-off may ever be deleted.

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
  if (!Number.isSafeInteger(retentionYears) || retentionYears < 1) {
    throw new RangeError(
      `retention must be a whole number of years, at least 1: ${retentionYears}`,
    );
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  const year = now.getUTCFullYear() - retentionYears;
  const month = now.getUTCMonth();
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const cutoff = new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDayOfMonth),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
  return cutoff.toISOString();
}
