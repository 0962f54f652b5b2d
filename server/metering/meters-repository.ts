// Queries of the meters collection.
import { AppError } from '../errors/app-error';
import type { MeterDefinition } from '../rating/types';
import type { Store } from '../store/store';
import { METERS, type MeterRecord } from './meter-records';

export function meters(store: Store) {
  return store.collection<MeterRecord>(METERS);
}

export async function findMeterOrThrow(store: Store, id: string): Promise<MeterRecord> {
  const record = await meters(store).findOne({ _id: id });
  if (record === null) throw new AppError('not_found', `there is no meter "${id}"`);
  return record;
}

/** How rating adds up each meter's usage (rating-request.schema.json#/$defs/meterDefinition). */
export function ratingMeters(records: readonly MeterRecord[]): Record<string, MeterDefinition> {
  return Object.fromEntries(
    records.map((record) => [
      record._id,
      {
        aggregation: record.aggregation,
        ...(record.uniqueBy !== undefined && { uniqueBy: record.uniqueBy }),
      },
    ]),
  );
}
