// Step 1 of rating: turn subscriptions, contracts and usage into charge lines, each with the
// service interval it covers and the date that picks its policy versions.
//
// Recurring charges are billed in advance for the billing period. A plan change inside the period
// gives a credit for the unused time of the old plan and a charge for the rest of the period on
// the new one. A contract with a term (12 months for an annual contract) renews at the end of each
// term unless autoRenew is false; each term is charged with the version effective at its start.
import { Exact, ONE, ZERO, parseDecimal } from './money';
import { rulesInForce } from './effective-rules';
import type { PolicySet } from './policy-set';
import { RatingError } from './rating-error';
import { MS_PER_DAY, addUtcMonths, startOfUtcDay, toMillis } from './time';
import type { LineKind, MeterDefinition, RatingRequest, Subscription } from './types';
import type { ValidationIssue } from './validation';

export interface UsagePoint {
  at: number;
  quantity: Exact;
}

export interface ChargeLine {
  kind: Exclude<LineKind, 'true_up'>;
  product?: string;
  meter?: string;
  sku?: string;
  subscription?: Subscription;
  dimensions?: Record<string, string>;
  quantity: Exact;
  start: number;
  end: number;
  /** Picks the version of every policy for this line. */
  chargeDate: number;
  /** Start of the subscription term the line belongs to, for grandfathering. */
  termStart?: number;
  term?: number;
  baseAmount?: Exact;
  /** -1 for the credit of unused time after a plan change. */
  sign: 1 | -1;
  /** Usage lines: the quantities by date, to share a promotion that ends inside the period. */
  usage?: UsagePoint[];
  /** Request path the line comes from, for error messages. */
  source: string;
}

export function buildChargeLines(request: RatingRequest, policies: PolicySet): ChargeLine[] {
  const issues: ValidationIssue[] = [];
  const lines: ChargeLine[] = [];
  const periodStart = toMillis(request.period.start);
  const periodEnd = toMillis(request.period.end);
  (request.subscriptions ?? []).forEach((subscription, index) => {
    const source = `$.subscriptions[${index}]`;
    if (subscription.type === 'one_time') {
      const at = toMillis(subscription.start);
      if (at >= periodStart && at < periodEnd) lines.push(oneTimeLine(subscription, source, at));
    } else {
      lines.push(...recurringLines(subscription, source, periodStart, periodEnd));
    }
  });
  lines.push(...usageLines(request, policies, periodEnd, issues));
  if (issues.length > 0) throw new RatingError(issues);
  return lines;
}

function baseAmountOf(subscription: Subscription, source: string): Exact | undefined {
  return subscription.baseAmount === undefined
    ? undefined
    : parseDecimal(subscription.baseAmount, `${source}.baseAmount`);
}

function oneTimeLine(subscription: Subscription, source: string, at: number): ChargeLine {
  return {
    kind: 'one_time',
    product: subscription.product,
    sku: subscription.sku,
    subscription,
    quantity: quantityOf(subscription.quantity, `${source}.quantity`),
    start: at,
    end: at,
    chargeDate: at,
    termStart: at,
    baseAmount: baseAmountOf(subscription, source),
    sign: 1,
    source,
  };
}

function quantityOf(quantity: string | undefined, path: string): Exact {
  return quantity === undefined ? ONE : parseDecimal(quantity, path);
}

interface Term {
  start: number;
  end: number;
  number: number;
}

/** The terms of a subscription that overlap [from, to). Without termMonths there is one term. */
function termsBetween(subscription: Subscription, from: number, to: number): Term[] {
  const start = toMillis(subscription.start);
  const end = subscription.end === undefined ? Infinity : toMillis(subscription.end);
  if (subscription.termMonths === undefined) {
    return [{ start, end: Math.min(end, Infinity), number: 1 }];
  }
  const months = subscription.termMonths;
  const lastEnd = subscription.autoRenew === false ? addUtcMonths(start, months) : Infinity;
  const terms: Term[] = [];
  for (let number = 1; ; number++) {
    const termStart = addUtcMonths(start, months * (number - 1));
    const termEnd = Math.min(addUtcMonths(start, months * number), end, lastEnd);
    if (termStart >= to || termStart >= termEnd) break;
    if (termEnd > from) terms.push({ start: termStart, end: termEnd, number });
  }
  return terms;
}

