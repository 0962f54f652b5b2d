// A policy key has many versions; each is a record in the policy_versions collection, and goes
// through the lifecycle every versioned family shares (server/versioning/). What is particular
// to policies is described here: their schema and semantic checks, their version number and
// effective date inside the document.
import type { Policy, PolicyKind } from '../rating/types';
import { validatePolicy } from '../rating/validation';
import type { VersionFamily } from '../versioning/version-family';
import type { KeyRecord, VersionRecord } from '../versioning/version-record';

export type PolicyVersionRecord = VersionRecord<PolicyKind, Policy>;
export type PolicyKeyRecord = KeyRecord<PolicyKind>;

export const POLICY_VERSIONS = 'policy_versions';
export const POLICY_KEYS = 'policies';

export const POLICY_FAMILY: VersionFamily<PolicyKind, Policy> = {
  name: 'policy',
  versionsCollection: POLICY_VERSIONS,
  keysCollection: POLICY_KEYS,
  auditTarget: 'policy_version',
  kindField: 'kind',
  validate: validatePolicy,
  keyOf: (document) => document.key,
  kindOf: (document) => document.kind,
  numbered: (document, version) => ({ ...document, version }),
  seedVersionOf: (document) => document.version,
  seedEffectiveFrom: (document) => document.effectiveFrom,
  // Rating picks a policy version by the effectiveFrom of its document.
  published: (document, effectiveFrom) => ({ ...document, effectiveFrom }),
};
