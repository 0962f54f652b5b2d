// Queries of a family's versions and keys collections: one query each.
import { DuplicateKeyError, type Store } from '../store/store';
import type { VersionFamily } from './version-family';
import { versionId, type KeyRecord, type VersionRecord } from './version-record';

export function versions<Kind extends string, Document>(
  store: Store,
  family: VersionFamily<Kind, Document>,
) {
  return store.collection<VersionRecord<Kind, Document>>(family.versionsCollection);
}

function keys<Kind extends string>(store: Store, family: VersionFamily<Kind, unknown>) {
  return store.collection<KeyRecord<Kind>>(family.keysCollection);
}

export function findVersion<Kind extends string, Document>(
  store: Store,
  family: VersionFamily<Kind, Document>,
  key: string,
  version: number,
) {
  return versions(store, family).findOne({ _id: versionId(key, version) });
}

export function listVersions<Kind extends string, Document>(
  store: Store,
  family: VersionFamily<Kind, Document>,
  key: string,
) {
  return versions(store, family).find({ key }, { sort: { version: 1 } });
}

/** Every version in force at some date: the published ones and those a later one superseded. */
export function listEffectiveVersions<Kind extends string, Document>(
  store: Store,
  family: VersionFamily<Kind, Document>,
) {
  return versions(store, family).find(
    { status: { $in: ['published', 'superseded'] } },
    { sort: { key: 1, version: 1 } },
  );
}

export function findKey<Kind extends string>(
  store: Store,
  family: VersionFamily<Kind, unknown>,
  key: string,
) {
  return keys(store, family).findOne({ _id: key });
}

/** Creates the key's record if it is new; an existing one is left as it is. */
export async function ensureKey<Kind extends string>(
  store: Store,
  family: VersionFamily<Kind, unknown>,
  key: string,
  kind: Kind,
): Promise<void> {
  try {
    await keys(store, family).insertOne({ _id: key, kind, latestVersion: 0, publishRevision: 0 });
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}

/** The next version number of a key, given out once (atomic $inc). */
export async function takeNextVersion(
  store: Store,
  family: VersionFamily<string, unknown>,
  key: string,
): Promise<number> {
  const record = await keys(store, family).findOneAndUpdate(
    { _id: key },
    { $inc: { latestVersion: 1 } },
  );
  if (record === null) throw new Error(`${family.name} key ${key} has no record`);
  return record.latestVersion;
}

/** Claims the key's next publication; false when another publication claimed it first. */
export async function claimPublication(
  store: Store,
  family: VersionFamily<string, unknown>,
  key: string,
  publishRevision: number,
): Promise<boolean> {
  const { matched } = await keys(store, family).updateOne(
    { _id: key, publishRevision },
    { $inc: { publishRevision: 1 } },
  );
  return matched;
}
