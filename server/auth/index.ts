// Users, sessions, MFA and service API keys: the use cases the HTTP layer calls, and what it
// needs to call them. The store holds users, sessions and api_keys (AUTH_INDEXES); every change
// is audited through each record's outbox (auth-audit.ts).
export { AUTH_INDEXES } from './auth-indexes';
export { createUser, type CreateUserOptions } from './create-user';
export {
  changeUserRoles,
  type ChangeUserRolesOptions,
  type ChangeUserRolesOutcome,
} from './change-user-roles';
export { disableUser, type DisableUserOptions, type DisableUserOutcome } from './disable-user';
export { signIn, type SignInOptions, type SignInOutcome } from './sign-in';
export { findSession, type ActiveSession, type FindSessionOptions } from './find-session';
export {
  findEnrolmentSession,
  type EnrolmentSession,
  type FindEnrolmentSessionOptions,
} from './find-enrolment-session';
export { signOut, type SignOutOptions, type SignOutOutcome } from './sign-out';
export { revokeUserSessions, type RevokeUserSessionsOptions } from './revoke-user-sessions';
export { deleteExpiredSessions } from './delete-expired-sessions';
export {
  startTotpEnrolment,
  TOTP_ISSUER,
  type StartTotpEnrolmentOptions,
  type TotpEnrolment,
} from './start-totp-enrolment';
export {
  confirmTotpEnrolment,
  type ConfirmTotpEnrolmentOptions,
  type ConfirmTotpEnrolmentOutcome,
} from './confirm-totp-enrolment';
export { createApiKey, type CreateApiKeyOptions, type CreatedApiKey } from './create-api-key';
export { revokeApiKey, type RevokeApiKeyOptions, type RevokeApiKeyOutcome } from './revoke-api-key';
export { authenticateApiKey, type AuthenticateApiKeyOptions } from './authenticate-api-key';
export { recoverPendingAuthAudits } from './recover-pending-auth-audits';
export {
  LoginRateLimiter,
  loginRateLimitKeys,
  LOGIN_ATTEMPTS_PER_WINDOW,
  LOGIN_WINDOW_MS,
  type RateLimitDecision,
} from './login-rate-limiter';
export { csrfTokenMatches } from './session-tokens';
export {
  ENROLMENT_SESSION_LIFETIME_MS,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_LIFETIME_MS,
  type NewSession,
} from './session-record';
export { LOCKOUT_MS, MAX_FAILED_LOGINS } from './lockout';
export type { UserView } from './user-record';
export type { ApiKeyView } from './api-key-record';
export {
  can,
  permissionsOf,
  API_KEY_SCOPES,
  MFA_REQUIRED_ROLES,
  ROLES,
  type ApiKeyPrincipal,
  type ApiKeyScope,
  type Permission,
  type Principal,
  type Role,
  type UserPrincipal,
} from './permissions';
export { changeOwnPassword, type ChangeOwnPasswordOptions } from './change-own-password';
