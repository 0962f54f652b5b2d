// Raw usage events are the idempotency record of ingestion: a retried event is recognised by its
// stored copy. Once an event has been purged, a retry of it would be counted again; so ingestion
// refuses every event older than the raw usage retention, and older than any instant before which
// a purge may already have deleted events (the mark, moved forward before each deletion, so that
// lengthening the retention never reopens a window whose events are gone).
import { DuplicateKeyError, type Store } from '../store/store';
import { daysBefore } from './retention-period';
import { RAW_USAGE_MARK, RETENTION_MARKS, type RetentionMarkRecord } from './retention-records';
import { DEFAULT_RETENTION } from './retention-periods';
import { findRetentionSettings } from './retention-settings';

export interface RawUsageHorizon {
  /** Events timestamped before this instant (epoch milliseconds) are refused. */
  oldestAccepted: number;
  /** Why, for the event's error. */
  explanation: string;
}

export async function rawUsageHorizon(store: Store, now: Date): Promise<RawUsageHorizon> {
  const [settings, mark] = await Promise.all([
    findRetentionSettings(store),
    store.collection<RetentionMarkRecord>(RETENTION_MARKS).findOne({ _id: RAW_USAGE_MARK }),
  ]);
  const days = settings?.rawUsageDays ?? DEFAULT_RETENTION.rawUsageDays;
  const byRetention = daysBefore(now, days).getTime();
  const byMark = mark === null ? Number.NEGATIVE_INFINITY : Date.parse(mark.purgedBefore);
  if (byMark > byRetention) {
    return {
      oldestAccepted: byMark,
      explanation: `is before ${mark!.purgedBefore}, before which raw usage has been purged: a retry of an event purged could not be recognised, so events this old are not counted`,
    };
  }
  return {
    oldestAccepted: byRetention,
    explanation: `is more than ${days} days ago, the raw usage retention: a retry of an event purged could not be recognised, so events this old are not counted`,
  };
}

/** Moves the mark forward to `before` (never back), before events older than it are deleted. */
export async function raiseRawUsageMark(store: Store, before: string): Promise<void> {
  const marks = store.collection<RetentionMarkRecord>(RETENTION_MARKS);
  for (;;) {
    const current = await marks.findOne({ _id: RAW_USAGE_MARK });
    if (current !== null && current.purgedBefore >= before) return;
    if (current !== null) {
      const moved = await marks.updateOne(
        { _id: RAW_USAGE_MARK, purgedBefore: current.purgedBefore },
        { $set: { purgedBefore: before } },
      );
      if (moved.matched) return;
      continue; // moved by a concurrent purge: look again
    }
    try {
      await marks.insertOne({ _id: RAW_USAGE_MARK, purgedBefore: before });
      return;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
}
