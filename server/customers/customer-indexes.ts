import type { CollectionIndex } from '../store/ensure-indexes';
import { SUBSCRIPTIONS, USAGE_DAILY } from './customer-records';

export const CUSTOMER_INDEXES: CollectionIndex[] = [
  { collection: SUBSCRIPTIONS, index: { name: 'customer', keys: { customerId: 1 } } },
  { collection: USAGE_DAILY, index: { name: 'day', keys: { day: 1 } } },
  { collection: USAGE_DAILY, index: { name: 'customer_day', keys: { customerId: 1, day: 1 } } },
];
