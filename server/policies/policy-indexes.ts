import type { CollectionIndex } from '../store/ensure-indexes';
import { POLICY_VERSIONS } from './policy-version';

export const POLICY_INDEXES: CollectionIndex[] = [
  {
    collection: POLICY_VERSIONS,
    index: { name: 'key_version', keys: { key: 1, version: 1 }, unique: true },
  },
  { collection: POLICY_VERSIONS, index: { name: 'status', keys: { status: 1 } } },
];
