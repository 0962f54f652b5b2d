import type { CollectionIndex } from '../store/ensure-indexes';
import type { VersionFamily } from './version-family';

/** One version per key and number; versions are listed by status (published, in review). */
export function versionIndexes(family: VersionFamily<string, unknown>): CollectionIndex[] {
  return [
    {
      collection: family.versionsCollection,
      index: { name: 'key_version', keys: { key: 1, version: 1 }, unique: true },
    },
    { collection: family.versionsCollection, index: { name: 'status', keys: { status: 1 } } },
  ];
}
