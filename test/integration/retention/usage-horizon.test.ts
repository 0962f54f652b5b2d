// Ingestion refuses usage older than the raw usage retention, and older than what a purge may
// have deleted already, with an error naming the event's timestamp: a very late retry of an event
// whose stored copy is gone can never be counted twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMERS, type CustomerRecord } from '../../../server/customers/customer-records';
import { createMeter } from '../../../server/metering/create-meter';
import { ingestUsage } from '../../../server/metering/ingest-usage';
import { DEFAULT_RETENTION } from '../../../server/retention/retention-periods';
import { raiseRawUsageMark } from '../../../server/retention/raw-usage-horizon';
import { saveRetentionSettings } from '../../../server/retention/save-retention-settings';
import type { Store } from '../../../server/store/store';
import { STORE_KINDS, openTestStore, type TestStore } from '../../support/test-store';
import { prepareRetentionStore } from './retention-fixtures';

const NOW = '2033-04-02T00:00:00.000Z';
const clock = { now: () => new Date(NOW) };
const actor = { type: 'system' as const, id: 'test' };

describe.each(STORE_KINDS)('how late usage may arrive (%s store)', (kind) => {
  let test: TestStore;
  let store: Store;

  beforeEach(async () => {
    test = await openTestStore(kind);
    store = test.store;
    await prepareRetentionStore(store);
    await store.collection<CustomerRecord>(CUSTOMERS).insertOne({
      _id: 'acme',
      name: 'Acme',
      facts: { id: 'acme', country: 'US', currency: 'USD', type: 'business' },
      promoCodes: [],
      createdAt: NOW,
      updatedAt: NOW,
      revision: 1,
    });
    await createMeter({
      store,
      clock,
      actor,
      definition: { id: 'hits', name: 'Hits', aggregation: 'count' },
    });
  });
  afterEach(async () => {
    await test.dispose();
  });

  const send = async (...timestamps: string[]) =>
    (
      await ingestUsage({
        store,
        clock,
        sender: 'key_test',
        events: timestamps.map((timestamp, index) => ({
          id: `e-${timestamp}-${index}`,
          customerId: 'acme',
          meter: 'hits',
          timestamp,
        })),
      })
    ).results;

  it('takes an event exactly 30 days old and refuses one a millisecond older', async () => {
    expect(await send('2033-03-03T00:00:00.000Z', '2033-03-02T23:59:59.999Z')).toEqual([
      { index: 0, id: 'e-2033-03-03T00:00:00.000Z-0', status: 'accepted' },
      {
        index: 1,
        id: 'e-2033-03-02T23:59:59.999Z-1',
        status: 'rejected',
        errors: [
          {
            path: '$.events[1].timestamp',
            message:
              'is more than 30 days ago, the raw usage retention: a retry of an event purged could not be recognised, so events this old are not counted',
          },
        ],
      },
    ]);
  });

  it('follows the retention settings, but never reopens what a purge may have deleted', async () => {
    await saveRetentionSettings({
      store,
      clock,
      actor,
      values: { ...DEFAULT_RETENTION, rawUsageDays: 60 },
      defaults: DEFAULT_RETENTION,
    });
    // Sixty days: 1 February 2033 is accepted now.
    expect((await send('2033-02-01T00:00:00.000Z'))[0]!.status).toBe('accepted');
    // A purge under the 30 days deleted events up to 2 March 2033 23:00 (an hour's margin).
    await raiseRawUsageMark(store, '2033-03-02T23:00:00.000Z');
    const [refused, taken] = await send('2033-03-02T22:59:59.999Z', '2033-03-02T23:00:00.000Z');
    expect(refused).toMatchObject({
      status: 'rejected',
      errors: [
        {
          path: '$.events[0].timestamp',
          message: expect.stringMatching(
            /^is before 2033-03-02T23:00:00.000Z, before which raw usage has been purged/,
          ),
        },
      ],
    });
    expect(taken!.status).toBe('accepted');
    // The mark only moves forward.
    await raiseRawUsageMark(store, '2033-01-01T00:00:00.000Z');
    expect((await send('2033-03-02T22:00:00.000Z'))[0]!.status).toBe('rejected');
  });
});
