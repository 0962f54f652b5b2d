// Moves a version through its lifecycle: loads it, applies the pure transition, and writes it
// with its audit entry, conditionally on the revision the caller saw.
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { auditOfVersion, type VersionStep } from './audit-of-version';
import type { Transition } from './lifecycle';
import type { VersionFamily } from './version-family';
import type { Actor, VersionRecord } from './version-record';
import { refusalError, versionNotFound } from './version-errors';
import { findVersion } from './versions-repository';
import { pendingAudit, writeVersion } from './write-version';

export interface VersionTarget<Kind extends string = string, Document = unknown> {
  store: Store;
  clock: Clock;
  family: VersionFamily<Kind, Document>;
  actor: Actor;
  key: string;
  version: number;
  /** The revision the caller saw: a change made since then makes this a conflict. */
  revision: number;
}

export async function transitionVersion<Kind extends string, Document>(
  target: VersionTarget<Kind, Document>,
  transition: (
    record: VersionRecord<Kind, Document>,
    at: string,
  ) => Transition<VersionRecord<Kind, Document>>,
  audit: { step: VersionStep; reason?: string; field: string },
): Promise<VersionRecord<Kind, Document>> {
  const { store, clock, family, actor, key, version, revision } = target;
  const record = await findVersion(store, family, key, version);
  if (record === null) throw versionNotFound(family, key, version);
  const outcome = transition({ ...record, revision }, clock.now().toISOString());
  if (outcome.kind === 'refused') throw refusalError(outcome, audit.field);
  const updated = outcome.record;
  updated.pendingAudit = pendingAudit([
    auditOfVersion(family, actor, audit.step, updated, {
      reason: audit.reason,
      from: record.status,
    }),
  ]);
  return writeVersion({ store, clock, family, record: updated, expectedRevision: revision });
}
