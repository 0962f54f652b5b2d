// Dispute records past their retention: resolved more than `disputeYears` ago. An open dispute
// is never purged, however old; nor one whose audit entry a crash left pending.
import { DISPUTES, type DisputeRecord } from '../disputes/dispute-records';
import { yearsBefore } from './retention-period';
import { PURGE_PAGE_SIZE, type PurgeOptions } from './purge-page';

export async function purgeDisputes(options: PurgeOptions): Promise<void> {
  const disputes = options.store.collection<DisputeRecord>(DISPUTES);
  for (let after = ''; ;) {
    const { disputeYears } = await options.periods();
    const resolvedBefore = yearsBefore(options.clock.now(), disputeYears).toISOString();
    // The retention condition is the delete's own filter: nothing else decides.
    const purgeable = { state: 'resolved', resolvedAt: { $lt: resolvedBefore }, pendingAudits: 0 };
    const page = await disputes.find(
      { ...purgeable, _id: { $gt: after } },
      { sort: { _id: 1 }, limit: options.pageSize ?? PURGE_PAGE_SIZE },
    );
    if (page.length === 0) return;
    const deleted = await disputes.deleteMany({
      ...purgeable,
      _id: { $in: page.map((dispute) => dispute._id) },
    });
    await options.onPage({ disputes: deleted }, { resolvedBefore });
    after = page.at(-1)!._id;
  }
}
