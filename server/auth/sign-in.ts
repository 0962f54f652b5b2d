// Sign-in with a user name, a password and, once enrolled, a TOTP code. Every answer is a value;
// only malformed input throws.
//
// Security:
// - An unknown user name costs a password check against a dummy hash, so timing does not tell
//   which names exist, and is audited against target "unknown", never the name typed.
// - A locked account is answered without checking the password (lockout.ts).
// - A wrong password or a wrong code counts one failure ($inc, atomic), and the fifth in a row
//   locks the account. A right password without a code counts nothing and resets nothing, so
//   asking for the code cannot be used to clear the count between guesses at codes.
// - A code's step is stored as used in the same conditional write that signs in: two sign-ins
//   with one code, however close, succeed once.
// - A user whose role needs MFA but who has not enrolled gets only a short enrolment session.
import type { Clock } from '../audit';
import type { ValidationIssue } from '../rating/validation';
import type { Filter, Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { appendAuthAudit, SIGN_IN_OBSERVER } from './auth-audit';
import { throwIfInvalid } from './auth-input';
import { countFailedCheck, unchangedLock } from './count-failed-check';
import { isLocked } from './lockout';
import { verifyAgainstDummyHash, verifyPassword } from './passwords';
import { requiresMfa, type UserPrincipal } from './permissions';
import { insertSession, type NewSession, type SessionPurpose } from './session-record';
import { checkTotp } from './totp';
import { normaliseUsername, users, USERS, type UserRecord } from './user-record';

export interface SignInOptions {
  store: Store;
  clock: Clock;
  username: string;
  password: string;
  /** The six digits from the authenticator app, once the user has enrolled. */
  totpCode?: string;
}

export type SignInOutcome =
  | { kind: 'signed_in'; session: NewSession; principal: UserPrincipal }
  | { kind: 'invalid_credentials' }
  | { kind: 'locked'; until: string }
  /** The password was right; ask for the code and sign in again with both. */
  | { kind: 'mfa_required' }
  /** The password was right but the user's role needs MFA: enrol with this session first. */
  | { kind: 'mfa_enrolment_required'; enrolment: NewSession };

/** Longer inputs are refused before any hashing work. */
const MAX_USERNAME_INPUT = 256;
const MAX_PASSWORD_INPUT = 1024;
const MAX_CODE_INPUT = 16;

const INVALID_CREDENTIALS: SignInOutcome = { kind: 'invalid_credentials' };
const MFA_REQUIRED: SignInOutcome = { kind: 'mfa_required' };

export async function signIn(options: SignInOptions): Promise<SignInOutcome> {
  const { store, clock, password, totpCode } = options;
  throwIfInvalid(inputIssues(options), 'the sign-in request is invalid');
  const now = clock.now();
  const user = await users(store).findOne({ username: normaliseUsername(options.username) });
  if (!user) {
    await verifyAgainstDummyHash(password);
    await appendRefusal(store, clock, 'unknown', 'unknown user');
    return INVALID_CREDENTIALS;
  }
  if (user.disabled) {
    await verifyPassword(user.passwordHash, password);
    await appendRefusal(store, clock, user._id, 'disabled');
    return INVALID_CREDENTIALS;
  }
  if (isLocked(user.lockedUntil, now)) {
    await appendRefusal(store, clock, user._id, 'locked');
    return { kind: 'locked', until: user.lockedUntil! };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    return recordFailure({ store, clock, user, now, reason: 'wrong password' });
  }
  if (user.totp) {
    if (totpCode === undefined || totpCode === '') return MFA_REQUIRED;
    const check = checkTotp({
      secret: user.totp.secret,
      code: totpCode,
      at: now,
      lastUsedStep: user.totp.lastUsedStep,
    });
    if (!check.ok) return recordFailure({ store, clock, user, now, reason: 'wrong code' });
    return begin({ store, clock, user, now, purpose: 'sign_in', mfa: true, step: check.step });
  }
  if (requiresMfa(user.roles)) {
    return begin({ store, clock, user, now, purpose: 'mfa_enrolment', mfa: false });
  }
  return begin({ store, clock, user, now, purpose: 'sign_in', mfa: false });
}

/** The HTTP layer passes what the request held: refuse anything that is not plausible input. */
function inputIssues({ username, password, totpCode }: SignInOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isStringUpTo(username, MAX_USERNAME_INPUT)) {
    issues.push({ path: '$.username', message: 'must be a user name' });
  }
  if (!isStringUpTo(password, MAX_PASSWORD_INPUT)) {
    issues.push({ path: '$.password', message: 'must be a password' });
  }
  if (totpCode !== undefined && !isStringUpTo(totpCode, MAX_CODE_INPUT)) {
    issues.push({ path: '$.totpCode', message: 'must be a code' });
  }
  return issues;
}

