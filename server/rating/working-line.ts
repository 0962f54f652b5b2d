// The line as it moves through the rating pipeline: priced, discounted, taxed. Amounts are exact
// numbers already rounded to the currency at each step that produces money. Each step also keeps
// the numbers it used, from which render-trace.ts writes the line's explanation when a result is
// shown: the hot path of rating does no string work.
import type { ChargeLine } from './charge-lines';
import type { Facts } from './conditions/compile-condition';
import type { Exact } from './money';
import type { CompiledDiscount, CompiledPrice } from './policy-set';
import type { Proration } from './proration';
import type { DiscountParams, LineKind, PolicyRef, RoundingMode } from './types';

export interface LinePricing {
  policy: PolicyRef;
  rule: string;
  price: CompiledPrice;
  /** Quantity after free units. */
  billable: Exact;
  /** What the price model gave. */
  computed: Exact;
  /** After the line minimum. */
  charged: Exact;
  proration: Proration | undefined;
  /**
   * Usage split by a price change: this part is priced as the units from `before` to `after` of
   * the period, price(after) - price(before), so tiers, free units and the minimum count once.
   */
  ladder: { before: Exact; after: Exact; amountBefore: Exact; amountAfter: Exact } | undefined;
  /** Signed, after proration, before rounding. */
  exact: Exact;
  rounding: RoundingMode;
}

export interface WorkingDiscount {
  label: string;
  amount: Exact;
  policy: PolicyRef;
  rule: string;
  rounding: RoundingMode;
  params: DiscountParams;
  discount: CompiledDiscount;
  /** What the line cost before this discount. */
  base: Exact;
  /** The part of the line inside the promotion window. */
  share: Exact;
  /** Product and invoice scope: the discount computed over several lines, shared in proportion. */
  pool: { total: Exact; lines: string[] } | undefined;
  /** How the amount was limited: by the rule's cap, or by what the line still cost. */
  limitedBy: 'cap' | 'line' | undefined;
  /** On a credit: the discount of the refunded line it gives back, and the credited fraction. */
  mirrors: { line: string; amount: Exact; fraction: Exact } | undefined;
}

export interface WorkingTax {
  name: string;
  jurisdiction: string;
  rate: Exact;
  inclusive: boolean;
  amount: Exact;
  policy: PolicyRef;
  rule: string;
  note?: string;
  /** The amount taxed: the gross for an inclusive tax, the net for an exclusive one. */
  base: Exact;
  /** Sum of the inclusive rates on the line (the divisor of an inclusive tax is 100 + this). */
  inclusiveRates: Exact;
}

export interface LineCommitment {
  group: string;
  amount: Exact;
  policy: PolicyRef;
  rule: string;
  rounding: RoundingMode;
}

export interface TrueUp extends LineCommitment {
  /** What the group's lines came to after discounts. */
  spent: Exact;
  lines: string[];
}

export interface WorkingLine {
  id: string;
  kind: LineKind;
  /** The charge the line prices; absent for a commitment true-up. */
  charge: ChargeLine | undefined;
  pricing: LinePricing | undefined;
  trueUp: TrueUp | undefined;
  /** A credit: the line whose unused part it refunds. */
  refunds: WorkingLine | undefined;
  facts: Facts;
  quantity: Exact;
  start: number;
  end: number;
  chargeDate: number;
  /** Rounded priced amount, negative for a credit. */
  amount: Exact;
  discounts: WorkingDiscount[];
  /** amount minus the discounts so far. */
  discounted: Exact;
  /** Set once a non-stackable discount applied: no lower-priority discount follows. */
  discountsClosed: boolean;
  taxes: WorkingTax[];
  commitment: LineCommitment | undefined;
}
