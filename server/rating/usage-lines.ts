// Usage into charge lines: daily aggregates and raw events are grouped into one series per meter,
// dimensions and subscription, and aggregated by the meter's aggregation (sum by default; count,
// max, latest, unique_count of one dimension, which then leaves the grouping, or
// time_weighted_sum: raw events are levels held until the next one, turned into unit-hours per
// day; daily aggregates of such a meter hold unit-hours already).
//
// Effective dating: when a new pricing version takes effect inside the period, a series is split
// at its date only if the rule that prices the series differs between the versions (another
// product's price change leaves it whole, so its tiers, free units and gauges count once). When
// the price did change, each part is priced by its own version, as a line of its own.
import type { ChargeLine, UsagePoint } from './charge-lines';
import { rulesInForce } from './effective-rules';
import { heldPerDay, type Reading } from './held-levels';
import { ONE, ZERO, Exact, parseDecimal } from './money';
import type { PolicySet } from './policy-set';
import { MS_PER_DAY, startOfUtcDay, toMillis } from './time';
import type { MeterDefinition, RatingRequest, Subscription } from './types';
import type { ValidationIssue } from './validation';

/** What prices a charge: equal identities mean equal prices. Undefined when nothing prices it. */
export type PricingIdentity = (charge: ChargeLine) => string | undefined;

interface Sample {
  at: number;
  quantity: Exact;
  /** unique_count: the value of the counted dimension. */
  value?: string;
  termStart: number | undefined;
  versions: string;
}

interface Series {
  meter: string;
  definition: MeterDefinition;
  dimensions: Record<string, string> | undefined;
  subscription: Subscription | undefined;
  samples: Sample[];
  source: string;
}

export interface UsageLinesOptions {
  request: RatingRequest;
  policies: PolicySet;
  /** The term start of a subscription's term running at an instant, for grandfathering. */
  termStartAt: (subscription: Subscription | undefined, at: number) => number | undefined;
  pricingIdentity: PricingIdentity;
  issues: ValidationIssue[];
}

export function usageLines(options: UsageLinesOptions): ChargeLine[] {
  const series = collectSeries(options);
  const periodEnd = toMillis(options.request.period.end);
  return [...series.values()].flatMap((one) =>
    seriesLines(one, periodEnd, options.pricingIdentity),
  );
}

function dimensionKey(dimensions: Record<string, string> | undefined, omit?: string): string {
  if (dimensions === undefined) return '';
  let key = '';
  for (const name of Object.keys(dimensions).sort()) {
    if (name !== omit) key += `${name}=${dimensions[name]};`;
  }
  return key;
}

function withoutDimension(
  dimensions: Record<string, string> | undefined,
  omit: string | undefined,
): Record<string, string> | undefined {
  if (dimensions === undefined || omit === undefined || !(omit in dimensions)) return dimensions;
  const { [omit]: _omitted, ...rest } = dimensions;
  return Object.keys(rest).length === 0 ? undefined : rest;
}

function meterDefinition(request: RatingRequest, meter: string): MeterDefinition {
  return request.meters?.[meter] ?? { aggregation: 'sum' };
}

function collectSeries({
  request,
  policies,
  termStartAt,
  issues,
}: UsageLinesOptions): Map<string, Series> {
  const subscriptions = new Map((request.subscriptions ?? []).map((s) => [s.id, s]));
  const currency = request.customer.currency;
  const all = new Map<string, Series>();
  const readings = new Map<
    string,
    {
      meter: string;
      dimensions: Record<string, string> | undefined;
      subscriptionId: string | undefined;
      source: string;
      list: Reading[];
    }
  >();

  const add = (
    meter: string,
    dimensions: Record<string, string> | undefined,
    subscriptionId: string | undefined,
    source: string,
    at: number,
    quantity: Exact,
    value?: string,
  ) => {
    const subscription =
      subscriptionId === undefined ? undefined : subscriptions.get(subscriptionId);
    const definition = meterDefinition(request, meter);
    const key = `${meter}|${dimensionKey(dimensions, definition.uniqueBy)}|${subscriptionId ?? ''}`;
    let series = all.get(key);
    if (series === undefined) {
      const grouped = withoutDimension(dimensions, definition.uniqueBy);
      series = { meter, definition, dimensions: grouped, subscription, samples: [], source };
      all.set(key, series);
    }
    const termStart = termStartAt(subscription, at);
    const versions = rulesInForce(policies.pricing, at, termStart, currency).key;
    series.samples.push({ at, quantity, value, termStart, versions });
  };

  (request.usage ?? []).forEach((aggregate, index) => {
    const source = `$.usage[${index}]`;
    const { aggregation, uniqueBy } = meterDefinition(request, aggregate.meter);
    const at = toMillis(aggregate.date);
    if (aggregation === 'unique_count') {
      // Daily counts cannot be added up over a period; aggregates that keep the counted value
      // (one per value and day, as metering writes them) can.
      const value = aggregate.dimensions?.[uniqueBy ?? ''];
      if (value === undefined) {
        issues.push({
          path: `${source}.dimensions.${uniqueBy}`,
          message: `is required: daily aggregates of unique_count meter "${aggregate.meter}" keep the counted value (one aggregate per value and day); or send the raw events`,
        });
        return;
      }
      add(aggregate.meter, aggregate.dimensions, aggregate.subscriptionId, source, at, ZERO, value);
      return;
    }
    const quantity = parseDecimal(aggregate.quantity, `${source}.quantity`);
    add(aggregate.meter, aggregate.dimensions, aggregate.subscriptionId, source, at, quantity);
  });

  (request.events ?? []).forEach((event, index) => {
    const source = `$.events[${index}]`;
    const { aggregation, uniqueBy } = meterDefinition(request, event.meter);
    const at = toMillis(event.timestamp);
    const { meter, dimensions, subscriptionId } = event;
    if (aggregation === 'unique_count') {
      const value = event.dimensions?.[uniqueBy ?? ''];
      if (value === undefined) {
        issues.push({
          path: `${source}.dimensions`,
          message: `meter "${event.meter}" counts unique "${uniqueBy}" values but the event has none`,
        });
        return;
      }
      add(meter, dimensions, subscriptionId, source, at, ZERO, value);
    } else if (aggregation === 'count') {
      add(meter, dimensions, subscriptionId, source, at, ONE);
    } else if (event.quantity === undefined) {
      issues.push({
        path: `${source}.quantity`,
        message: `meter "${event.meter}" aggregates by ${aggregation} and needs a quantity`,
      });
      return;
    } else if (aggregation === 'time_weighted_sum') {
      const key = `${meter}|${dimensionKey(dimensions)}|${subscriptionId ?? ''}`;
      const levels = readings.get(key) ?? { meter, dimensions, subscriptionId, source, list: [] };
      levels.list.push({ at, level: parseDecimal(event.quantity, `${source}.quantity`) });
      readings.set(key, levels);
    } else {
      const quantity = parseDecimal(event.quantity, `${source}.quantity`);
      add(meter, dimensions, subscriptionId, source, at, quantity);
    }
  });
  const period = { start: toMillis(request.period.start), end: toMillis(request.period.end) };
  for (const { meter, dimensions, subscriptionId, source, list } of readings.values()) {
    for (const day of heldPerDay(list, period)) {
      add(meter, dimensions, subscriptionId, source, day.start, day.unitHours);
    }
  }
  return all;
}

