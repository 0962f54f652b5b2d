// Step 2 of rating: price every charge line with the first matching pricing rule (highest
// priority first) of the pricing versions effective at the line's charge date. Free units come
// off the quantity first; then the price model; then the line minimum; then proration for
// recurring charges; the result is rounded once, to the currency, with the policy's mode.
import type { ChargeLine } from './charge-lines';
import type { CompiledRule, Facts } from './conditions/compile-condition';
import { Exact, ZERO, roundMoney } from './money';
import { MissingBaseAmountError } from './price-models';
import { rulesInForce } from './effective-rules';
import type { CompiledPrice, CompiledPricingVersion, PolicySet } from './policy-set';
import { prorate, type Proration } from './proration';
import { RatingError } from './rating-error';
import { toInstant, toMillis } from './time';
import type { Customer, PriceEvent, RatingRequest } from './types';
import type { ValidationIssue } from './validation';
import type { LinePricing, WorkingLine } from './working-line';

interface PricingCandidate {
  version: CompiledPricingVersion;
  rule: CompiledRule<PriceEvent>;
}

export interface RatingContext {
  request: RatingRequest;
  policies: PolicySet;
  currency: string;
  /** Facts shared by every line. */
  sharedFacts: {
    customer: Customer;
    period: { start: string; end: string; days: number };
    promoCodes: string[];
  };
}

export function priceLines(context: RatingContext, charges: ChargeLine[]): WorkingLine[] {
  const issues: ValidationIssue[] = [];
  const lines: WorkingLine[] = [];
  const matches = new Map<ChargeLine, PricingCandidate>();
  const priced = new Map<ChargeLine, WorkingLine>();
  for (const charge of charges) {
    const facts = lineFacts(context, charge);
    let match: PricingCandidate | undefined;
    if (charge.refunds) {
      // A credit is priced by the rule that priced the charge it refunds (which came before it).
      match = matches.get(charge.refunds);
      if (match === undefined) continue;
    } else {
      const candidates = rulesInForce(
        context.policies.pricing,
        charge.chargeDate,
        charge.termStart,
        context.currency,
      ).rules;
      match = candidates.find((candidate) => candidate.rule.matches(facts));
      if (match === undefined) {
        issues.push({ path: charge.source, message: noPriceMessage(context, charge, candidates) });
        continue;
      }
      matches.set(charge, match);
    }
    try {
      const line = pricedLine(context, charge, facts, match, lines.length + 1);
      line.refunds = charge.refunds && priced.get(charge.refunds);
      priced.set(charge, line);
      lines.push(line);
    } catch (error) {
      if (!(error instanceof MissingBaseAmountError)) throw error;
      issues.push({
        path: `${charge.source}.baseAmount`,
        message: `rule "${match.rule.name}" of ${match.version.ref.key} v${match.version.ref.version} prices a percentage and needs a baseAmount`,
      });
    }
  }
  if (issues.length > 0) throw new RatingError(issues);
  return lines;
}

function noPriceMessage(
  context: RatingContext,
  charge: ChargeLine,
  candidates: PricingCandidate[],
): string {
  const what = charge.meter ? `meter "${charge.meter}"` : `product "${charge.product}"`;
  if (candidates.length === 0) {
    return `no pricing policy in ${context.currency} is effective on ${toInstant(charge.chargeDate)} for ${what}`;
  }
  const versions = [
    ...new Set(candidates.map((c) => `${c.version.ref.key} v${c.version.ref.version}`)),
  ];
  return `no pricing rule of ${versions.join(', ')} matches ${what}`;
}

/** The rule that prices a charge, as text: two charges with equal identities cost alike. */
export function pricingIdentity(context: RatingContext, charge: ChargeLine): string | undefined {
  const facts = lineFacts(context, charge);
  const { rules } = rulesInForce(
    context.policies.pricing,
    charge.chargeDate,
    charge.termStart,
    context.currency,
  );
  const match = rules.find((candidate) => candidate.rule.matches(facts));
  if (match === undefined) return undefined;
  const { rule, version } = match;
  return `${rule.name}|${version.rounding}|${JSON.stringify(rule.event.params)}`;
}

export function lineFacts(context: RatingContext, charge: ChargeLine): Facts {
  const shared = context.sharedFacts;
  return {
    customer: shared.customer,
    period: shared.period,
    promoCodes: shared.promoCodes,
    line: {
      kind: charge.kind,
      product: charge.product,
      meter: charge.meter,
      sku: charge.sku,
      subscriptionId: charge.subscription?.id,
      quantity: charge.quantity.toNumber(),
      dimensions: charge.dimensions ?? {},
      periodStart: toInstant(charge.start),
      periodEnd: toInstant(charge.end),
      baseAmount: charge.baseAmount?.toNumber(),
      term: charge.term,
    },
    subscription: charge.subscription,
    date: toInstant(charge.chargeDate),
  };
}

function pricedLine(
  context: RatingContext,
  charge: ChargeLine,
  facts: Facts,
  { version, rule }: PricingCandidate,
  number: number,
): WorkingLine {
  const price = version.prices[rule.index]!;
  const billable = billableQuantity(charge.quantity, price);
  const computed = price.price.amount(billable, charge.baseAmount);
  let charged =
    price.minimum !== undefined && computed.lessThan(price.minimum) ? price.minimum : computed;
  let ladder: LinePricing['ladder'];
  if (charge.precedingQuantity !== undefined) {
    const before = charge.precedingQuantity;
    const after = before.plus(charge.quantity);
    const amountBefore = chargeFor(price, before, charge.baseAmount);
    const amountAfter = chargeFor(price, after, charge.baseAmount);
    ladder = { before, after, amountBefore, amountAfter };
    charged = amountAfter.minus(amountBefore);
  }
  let exact = charged;
  let proration: Proration | undefined;
  if (charge.kind === 'recurring' || charge.kind === 'proration_credit') {
    const anchor = toMillis(context.request.period.start);
    proration = prorate(charge.start, charge.end, price.proration, price.per, anchor);
    exact = exact.times(proration.numerator).dividedBy(proration.denominator);
  }
  if (charge.sign === -1) exact = exact.negated();
  const amount = roundMoney(exact, context.currency, version.rounding);
  return {
    id: `L${number}`,
    kind: charge.kind,
    charge,
    pricing: {
      policy: version.ref,
      rule: rule.name,
      price,
      billable,
      computed,
      charged,
      proration,
      ladder,
      exact,
      rounding: version.rounding,
    },
    trueUp: undefined,
    refunds: undefined,
    facts,
    quantity: charge.quantity,
    start: charge.start,
    end: charge.end,
    chargeDate: charge.chargeDate,
    amount,
    discounts: [],
    discounted: amount,
    discountsClosed: false,
    taxes: [],
    commitment: price.commitment,
  };
}

/** What a quantity costs under a price: free units off, the model, then the line minimum. */
function chargeFor(price: CompiledPrice, quantity: Exact, baseAmount: Exact | undefined): Exact {
  const computed = price.price.amount(billableQuantity(quantity, price), baseAmount);
  return price.minimum !== undefined && computed.lessThan(price.minimum) ? price.minimum : computed;
}

export function billableQuantity(quantity: Exact, price: CompiledPrice): Exact {
  if (price.freeUnits === undefined) return quantity;
  const billable = quantity.minus(price.freeUnits);
  return billable.isNegative() ? ZERO : billable;
}
