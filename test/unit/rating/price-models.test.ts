// Price models with hand-computed amounts. Definitions follow Stripe: a tier's upTo is inclusive;
// graduated pricing prices each unit in the tier it falls in (and adds the flat fee of every tier
// reached); volume pricing prices the whole quantity at the tier it ends in (plus that tier's flat
// fee). A quantity of zero costs nothing, except with a flat price.
import { describe, expect, it } from 'vitest';
import { DecimalFormatError, parseDecimal } from '../../../server/rating/money';
import { compilePriceModel, MissingBaseAmountError } from '../../../server/rating/price-models';
import type { PriceParams, Tier } from '../../../server/rating/types';
import { errorOf } from './builders';

/** The exact amount as a plain decimal string ("50.042"), trailing zeros dropped. */
function exactText(value: { toString(): string }): string {
  const text = value.toString();
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

function amountOf(params: PriceParams, quantity: string, baseAmount?: string): string {
  const model = compilePriceModel(params, '$.rules[0].event.params');
  const base = baseAmount === undefined ? undefined : parseDecimal(baseAmount, 'baseAmount');
  return exactText(model.amount(parseDecimal(quantity, 'quantity'), base));
}

/** The example's VM hours: 0.050 up to 1000, 0.042 up to 10000, 0.035 above. */
const VM_HOUR_TIERS: Tier[] = [
  { upTo: '1000', unitPrice: '0.050' },
  { upTo: '10000', unitPrice: '0.042' },
  { upTo: null, unitPrice: '0.035' },
];

const TIERS_WITH_FLAT_FEES: Tier[] = [
  { upTo: '10', unitPrice: '1.00', flatFee: '5.00' },
  { upTo: '20', unitPrice: '0.50', flatFee: '2.00' },
  { upTo: null, unitPrice: '0.25' },
];

/** The example's bandwidth: 0.090 up to 1000, 0.070 up to 10000, 0.050 above. */
const BANDWIDTH_TIERS: Tier[] = [
  { upTo: '1000', unitPrice: '0.090' },
  { upTo: '10000', unitPrice: '0.070' },
  { upTo: null, unitPrice: '0.050' },
];

const VOLUME_TIERS_WITH_FLAT_FEES: Tier[] = [
  { upTo: '100', unitPrice: '1.00', flatFee: '10.00' },
  { upTo: '1000', unitPrice: '0.80', flatFee: '20.00' },
  { upTo: null, unitPrice: '0.50', flatFee: '50.00' },
];

describe('compilePriceModel', () => {
  describe('flat: the amount whatever the quantity', () => {
    it.each([
      ['0', '49'], // 49.00, even for nothing
      ['1', '49'],
      ['2.5', '49'],
      ['1000000', '49'],
    ])('%s units cost %s', (quantity, expected) => {
      expect(amountOf({ model: 'flat', amount: '49.00' }, quantity)).toBe(expected);
    });
  });

  describe('per_unit: quantity x unit price', () => {
    it.each([
      ['0', '0'], // 0 x 0.042
      ['1', '0.042'], // 1 x 0.042
      ['2.5', '0.105'], // 2.5 x 0.042
      ['1000', '42'], // 1000 x 0.042
      ['0.001', '0.000042'], // 0.001 x 0.042
    ])('%s units cost %s', (quantity, expected) => {
      expect(amountOf({ model: 'per_unit', unitPrice: '0.042' }, quantity)).toBe(expected);
    });
  });

  describe('package: a started package counts whole', () => {
    const params: PriceParams = { model: 'package', packageSize: '1000', packagePrice: '10.00' };
    it.each([
      ['0', '0'], // 0 packages
      ['0.5', '10'], // half a unit starts package 1: 1 x 10.00
      ['1', '10'], // 1 package
      ['1000', '10'], // exactly one full package: 1 x 10.00
      ['1001', '20'], // one unit into package 2: 2 x 10.00
      ['2500', '30'], // 2.5 packages round up to 3: 3 x 10.00
    ])('%s units cost %s', (quantity, expected) => {
      expect(amountOf(params, quantity)).toBe(expected);
    });

    it.each([
      ['0.5', '2.5'], // 1 package of 0.5 units x 2.50
      ['0.75', '5'], // 1.5 packages -> 2 x 2.50
    ])('packages of a fractional size: %s units cost %s', (quantity, expected) => {
      expect(
        amountOf({ model: 'package', packageSize: '0.5', packagePrice: '2.50' }, quantity),
      ).toBe(expected);
    });
  });

  describe('graduated: each unit at the price of its own tier', () => {
    it.each([
      ['0', '0'], // no units, no tier
      ['0.5', '0.025'], // 0.5 x 0.050
      ['1', '0.05'], // 1 x 0.050
      ['1000', '50'], // tier 1 boundary, inclusive: 1000 x 0.050
      ['1000.5', '50.021'], // 50 + 0.5 x 0.042
      ['1001', '50.042'], // 50 + 1 x 0.042
      ['10000', '428'], // tier 2 boundary: 50 + 9000 x 0.042 = 50 + 378
      ['10001', '428.035'], // 428 + 1 x 0.035
      ['12400', '512'], // 50 + 378 + 2400 x 0.035 (84) = 512, the example invoice
      ['1000000', '35078'], // open-ended last tier: 428 + 990000 x 0.035 (34650)
    ])('%s units cost %s', (quantity, expected) => {
      expect(amountOf({ model: 'graduated', tiers: VM_HOUR_TIERS }, quantity)).toBe(expected);
    });

    it.each([
      ['0', '0'], // no tier reached, so no flat fee either
      ['0.5', '5.5'], // 0.5 x 1.00 + 5.00
      ['10', '15'], // 10 x 1.00 + 5.00
      ['11', '17.5'], // 15 + 1 x 0.50 + 2.00
      ['20', '22'], // 15 + 10 x 0.50 + 2.00
      ['21', '22.25'], // 22 + 1 x 0.25 (the last tier has no flat fee)
      ['100', '42'], // 22 + 80 x 0.25
    ])('with flat fees per tier: %s units cost %s', (quantity, expected) => {
      expect(amountOf({ model: 'graduated', tiers: TIERS_WITH_FLAT_FEES }, quantity)).toBe(
        expected,
      );
    });

    it.each([
      ['1000', [1]], // the boundary unit is still tier 1
      ['1001', [1, 2]],
      ['10000', [1, 2]],
      ['10001', [1, 2, 3]],
    ])('explains %s units with the tiers used %j', (quantity, tiers) => {
      const explained = compilePriceModel(
        { model: 'graduated', tiers: VM_HOUR_TIERS },
        '$',
      ).explain(parseDecimal(quantity, 'quantity'), undefined);
      const used = explained.inputs.tiers as { tier: number }[];
      expect(used.map((tier) => tier.tier)).toEqual(tiers);
    });
  });

  describe('volume: the whole quantity at the price of the tier it ends in', () => {
    it.each([
      ['0', '0'], // nothing
      ['0.5', '0.045'], // 0.5 x 0.090
      ['1000', '90'], // tier 1 boundary, inclusive: 1000 x 0.090
      ['1001', '70.07'], // all units at tier 2: 1001 x 0.070
      ['3100', '217'], // 3100 x 0.070, the example invoice
      ['10000', '700'], // tier 2 boundary: 10000 x 0.070
      ['10001', '500.05'], // all units at tier 3: 10001 x 0.050
      ['2000000', '100000'], // open-ended last tier: 2000000 x 0.050
    ])('%s units cost %s', (quantity, expected) => {
      expect(amountOf({ model: 'volume', tiers: BANDWIDTH_TIERS }, quantity)).toBe(expected);
    });

    it.each([
      ['0', '0'], // nothing, not even a flat fee
      ['0.5', '10.5'], // 0.5 x 1.00 + 10.00
      ['100', '110'], // 100 x 1.00 + 10.00
      ['101', '100.8'], // 101 x 0.80 + 20.00 = 80.80 + 20.00
      ['1000', '820'], // 1000 x 0.80 + 20.00
      ['1001', '550.5'], // 1001 x 0.50 + 50.00 = 500.50 + 50.00
    ])('with the flat fee of the tier: %s units cost %s', (quantity, expected) => {
      expect(amountOf({ model: 'volume', tiers: VOLUME_TIERS_WITH_FLAT_FEES }, quantity)).toBe(
        expected,
      );
    });

    it.each([
      ['1000', 1],
      ['1001', 2],
      ['10000', 2],
      ['10001', 3],
    ])('explains %s units as tier %i', (quantity, tier) => {
      const explained = compilePriceModel({ model: 'volume', tiers: BANDWIDTH_TIERS }, '$').explain(
        parseDecimal(quantity, 'quantity'),
        undefined,
      );
      expect(explained.inputs.tier).toBe(tier);
    });
  });

  describe('percentage: percent of the base amount, per unit', () => {
    it.each([
      ['18', '1', '57600.00', '10368'], // 57600 x 18 / 100
      ['18', '2', '57600.00', '20736'], // 2 x 10368
      ['18', '0.5', '57600.00', '5184'], // half of 10368
      ['18', '0', '57600.00', '0'], // no units
      ['2.5', '1', '199.99', '4.99975'], // 199.99 x 2.5 / 100
      ['100', '1', '0.01', '0.01'], // the whole base
    ])('%s%% x %s of %s is %s', (percent, quantity, baseAmount, expected) => {
      expect(amountOf({ model: 'percentage', percent }, quantity, baseAmount)).toBe(expected);
    });

    it('cannot price a line without a base amount', () => {
      expect(() => amountOf({ model: 'percentage', percent: '18' }, '1')).toThrow(
        MissingBaseAmountError,
      );
    });
  });

  it.each<[PriceParams, string]>([
    [{ model: 'per_unit', unitPrice: '1,5' }, '$.rules[0].event.params.unitPrice'],
    [{ model: 'flat', amount: '1e3' }, '$.rules[0].event.params.amount'],
    [
      { model: 'graduated', tiers: [{ upTo: null, unitPrice: 'NaN' }] },
      '$.rules[0].event.params.tiers[0].unitPrice',
    ],
  ])('rejects a price that is not a decimal string, naming its path: %j', (params, path) => {
    const error = errorOf(() => compilePriceModel(params, '$.rules[0].event.params'));
    expect(error).toBeInstanceOf(DecimalFormatError);
    expect((error as DecimalFormatError).path).toBe(path);
  });
});
