// Publishes an approved version with the date it takes effect. One publication of a key at a
// time: two concurrent publications claim the key's publish revision, and only one can. Earlier
// published versions become superseded; they stay ratable for charges dated before the new one.
import { AppError } from '../errors/app-error';
import { toMillis } from '../rating/time';
import { isValidInstant } from '../rating/validation/instant';
import { auditOfVersion } from './audit-of-version';
import { contentHash } from './content-hash';
import { publish, supersede } from './lifecycle';
import { claimPublication, findKey, listVersions } from './policy-versions-repository';
import type { PolicyVersionRecord } from './policy-version';
import { transitionVersion, type VersionTarget } from './transition-version';
import { pendingAudit, writeVersion } from './write-version';

export async function publishPolicyVersion(
  options: VersionTarget & { effectiveFrom: string },
): Promise<PolicyVersionRecord> {
  const { store, clock, actor, key, effectiveFrom } = options;
  if (!isValidInstant(effectiveFrom)) {
    throw invalidDate(
      'must be a date such as 2026-05-01 or a date-time such as 2026-05-01T00:00:00Z',
    );
  }
  const today = new Date(clock.now().toISOString().slice(0, 10)).getTime();
  if (toMillis(effectiveFrom) < today) {
    throw invalidDate(
      'must not be in the past: published prices never change invoices already made',
    );
  }
  const published = (await listVersions(store, key)).filter(
    (record) => record.status === 'published',
  );
  const latest = published.at(-1);
  if (latest && toMillis(effectiveFrom) < toMillis(latest.document.effectiveFrom)) {
    throw invalidDate(
      `must not be before ${latest.document.effectiveFrom}, when version ${latest.version} takes effect`,
    );
  }
  const keyRecord = await findKey(store, key);
  if (keyRecord === null) throw new AppError('not_found', `there is no policy ${key}`);
  if (!(await claimPublication(store, key, keyRecord.publishRevision))) {
    throw new AppError(
      'conflict',
      `another version of ${key} is being published; reload and try again`,
    );
  }
  const record = await transitionVersion(
    options,
    (current, at) => {
      const outcome = publish(current, actor, effectiveFrom, at);
      // The effective date is now part of the document: its hash is taken again.
      if (outcome.kind === 'done')
        outcome.record.contentHash = contentHash(outcome.record.document);
      return outcome;
    },
    {
      action: 'policy.published',
      reason: `effective from ${effectiveFrom}`,
      field: 'effectiveFrom',
    },
  );
  for (const earlier of published) {
    const superseded = supersede(earlier, record.updatedAt);
    superseded.pendingAudit = pendingAudit([
      auditOfVersion(actor, 'policy.superseded', superseded, {
        reason: `version ${record.version} takes effect on ${effectiveFrom}`,
        from: 'published',
      }),
    ]);
    await writeVersion({ store, clock, record: superseded, expectedRevision: earlier.revision });
  }
  return record;
}

function invalidDate(message: string): AppError {
  return new AppError('invalid_request', `effectiveFrom ${message}`, {
    issues: [{ path: '$.effectiveFrom', message }],
  });
}
