// Lockout: five consecutive failed sign-ins (a wrong password or a wrong one-time code) lock the
// account for fifteen minutes, then the count starts again. A locked account is answered without
// checking the password, so guessing cannot go on while it lasts.
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** Whether the account is locked at `now`; `lockedUntil` is an ISO instant or absent. */
export function isLocked(lockedUntil: string | undefined, now: Date): boolean {
  return lockedUntil !== undefined && Date.parse(lockedUntil) > now.getTime();
}

/** Whether this many consecutive failures lock the account. */
export function failuresLock(failedLogins: number): boolean {
  return failedLogins >= MAX_FAILED_LOGINS;
}

export function lockedUntilAfter(now: Date): string {
  return new Date(now.getTime() + LOCKOUT_MS).toISOString();
}
