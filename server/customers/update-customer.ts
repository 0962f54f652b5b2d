// A billing admin changes a customer's profile: conditional on the revision they loaded (a change
// made meanwhile is refused with 409, never overwritten), audited with the fields that changed,
// in the same write as the change. The id never changes; a profile equal to the stored one
// changes nothing and writes no entry.
import type { AuditActor, Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { pendingAudit } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { flushAudited, withoutOutbox } from './audited-write';
import { validateCustomerProfile } from './customer-profile';
import { CUSTOMERS, PENDING_AUDITS, type CustomerRecord } from './customer-records';
import { customers, findCustomerOrThrow } from './customers-repository';

export interface UpdateCustomerOptions {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  customerId: string;
  profile: unknown;
  /** The revision the caller loaded. */
  revision: number;
  reason?: string;
}

const FIELDS = ['name', 'facts', 'billing', 'promoCodes'] as const;

export async function updateCustomer(options: UpdateCustomerOptions): Promise<CustomerRecord> {
  const { store, clock, actor, customerId, revision } = options;
  const checked = validateCustomerProfile(options.profile);
  const issues = checked.ok ? [] : [...checked.issues];
  if (checked.ok && checked.value.id !== customerId) {
    issues.push({
      path: '$.id',
      message: `must be "${customerId}": a customer's id never changes`,
    });
  }
  if (!checked.ok || issues.length > 0) {
    throw new AppError('invalid_request', 'the customer is invalid', { issues });
  }
  const stored = await findCustomerOrThrow(store, customerId);
  const next = { ...checked.value, promoCodes: checked.value.promoCodes ?? [] };
  const changed = FIELDS.filter(
    (field) => canonicalJson(stored[field] ?? null) !== canonicalJson(next[field] ?? null),
  );
  if (stored.revision !== revision) throw staleRevision(revision);
  if (changed.length === 0) return withoutOutbox(stored);
  const audit = pendingAudit({
    actor,
    action: 'customer.updated',
    target: { type: 'customer', id: customerId },
    reason: options.reason,
    details: { changed: [...changed], revision: revision + 1 },
  });
  const updated = await customers(store).findOneAndUpdate(
    { _id: customerId, revision },
    {
      $set: {
        name: next.name,
        facts: next.facts,
        billing: next.billing,
        promoCodes: next.promoCodes,
        updatedAt: clock.now().toISOString(),
        ...audit.set,
      },
      $inc: { revision: 1, [PENDING_AUDITS]: 1 },
    },
  );
  if (!updated) throw staleRevision(revision);
  await flushAudited({ store, clock, collection: CUSTOMERS, documentId: customerId, audit });
  return withoutOutbox(updated);
}

function staleRevision(revision: number): AppError {
  return new AppError(
    'conflict',
    `someone changed this customer since you loaded it (you had revision ${revision}): load it again`,
  );
}