function isStringUpTo(value: unknown, maxLength: number): boolean {
  return typeof value === 'string' && value.length <= maxLength;
}

interface Attempt {
  store: Store;
  clock: Clock;
  /** The user as read at the start of the attempt. */
  user: UserRecord;
  now: Date;
}

/**
 * Counts a failure; the fifth in a row locks the account. A wrong password answers
 * invalid_credentials and a wrong code mfa_required, unless this failure locked the account.
 */
async function recordFailure(
  attempt: Attempt & { reason: 'wrong password' | 'wrong code' },
): Promise<SignInOutcome> {
  const counted = await countFailedCheck(attempt);
  if (counted.kind === 'changed_meanwhile') return answerAfterRace(attempt);
  if (counted.kind === 'locked') return { kind: 'locked', until: counted.until };
  return attempt.reason === 'wrong code' ? MFA_REQUIRED : INVALID_CREDENTIALS;
}

/**
 * Signs in, or opens an enrolment session: resets the failure count, marks the code's step used,
 * and writes the audit entry, in one write that holds only if the account is as it was read
 * (not disabled or locked meanwhile, the code not used meanwhile).
 */
async function begin(
  attempt: Attempt & { purpose: SessionPurpose; mfa: boolean; step?: number },
): Promise<SignInOutcome> {
  const { store, clock, user, now, purpose, mfa, step } = attempt;
  const login = pendingAudit({
    actor: { type: 'user', id: user._id },
    action: 'auth.login',
    target: { type: 'user', id: user._id },
    details: { mfa, sessionPurpose: purpose },
  });
  const filter: Filter = { ...unchangedLock(user), disabled: false };
  if (step !== undefined) filter['totp.lastUsedStep'] = { $lt: step };
  const signedIn = await users(store).findOneAndUpdate(filter, {
    $set: {
      failedLogins: 0,
      lastSignInAt: now.toISOString(),
      ...(step !== undefined && { 'totp.lastUsedStep': step }),
      ...login.set,
    },
    $unset: { lockedUntil: true },
  });
  if (!signedIn) return answerAfterRace(attempt, step !== undefined);
  const session = await insertSession(store, {
    purpose,
    userId: user._id,
    generation: signedIn.sessionGeneration,
    mfa,
    now,
  });
  await flushPendingAudit({
    store,
    clock,
    collection: USERS,
    documentId: user._id,
    pending: [login],
  });
  if (purpose === 'mfa_enrolment') return { kind: 'mfa_enrolment_required', enrolment: session };
  return {
    kind: 'signed_in',
    session,
    principal: { type: 'user', id: user._id, roles: signedIn.roles, mfa },
  };
}

/**
 * A conditional write found the account changed since it was read: another attempt locked it,
 * an administrator disabled it, or another sign-in used the same code first (a replay).
 */
async function answerAfterRace(attempt: Attempt, codeUsed = false): Promise<SignInOutcome> {
  const { store, clock, now } = attempt;
  const user = await users(store).findOne({ _id: attempt.user._id });
  if (!user || user.disabled) return INVALID_CREDENTIALS;
  if (isLocked(user.lockedUntil, now)) return { kind: 'locked', until: user.lockedUntil! };
  if (codeUsed) return recordFailure({ store, clock, user, now, reason: 'wrong code' });
  return INVALID_CREDENTIALS;
}

/** A refusal that changes nothing, so it needs no outbox. */
async function appendRefusal(
  store: Store,
  clock: Clock,
  userId: string,
  reason: 'unknown user' | 'disabled' | 'locked',
): Promise<void> {
  await appendAuthAudit(store, clock, {
    actor: SIGN_IN_OBSERVER,
    action: 'auth.login_failed',
    target: { type: 'user', id: userId },
    reason,
  });
}