function seriesLines(
  series: Series,
  periodEnd: number,
  pricingIdentity: PricingIdentity,
): ChargeLine[] {
  const parts = new Map<string, Sample[]>();
  for (const sample of series.samples) {
    const key = `${sample.versions}|${sample.termStart}`;
    const part = parts.get(key);
    if (part) part.push(sample);
    else parts.set(key, [sample]);
  }
  const whole = usageLine(series, series.samples, periodEnd);
  if (parts.size === 1) return [whole];
  const lines = [...parts.values()].map((samples) => usageLine(series, samples, periodEnd));
  // Priced alike under every version in force: one line over the whole period.
  const identities = lines.map((line) =>
    pricingIdentity({ ...whole, chargeDate: line.chargeDate, termStart: line.termStart }),
  );
  const alike = identities.every(
    (identity) => identity !== undefined && identity === identities[0],
  );
  if (alike) return [whole];
  lines.sort((a, b) => a.chargeDate - b.chargeDate);
  const { aggregation } = series.definition;
  if (!isAdditive(aggregation)) return lines;
  // Summed usage climbs one ladder over the period: each part is priced from where the parts
  // before it ended, so tiers, free units and the minimum count once.
  let preceding = lines[0]!.quantity;
  return lines.map((line, index) => {
    if (index === 0) return line;
    const part = { ...line, precedingQuantity: preceding };
    preceding = preceding.plus(line.quantity);
    return part;
  });
}

function usageLine(series: Series, samples: Sample[], periodEnd: number): ChargeLine {
  let first = samples[0]!;
  let last = first;
  for (const sample of samples) {
    if (sample.at < first.at) first = sample;
    if (sample.at > last.at) last = sample;
  }
  const { aggregation } = series.definition;
  const additive = isAdditive(aggregation);
  return {
    kind: 'usage',
    meter: series.meter,
    // No product: a rule on line.product prices subscriptions, not their metered usage; rules can
    // still see the usage's subscription in the subscription fact.
    subscription: series.subscription,
    dimensions: series.dimensions,
    quantity: aggregate(samples, aggregation),
    start: startOfUtcDay(first.at),
    end: Math.min(startOfUtcDay(last.at) + MS_PER_DAY, periodEnd),
    chargeDate: first.at,
    termStart: first.termStart,
    sign: 1,
    usage: additive ? (samples as UsagePoint[]) : undefined,
    source: series.source,
  };
}

/** Usage that adds up over days: sums, counts and unit-hours. */
function isAdditive(aggregation: MeterDefinition['aggregation']): boolean {
  return aggregation === 'sum' || aggregation === 'count' || aggregation === 'time_weighted_sum';
}

function aggregate(samples: Sample[], aggregation: MeterDefinition['aggregation']): Exact {
  switch (aggregation) {
    case 'sum':
    case 'count':
    case 'time_weighted_sum': {
      let total = ZERO;
      for (const sample of samples) total = total.plus(sample.quantity);
      return total;
    }
    case 'max': {
      let max = samples[0]!.quantity;
      for (const sample of samples) if (sample.quantity.greaterThan(max)) max = sample.quantity;
      return max;
    }
    case 'latest': {
      let latest = samples[0]!;
      for (const sample of samples) if (sample.at >= latest.at) latest = sample;
      return latest.quantity;
    }
    case 'unique_count':
      return Exact.integer(new Set(samples.map((sample) => sample.value)).size);
  }
}
