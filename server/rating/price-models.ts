// Price models, compiled once per rule into closures over decimal constants. Definitions follow
// Stripe's: a tier's `upTo` is inclusive, graduated pricing prices each unit at the tier it falls
// in, volume pricing prices the whole quantity at the tier the quantity ends in. A quantity of zero
// costs nothing in every model except flat.
import { Exact, ONE, PERCENT, ZERO, parseDecimal } from './money';
import type { PriceParams, Tier } from './types';

export interface PriceExplanation {
  inputs: Record<string, unknown>;
  explanation: string;
}

/**
 * A compiled price model. `amount` is the hot path of rating; `explain` gives the numbers and the
 * sentence behind the same amount, and is only called when a result is shown.
 * `baseAmount` is the amount a percentage price is taken of, when the line carries one.
 */
export interface PriceFunction {
  amount(quantity: Exact, baseAmount: Exact | undefined): Exact;
  explain(quantity: Exact, baseAmount: Exact | undefined): PriceExplanation;
}

export class MissingBaseAmountError extends Error {
  constructor() {
    super('a percentage price needs the line to carry a baseAmount');
    this.name = 'MissingBaseAmountError';
  }
}

interface CompiledTier {
  upTo: Exact | null;
  unitPrice: Exact;
  flatFee: Exact;
}

function compileTiers(tiers: Tier[], path: string): CompiledTier[] {
  return tiers.map((tier, index) => ({
    upTo: tier.upTo === null ? null : parseDecimal(tier.upTo, `${path}.tiers[${index}].upTo`),
    unitPrice: parseDecimal(tier.unitPrice, `${path}.tiers[${index}].unitPrice`),
    flatFee:
      tier.flatFee === undefined
        ? ZERO
        : parseDecimal(tier.flatFee, `${path}.tiers[${index}].flatFee`),
  }));
}

function describeTier(tier: CompiledTier, from: Exact): string {
  if (tier.upTo === null) return from.isZero() ? 'all units' : `over ${from}`;
  return from.isZero() ? `up to ${tier.upTo}` : `over ${from} up to ${tier.upTo}`;
}

function graduated(tiers: CompiledTier[]): PriceFunction {
  const eachTier = (
    quantity: Exact,
    visit: (tier: CompiledTier, units: Exact, from: Exact, index: number) => void,
  ) => {
    let previousUpTo = ZERO;
    for (let index = 0; index < tiers.length && quantity.greaterThan(previousUpTo); index++) {
      const tier = tiers[index]!;
      const ceiling = tier.upTo === null || quantity.lessThan(tier.upTo) ? quantity : tier.upTo;
      visit(tier, ceiling.minus(previousUpTo), previousUpTo, index);
      if (tier.upTo !== null) previousUpTo = tier.upTo;
    }
  };
  return {
    // The same walk as eachTier, written out: this is the hot path of rating.
    amount(quantity) {
      let amount = ZERO;
      let previousUpTo = ZERO;
      for (let index = 0; index < tiers.length && quantity.greaterThan(previousUpTo); index++) {
        const tier = tiers[index]!;
        const ceiling = tier.upTo === null || quantity.lessThan(tier.upTo) ? quantity : tier.upTo;
        amount = amount.plus(ceiling.minus(previousUpTo).times(tier.unitPrice));
        if (!tier.flatFee.isZero()) amount = amount.plus(tier.flatFee);
        if (tier.upTo !== null) previousUpTo = tier.upTo;
      }
      return amount;
    },
    explain(quantity) {
      const used: { tier: number; units: string; unitPrice: string; flatFee: string }[] = [];
      const parts: string[] = [];
      eachTier(quantity, (tier, units, from, index) => {
        used.push({
          tier: index + 1,
          units: units.toString(),
          unitPrice: tier.unitPrice.toString(),
          flatFee: tier.flatFee.toString(),
        });
        const fee = tier.flatFee.isZero() ? '' : ` + ${tier.flatFee} flat`;
        parts.push(
          `${units} x ${tier.unitPrice}${fee} (tier ${index + 1}: ${describeTier(tier, from)})`,
        );
      });
      return {
        inputs: { quantity: quantity.toString(), tiers: used },
        explanation: parts.length === 0 ? 'graduated: no units' : `graduated: ${parts.join(' + ')}`,
      };
    },
  };
}

