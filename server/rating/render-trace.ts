// A line's explanation, written from the numbers each rating step kept: for every step the policy
// and version, the rule, the model, the numbers used and a sentence a customer can follow.
import { HUNDRED, ONE, displayDecimal, formatMoney, type Exact } from './money';
import type { CompiledDiscount } from './policy-set';
import { toInstant } from './time';
import type { TraceStep } from './types';
import type { LinePricing, TrueUp, WorkingDiscount, WorkingLine, WorkingTax } from './working-line';

/** The invoice text of a line: the rule's label or the product or meter, with its dimensions. */
export function describeLine(line: WorkingLine): string {
  if (line.trueUp) return `Minimum commitment true-up (${line.trueUp.group})`;
  const charge = line.charge!;
  const name = line.pricing?.price.label ?? charge.product ?? charge.meter ?? 'charge';
  const dimensions = charge.dimensions
    ? ` (${Object.entries(charge.dimensions)
        .map(([key, value]) => `${key}: ${value}`)
        .join(', ')})`
    : '';
  const term = charge.term !== undefined && charge.term > 1 ? ` - renewal term ${charge.term}` : '';
  const prefix = charge.kind === 'proration_credit' ? 'Unused time on ' : '';
  return `${prefix}${name}${dimensions}${term}`;
}

export function traceOf(line: WorkingLine, currency: string): TraceStep[] {
  const steps: TraceStep[] = [];
  if (line.pricing) steps.push(...pricingSteps(line, line.pricing, currency));
  if (line.trueUp) steps.push(trueUpStep(line.trueUp, currency));
  for (const discount of line.discounts) steps.push(discountStep(discount, currency));
  for (const tax of line.taxes) steps.push(taxStep(tax, currency));
  return steps;
}

function pricingSteps(line: WorkingLine, pricing: LinePricing, currency: string): TraceStep[] {
  const { policy, rule, price, billable, computed, charged, proration, exact } = pricing;
  const { inputs, explanation } = price.price.explain(billable, line.charge?.baseAmount);
  const free = price.freeUnits;
  const steps: TraceStep[] = [
    {
      step: 'price',
      policy,
      rule,
      model: price.model,
      inputs: free ? { ...inputs, freeUnits: free.toString() } : inputs,
      result: computed.toString(),
      explanation: `${explanation}${free ? ` after ${free} free units` : ''} = ${displayDecimal(computed)}`,
    },
  ];
  if (charged !== computed) {
    steps.push({
      step: 'minimum',
      policy,
      rule,
      inputs: { computed: computed.toString(), minimum: charged.toString() },
      result: charged.toString(),
      explanation: `minimum charge ${charged} applies (computed ${displayDecimal(computed)})`,
    });
  }
  const prorated = line.kind === 'proration_credit' ? exact.negated() : exact;
  if (proration && (!proration.full || price.per === 'year' || proration.parts.length > 1)) {
    const perYear = price.per === 'year' ? ' / 12 (yearly price)' : '';
    steps.push({
      step: 'proration',
      policy,
      rule,
      inputs: {
        mode: price.proration,
        per: price.per,
        from: toInstant(line.start),
        to: toInstant(line.end),
        fraction: `${proration.numerator}/${proration.denominator}`,
      },
      result: prorated.toString(),
      explanation: `${displayDecimal(charged)}${perYear} x (${proration.parts.join(' + ')}) = ${displayDecimal(prorated)}`,
    });
  }
  if (line.kind === 'proration_credit') {
    steps.push({
      step: 'proration',
      policy,
      rule,
      inputs: { credit: true },
      result: exact.toString(),
      explanation: `credited: the unused time was charged in advance at this price`,
    });
  }
  if (!line.amount.equals(exact)) {
    steps.push({
      step: 'rounding',
      policy,
      inputs: { exact: exact.toString(), mode: pricing.rounding },
      result: line.amount.toString(),
      explanation: `${displayDecimal(exact)} rounded ${pricing.rounding} to ${formatMoney(line.amount, currency)} ${currency}`,
    });
  }
  return steps;
}

function trueUpStep(trueUp: TrueUp, currency: string): TraceStep {
  const money = (value: Exact) => formatMoney(value, currency);
  const shortfall = trueUp.amount.minus(trueUp.spent);
  return {
    step: 'commitment',
    policy: trueUp.policy,
    rule: trueUp.rule,
    inputs: {
      group: trueUp.group,
      commitment: trueUp.amount.toString(),
      spent: trueUp.spent.toString(),
      lines: trueUp.lines,
    },
    result: shortfall.toString(),
    explanation: `commitment of ${money(trueUp.amount)} for ${trueUp.group}; lines ${trueUp.lines.join(', ')} come to ${money(trueUp.spent)} after discounts; true-up ${money(shortfall)}`,
  };
}

function discountStep(applied: WorkingDiscount, currency: string): TraceStep {
  const { discount, params, base, amount, share } = applied;
  const stackable = params.stackable ?? true;
  const what = discount.percent
    ? `${discount.percent}% of ${formatMoney(base, currency)}`
    : `${discount.amount} off`;
  const window = share.equals(ONE)
    ? ''
    : ` for the ${share.times(HUNDRED).toFixed(2)}% of the line inside ${windowText(discount)}`;
  const exclusive = stackable ? '' : '; not combinable with lower-priority discounts';
  return {
    step: 'discount',
    policy: applied.policy,
    rule: applied.rule,
    inputs: {
      scope: params.scope,
      base: base.toString(),
      ...(discount.percent && { percent: discount.percent.toString() }),
      ...(discount.amount && { amount: discount.amount.toString() }),
      ...(!share.equals(ONE) && { windowShare: share.toString() }),
      ...(discount.cap && { cap: discount.cap.toString() }),
      stackable,
    },
    result: amount.negated().toString(),
    explanation: `${params.label}: ${what}${window} = -${formatMoney(amount, currency)}${exclusive}`,
  };
}

function windowText(discount: CompiledDiscount): string {
  const from = Number.isFinite(discount.validFrom) ? toInstant(discount.validFrom) : 'the start';
  const until = Number.isFinite(discount.validUntil) ? toInstant(discount.validUntil) : 'open end';
  return `the promotion window ${from} to ${until}`;
}

function taxStep(tax: WorkingTax, currency: string): TraceStep {
  const { name, jurisdiction, rate, base, amount } = tax;
  const [money, taxed] = [formatMoney(amount, currency), formatMoney(base, currency)];
  const explanation = tax.note
    ? `${name} (${jurisdiction}): ${money} - ${tax.note}`
    : tax.inclusive
      ? `${name} (${jurisdiction}) ${rate}% included in ${taxed}: ${taxed} x ${rate} / ${HUNDRED.plus(tax.inclusiveRates)} = ${money}`
      : `${name} (${jurisdiction}) ${rate}% of ${taxed} = ${money}`;
  return {
    step: 'tax',
    policy: tax.policy,
    rule: tax.rule,
    inputs: {
      base: base.toString(),
      rate: rate.toString(),
      inclusive: tax.inclusive,
      jurisdiction,
    },
    result: amount.toString(),
    explanation,
  };
}
