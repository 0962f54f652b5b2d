// Customers and subscriptions are written with their audit entry in the record's outbox
// (audit/record-outbox.ts), counted in PENDING_AUDITS so that start-up recovery reads only the
// records a crash interrupted. These are the two halves every write of theirs shares.
import type { Clock } from '../audit';
import { flushPendingAudit, type PendingAudit } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import { DuplicateKeyError, type Store, type StoredDocument } from '../store/store';
import { PENDING_AUDITS } from './customer-records';

interface Audited extends StoredDocument {
  pendingAudit?: unknown;
  pendingAudits?: number;
}

/** Inserts the record with its entry pending, then appends the entry; 409 for a taken id. */
export async function insertAudited<T extends Audited>(options: {
  store: Store;
  clock: Clock;
  collection: string;
  record: T;
  audit: PendingAudit;
  /** The 409's detail when the id is taken. */
  taken: string;
}): Promise<T> {
  const { store, collection, record, audit } = options;
  try {
    await store.collection<T>(collection).insertOne({
      ...record,
      pendingAudit: { [audit.id]: audit.entry },
      pendingAudits: 1,
    });
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw new AppError('conflict', options.taken);
    throw error;
  }
  await flushAudited({ ...options, documentId: record._id });
  return record;
}

/** Appends the entry a write left pending on the record, and clears it. */
export async function flushAudited(options: {
  store: Store;
  clock: Clock;
  collection: string;
  documentId: string;
  audit: PendingAudit;
}): Promise<void> {
  await flushPendingAudit({ ...options, pending: [options.audit], counter: PENDING_AUDITS });
}

/** The record as callers see it: without its outbox. */
export function withoutOutbox<T extends Audited>({
  pendingAudit: _pending,
  pendingAudits: _count,
  ...record
}: T): Omit<T, 'pendingAudit' | 'pendingAudits'> {
  return record;
}
