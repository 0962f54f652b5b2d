// The line as it moves through the rating pipeline: priced, discounted, taxed. Amounts are exact
// decimals already rounded to the currency at each step that produces money.
import type { ChargeLine } from './charge-lines';
import type { Facts } from './conditions/compile-condition';
import type { Decimal } from './money';
import type { LineKind, PolicyRef, RoundingMode, TraceStep } from './types';

/** A step of a line's explanation, rendered only when the result is shown. */
export type TraceEntry = () => TraceStep;

export interface WorkingDiscount {
  label: string;
  amount: Decimal;
  policy: PolicyRef;
  rule: string;
}

export interface WorkingTax {
  name: string;
  jurisdiction: string;
  rate: Decimal;
  inclusive: boolean;
  amount: Decimal;
  policy: PolicyRef;
  rule: string;
  note?: string;
}

export interface WorkingLine {
  id: string;
  kind: LineKind;
  description: string;
  /** The charge the line prices; absent for a commitment true-up. */
  charge: ChargeLine | undefined;
  facts: Facts;
  quantity: Decimal;
  start: number;
  end: number;
  chargeDate: number;
  /** Rounded priced amount, negative for a credit. */
  amount: Decimal;
  discounts: WorkingDiscount[];
  /** amount minus the discounts so far. */
  discounted: Decimal;
  /** Set once a non-stackable discount applied: no lower-priority discount follows. */
  discountsClosed: boolean;
  taxes: WorkingTax[];
  commitment:
    | { group: string; amount: Decimal; policy: PolicyRef; rule: string; rounding: RoundingMode }
    | undefined;
  trace: TraceEntry[];
}
