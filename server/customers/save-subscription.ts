// A billing admin adds a subscription or contract to a customer, or changes one (a new quantity,
// an end date, a renewal notice): checked whole, conditional on the revision loaded, audited
// through the record's outbox. The subscription's id never changes.
import type { AuditActor, Clock } from '../audit';
import { pendingAudit } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { flushAudited, insertAudited, withoutOutbox } from './audited-write';
import {
  PENDING_AUDITS,
  SUBSCRIPTIONS,
  subscriptionRecordId,
  type SubscriptionRecord,
} from './customer-records';
import { findCustomerOrThrow, subscriptions } from './customers-repository';
import { validateSubscriptionTerms } from './subscription-terms';

export interface SaveSubscriptionOptions {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  customerId: string;
  subscription: unknown;
  renewalNoticeDays?: unknown;
  reason?: string;
}

export async function addSubscription(
  options: SaveSubscriptionOptions,
): Promise<SubscriptionRecord> {
  const { store, clock, actor, customerId } = options;
  const terms = checkedTerms(options);
  await findCustomerOrThrow(store, customerId);
  const id = subscriptionRecordId(customerId, terms.subscription.id);
  const audit = pendingAudit({
    actor,
    action: 'subscription.created',
    target: { type: 'subscription', id },
    reason: options.reason,
  });
  const now = clock.now().toISOString();
  return insertAudited<SubscriptionRecord>({
    store,
    clock,
    collection: SUBSCRIPTIONS,
    record: { _id: id, customerId, ...terms, createdAt: now, updatedAt: now, revision: 1 },
    audit,
    taken: `${customerId} has a subscription "${terms.subscription.id}" already`,
  });
}

export async function changeSubscription(
  options: SaveSubscriptionOptions & { subscriptionId: string; revision: number },
): Promise<SubscriptionRecord> {
  const { store, clock, actor, customerId, subscriptionId, revision } = options;
  const terms = checkedTerms(options, subscriptionId);
  const id = subscriptionRecordId(customerId, subscriptionId);
  const stored = await subscriptions(store).findOne({ _id: id });
  if (!stored) {
    throw new AppError('not_found', `${customerId} has no subscription "${subscriptionId}"`);
  }
  const storedRevision = stored.revision ?? 1;
  if (storedRevision !== revision) throw staleRevision(revision);
  const changed = (['subscription', 'renewalNoticeDays'] as const).filter(
    (field) => JSON.stringify(stored[field]) !== JSON.stringify(terms[field]),
  );
  if (changed.length === 0) return withoutOutbox(stored);
  const audit = pendingAudit({
    actor,
    action: 'subscription.updated',
    target: { type: 'subscription', id },
    reason: options.reason,
    details: { changed: [...changed], revision: revision + 1 },
  });
  const updated = await subscriptions(store).findOneAndUpdate(
    // An imported subscription has no revision field yet (it counts as 1): null matches that.
    { _id: id, revision: stored.revision ?? null },
    {
      $set: {
        subscription: terms.subscription,
        ...(terms.renewalNoticeDays !== undefined && {
          renewalNoticeDays: terms.renewalNoticeDays,
        }),
        updatedAt: clock.now().toISOString(),
        revision: revision + 1,
        ...audit.set,
      },
      ...(terms.renewalNoticeDays === undefined &&
        stored.renewalNoticeDays !== undefined && {
          $unset: { renewalNoticeDays: true as const },
        }),
      $inc: { [PENDING_AUDITS]: 1 },
    },
  );
  if (!updated) throw staleRevision(revision);
  await flushAudited({ store, clock, collection: SUBSCRIPTIONS, documentId: id, audit });
  return withoutOutbox(updated);
}

function checkedTerms(options: SaveSubscriptionOptions, subscriptionId?: string) {
  const checked = validateSubscriptionTerms(options.subscription, options.renewalNoticeDays);
  const issues = checked.ok ? [] : [...checked.issues];
  if (
    checked.ok &&
    subscriptionId !== undefined &&
    checked.value.subscription.id !== subscriptionId
  ) {
    issues.push({
      path: '$.subscription.id',
      message: `must be "${subscriptionId}": a subscription's id never changes`,
    });
  }
  if (!checked.ok || issues.length > 0) {
    throw new AppError('invalid_request', 'the subscription is invalid', { issues });
  }
  return checked.value;
}

function staleRevision(revision: number): AppError {
  return new AppError(
    'conflict',
    `someone changed this subscription since you loaded it (you had revision ${revision}): load it again`,
  );
}
