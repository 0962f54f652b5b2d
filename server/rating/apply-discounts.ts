// Step 3 of rating: discounts and promotions. Every matching discount rule applies, in priority
// order (highest first), each on what the line still costs after the discounts before it. A
// non-stackable discount that applies to a line is the last one on that line.
//
// - line scope: each matching line gets its own discount, rounded on the line;
// - product and invoice scope: the discount is computed on the matching lines together, rounded
//   once, and shared over them in proportion (whole minor units, largest remainder), so the tax
//   of each line stays right;
// - a promotion window [validFrom, validUntil) that covers only part of a line takes the part of
//   the line inside it: the share of the usage dated inside the window, or the share of the
//   service time for subscriptions; a one-time charge is inside or outside;
// - a rule with a promotion code applies only when the request carries the code;
// - a cap limits what one rule takes off the whole invoice;
// - an amount discount never takes a line below zero and never applies to a credit.
import type { CompiledRule } from './conditions/compile-condition';
import { Exact, ONE, PERCENT, ZERO, allocate, roundMoney, sum } from './money';
import { rulesInForce } from './effective-rules';
import type { CompiledDiscount, CompiledDiscountVersion } from './policy-set';
import type { RatingContext } from './price-lines';
import { overlapMillis, toMillis } from './time';
import type { DiscountEvent } from './types';
import type { WorkingDiscount, WorkingLine } from './working-line';

interface Target {
  line: WorkingLine;
  /** The part of the line inside the promotion window, 0 to 1. */
  share: Exact;
}

interface Application {
  version: CompiledDiscountVersion;
  rule: CompiledRule<DiscountEvent>;
  discount: CompiledDiscount;
  order: number;
  targets: Target[];
}

export function applyDiscounts(context: RatingContext, lines: WorkingLine[]): string[] {
  const codes = new Set((context.request.promoCodes ?? []).map((code) => code.toUpperCase()));
  const applications = matchDiscounts(context, lines, codes);
  for (const application of applications) apply(context, application);
  mirrorDiscounts(context, lines);
  return promoCodeWarnings(context, codes, applications);
}

function matchDiscounts(
  context: RatingContext,
  lines: WorkingLine[],
  codes: ReadonlySet<string>,
): Application[] {
  // One application per rule, whichever versions of the policy the lines fall under: a rule that
  // is the same in two versions is applied (and capped) once.
  const applications = new Map<string, Application>();
  let order = 0;
  for (const line of lines) {
    // A credit takes the discounts of the charge it refunds (mirrorDiscounts), not its own.
    if (line.charge === undefined || line.refunds !== undefined) continue;
    const inForce = rulesInForce(
      context.policies.discount,
      line.chargeDate,
      line.charge.termStart,
      context.currency,
    );
    for (const { version, rule } of inForce.rules) {
      const discount = version.discounts[rule.index]!;
      if (discount.code !== undefined && !codes.has(discount.code)) continue;
      if (discount.products && !appliesToProduct(discount.products, line)) continue;
      const share = windowShare(line, discount);
      if (share.isZero() || !rule.matches(line.facts)) continue;
      let application = applications.get(discount.identity);
      if (application === undefined) {
        application = { version, rule, discount, order: order++, targets: [] };
        applications.set(discount.identity, application);
      }
      application.targets.push({ line, share });
    }
  }
  return [...applications.values()].sort(
    (a, b) => b.rule.priority - a.rule.priority || a.order - b.order,
  );
}

function percentOf(base: Exact, percent: Exact, share: Exact): Exact {
  const discount = base.times(percent).times(PERCENT);
  return share === ONE ? discount : discount.times(share);
}

function appliesToProduct(products: ReadonlySet<string>, line: WorkingLine): boolean {
  const { product, meter } = line.charge ?? {};
  return (
    (product !== undefined && products.has(product)) || (meter !== undefined && products.has(meter))
  );
}

function windowShare(line: WorkingLine, discount: CompiledDiscount): Exact {
  const { validFrom, validUntil } = discount;
  const charge = line.charge!;
  if (validFrom <= charge.start && validUntil >= Math.max(charge.end, charge.start + 1)) return ONE;
  if (charge.usage !== undefined) {
    let inside = ZERO;
    let total = ZERO;
    for (const point of charge.usage) {
      total = total.plus(point.quantity);
      if (point.at >= validFrom && point.at < validUntil) inside = inside.plus(point.quantity);
    }
    if (!total.isZero()) return inside.dividedBy(total);
  }
  if (charge.end > charge.start && charge.usage === undefined) {
    const overlap = overlapMillis(charge.start, charge.end, validFrom, validUntil);
    return Exact.integer(overlap).dividedBy(charge.end - charge.start);
  }
  return charge.chargeDate >= validFrom && charge.chargeDate < validUntil ? ONE : ZERO;
}

interface Computed {
  amount: Exact;
  limitedBy: WorkingDiscount['limitedBy'];
}

