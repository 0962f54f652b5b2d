// Step 2 of rating: price every charge line with the first matching pricing rule (highest
// priority first) of the pricing versions effective at the line's charge date. Free units come
// off the quantity first; then the price model; then the line minimum; then proration for
// recurring charges; the result is rounded once, to the currency, with the policy's mode.
import type { ChargeLine } from './charge-lines';
import type { CompiledRule, Facts } from './conditions/compile-condition';
import { Decimal, ZERO, displayDecimal, formatMoney, roundMoney } from './money';
import { MissingBaseAmountError } from './price-models';
import {
  versionFor,
  type CompiledPrice,
  type CompiledPricingVersion,
  type PolicySet,
} from './policy-set';
import { prorate, type Proration } from './proration';
import { RatingError } from './rating-error';
import { toInstant } from './time';
import type { PolicyRef, PriceEvent, RatingRequest, TraceStep } from './types';
import type { ValidationIssue } from './validation';
import type { TraceEntry, WorkingLine } from './working-line';

interface PricingCandidate {
  version: CompiledPricingVersion;
  rule: CompiledRule<PriceEvent>;
}

export interface RatingContext {
  request: RatingRequest;
  policies: PolicySet;
  currency: string;
  /** Facts shared by every line: customer, period, promotion codes. */
  sharedFacts: Facts;
}

export function priceLines(context: RatingContext, charges: ChargeLine[]): WorkingLine[] {
  const issues: ValidationIssue[] = [];
  const candidatesByVersions = new Map<string, PricingCandidate[]>();
  const lines: WorkingLine[] = [];
  for (const charge of charges) {
    const candidates = pricingCandidates(context, charge, candidatesByVersions);
    const facts = lineFacts(context, charge);
    const match = candidates.find((candidate) => candidate.rule.matches(facts));
    if (match === undefined) {
      issues.push({ path: charge.source, message: noPriceMessage(context, charge, candidates) });
      continue;
    }
    try {
      lines.push(pricedLine(context, charge, facts, match, lines.length + 1));
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

/** Rules of every pricing version in the customer's currency effective for the line, in firing order. */
function pricingCandidates(
  context: RatingContext,
  charge: ChargeLine,
  cache: Map<string, PricingCandidate[]>,
): PricingCandidate[] {
  const versions: CompiledPricingVersion[] = [];
  let key = '';
  for (const history of context.policies.pricing) {
    const version = versionFor(history, charge.chargeDate, charge.termStart);
    if (version === undefined || version.currency !== context.currency) continue;
    versions.push(version);
    key += `${history.key}@${version.ref.version},`;
  }
  let candidates = cache.get(key);
  if (candidates === undefined) {
    candidates = versions
      .flatMap((version) => version.rules.map((rule) => ({ version, rule })))
      // Stable: equal priorities keep policy order, then rule order.
      .sort((a, b) => b.rule.priority - a.rule.priority);
    cache.set(key, candidates);
  }
  return candidates;
}

export function lineFacts(context: RatingContext, charge: ChargeLine): Facts {
  return {
    ...context.sharedFacts,
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
  const policy = version.ref;
  const currency = context.currency;
  const trace: TraceEntry[] = [];
  const billable = billableQuantity(charge.quantity, price);
  const computed = price.price.amount(billable, charge.baseAmount);
  trace.push(() => priceStep(policy, rule.name, price, billable, charge, computed));
  let amount = computed;
  if (price.minimum !== undefined && amount.lessThan(price.minimum)) {
    const minimum = price.minimum;
    trace.push(() => ({
      step: 'minimum',
      policy,
      rule: rule.name,
      inputs: { computed: computed.toString(), minimum: minimum.toString() },
      result: minimum.toString(),
      explanation: `minimum charge ${minimum} applies (computed ${displayDecimal(computed)})`,
    }));
    amount = minimum;
  }
  if (charge.kind === 'recurring' || charge.kind === 'proration_credit') {
    const proration = prorate(charge.start, charge.end, price.proration, price.per);
    const before = amount;
    amount = amount.times(proration.numerator).dividedBy(proration.denominator);
    if (!proration.full || price.per === 'year' || proration.parts.length > 1) {
      const prorated = amount;
      trace.push(() =>
        prorationStep(policy, rule.name, price, charge, proration, before, prorated),
      );
    }
  }
  if (charge.sign === -1) amount = amount.negated();
  const rounded = roundMoney(amount, currency, version.rounding);
  if (!rounded.equals(amount)) {
    const exact = amount;
    trace.push(() => ({
      step: 'rounding',
      policy,
      inputs: { exact: exact.toString(), mode: version.rounding },
      result: rounded.toString(),
      explanation: `${displayDecimal(exact)} rounded ${version.rounding} to ${formatMoney(rounded, currency)} ${currency}`,
    }));
  }
  return {
    id: `L${number}`,
    kind: charge.kind,
    description: describe(charge, price),
    charge,
    facts,
    quantity: charge.quantity,
    start: charge.start,
    end: charge.end,
    chargeDate: charge.chargeDate,
    amount: rounded,
    discounts: [],
    discounted: rounded,
    discountsClosed: false,
    taxes: [],
    commitment: price.commitment && {
      ...price.commitment,
      policy,
      rule: rule.name,
      rounding: version.rounding,
    },
    trace,
  };
}

function billableQuantity(quantity: Decimal, price: CompiledPrice): Decimal {
  if (price.freeUnits === undefined) return quantity;
  const billable = quantity.minus(price.freeUnits);
  return billable.isNegative() ? ZERO : billable;
}

function priceStep(
  policy: PolicyRef,
  rule: string,
  price: CompiledPrice,
  billable: Decimal,
  charge: ChargeLine,
  amount: Decimal,
): TraceStep {
  const { inputs, explanation } = price.price.explain(billable, charge.baseAmount);
  const free = price.freeUnits;
  return {
    step: 'price',
    policy,
    rule,
    model: price.model,
    inputs: free ? { ...inputs, freeUnits: free.toString() } : inputs,
    result: amount.toString(),
    explanation: `${explanation}${free ? ` after ${free} free units` : ''} = ${displayDecimal(amount)}`,
  };
}

function prorationStep(
  policy: PolicyRef,
  rule: string,
  price: CompiledPrice,
  charge: ChargeLine,
  proration: Proration,
  before: Decimal,
  prorated: Decimal,
): TraceStep {
  const perYear = price.per === 'year' ? ' / 12 (yearly price)' : '';
  return {
    step: 'proration',
    policy,
    rule,
    inputs: {
      mode: price.proration,
      per: price.per,
      from: toInstant(charge.start),
      to: toInstant(charge.end),
      fraction: `${proration.numerator}/${proration.denominator}`,
    },
    result: prorated.toString(),
    explanation: `${displayDecimal(before)}${perYear} x (${proration.parts.join(' + ')}) = ${displayDecimal(prorated)}`,
  };
}

function describe(charge: ChargeLine, price: CompiledPrice): string {
  const name = price.label ?? charge.product ?? charge.meter ?? 'charge';
  const dimensions = charge.dimensions
    ? ` (${Object.entries(charge.dimensions)
        .map(([key, value]) => `${key}: ${value}`)
        .join(', ')})`
    : '';
  const term = charge.term !== undefined && charge.term > 1 ? ` - renewal term ${charge.term}` : '';
  const prefix = charge.kind === 'proration_credit' ? 'Unused time on ' : '';
  return `${prefix}${name}${dimensions}${term}`;
}
