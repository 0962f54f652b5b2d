// Raw usage past its retention: the events of batches aggregated more than `rawUsageDays` ago,
// then each batch record once none of its events is left. A batch not aggregated yet is never
// touched, whatever its age: its events are still to be counted. The daily aggregates are not
// raw usage and stay (invoices were rated from them).
//
// An event goes only if it is also timestamped before the cut-off less an hour: ingestion refuses
// events older than the retention (raw-usage-horizon.ts), and the hour covers a request that read
// the clock before this purge did and stores its events after, so no retry of a deleted event is
// ever counted again. The mark is moved before anything is deleted.
import { USAGE_BATCHES, USAGE_EVENTS, type UsageBatchRecord } from '../metering/meter-records';
import { daysBefore } from './retention-period';
import { PURGE_PAGE_SIZE, type PurgeOptions } from './purge-page';
import { raiseRawUsageMark } from './raw-usage-horizon';

/** How long before the retention cut-off an event must be timestamped (requests in flight). */
export const IN_FLIGHT_MARGIN_MS = 3_600_000;

export async function purgeUsageEvents(options: PurgeOptions): Promise<void> {
  const { store, clock } = options;
  const batches = store.collection<UsageBatchRecord>(USAGE_BATCHES);
  const events = store.collection(USAGE_EVENTS);
  for (let after = ''; ;) {
    const { rawUsageDays } = await options.periods();
    const aggregatedBefore = daysBefore(clock.now(), rawUsageDays);
    const cutoffs = {
      aggregatedBefore: aggregatedBefore.toISOString(),
      timestampBefore: new Date(aggregatedBefore.getTime() - IN_FLIGHT_MARGIN_MS).toISOString(),
    };
    const page = await batches.find(
      { state: 'aggregated', aggregatedAt: { $lt: cutoffs.aggregatedBefore }, _id: { $gt: after } },
      { sort: { _id: 1 }, limit: options.pageSize ?? PURGE_PAGE_SIZE },
    );
    if (page.length === 0) return;
    await raiseRawUsageMark(store, cutoffs.timestampBefore);
    let usageEvents = 0;
    let usageBatches = 0;
    for (const batch of page) {
      usageEvents += await events.deleteMany({
        batch: batch._id,
        timestamp: { $lt: cutoffs.timestampBefore },
      });
      if ((await events.count({ batch: batch._id })) > 0) continue;
      usageBatches += await batches.deleteMany({
        _id: batch._id,
        state: 'aggregated',
        aggregatedAt: { $lt: cutoffs.aggregatedBefore },
      });
    }
    await options.onPage({ usageEvents, usageBatches }, cutoffs);
    after = page.at(-1)!._id;
  }
}
