// A line's explanation, written from the numbers each rating step kept: for every step the policy
// and version, the rule, the model, the numbers used and a sentence a customer can follow.
import { HUNDRED, ONE, displayDecimal, formatMoney, type Exact } from './money';
import type { CompiledDiscount } from './policy-set';
import { billableQuantity } from './price-lines';
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
  const { policy, rule, price, computed, charged, proration, exact } = pricing;
  const steps: TraceStep[] = pricing.ladder
    ? [ladderStep(line, pricing, pricing.ladder)]
    : [modelStep(pricing, pricing.billable, computed, line.charge?.baseAmount)];
  if (!pricing.ladder && charged !== computed) {
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

function modelStep(
  pricing: LinePricing,
  billable: Exact,
  computed: Exact,
  baseAmount: Exact | undefined,
): TraceStep {
  const { policy, rule, price } = pricing;
  const { inputs, explanation } = price.price.explain(billable, baseAmount);
  const free = price.freeUnits;
  return {
    step: 'price',
    policy,
    rule,
    model: price.model,
    inputs: free ? { ...inputs, freeUnits: free.toString() } : inputs,
    result: computed.toString(),
    explanation: `${explanation}${free ? ` after ${free} free units` : ''} = ${displayDecimal(computed)}`,
  };
}

/** A later part of usage split by a price change: the units it adds to the period's ladder. */
function ladderStep(
  line: WorkingLine,
  pricing: LinePricing,
  ladder: NonNullable<LinePricing['ladder']>,
): TraceStep {
  const { policy, rule, price, charged } = pricing;
  const priceOf = (quantity: Exact, amount: Exact) => {
    const billable = billableQuantity(quantity, price);
    const { explanation } = price.price.explain(billable, line.charge?.baseAmount);
    const free = price.freeUnits ? ` after ${price.freeUnits} free units` : '';
    const minimum = price.minimum && amount.equals(price.minimum) ? `, minimum ${amount}` : '';
    return `${quantity} units: ${explanation}${free}${minimum} = ${displayDecimal(amount)}`;
  };
  return {
    step: 'price',
    policy,
    rule,
    model: price.model,
    inputs: {
      unitsBefore: ladder.before.toString(),
      unitsAfter: ladder.after.toString(),
      amountBefore: ladder.amountBefore.toString(),
      amountAfter: ladder.amountAfter.toString(),
    },
    result: charged.toString(),
    explanation: `the price changed during the period, so this part is priced as units ${ladder.before} to ${ladder.after} of the period: (${priceOf(ladder.after, ladder.amountAfter)}) - (${priceOf(ladder.before, ladder.amountBefore)}) = ${displayDecimal(charged)}`,
  };
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
  const money = (value: Exact) => formatMoney(value, currency);
  const stackable = params.stackable ?? true;
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
      ...(applied.pool && {
        poolTotal: applied.pool.total.toString(),
        poolLines: applied.pool.lines,
      }),
      ...(applied.limitedBy && { limitedBy: applied.limitedBy }),
      ...(applied.mirrors && {
        refundedLine: applied.mirrors.line,
        refundedDiscount: applied.mirrors.amount.toString(),
        creditedFraction: applied.mirrors.fraction.toString(),
      }),
      stackable,
    },
    result: amount.negated().toString(),
    explanation: `${params.label}: ${discountReason(applied, currency)} = ${money(amount.negated())}${stackable ? '' : '; not combinable with lower-priority discounts'}`,
  };
}

/** How the discount on this line came about, in words a customer can check. */
function discountReason(applied: WorkingDiscount, currency: string): string {
  const { discount, base, share, pool, limitedBy, mirrors } = applied;
  const money = (value: Exact) => formatMoney(value, currency);
  if (mirrors) {
    return `given back with the credit: ${money(mirrors.amount)} off line ${mirrors.line} x ${displayDecimal(mirrors.fraction)} of it credited`;
  }
  const window = share.equals(ONE)
    ? ''
    : ` for the ${share.times(HUNDRED).toFixed(2)}% of the line inside ${windowText(discount)}`;
  const what = discount.percent
    ? `${discount.percent}% of ${money(base)}${window}`
    : `${discount.amount} off${window}`;
  const limit =
    limitedBy === 'cap'
      ? `, capped at ${money(discount.cap!)} for the invoice`
      : limitedBy === 'line'
        ? ', limited to what the line still cost'
        : '';
  if (pool === undefined) return `${what}${limit}`;
  return `${what} over lines ${pool.lines.join(', ')} together${limit}: ${money(pool.total)} in all, shared in proportion to their amounts`;
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
