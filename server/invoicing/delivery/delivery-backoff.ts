// When a failed delivery is tried again: after 1 minute, 5 minutes, 30 minutes, 2 hours, 6 hours,
// then every 12 hours, until the job's attempts run out (8 by default: about a day and a half of
// trying, long enough for a receiver's outage over a night or a weekend day).
export const DEFAULT_MAX_ATTEMPTS = 8;

const MINUTE = 60_000;
export const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE, 360 * MINUTE];
const LAST_DELAY_MS = 720 * MINUTE;

/** The wait after the given number of failed attempts (1 after the first). */
export function retryDelayMs(failedAttempts: number): number {
  return RETRY_DELAYS_MS[failedAttempts - 1] ?? LAST_DELAY_MS;
}
