import type { CollectionIndex } from '../store/ensure-indexes';
import { versionIndexes } from '../versioning/version-indexes';
import { POLICY_FAMILY } from './policy-version';

export const POLICY_INDEXES: CollectionIndex[] = versionIndexes(POLICY_FAMILY);
