// Step 1 of rating: turn subscriptions, contracts and usage into charge lines, each with the
// service interval it covers and the date that picks its policy versions.
//
// Recurring charges are billed in advance for the billing period. A plan change inside the period
// gives a credit for the unused time of the old plan and a charge for the rest of the period on
// the new one. A contract with a term (12 months for an annual contract) renews at the end of each
// term unless autoRenew is false; each term is charged with the version effective at its start.
import { Exact, ONE, parseDecimal } from './money';
import type { PolicySet } from './policy-set';
import { RatingError } from './rating-error';
import { addUtcMonths, toMillis } from './time';
import type { LineKind, RatingRequest, Subscription } from './types';
import { usageLines, type PricingIdentity } from './usage-lines';
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
  /** A credit: the charge whose unused part it refunds, at that charge's price and discounts. */
  refunds?: ChargeLine;
  /** Usage split by a price change: the quantity of the period's earlier parts. */
  precedingQuantity?: Exact;
  /** Usage lines: the quantities by date, to share a promotion that ends inside the period. */
  usage?: UsagePoint[];
  /** Request path the line comes from, for error messages. */
  source: string;
}

export function buildChargeLines(
  request: RatingRequest,
  policies: PolicySet,
  pricingIdentity: PricingIdentity,
): ChargeLine[] {
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
  lines.push(...usageLines({ request, policies, termStartAt, pricingIdentity, issues }));
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
    let charged = recurringLine({ ...base, product, quantity, from, to, pricedAt: from, sign: 1 });
    lines.push(charged);
    for (const change of changes) {
      if (change.at <= from || change.at >= to) continue;
      // The credit refunds the unused part of the charge before it, at that charge's price.
      const credit = recurringLine({
        ...base,
        product,
        quantity,
        from: change.at,
        to,
        pricedAt: charged.chargeDate,
        sign: -1,
      });
      lines.push({ ...credit, refunds: charged });
      product = change.product ?? product;
      quantity = quantityOf(change.quantity ?? quantity.toString(), `${change.path}.quantity`);
      charged = recurringLine({
        ...base,
        product,
        quantity,
        from: change.at,
        to,
        pricedAt: change.at,
        sign: 1,
      });
      lines.push(charged);
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

/** The start of the subscription's term running at `at`, for grandfathering. */
function termStartAt(subscription: Subscription | undefined, at: number): number | undefined {
  if (subscription === undefined) return undefined;
  const term = termsBetween(subscription, at, at + 1)[0];
  return term?.start ?? toMillis(subscription.start);
}
