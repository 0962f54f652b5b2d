import type { CollectionIndex } from '../store/ensure-indexes';
import { USAGE_BATCHES, USAGE_EVENTS } from './meter-records';

export const METERING_INDEXES: CollectionIndex[] = [
  {
    collection: USAGE_EVENTS,
    index: { name: 'customer_day', keys: { customerId: 1, day: 1 } },
  },
  // The retention purge deletes an aggregated batch's events by their batch.
  { collection: USAGE_EVENTS, index: { name: 'batch', keys: { batch: 1 } } },
  { collection: USAGE_BATCHES, index: { name: 'state', keys: { state: 1 } } },
];
