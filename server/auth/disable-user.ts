// An administrator disables a user: they can no longer sign in, and their sessions end in the
// same atomic write. The record stays, so audit entries keep naming someone.
import type { AuditActor, Clock } from '../audit';
import type { Store } from '../store/store';
import { flushPendingAudit, pendingAudit } from '../audit/record-outbox';
import { idIssues, reasonIssues, throwIfInvalid } from './auth-input';
import { deleteSessionsBefore } from './session-record';
import {
  findUserOrThrow,
  refuseSelfChange,
  users,
  USERS,
  userView,
  type UserView,
} from './user-record';

export interface DisableUserOptions {
  store: Store;
  clock: Clock;
  /** Who disables them; the HTTP layer has checked that they may (`user:manage`). */
  actor: AuditActor;
  userId: string;
  reason: string;
}

export type DisableUserOutcome =
  { kind: 'disabled'; user: UserView } | { kind: 'already_disabled'; user: UserView };

/** Not conditional on a revision: disabling someone must not wait for a reload. */
export async function disableUser(options: DisableUserOptions): Promise<DisableUserOutcome> {
  const { store, clock, actor, userId } = options;
  throwIfInvalid(
    [...idIssues(userId, '$.userId'), ...reasonIssues(options.reason, true)],
    'the request to disable a user is invalid',
  );
  refuseSelfChange(actor, userId, 'disable');
  const audit = pendingAudit({
    actor,
    action: 'user.disabled',
    target: { type: 'user', id: userId },
    reason: options.reason,
  });
  const disabled = await users(store).findOneAndUpdate(
    { _id: userId, disabled: false },
    {
      $set: { disabled: true, updatedAt: clock.now().toISOString(), ...audit.set },
      $inc: { revision: 1, sessionGeneration: 1 },
    },
  );
  if (!disabled) {
    return { kind: 'already_disabled', user: userView(await findUserOrThrow(store, userId)) };
  }
  await deleteSessionsBefore(store, userId, disabled.sessionGeneration);
  await flushPendingAudit({
    store,
    clock,
    collection: USERS,
    documentId: userId,
    pending: [audit],
  });
  return { kind: 'disabled', user: userView(disabled) };
}
