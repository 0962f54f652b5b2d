// On both stores, a purge killed at each of its writes in turn, then run again two hours later
// (the killed run is then stale): every time the same records are left, nothing still under
// retention is gone, no intent or run record stays behind, nothing is audited twice, and only the
// page in flight at the kill may be missing from the audited counts.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { DISPUTES } from '../../../server/disputes/dispute-records';
import { INVOICES } from '../../../server/invoicing/invoice-records';
import { USAGE_BATCHES, USAGE_EVENTS } from '../../../server/metering/meter-records';
import { INVOICE_PURGES, RETENTION_RUNS } from '../../../server/retention/retention-records';
import { runRetentionPurge } from '../../../server/retention/run-retention-purge';
import { FolderBlobStore } from '../../../server/store/blob-store';
import type { Store } from '../../../server/store/store';
import { dyingAtWrite, Killed } from '../../support/dying-store';
import { STORE_KINDS, openTestStore, type TestStore } from '../../support/test-store';
import {
  aDispute,
  anInvoice,
  prepareRetentionStore,
  resolved,
  storeBatch,
  storeDisputes,
  storeInvoices,
} from './retention-fixtures';

const NOW = '2034-06-01T00:00:00.000Z';
const TWO_HOURS_LATER = '2034-06-01T02:00:00.000Z';

let test: TestStore | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

/** Past retention on 1 June 2034: inv-old (2026), d-old, b-old. Kept: the rest. */
async function seed(store: Store, blobs: FolderBlobStore): Promise<string> {
  await prepareRetentionStore(store);
  const pdf = await blobs.put(Buffer.from(`%PDF ${randomBytes(4).toString('hex')}`));
  await storeInvoices(
    store,
    anInvoice('inv-old', {
      finalizedAt: '2026-04-01T10:00:00.000Z',
      pdf: { sha256: pdf.sha256, size: pdf.size, renderedAt: '2026-04-02T00:00:00.000Z' },
    }),
    anInvoice('inv-young', { finalizedAt: '2027-06-01T10:00:00.000Z' }),
    anInvoice('inv-disputed', { finalizedAt: '2026-05-01T10:00:00.000Z' }),
  );
  await storeDisputes(
    store,
    aDispute('d-old', { invoiceId: 'inv-young', ...resolved('2028-01-01T00:00:00.000Z') }),
    aDispute('d-open', { invoiceId: 'inv-disputed' }),
  );
  await storeBatch(store, 'b-old', {
    aggregatedAt: '2034-04-01T00:00:00.000Z',
    timestamps: ['2034-03-31T20:00:00.000Z', '2034-03-31T21:00:00.000Z'],
  });
  await storeBatch(store, 'b-waiting', {
    aggregatedAt: null,
    timestamps: ['2034-01-01T00:00:00.000Z'],
  });
  return pdf.sha256;
}

async function purge(store: Store, blobs: FolderBlobStore, instant: string) {
  return await runRetentionPurge({
    store,
    clock: { now: () => new Date(instant) },
    blobs,
    actor: { type: 'system', id: 'retention' },
    trigger: 'scheduled',
    auditRetentionYears: 7,
  });
}

async function state(store: Store) {
  const ids = async (collection: string) =>
    (await store.collection(collection).find({}, { sort: { _id: 1 } })).map((record) => record._id);
  return {
    invoices: await ids(INVOICES),
    disputes: await ids(DISPUTES),
    batches: await ids(USAGE_BATCHES),
    events: await ids(USAGE_EVENTS),
    intents: await ids(INVOICE_PURGES),
    runs: await ids(RETENTION_RUNS),
  };
}

const EXPECTED = {
  invoices: ['inv-disputed', 'inv-young'],
  disputes: ['d-open'],
  batches: ['b-waiting'],
  events: ['acme/b-waiting-0'],
  intents: [],
  runs: [],
};

/** What goes on 1 June 2034, as retention.purged counts it. */
const DELETED = { usageEvents: 2, usageBatches: 1, disputes: 1, invoices: 1, invoicePdfs: 1 };
const DELETED_NONE = { usageEvents: 0, usageBatches: 0, disputes: 0, invoices: 0, invoicePdfs: 0 };

describe.each(STORE_KINDS)('a retention purge killed at any write (%s store)', (kind) => {
  it(
    'finishes the job when run again and deletes nothing still under retention',
    { timeout: 120_000 },
    async () => {
      const newBlobs = () =>
        new FolderBlobStore(join(tmpdir(), `ledgerline-blobs-${randomBytes(6).toString('hex')}`));
      test = await openTestStore(kind);
      let blobs = newBlobs();
      await seed(test.store, blobs);
      const untouched = dyingAtWrite(test.store, Number.MAX_SAFE_INTEGER);
      await purge(untouched, blobs, NOW);
      expect(await state(test.store)).toEqual(EXPECTED);
      const writes = untouched.writes();
      expect(writes).toBeGreaterThan(12);

      for (let dieAt = 1; dieAt <= writes; dieAt++) {
        await test.dispose();
        test = await openTestStore(kind);
        blobs = newBlobs();
        const pdf = await seed(test.store, blobs);
        await expect(purge(dyingAtWrite(test.store, dieAt), blobs, NOW)).rejects.toBeInstanceOf(
          Killed,
        );
        await purge(test.store, blobs, TWO_HOURS_LATER);
        expect(await state(test.store), `killed at write ${dieAt}`).toEqual(EXPECTED);
        expect(await blobs.get(pdf), `killed at write ${dieAt}`).toBeUndefined();
        // Nothing is audited twice, and only the one page in flight at the kill (deleted, but
        // killed before it was counted) may be missing from the counts.
        const audited = { ...DELETED_NONE };
        for (const entry of await test.store
          .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
          .find({ action: 'retention.purged' })) {
          for (const [field, count] of Object.entries(entry.details!.deleted as object))
            audited[field as keyof typeof DELETED] += count as number;
        }
        const short = Object.keys(DELETED).filter(
          (field) =>
            audited[field as keyof typeof DELETED] !== DELETED[field as keyof typeof DELETED],
        );
        for (const field of Object.keys(DELETED) as (keyof typeof DELETED)[])
          expect(audited[field], `${field}, killed at write ${dieAt}`).toBeLessThanOrEqual(
            DELETED[field],
          );
        expect(
          short.length === 0 ||
            short.every((field) => ['usageEvents', 'usageBatches'].includes(field)) ||
            short.every((field) => ['invoices', 'invoicePdfs'].includes(field)) ||
            (short.length === 1 && short[0] === 'disputes'),
          `killed at write ${dieAt}: ${short.join(', ')} short`,
        ).toBe(true);
      }
    },
  );
});
