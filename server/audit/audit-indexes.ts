import type { CollectionIndex } from '../store/ensure-indexes';
import { AUDIT_LOG_COLLECTION } from './audit-entry';

/**
 * The audit indexes, for `ensureIndexes` at start-up. The unique sequence is what keeps
 * concurrent appends from forking the chain (the `_id`, the padded sequence, is a second guard);
 * `at` serves exports by period.
 */
export const AUDIT_INDEXES: readonly CollectionIndex[] = [
  {
    collection: AUDIT_LOG_COLLECTION,
    index: { name: 'audit_log_sequence_unique', keys: { sequence: 1 }, unique: true },
  },
  { collection: AUDIT_LOG_COLLECTION, index: { name: 'audit_log_at', keys: { at: 1 } } },
];
