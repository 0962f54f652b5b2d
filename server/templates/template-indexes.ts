import type { CollectionIndex } from '../store/ensure-indexes';
import { versionIndexes } from '../versioning/version-indexes';
import { TEMPLATE_FAMILY } from './template-version';

export const TEMPLATE_INDEXES: CollectionIndex[] = versionIndexes(TEMPLATE_FAMILY);
