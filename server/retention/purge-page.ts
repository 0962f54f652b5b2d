// What every purge shares: it works a page at a time, reading the settings and the clock again
// for each page, so that a longer period saved meanwhile applies from the next page; and it
// reports each page's deletions as it goes, so that a run stopped by a crash has counted what it
// did up to its last page.
import type { Clock } from '../audit/audit-entry';
import type { Store } from '../store/store';
import type { PurgeCounts } from './retention-records';
import type { RetentionPeriods } from './retention-periods';

export const PURGE_PAGE_SIZE = 200;

export interface PurgeOptions {
  store: Store;
  clock: Clock;
  /** The periods in force, read again for each page. */
  periods: () => Promise<RetentionPeriods>;
  /** Called after each page with what it deleted and the cut-offs it used. */
  onPage: (deleted: Partial<PurgeCounts>, cutoffs: Record<string, string>) => Promise<void>;
  pageSize?: number;
}
