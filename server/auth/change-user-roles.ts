// An administrator changes what a user may do. The user's sessions end with the change (in the
// same atomic write), so nobody keeps acting with roles they no longer have, and a user given a
// role that needs MFA must enrol before they sign in again.
import type { AuditActor, Clock } from '../audit';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { idIssues, reasonIssues, rolesIssues, throwIfInvalid } from './auth-input';
import type { Role } from './permissions';
import { deleteSessionsBefore } from './session-record';
import {
  canonicalRoles,
  findUserOrThrow,
  refuseSelfChange,
  users,
  USERS,
  userView,
  type UserView,
} from './user-record';

export interface ChangeUserRolesOptions {
  store: Store;
  clock: Clock;
  /** Who changes them; the HTTP layer has checked that they may (`user:manage`). */
  actor: AuditActor;
  userId: string;
  roles: readonly string[];
  /** The revision the administrator saw; a later change by someone else is a 409. */
  revision: number;
  reason: string;
}

export type ChangeUserRolesOutcome =
  { kind: 'changed'; user: UserView } | { kind: 'unchanged'; user: UserView };

export async function changeUserRoles(
  options: ChangeUserRolesOptions,
): Promise<ChangeUserRolesOutcome> {
  const { store, clock, actor, userId } = options;
  throwIfInvalid(
    [
      ...idIssues(userId, '$.userId'),
      ...rolesIssues(options.roles),
      ...reasonIssues(options.reason, true),
      ...(Number.isInteger(options.revision)
        ? []
        : [{ path: '$.revision', message: 'must be a whole number' }]),
    ],
    'the role change is invalid',
  );
  refuseSelfChange(actor, userId, 'change the roles of');
  const user = await findUserOrThrow(store, userId);
  if (user.revision !== options.revision) throw staleRevision(options.revision);
  const roles = canonicalRoles(options.roles as Role[]);
  if (roles.join() === user.roles.join()) return { kind: 'unchanged', user: userView(user) };

  const at = clock.now().toISOString();
  const audit = pendingAudit({
    actor,
    action: 'user.role_changed',
    target: { type: 'user', id: userId },
    reason: options.reason,
    details: { fromRoles: user.roles, toRoles: roles },
  });
  const changed = await users(store).findOneAndUpdate(
    { _id: userId, revision: options.revision },
    {
      $set: { roles, updatedAt: at, ...audit.set },
      $inc: { revision: 1, sessionGeneration: 1 },
    },
  );
  if (!changed) throw staleRevision(options.revision);
  await deleteSessionsBefore(store, userId, changed.sessionGeneration);
  await flushPendingAudit({
    store,
    clock,
    collection: USERS,
    documentId: userId,
    pending: [audit],
  });
  return { kind: 'changed', user: userView(changed) };
}

function staleRevision(revision: number): AppError {
  return new AppError(
    'conflict',
    `the user was changed by someone else since revision ${revision}; reload it and try again`,
  );
}
