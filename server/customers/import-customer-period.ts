// Records a customer, its subscriptions and its daily usage from a rating request: how demo data
// and fixtures put real customers in the store. A customer, subscription or usage day that is
// stored already is left as it is, so importing twice changes nothing.
//
// Without multi-document transactions, the audit entry is written before the customer: a crash in
// between leaves an entry for a customer created on the next attempt, never a customer without
// its entry.
import { appendAuditEntry, type AuditActor, type Clock } from '../audit';
import { AppError } from '../errors/app-error';
import { validateRatingRequest } from '../rating/validation';
import { DuplicateKeyError, type StoredDocument } from '../store/store';
import type { Collection, Store } from '../store/store';
import {
  subscriptionRecordId,
  usageDailyId,
  type CustomerRecord,
  type SubscriptionRecord,
  type UsageDailyRecord,
} from './customer-records';
import { customers, subscriptions, usageDaily, utcDay } from './customers-repository';

export async function importCustomerPeriod(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  /** The customer's name, as shown to people. */
  name: string;
  request: unknown;
  reason: string;
}): Promise<void> {
  const { store, clock, actor } = options;
  const outcome = validateRatingRequest(options.request);
  if (!outcome.ok) {
    throw new AppError('invalid_request', 'the customer data is invalid', {
      issues: outcome.issues,
    });
  }
  const request = outcome.value;
  if (request.events !== undefined || request.meters !== undefined) {
    const message = 'is not stored with a customer: give usage as daily aggregates in usage';
    throw new AppError('invalid_request', 'the customer data is invalid', {
      issues: [
        ...(request.events !== undefined ? [{ path: '$.events', message }] : []),
        ...(request.meters !== undefined ? [{ path: '$.meters', message }] : []),
      ],
    });
  }
  const customerId = request.customer.id;
  if ((await customers(store).findOne({ _id: customerId })) === null) {
    const at = clock.now().toISOString();
    const record: CustomerRecord = {
      _id: customerId,
      name: options.name,
      facts: request.customer,
      promoCodes: request.promoCodes ?? [],
      createdAt: at,
      updatedAt: at,
      revision: 1,
    };
    await appendAuditEntry({
      store,
      clock,
      entry: {
        actor,
        action: 'customer.created',
        target: { type: 'customer', id: customerId },
        reason: options.reason,
      },
    });
    await insertIfMissing(customers(store), record);
  }
  for (const subscription of request.subscriptions ?? []) {
    await insertIfMissing<SubscriptionRecord>(subscriptions(store), {
      _id: subscriptionRecordId(customerId, subscription.id),
      customerId,
      subscription,
    });
  }
  for (const usage of request.usage ?? []) {
    const day = utcDay(usage.date);
    await insertIfMissing<UsageDailyRecord>(usageDaily(store), {
      _id: usageDailyId(customerId, day, usage),
      customerId,
      day,
      usage,
    });
  }
}

async function insertIfMissing<T extends StoredDocument>(
  collection: Collection<T>,
  document: T,
): Promise<void> {
  try {
    await collection.insertOne(document);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}