function recurringLines(
  subscription: Subscription,
  source: string,
  periodStart: number,
  periodEnd: number,
): ChargeLine[] {
  const lines: ChargeLine[] = [];
  const changes = (subscription.changes ?? []).map((change, index) => ({
    ...change,
    at: toMillis(change.date),
    path: `${source}.changes[${index}]`,
  }));
  for (const term of termsBetween(subscription, periodStart, periodEnd)) {
    const from = Math.max(term.start, periodStart);
    const to = Math.min(term.end, periodEnd);
    if (to <= from) continue;
    let product = subscription.product;
    let quantity = quantityOf(subscription.quantity, `${source}.quantity`);
    for (const change of changes) {
      if (change.at > from) break;
      product = change.product ?? product;
      quantity = quantityOf(change.quantity ?? quantity.toString(), `${change.path}.quantity`);
    }
    const base = { subscription, term, source, baseAmount: baseAmountOf(subscription, source) };
    let pricedAt = from;
    lines.push(recurringLine({ ...base, product, quantity, from, to, pricedAt, sign: 1 }));
    for (const change of changes) {
      if (change.at <= from || change.at >= to) continue;
      // The credit refunds time charged earlier, at the price that charge was made with.
      lines.push(
        recurringLine({ ...base, product, quantity, from: change.at, to, pricedAt, sign: -1 }),
      );
      product = change.product ?? product;
      quantity = quantityOf(change.quantity ?? quantity.toString(), `${change.path}.quantity`);
      pricedAt = change.at;
      lines.push(
        recurringLine({ ...base, product, quantity, from: change.at, to, pricedAt, sign: 1 }),
      );
    }
  }
  return lines;
}

function recurringLine(options: {
  subscription: Subscription;
  term: Term;
  source: string;
  baseAmount: Exact | undefined;
  product: string;
  quantity: Exact;
  from: number;
  to: number;
  pricedAt: number;
  sign: 1 | -1;
}): ChargeLine {
  const { subscription, term, sign } = options;
  return {
    kind: sign === 1 ? 'recurring' : 'proration_credit',
    product: options.product,
    sku: subscription.sku,
    subscription,
    quantity: options.quantity,
    start: options.from,
    end: options.to,
    chargeDate: options.pricedAt,
    termStart: term.start,
    term: term.number,
    baseAmount: options.baseAmount,
    sign,
    source: options.source,
  };
}

// ------------------------------------------------------------------------------------ usage

