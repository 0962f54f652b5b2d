// Users and service API keys as the administration API answers them.
import type { ApiKeyView } from '../../../server/auth/api-key-record';
import type { UserView } from '../../../server/auth/user-record';

export { API_KEY_SCOPES, MFA_REQUIRED_ROLES, ROLES } from '../../../server/auth/permissions';
export type { ApiKeyScope, Role } from '../../../server/auth/permissions';
export type { ApiKeyView, UserView };

export interface CreatedApiKey {
  apiKey: ApiKeyView;
  /** Shown once: the server keeps only its hash. */
  secret: string;
}

/** "Active", "Disabled", or "Locked until 14:05 UTC" after too many failed sign-ins. */
export function userState(user: UserView, now: Date): string {
  if (user.disabled) return 'Disabled';
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now.getTime()) {
    return `Locked until ${user.lockedUntil.slice(11, 16)} UTC`;
  }
  return 'Active';
}
