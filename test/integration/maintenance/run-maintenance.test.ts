// The hourly housekeeping: expired sessions go, audit entries younger than retention stay.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_INDEXES, verifyAuditLog } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION } from '../../../server/audit/audit-entry';
import { AUTH_INDEXES, createUser, signIn } from '../../../server/auth';
import { SESSIONS } from '../../../server/auth/session-record';
import { createLogger } from '../../../server/logging/create-logger';
import { runMaintenance } from '../../../server/run-maintenance';
import { FolderBlobStore } from '../../../server/store/blob-store';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { openTestStore, type TestStore } from '../../support/test-store';

let test: TestStore;
beforeEach(async () => {
  test = await openTestStore('embedded');
  await ensureIndexes(test.store, [...AUDIT_INDEXES, ...AUTH_INDEXES]);
});
afterEach(async () => {
  await test.dispose();
});

const at = (instant: string) => ({ now: () => new Date(instant) });
const logger = createLogger({ level: 'silent' });
const blobs = new FolderBlobStore(
  join(tmpdir(), `ledgerline-blobs-${randomBytes(6).toString('hex')}`),
);

describe('runMaintenance', () => {
  it('deletes sessions past their lifetime and keeps audit entries under retention', async () => {
    const store = test.store;
    const morning = at('2026-04-01T08:00:00Z');
    await createUser({
      store,
      clock: morning,
      actor: { type: 'system', id: 'test' },
      username: 'sam',
      displayName: 'Sam',
      roles: ['finance'],
      password: 'a long enough phrase',
    });
    const outcome = await signIn({
      store,
      clock: morning,
      username: 'sam',
      password: 'a long enough phrase',
    });
    expect(outcome.kind).toBe('signed_in');
    const entries = await store.collection(AUDIT_LOG_COLLECTION).count({});

    // Within the 12-hour lifetime and active: kept.
    await runMaintenance({
      store,
      clock: at('2026-04-01T08:10:00Z'),
      logger,
      blobs,
      auditRetentionYears: 7,
    });
    expect(await store.collection(SESSIONS).count({})).toBe(1);

    // The next day: gone. The audit log, months younger than 7 years, is untouched.
    await runMaintenance({
      store,
      clock: at('2026-04-02T09:00:00Z'),
      logger,
      blobs,
      auditRetentionYears: 7,
    });
    expect(await store.collection(SESSIONS).count({})).toBe(0);
    expect(await store.collection(AUDIT_LOG_COLLECTION).count({})).toBe(entries);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });
});