function volume(tiers: CompiledTier[]): PriceFunction {
  /** The tier the quantity ends in, and where that tier starts. */
  const tierFor = (quantity: Exact): { index: number; from: Exact } => {
    let from = ZERO;
    let index = 0;
    for (; index < tiers.length - 1; index++) {
      const upTo = tiers[index]!.upTo;
      if (upTo === null || quantity.lessThanOrEqualTo(upTo)) break;
      from = upTo;
    }
    return { index, from };
  };
  return {
    amount(quantity) {
      if (quantity.isZero()) return ZERO;
      const tier = tiers[tierFor(quantity).index]!;
      return quantity.times(tier.unitPrice).plus(tier.flatFee);
    },
    explain(quantity) {
      if (quantity.isZero()) return { inputs: { quantity: '0' }, explanation: 'volume: no units' };
      const { index, from } = tierFor(quantity);
      const tier = tiers[index]!;
      const fee = tier.flatFee.isZero() ? '' : ` + ${tier.flatFee} flat`;
      return {
        inputs: {
          quantity: quantity.toString(),
          tier: index + 1,
          unitPrice: tier.unitPrice.toString(),
          flatFee: tier.flatFee.toString(),
        },
        explanation: `volume: all ${quantity} units at tier ${index + 1} (${describeTier(tier, from)}): ${quantity} x ${tier.unitPrice}${fee}`,
      };
    },
  };
}

function flat(amount: Exact): PriceFunction {
  return {
    amount: () => amount,
    explain: () => ({ inputs: { amount: amount.toString() }, explanation: `flat ${amount}` }),
  };
}

function perUnit(unitPrice: Exact): PriceFunction {
  return {
    amount: (quantity) => quantity.times(unitPrice),
    explain: (quantity) => ({
      inputs: { quantity: quantity.toString(), unitPrice: unitPrice.toString() },
      explanation: `${quantity} x ${unitPrice}`,
    }),
  };
}

// Package pricing: a started package is a whole package (partial packages round up).
function packaged(size: Exact, price: Exact): PriceFunction {
  const packagesFor = (quantity: Exact) => quantity.dividedBy(size).ceil();
  return {
    amount: (quantity) => packagesFor(quantity).times(price),
    explain: (quantity) => ({
      inputs: {
        quantity: quantity.toString(),
        packageSize: size.toString(),
        packagePrice: price.toString(),
        packages: packagesFor(quantity).toString(),
      },
      explanation: `${packagesFor(quantity)} package(s) of ${size} x ${price}`,
    }),
  };
}

function percentage(percent: Exact): PriceFunction {
  return {
    amount(quantity, baseAmount) {
      if (baseAmount === undefined) throw new MissingBaseAmountError();
      return baseAmount.times(percent).times(quantity).times(PERCENT);
    },
    explain: (quantity, baseAmount) => ({
      inputs: {
        baseAmount: baseAmount?.toString(),
        percent: percent.toString(),
        quantity: quantity.toString(),
      },
      explanation: `${percent}% of ${baseAmount}${quantity.equals(ONE) ? '' : ` x ${quantity}`}`,
    }),
  };
}

/** Compiles a rule's price params; `path` locates the params in the policy for error messages. */
export function compilePriceModel(params: PriceParams, path: string): PriceFunction {
  switch (params.model) {
    case 'flat':
      return flat(parseDecimal(params.amount, `${path}.amount`));
    case 'per_unit':
      return perUnit(parseDecimal(params.unitPrice, `${path}.unitPrice`));
    case 'package':
      return packaged(
        parseDecimal(params.packageSize, `${path}.packageSize`),
        parseDecimal(params.packagePrice, `${path}.packagePrice`),
      );
    case 'graduated':
      return graduated(compileTiers(params.tiers, path));
    case 'volume':
      return volume(compileTiers(params.tiers, path));
    case 'percentage':
      return percentage(parseDecimal(params.percent, `${path}.percent`));
  }
}
