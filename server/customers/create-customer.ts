// A billing admin creates a customer: its profile checked whole (every bad field named), stored
// with its audit entry in the same write (the record's outbox), the entry appended after.
import type { AuditActor, Clock } from '../audit';
import { pendingAudit } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { insertAudited } from './audited-write';
import { validateCustomerProfile } from './customer-profile';
import { CUSTOMERS, type CustomerRecord } from './customer-records';

export interface CreateCustomerOptions {
  store: Store;
  clock: Clock;
  /** Who creates it; the HTTP layer has checked that they may (`customer:write`). */
  actor: AuditActor;
  /** The profile as sent (customer.schema.json). */
  profile: unknown;
  reason?: string;
}

export async function createCustomer(options: CreateCustomerOptions): Promise<CustomerRecord> {
  const { store, clock, actor } = options;
  const checked = validateCustomerProfile(options.profile);
  if (!checked.ok) {
    throw new AppError('invalid_request', 'the customer is invalid', { issues: checked.issues });
  }
  const { id, name, facts, billing, promoCodes = [] } = checked.value;
  const audit = pendingAudit({
    actor,
    action: 'customer.created',
    target: { type: 'customer', id },
    reason: options.reason,
  });
  const now = clock.now().toISOString();
  const record: CustomerRecord = {
    _id: id,
    name,
    facts,
    billing,
    promoCodes,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
  return insertAudited({
    store,
    clock,
    collection: CUSTOMERS,
    record,
    audit,
    taken: `there is a customer with the id "${id}" already`,
  });
}
