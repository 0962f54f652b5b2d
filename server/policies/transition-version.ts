// Moves a version through its lifecycle: loads it, applies the pure transition, and writes it
// with its audit entry, conditionally on the revision the caller saw.
import type { AuditAction, Clock } from '../audit';
import type { Store } from '../store/store';
import { auditOfVersion } from './audit-of-version';
import type { Transition } from './lifecycle';
import { findVersion } from './policy-versions-repository';
import type { Actor, PolicyVersionRecord } from './policy-version';
import { refusalError, versionNotFound } from './version-errors';
import { pendingAudit, writeVersion } from './write-version';

export interface VersionTarget {
  store: Store;
  clock: Clock;
  actor: Actor;
  key: string;
  version: number;
  /** The revision the caller saw: a change made since then makes this a conflict. */
  revision: number;
}

export async function transitionVersion(
  target: VersionTarget,
  transition: (record: PolicyVersionRecord, at: string) => Transition,
  audit: { action: AuditAction; reason?: string; field: string },
): Promise<PolicyVersionRecord> {
  const { store, clock, actor, key, version, revision } = target;
  const record = await findVersion(store, key, version);
  if (record === null) throw versionNotFound(key, version);
  const outcome = transition({ ...record, revision }, clock.now().toISOString());
  if (outcome.kind === 'refused') throw refusalError(outcome, audit.field);
  const updated = outcome.record;
  updated.pendingAudit = pendingAudit([
    auditOfVersion(actor, audit.action, updated, { reason: audit.reason, from: record.status }),
  ]);
  return writeVersion({ store, clock, record: updated, expectedRevision: revision });
}
