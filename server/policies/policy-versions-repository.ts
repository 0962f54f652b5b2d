// Queries of the policy_versions and policies collections: one query each.
import { DuplicateKeyError, type Store } from '../store/store';
import {
  POLICY_KEYS,
  POLICY_VERSIONS,
  versionId,
  type PolicyKeyRecord,
  type PolicyVersionRecord,
} from './policy-version';
import type { Policy } from '../rating/types';

export function versions(store: Store) {
  return store.collection<PolicyVersionRecord>(POLICY_VERSIONS);
}

export function findVersion(store: Store, key: string, version: number) {
  return versions(store).findOne({ _id: versionId(key, version) });
}

export function listVersions(store: Store, key: string) {
  return versions(store).find({ key }, { sort: { version: 1 } });
}

/** Every version rating may use: the published ones and those a later one superseded. */
export function listRatableVersions(store: Store) {
  return versions(store).find(
    { status: { $in: ['published', 'superseded'] } },
    { sort: { key: 1, version: 1 } },
  );
}

export function findKey(store: Store, key: string) {
  return store.collection<PolicyKeyRecord>(POLICY_KEYS).findOne({ _id: key });
}

/** Creates the key's record if it is new; an existing one is left as it is. */
export async function ensureKey(store: Store, key: string, kind: Policy['kind']): Promise<void> {
  try {
    await store
      .collection<PolicyKeyRecord>(POLICY_KEYS)
      .insertOne({ _id: key, kind, latestVersion: 0, publishRevision: 0 });
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}

/** The next version number of a key, given out once (atomic $inc). */
export async function takeNextVersion(store: Store, key: string): Promise<number> {
  const record = await store
    .collection<PolicyKeyRecord>(POLICY_KEYS)
    .findOneAndUpdate({ _id: key }, { $inc: { latestVersion: 1 } });
  if (record === null) throw new Error(`policy key ${key} has no record`);
  return record.latestVersion;
}

/** Claims the key's next publication; false when another publication claimed it first. */
export async function claimPublication(
  store: Store,
  key: string,
  publishRevision: number,
): Promise<boolean> {
  const { matched } = await store
    .collection<PolicyKeyRecord>(POLICY_KEYS)
    .updateOne({ _id: key, publishRevision }, { $inc: { publishRevision: 1 } });
  return matched;
}