interface UsageGroup {
  meter: string;
  dimensions: Record<string, string> | undefined;
  subscription: Subscription | undefined;
  chargeDate: number;
  termStart: number | undefined;
  points: UsagePoint[];
  /** unique_count: the distinct values seen. */
  distinct?: Set<string>;
  eventCount: number;
  source: string;
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

/** The term start of the subscription's term running at `at`, for grandfathering. */
function termStartAt(subscription: Subscription | undefined, at: number): number | undefined {
  if (subscription === undefined) return undefined;
  const term = termsBetween(subscription, at, at + 1)[0];
  return term?.start ?? toMillis(subscription.start);
}

function usageLines(
  request: RatingRequest,
  policies: PolicySet,
  periodEnd: number,
  issues: ValidationIssue[],
): ChargeLine[] {
  const subscriptions = new Map((request.subscriptions ?? []).map((s) => [s.id, s]));
  const currency = request.customer.currency;
  const groups = new Map<string, UsageGroup>();
  // Usage in one group is priced together, so a group never spans two pricing versions.
  const versionKey = (at: number, termStart: number | undefined): string =>
    rulesInForce(policies.pricing, at, termStart, currency).key;

  const groupFor = (
    meter: string,
    dimensions: Record<string, string> | undefined,
    subscriptionId: string | undefined,
    at: number,
    source: string,
  ): UsageGroup => {
    const subscription =
      subscriptionId === undefined ? undefined : subscriptions.get(subscriptionId);
    const termStart = termStartAt(subscription, at);
    const uniqueBy = request.meters?.[meter]?.uniqueBy;
    const key = `${meter}|${dimensionKey(dimensions, uniqueBy)}|${subscriptionId ?? ''}|${versionKey(at, termStart)}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        meter,
        dimensions: withoutDimension(dimensions, uniqueBy),
        subscription,
        chargeDate: at,
        termStart,
        points: [],
        eventCount: 0,
        source,
      };
      groups.set(key, group);
    }
    if (at < group.chargeDate) group.chargeDate = at;
    return group;
  };

  (request.usage ?? []).forEach((aggregate, index) => {
    const source = `$.usage[${index}]`;
    const at = toMillis(aggregate.date);
    const meter = meterDefinition(request, aggregate.meter);
    if (meter.aggregation === 'unique_count') {
      issues.push({
        path: `${source}.meter`,
        message: `daily aggregates of unique_count meter "${aggregate.meter}" cannot be combined over a period; send the raw events`,
      });
      return;
    }
    const group = groupFor(
      aggregate.meter,
      aggregate.dimensions,
      aggregate.subscriptionId,
      at,
      source,
    );
    group.points.push({ at, quantity: parseDecimal(aggregate.quantity, `${source}.quantity`) });
  });

  (request.events ?? []).forEach((event, index) => {
    const source = `$.events[${index}]`;
    const at = toMillis(event.timestamp);
    const meter = meterDefinition(request, event.meter);
    const group = groupFor(event.meter, event.dimensions, event.subscriptionId, at, source);
    group.eventCount++;
    if (meter.aggregation === 'unique_count') {
      group.distinct ??= new Set();
      const value = event.dimensions?.[meter.uniqueBy ?? ''];
      if (value === undefined) {
        issues.push({
          path: `${source}.dimensions`,
          message: `meter "${event.meter}" counts unique "${meter.uniqueBy}" values but the event has none`,
        });
      } else group.distinct.add(value);
      return;
    }
    if (meter.aggregation === 'count') {
      group.points.push({ at, quantity: ONE });
    } else if (event.quantity === undefined) {
      issues.push({
        path: `${source}.quantity`,
        message: `meter "${event.meter}" aggregates by ${meter.aggregation} and needs a quantity`,
      });
    } else {
      group.points.push({ at, quantity: parseDecimal(event.quantity, `${source}.quantity`) });
    }
  });

  return [...groups.values()].map((group) => usageLine(group, request, periodEnd));
}

function meterDefinition(request: RatingRequest, meter: string): MeterDefinition {
  return request.meters?.[meter] ?? { aggregation: 'sum' };
}

function usageLine(group: UsageGroup, request: RatingRequest, periodEnd: number): ChargeLine {
  const aggregation = meterDefinition(request, group.meter).aggregation;
  let first = Infinity;
  let last = -Infinity;
  for (const point of group.points) {
    if (point.at < first) first = point.at;
    if (point.at > last) last = point.at;
  }
  if (group.points.length === 0) first = last = group.chargeDate;
  return {
    kind: 'usage',
    meter: group.meter,
    product: group.subscription?.product,
    sku: group.subscription?.sku,
    subscription: group.subscription,
    dimensions: group.dimensions,
    quantity: aggregate(group, aggregation),
    start: startOfUtcDay(first),
    end: Math.min(startOfUtcDay(last) + MS_PER_DAY, periodEnd),
    chargeDate: group.chargeDate,
    termStart: group.termStart,
    sign: 1,
    usage: aggregation === 'sum' || aggregation === 'count' ? group.points : undefined,
    source: group.source,
  };
}

function aggregate(group: UsageGroup, aggregation: MeterDefinition['aggregation']): Exact {
  switch (aggregation) {
    case 'sum':
    case 'count': {
      let total = ZERO;
      for (const point of group.points) total = total.plus(point.quantity);
      return total;
    }
    case 'max':
      return group.points.reduce((max, point) => Exact.max(max, point.quantity), ZERO);
    case 'latest': {
      let latest: UsagePoint | undefined;
      for (const point of group.points) if (!latest || point.at >= latest.at) latest = point;
      return latest?.quantity ?? ZERO;
    }
    case 'unique_count':
      return Exact.integer(group.distinct?.size ?? 0);
  }
}
