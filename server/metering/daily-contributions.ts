// What one pass's events add to each daily aggregate, and how that combines with what the
// aggregate held: sums and counts add, max keeps the largest, latest keeps the quantity of the
// last event (by its timestamp), unique_count keeps the counted dimension in the grouping, so
// that rating counts distinct values over the whole period, and time_weighted_sum keeps the day's
// readings (levels), its quantity the unit-hours they make within the day; the level carried in
// from earlier days is added when a period is rated (time-weighted-usage.ts). Pure.
import { usageDailyId, type UsageDailyRecord } from '../customers/customer-records';
import { heldPerDay } from '../rating/held-levels';
import { Exact, ZERO, parseDecimal } from '../rating/money';
import { MS_PER_DAY, toMillis } from '../rating/time';
import type { UsageAggregate } from '../rating/types';
import type { MeterRecord, UsageEntry } from './meter-records';

/** A daily aggregate as the aggregator writes it. */
export interface AggregatedDay extends UsageDailyRecord {
  /** The last aggregation pass applied: a pass is applied to an aggregate at most once. */
  pass?: number;
  /** How many events it counts. */
  events?: number;
  /** latest meters: the timestamp of the event whose quantity it holds. */
  latestAt?: string;
  /** time_weighted_sum meters: the day's levels, in time order. */
  readings?: LevelReading[];
}

export interface LevelReading {
  at: string;
  quantity: string;
}

export interface Contribution {
  id: string;
  customerId: string;
  day: string;
  usage: UsageAggregate;
  aggregation: MeterRecord['aggregation'];
  quantity: Exact;
  events: number;
  latestAt?: string;
  readings?: LevelReading[];
}

/** The dimensions an aggregate is grouped by: the meter's, and for unique_count the counted one. */
function groupedDimensions(
  meter: Pick<MeterRecord, 'dimensions' | 'uniqueBy'>,
  dimensions: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (dimensions === undefined) return undefined;
  const names =
    meter.uniqueBy === undefined ? meter.dimensions : [...meter.dimensions, meter.uniqueBy];
  const grouped: Record<string, string> = {};
  let any = false;
  for (const name of names) {
    const value = dimensions[name];
    if (value !== undefined) {
      grouped[name] = value;
      any = true;
    }
  }
  return any ? grouped : undefined;
}

function later(a: { timestamp: string; _id: string }, b: { at: string; id: string }): boolean {
  const difference = toMillis(a.timestamp) - toMillis(b.at);
  return difference > 0 || (difference === 0 && a._id > b.id);
}

/**
 * The contributions of the events, one per daily aggregate. Events of a meter that no longer
 * exists count as sums (meters are never deleted through the API; this keeps a hand-removed one
 * from losing usage).
 */
export function dailyContributions(
  events: readonly UsageEntry[],
  meters: ReadonlyMap<string, MeterRecord>,
): Map<string, Contribution> {
  const contributions = new Map<string, Contribution>();
  const latestEvent = new Map<string, { at: string; id: string }>();
  for (const event of events) {
    const meter = meters.get(event.meter) ?? {
      aggregation: 'sum' as const,
      dimensions: Object.keys(event.dimensions ?? {}),
    };
    const dimensions = groupedDimensions(meter, event.dimensions);
    const usage: UsageAggregate = {
      meter: event.meter,
      date: event.day,
      quantity: '0',
      ...(dimensions !== undefined && { dimensions }),
      ...(event.subscriptionId !== undefined && { subscriptionId: event.subscriptionId }),
    };
    const id = usageDailyId(event.customerId, event.day, usage);
    const quantity = parseDecimal(event.quantity, `usage_events ${event._id} quantity`);
    let contribution = contributions.get(id);
    if (contribution === undefined) {
      contribution = {
        id,
        customerId: event.customerId,
        day: event.day,
        usage,
        aggregation: meter.aggregation,
        quantity,
        events: 1,
        ...(meter.aggregation === 'latest' && { latestAt: event.timestamp }),
        ...(meter.aggregation === 'time_weighted_sum' && {
          readings: [{ at: event.timestamp, quantity: event.quantity }],
        }),
      };
      contributions.set(id, contribution);
      latestEvent.set(id, { at: event.timestamp, id: event._id });
      continue;
    }
    contribution.events += 1;
    switch (meter.aggregation) {
      case 'max':
        contribution.quantity = Exact.max(contribution.quantity, quantity);
        break;
      case 'latest': {
        const current = latestEvent.get(id)!;
        if (later(event, current)) {
          contribution.quantity = quantity;
          contribution.latestAt = event.timestamp;
          latestEvent.set(id, { at: event.timestamp, id: event._id });
        }
        break;
      }
      case 'time_weighted_sum':
        contribution.readings!.push({ at: event.timestamp, quantity: event.quantity });
        break;
      default:
        contribution.quantity = contribution.quantity.plus(quantity);
    }
  }
  return contributions;
}

/** The unit-hours of a day's readings: each level held to the next reading or the day's end. */
export function heldWithinDay(day: string, readings: readonly LevelReading[]): Exact {
  const start = toMillis(day);
  return heldPerDay(
    readings.map((reading) => ({
      at: toMillis(reading.at),
      level: parseDecimal(reading.quantity, 'reading'),
    })),
    { start, end: start + MS_PER_DAY },
  ).reduce((total, held) => total.plus(held.unitHours), ZERO);
}

/** The aggregate after the contribution, as the fields to write. */
export function combined(
  existing: AggregatedDay | undefined,
  contribution: Contribution,
  pass: number,
): AggregatedDay {
  const before =
    existing === undefined ? undefined : parseDecimal(existing.usage.quantity, existing._id);
  let quantity = contribution.quantity;
  let latestAt = contribution.latestAt;
  let readings: LevelReading[] | undefined;
  if (contribution.aggregation === 'time_weighted_sum') {
    readings = [...(existing?.readings ?? []), ...contribution.readings!].sort(
      (a, b) => toMillis(a.at) - toMillis(b.at),
    );
    // An imported aggregate without readings holds unit-hours already: they stay.
    const imported = existing !== undefined && existing.readings === undefined ? before! : ZERO;
    quantity = imported.plus(heldWithinDay(contribution.day, readings));
  } else if (before !== undefined) {
    switch (contribution.aggregation) {
      case 'max':
        quantity = Exact.max(before, quantity);
        break;
      case 'latest':
        // An aggregate without latestAt (imported) counts as older than any event.
        if (
          existing!.latestAt !== undefined &&
          toMillis(existing!.latestAt) > toMillis(latestAt!)
        ) {
          quantity = before;
          latestAt = existing!.latestAt;
        }
        break;
      default:
        quantity = before.plus(quantity);
    }
  }
  return {
    _id: contribution.id,
    customerId: contribution.customerId,
    day: contribution.day,
    usage: { ...contribution.usage, quantity: quantity.toString() },
    pass,
    events: (existing?.events ?? 0) + contribution.events,
    ...(latestAt !== undefined && { latestAt }),
    ...(readings !== undefined && { readings }),
  };
}