function apply(context: RatingContext, application: Application): void {
  const { version, rule, discount } = application;
  const targets = application.targets.filter(
    ({ line }) =>
      !line.discountsClosed && (discount.percent !== undefined || line.discounted.isPositive()),
  );
  if (targets.length === 0) return;
  const pooled = rule.event.params.scope !== 'line';
  const computed = pooled
    ? pooledDiscounts(context, application, targets)
    : lineDiscounts(context, application, targets);
  const pool = pooled
    ? { total: sum(computed.map((c) => c.amount)), lines: targets.map(({ line }) => line.id) }
    : undefined;
  const stackable = rule.event.params.stackable ?? true;
  targets.forEach(({ line, share }, index) => {
    const { amount, limitedBy } = computed[index]!;
    if (amount.isZero()) return;
    const base = line.discounted;
    line.discounts.push({
      label: rule.event.params.label,
      amount,
      policy: version.ref,
      rule: rule.name,
      rounding: version.rounding,
      params: rule.event.params,
      discount,
      base,
      share,
      pool,
      limitedBy,
      mirrors: undefined,
    });
    line.discounted = base.minus(amount);
    if (!stackable) line.discountsClosed = true;
  });
}

/** Line scope: every line's discount on its own, rounded on the line, within the rule's cap. */
function lineDiscounts(
  context: RatingContext,
  { version, discount }: Application,
  targets: Target[],
): Computed[] {
  let capLeft = discount.cap;
  return targets.map(({ line, share }) => {
    let limitedBy: Computed['limitedBy'];
    let exact: Exact;
    if (discount.percent) {
      exact = percentOf(line.discounted, discount.percent, share);
    } else {
      exact = discount.amount!.times(share);
      if (exact.greaterThan(line.discounted)) [exact, limitedBy] = [line.discounted, 'line'];
    }
    if (capLeft !== undefined && exact.greaterThan(capLeft)) [exact, limitedBy] = [capLeft, 'cap'];
    const amount = roundMoney(exact, context.currency, version.rounding);
    if (capLeft !== undefined) capLeft = capLeft.minus(amount);
    return { amount, limitedBy };
  });
}

/** Product and invoice scope: one discount over the lines together, shared in proportion. */
function pooledDiscounts(
  context: RatingContext,
  { version, discount }: Application,
  targets: Target[],
): Computed[] {
  let weights: Exact[];
  let total: Exact;
  let limitedBy: Computed['limitedBy'];
  if (discount.percent) {
    weights = targets.map(({ line, share }) =>
      percentOf(line.discounted, discount.percent!, share),
    );
    total = sum(weights);
  } else {
    weights = targets.map(({ line }) => line.discounted);
    total = discount.amount!.times(invoiceWindowShare(context, discount));
    const available = sum(weights);
    if (total.greaterThan(available)) [total, limitedBy] = [available, 'line'];
  }
  if (discount.cap !== undefined && total.greaterThan(discount.cap)) {
    [total, limitedBy] = [discount.cap, 'cap'];
  }
  const rounded = roundMoney(total, context.currency, version.rounding);
  return allocate(rounded, weights, context.currency).map((amount) => ({ amount, limitedBy }));
}

/**
 * A credit for unused time gives back the same part of every discount the refunded charge got:
 * the customer paid the discounted price, and is refunded the discounted price.
 */
function mirrorDiscounts(context: RatingContext, lines: WorkingLine[]): void {
  for (const credit of lines) {
    const charge = credit.refunds;
    if (charge === undefined || charge.pricing === undefined || credit.pricing === undefined) {
      continue;
    }
    if (charge.pricing.exact.isZero()) continue;
    // Negative: the credit's exact amount over the charge's.
    const fraction = credit.pricing.exact.dividedBy(charge.pricing.exact);
    for (const given of charge.discounts) {
      const amount = roundMoney(given.amount.times(fraction), context.currency, given.rounding);
      if (amount.isZero()) continue;
      const base = credit.discounted;
      credit.discounts.push({
        ...given,
        amount,
        base,
        pool: undefined,
        limitedBy: undefined,
        mirrors: { line: charge.id, amount: given.amount, fraction: fraction.negated() },
      });
      credit.discounted = base.minus(amount);
    }
  }
}

/** An amount promotion that ends inside the billing period takes the part of the period inside it. */
function invoiceWindowShare(context: RatingContext, discount: CompiledDiscount): Exact {
  const start = toMillis(context.request.period.start);
  const end = toMillis(context.request.period.end);
  const overlap = overlapMillis(start, end, discount.validFrom, discount.validUntil);
  return overlap === end - start ? ONE : Exact.integer(overlap).dividedBy(end - start);
}

function promoCodeWarnings(
  context: RatingContext,
  codes: ReadonlySet<string>,
  applications: Application[],
): string[] {
  const used = new Set(applications.map((application) => application.discount.code));
  const known = new Set(
    context.policies.discount.flatMap((history) =>
      history.versions.flatMap((version) => version.discounts.map((discount) => discount.code)),
    ),
  );
  const warnings: string[] = [];
  for (const code of codes) {
    if (!known.has(code)) warnings.push(`promotion code ${code} is not known`);
    else if (!used.has(code)) {
      warnings.push(`promotion code ${code} does not apply to any line of this invoice`);
    }
  }
  return warnings;
}
