// Reading disputes: one query each, through the invoice index or the state index.
import type { Filter, Store } from '../store/store';
import { DISPUTES, type DisputeRecord, type DisputeState } from './dispute-records';

export const disputes = (store: Store) => store.collection<DisputeRecord>(DISPUTES);

/** An invoice's disputes, oldest first. */
export async function disputesOfInvoice(store: Store, invoiceId: string): Promise<DisputeRecord[]> {
  return await disputes(store).find({ invoiceId }, { sort: { openedAt: 1, _id: 1 } });
}

/** A page of disputes, newest first; one more than asked tells whether another page follows. */
export async function listDisputes(
  store: Store,
  options: { state?: DisputeState; customerId?: string; offset: number; limit: number },
): Promise<DisputeRecord[]> {
  const filter: Filter = {
    ...(options.state !== undefined && { state: options.state }),
    ...(options.customerId !== undefined && { customerId: options.customerId }),
  };
  return await disputes(store).find(filter, {
    sort: { openedAt: -1, _id: 1 },
    skip: options.offset,
    limit: options.limit + 1,
  });
}
