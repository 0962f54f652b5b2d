// Publishes an approved version with the date it takes effect. One publication of a key at a
// time: two concurrent publications claim the key's publish revision, and only one can. Earlier
// published versions become superseded; they stay in force for dates before the new one.
import { AppError } from '../errors/app-error';
import { toMillis } from '../rating/time';
import { isValidInstant } from '../rating/validation/instant';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import { publish, supersede } from './lifecycle';
import type { VersionRecord } from './version-record';
import { transitionVersion, type VersionTarget } from './transition-version';
import { claimPublication, findKey, listVersions } from './versions-repository';
import { pendingAudit, writeVersion } from './write-version';

export async function publishVersion<Kind extends string, Document>(
  options: VersionTarget<Kind, Document> & { effectiveFrom: string },
): Promise<VersionRecord<Kind, Document>> {
  const { store, clock, family, actor, key, effectiveFrom } = options;
  if (!isValidInstant(effectiveFrom)) {
    throw invalidDate(
      'must be a date such as 2026-05-01 or a date-time such as 2026-05-01T00:00:00Z',
    );
  }
  const today = new Date(clock.now().toISOString().slice(0, 10)).getTime();
  if (toMillis(effectiveFrom) < today) {
    throw invalidDate(
      'must not be in the past: a published version never changes what was already issued',
    );
  }
  const published = (await listVersions(store, family, key)).filter(
    (record) => record.status === 'published',
  );
  const latest = published.at(-1);
  const latestFrom = latest?.publication?.effectiveFrom;
  if (latest && latestFrom !== undefined && toMillis(effectiveFrom) < toMillis(latestFrom)) {
    throw invalidDate(
      `must not be before ${latestFrom}, when version ${latest.version} takes effect`,
    );
  }
  const keyRecord = await findKey(store, family, key);
  if (keyRecord === null) throw new AppError('not_found', `there is no ${family.name} ${key}`);
  if (!(await claimPublication(store, family, key, keyRecord.publishRevision))) {
    throw new AppError(
      'conflict',
      `another version of ${key} is being published; reload and try again`,
    );
  }
  const record = await transitionVersion(
    options,
    (current, at) => {
      const outcome = publish(current, actor, effectiveFrom, at, family);
      // A family that writes the date into the document has a new content hash.
      if (outcome.kind === 'done')
        outcome.record.contentHash = contentHash(outcome.record.document);
      return outcome;
    },
    { step: 'published', reason: `effective from ${effectiveFrom}`, field: 'effectiveFrom' },
  );
  for (const earlier of published) {
    const superseded = supersede(earlier, record.updatedAt);
    superseded.pendingAudit = pendingAudit([
      auditOfVersion(family, actor, 'superseded', superseded, {
        reason: `version ${record.version} takes effect on ${effectiveFrom}`,
        from: 'published',
      }),
    ]);
    await writeVersion({
      store,
      clock,
      family,
      record: superseded,
      expectedRevision: earlier.revision,
    });
  }
  return record;
}

function invalidDate(message: string): AppError {
  return new AppError('invalid_request', `effectiveFrom ${message}`, {
    issues: [{ path: '$.effectiveFrom', message }],
  });
}
