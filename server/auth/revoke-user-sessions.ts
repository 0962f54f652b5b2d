// Ends every session of a user at once ("sign out everywhere", or an administrator reacting to a
// lost laptop). Bumping the user's session generation ends them all in one atomic write; the
// records are deleted after.
import type { AuditActor, Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { idIssues, reasonIssues, throwIfInvalid } from './auth-input';
import { deleteSessionsBefore } from './session-record';
import { users, USERS } from './user-record';

export interface RevokeUserSessionsOptions {
  store: Store;
  clock: Clock;
  /** The user themselves, or an administrator (`user:manage`, checked by the HTTP layer). */
  actor: AuditActor;
  userId: string;
  reason: string;
}

export async function revokeUserSessions(
  options: RevokeUserSessionsOptions,
): Promise<{ kind: 'revoked'; sessionsDeleted: number }> {
  const { store, clock, actor, userId } = options;
  throwIfInvalid(
    [...idIssues(userId, '$.userId'), ...reasonIssues(options.reason, true)],
    'the request to end sessions is invalid',
  );
  const audit = pendingAudit({
    actor,
    action: 'auth.session_revoked',
    target: { type: 'user', id: userId },
    reason: options.reason,
  });
  const user = await users(store).findOneAndUpdate(
    { _id: userId },
    { $set: audit.set, $inc: { sessionGeneration: 1 } },
  );
  if (!user) throw new AppError('not_found', 'there is no such user');
  const sessionsDeleted = await deleteSessionsBefore(store, userId, user.sessionGeneration);
  await flushPendingAudit({
    store,
    clock,
    collection: USERS,
    documentId: userId,
    pending: [audit],
  });
  return { kind: 'revoked', sessionsDeleted };
}
