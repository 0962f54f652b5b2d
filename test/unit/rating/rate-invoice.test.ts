// Rating through the public entry points, loadPolicySet + rateInvoice, with small inline policies.
// Every amount below is worked by hand in the comment next to it; money is compared as the
// decimal strings of the result. Unless a test says otherwise the customer is a business in
// Washington state billed in USD, the period is March 2026 (31 days) and prices round HALF_UP.
import { describe, expect, it } from 'vitest';
import { InvalidPolicyError, loadPolicySet } from '../../../server/rating/policy-set';
import { rateInvoice } from '../../../server/rating/rate-invoice';
import { RatingError } from '../../../server/rating/rating-error';
import type {
  Customer,
  DiscountParams,
  PriceParams,
  PricingPolicy,
  RatedLine,
  RatingRequest,
  RatingResult,
  RoundingMode,
  Subscription,
} from '../../../server/rating/types';
import {
  aCustomer,
  aDiscountPolicy,
  aDiscountRule,
  allOf,
  anEvent,
  aPriceRule,
  aPricingPolicy,
  aRequest,
  aSubscription,
  aTaxPolicy,
  aTaxRule,
  errorOf,
  minorUnitsOf,
  policySetOf,
  usageDays,
  when,
} from './builders';

/** Rates the request with the policies, and checks that the result adds up. */
function rate(request: RatingRequest, ...policies: { key: string }[]): RatingResult {
  const result = rateInvoice({ request, policies: policySetOf(...policies) });
  expectToAddUp(result);
  return result;
}

/**
 * Totals are the sums of the rounded lines, and every line's net and total follow from its own
 * rounded amounts: amount - discounts - inclusive taxes = net, net + taxes = total.
 */
function expectToAddUp(result: RatingResult): void {
  const sumOf = (values: string[]) => values.reduce((sum, value) => sum + minorUnitsOf(value), 0n);
  const column = (pick: (line: RatedLine) => string) => sumOf(result.lines.map(pick));
  expect(column((line) => line.amount)).toBe(minorUnitsOf(result.totals.amount));
  expect(column((line) => line.discountAmount)).toBe(minorUnitsOf(result.totals.discount));
  expect(column((line) => line.netAmount)).toBe(minorUnitsOf(result.totals.net));
  expect(column((line) => line.taxAmount)).toBe(minorUnitsOf(result.totals.tax));
  expect(column((line) => line.total)).toBe(minorUnitsOf(result.totals.total));
  for (const line of result.lines) {
    const inclusive = sumOf(line.taxes.filter((tax) => tax.inclusive).map((tax) => tax.amount));
    expect(sumOf(line.discounts.map((discount) => discount.amount))).toBe(
      minorUnitsOf(line.discountAmount),
    );
    expect(sumOf(line.taxes.map((tax) => tax.amount))).toBe(minorUnitsOf(line.taxAmount));
    expect(minorUnitsOf(line.netAmount)).toBe(
      minorUnitsOf(line.amount) - minorUnitsOf(line.discountAmount) - inclusive,
    );
    expect(minorUnitsOf(line.total)).toBe(
      minorUnitsOf(line.netAmount) + minorUnitsOf(line.taxAmount),
    );
  }
}

/** "description: amount" of every line, in order. */
function amountsOf(result: RatingResult): string[] {
  return result.lines.map((line) => `${line.description}: ${line.amount}`);
}

/** "label: amount" of every discount of every line, in order. */
function discountsOf(result: RatingResult): string[][] {
  return result.lines.map((line) =>
    line.discounts.map((discount) => `${discount.label}: ${discount.amount}`),
  );
}

function ratingErrorOf(action: () => unknown): RatingError {
  const error = errorOf(action);
  expect(error).toBeInstanceOf(RatingError);
  return error as RatingError;
}

function invalidPolicyErrorOf(action: () => unknown): InvalidPolicyError {
  const error = errorOf(action);
  expect(error).toBeInstanceOf(InvalidPolicyError);
  return error as InvalidPolicyError;
}

const perUnit = (unitPrice: string): PriceParams => ({ model: 'per_unit', unitPrice });
const flat = (amount: string): PriceParams => ({ model: 'flat', amount });

/** Meters m1, m2 and m3 at 1.00 a unit, so that a line's amount is its quantity. */
const ONE_DOLLAR_METERS = aPricingPolicy({
  rules: ['m1', 'm2', 'm3'].map((meter) => aPriceRule(meter, perUnit('1.00'))),
});

/** Usage of 1.00-a-unit meters on 1 March: `usageOf({ m1: '100', m2: '10' })`. */
function usageOf(quantities: Record<string, string>) {
  return Object.entries(quantities).flatMap(([meter, quantity]) =>
    usageDays(meter, quantity, 1, 1),
  );
}

describe('currencies and rounding', () => {
  it.each([
    // currency, country, unit price, quantity: amount, tax (10%), total, zero
    // 1234 x 0.37 = 456.58 -> 457 yen; 10% of 457 = 45.7 -> 46; 457 + 46 = 503
    ['JPY', 'JP', '0.37', '1234', '457', '46', '503', '0'],
    // 7 x 0.1234 = 0.8638 -> 0.864 dinar; 10% of 0.864 = 0.0864 -> 0.086; 0.864 + 0.086 = 0.950
    ['BHD', 'BH', '0.1234', '7', '0.864', '0.086', '0.950', '0.000'],
    // the same in dollars: 0.8638 -> 0.86; 10% of 0.86 = 0.086 -> 0.09; 0.86 + 0.09 = 0.95
    ['USD', 'US', '0.1234', '7', '0.86', '0.09', '0.95', '0.00'],
  ])(
    'rates a %s customer in the minor units of the currency',
    (currency, country, unitPrice, quantity, amount, tax, total, zero) => {
      const result = rate(
        aRequest({
          customer: aCustomer({ currency, country, region: undefined }),
          usage: usageDays('api_calls', quantity, 1, 1),
        }),
        aPricingPolicy({ currency, rules: [aPriceRule('api_calls', perUnit(unitPrice))] }),
        aTaxPolicy({ rules: [aTaxRule('Consumption tax', { rate: '10' })] }),
      );
      expect(result.currency).toBe(currency);
      expect(result.totals).toEqual({ amount, discount: zero, net: amount, tax, total });
    },
  );

  it.each<[RoundingMode, string, string]>([
    ['HALF_UP', '0.469', '2.35'], // 5 x 0.469 = 2.345, a tie: away from zero
    ['HALF_EVEN', '0.469', '2.34'], // the same tie: to the even cent, 4
    ['HALF_UP', '0.471', '2.36'], // 5 x 0.471 = 2.355, a tie: away from zero
    ['HALF_EVEN', '0.471', '2.36'], // to the even cent, 6
    ['HALF_EVEN', '0.4692', '2.35'], // 5 x 0.4692 = 2.346: not a tie
  ])('prices with the pricing policy rounding %s: 5 x %s = %s', (rounding, unitPrice, amount) => {
    const result = rate(
      aRequest({ usage: usageDays('m1', '5', 1, 1) }),
      aPricingPolicy({ rounding, rules: [aPriceRule('m1', perUnit(unitPrice))] }),
    );
    expect(amountsOf(result)).toEqual([`m1: ${amount}`]);
  });

  it.each<[RoundingMode, string, string]>([
    ['HALF_UP', '2.35', '21.10'], // 10% of 23.45 = 2.345, a tie: 2.35; 23.45 - 2.35 = 21.10
    ['HALF_EVEN', '2.34', '21.11'], // to the even cent: 2.34; 23.45 - 2.34 = 21.11
  ])('discounts with the discount policy rounding %s: %s off', (rounding, discount, net) => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '23.45' }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({ rounding, rules: [aDiscountRule('Ten percent', { percent: '10' })] }),
    );
    expect(result.lines[0]).toMatchObject({ discountAmount: discount, netAmount: net });
  });

  it.each<[RoundingMode, string]>([
    ['HALF_UP', '2.35'], // 10% of 23.45 = 2.345, a tie: away from zero
    ['HALF_EVEN', '2.34'], // to the even cent
  ])('taxes with the tax policy rounding %s: %s', (rounding, tax) => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '23.45' }) }),
      ONE_DOLLAR_METERS,
      aTaxPolicy({ rounding, rules: [aTaxRule('Sales tax', { rate: '10' })] }),
    );
    expect(result.lines[0]?.taxAmount).toBe(tax);
  });

  it('totals the rounded lines, so that the invoice always adds up', () => {
    const result = rate(
      aRequest({ usage: [...usageDays('a', '5', 1, 1), ...usageDays('b', '5', 1, 1)] }),
      aPricingPolicy({
        rules: [aPriceRule('a', perUnit('0.201')), aPriceRule('b', perUnit('0.201'))],
      }),
      aTaxPolicy({ rules: [aTaxRule('Sales tax', { rate: '2.5' })] }),
    );
    // each line: 5 x 0.201 = 1.005 -> 1.01; 2.5% of 1.01 = 0.02525 -> 0.03; 1.01 + 0.03 = 1.04
    expect(result.lines.map((line) => [line.amount, line.taxAmount, line.total])).toEqual([
      ['1.01', '0.03', '1.04'],
      ['1.01', '0.03', '1.04'],
    ]);
    // 2 x 1.01 = 2.02, not 2 x 1.005 = 2.01; tax 2 x 0.03 = 0.06, not 2.5% of 2.02 = 0.0505 -> 0.05
    expect(result.totals).toEqual({
      amount: '2.02',
      discount: '0.00',
      net: '2.02',
      tax: '0.06',
      total: '2.08',
    });
  });

  it('writes a tiny quantity as a plain decimal string, never with an exponent', () => {
    const result = rate(
      aRequest({ usage: usageDays('gpu_seconds', '0.00000005', 1, 1) }),
      aPricingPolicy({ rules: [aPriceRule('gpu_seconds', perUnit('1000000'))] }),
    );
    // 0.00000005 x 1000000 = 0.05
    expect(result.lines[0]).toMatchObject({ quantity: '0.00000005', amount: '0.05' });
  });
});

describe('free units and line minimums', () => {
  it.each([
    ['220', '14.40'], // (220 - 100 free) x 0.12
    ['101', '0.12'], // 1 billable unit x 0.12
    ['100', '0.00'], // all free
    ['80', '0.00'], // fewer than the free units: nothing, never a negative amount
  ])('%s GB with 100 free at 0.12 cost %s', (quantity, amount) => {
    const result = rate(
      aRequest({ usage: usageDays('bandwidth_gb', quantity, 1, 1) }),
      aPricingPolicy({
        rules: [
          aPriceRule('bandwidth_gb', { model: 'per_unit', unitPrice: '0.12', freeUnits: '100' }),
        ],
      }),
    );
    expect(amountsOf(result)).toEqual([`bandwidth_gb: ${amount}`]);
  });

  it.each([
    ['0', '5.00'], // nothing used still costs the minimum
    ['200', '5.00'], // 200 x 0.01 = 2.00, raised to the minimum of 5.00
    ['500', '5.00'], // 500 x 0.01 = 5.00, the minimum exactly
    ['800', '8.00'], // 800 x 0.01 = 8.00, above the minimum
  ])('%s API calls at 0.01 with a minimum of 5.00 cost %s', (quantity, amount) => {
    const result = rate(
      aRequest({ usage: usageDays('api_calls', quantity, 1, 1) }),
      aPricingPolicy({
        rules: [aPriceRule('api_calls', { model: 'per_unit', unitPrice: '0.01', minimum: '5.00' })],
      }),
    );
    expect(amountsOf(result)).toEqual([`api_calls: ${amount}`]);
  });

  it('takes the free units off first, then prices, then applies the minimum, then prorates', () => {
    const result = rate(
      aRequest({
        subscriptions: [aSubscription({ product: 'seats', quantity: '3', start: '2026-03-17' })],
      }),
      aPricingPolicy({
        rules: [
          aPriceRule('seats', {
            model: 'per_unit',
            unitPrice: '1.00',
            freeUnits: '1',
            minimum: '5.00',
          }),
        ],
      }),
    );
    // (3 - 1 free) x 1.00 = 2.00 -> minimum 5.00 -> x 15/31 (17 to 31 March) = 2.4193... -> 2.42
    expect(amountsOf(result)).toEqual(['seats: 2.42']);
  });
});

describe('minimum commitments', () => {
  const committed = aPricingPolicy({
    rules: [
      aPriceRule('vm_hours', {
        model: 'per_unit',
        unitPrice: '1.00',
        commitment: { group: 'cloud', amount: '100.00' },
      }),
      aPriceRule('bandwidth_gb', {
        model: 'per_unit',
        unitPrice: '2.00',
        commitment: { group: 'cloud', amount: '100.00' },
      }),
    ],
  });
  const usage = (vmHours: string) => [
    ...usageDays('vm_hours', vmHours, 1, 1),
    ...usageDays('bandwidth_gb', '10', 1, 1),
  ];

  it.each([
    // 30 x 1.00 + 10 x 2.00 = 50.00 of 100.00 committed: a true-up of 50.00
    ['30', ['vm_hours: 30.00', 'bandwidth_gb: 20.00', 'Minimum commitment true-up (cloud): 50.00']],
    // 80.00 + 20.00 = 100.00: the commitment is met exactly, no true-up
    ['80', ['vm_hours: 80.00', 'bandwidth_gb: 20.00']],
    // 90.00 + 20.00 = 110.00: above the commitment
    ['90', ['vm_hours: 90.00', 'bandwidth_gb: 20.00']],
  ])('with %s VM hours the lines are %j', (vmHours, lines) => {
    expect(amountsOf(rate(aRequest({ usage: usage(vmHours) }), committed))).toEqual(lines);
  });

  it('charges the shortfall after discounts, and taxes the true-up like any line', () => {
    const result = rate(
      aRequest({ usage: usage('30') }),
      committed,
      aDiscountPolicy({ rules: [aDiscountRule('Ten percent', { percent: '10' })] }),
      aTaxPolicy({ rules: [aTaxRule('Sales tax', { rate: '10' })] }),
    );
    // (30.00 - 3.00) + (20.00 - 2.00) = 45.00 of 100.00: true-up 55.00, itself not discounted
    expect(result.lines.map((line) => [line.kind, line.netAmount, line.taxAmount])).toEqual([
      ['usage', '27.00', '2.70'],
      ['usage', '18.00', '1.80'],
      ['true_up', '55.00', '5.50'],
    ]);
    // amount 30 + 20 + 55 = 105.00; discount 5.00; net 100.00; tax 10.00
    expect(result.totals).toEqual({
      amount: '105.00',
      discount: '5.00',
      net: '100.00',
      tax: '10.00',
      total: '110.00',
    });
  });
});

describe('discounts', () => {
  it.each<[string, Partial<DiscountParams>, string, string]>([
    ['10% of 100.00', { percent: '10' }, '100', '10.00'],
    ['15% of 0.10 = 0.015, rounded on the line', { percent: '15' }, '0.10', '0.02'],
    ['25.00 off 100.00', { amount: '25.00' }, '100', '25.00'],
    ['25.00 off 10.00 stops at zero', { amount: '25.00' }, '10', '10.00'],
  ])('line scope: %s', (_case, params, quantity, discount) => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: quantity }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({ rules: [aDiscountRule('Discount', params)] }),
    );
    expect(result.lines[0]?.discountAmount).toBe(discount);
  });

  it('product scope: shares one amount over the products in proportion, in whole cents', () => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '20', m2: '10', m3: '5' }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({
        rules: [
          aDiscountRule('Storage credit', {
            amount: '10.00',
            scope: 'product',
            products: ['m1', 'm2'],
          }),
        ],
      }),
    );
    // 10.00 over 20.00 and 10.00: 6.666... and 3.333... -> 6.67 (largest remainder) and 3.33
    expect(discountsOf(result)).toEqual([['Storage credit: 6.67'], ['Storage credit: 3.33'], []]);
  });

  it.each([
    // line scope: 15% of 0.10 = 0.015 -> 0.02 on each line, 0.06 in all
    ['line', ['0.02', '0.02', '0.02'], '0.06'],
    // invoice scope: 15% of 0.30 = 0.045 -> 0.05, shared 2 + 2 + 1 cents (ties to the earlier lines)
    ['invoice', ['0.02', '0.02', '0.01'], '0.05'],
  ] as const)('%s scope: 15%% off three lines of 0.10', (scope, lines, total) => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '0.10', m2: '0.10', m3: '0.10' }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({ rules: [aDiscountRule('Fifteen percent', { percent: '15', scope })] }),
    );
    expect(result.lines.map((line) => line.discountAmount)).toEqual(lines);
    expect(result.totals.discount).toBe(total);
  });

  it.each([
    // 10% first: 10.00, then 5.00 off 90.00: 85.00 net
    [20, 10, ['Ten percent: 10.00', 'Five dollars: 5.00'], '85.00'],
    // 5.00 first, then 10% of 95.00 = 9.50: 85.50 net
    [10, 20, ['Five dollars: 5.00', 'Ten percent: 9.50'], '85.50'],
  ])(
    'applies the higher priority first (percent %i, amount %i)',
    (percentPriority, amountPriority, discounts, net) => {
      const result = rate(
        aRequest({ usage: usageOf({ m1: '100' }) }),
        ONE_DOLLAR_METERS,
        aDiscountPolicy({
          rules: [
            aDiscountRule('Ten percent', { percent: '10' }, undefined, percentPriority),
            aDiscountRule('Five dollars', { amount: '5.00' }, undefined, amountPriority),
          ],
        }),
      );
      expect(discountsOf(result)).toEqual([discounts]);
      expect(result.lines[0]?.netAmount).toBe(net);
    },
  );

  const volumeDiscounts = aDiscountPolicy({
    rules: [
      aDiscountRule(
        'Volume 12%',
        { percent: '12', stackable: false },
        allOf(when('line', '$.quantity', 'greaterThanInclusive', 50)),
        20,
      ),
      aDiscountRule(
        'Volume 8%',
        { percent: '8' },
        allOf(when('line', '$.quantity', 'greaterThanInclusive', 10)),
        10,
      ),
    ],
  });

  it.each([
    ['60', ['Volume 12%: 7.20']], // 12% of 60.00; the non-stackable discount stops the 8%
    ['20', ['Volume 8%: 1.60']], // the 12% does not match: 8% of 20.00
    ['5', []], // neither matches
  ])('a non-stackable discount stops lower ones: %s units get %j', (quantity, discounts) => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: quantity }) }),
      ONE_DOLLAR_METERS,
      volumeDiscounts,
    );
    expect(discountsOf(result)).toEqual([discounts]);
  });

  it('a non-stackable discount keeps the higher ones before it', () => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '100' }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({
        rules: [
          aDiscountRule('Five percent', { percent: '5' }, undefined, 10),
          aDiscountRule('Twenty percent', { percent: '20', stackable: false }, undefined, 20),
          aDiscountRule('Ten percent', { percent: '10' }, undefined, 30),
        ],
      }),
    );
    // 10% of 100.00 = 10.00; 20% of 90.00 = 18.00; the 5% is stopped: 28.00 off
    expect(discountsOf(result)).toEqual([['Ten percent: 10.00', 'Twenty percent: 18.00']]);
    expect(result.totals.discount).toBe('28.00');
  });

  it.each([
    // line scope: 50% of 40.00 = 20.00, leaving 10.00 of the cap; then min(20.00, 10.00)
    ['line', ['20.00', '10.00']],
    // invoice scope: 50% of 80.00 = 40.00, capped at 30.00, shared 15.00 + 15.00
    ['invoice', ['15.00', '15.00']],
  ] as const)(
    '%s scope: a cap of 30.00 limits what the rule takes off the invoice',
    (scope, lines) => {
      const result = rate(
        aRequest({ usage: usageOf({ m1: '40', m2: '40' }) }),
        ONE_DOLLAR_METERS,
        aDiscountPolicy({
          rules: [aDiscountRule('Half price', { percent: '50', scope, cap: '30.00' })],
        }),
      );
      expect(result.lines.map((line) => line.discountAmount)).toEqual(lines);
      expect(result.totals.discount).toBe('30.00');
    },
  );

  it('ignores a discount policy in another currency', () => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '100' }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({
        currency: 'EUR',
        rules: [aDiscountRule('Euro credit', { amount: '5.00' })],
      }),
    );
    expect(result.totals.discount).toBe('0.00');
  });

  describe('with the credit of a plan change (basic 31.00 -> pro 62.00 on 20 March)', () => {
    const planChange = aRequest({
      subscriptions: [
        aSubscription({ product: 'basic', changes: [{ date: '2026-03-20', product: 'pro' }] }),
      ],
    });
    const plans = aPricingPolicy({
      rules: [aPriceRule('basic', flat('31.00')), aPriceRule('pro', flat('62.00'))],
    });

    it.each<[string, Partial<DiscountParams>, string[], string]>([
      // 10% of each charge, 3.10 and 2.40; the credit gives back 10% of what it credits: 1.20
      [
        'a percent on each line follows the credit',
        { percent: '10' },
        ['3.10', '-1.20', '2.40'],
        '4.30',
      ],
      // 5.00 off basic and off pro; the credit gives back 12/31 of basic's: 5 x 12/31 = 1.935...
      // -> 1.94
      [
        'an amount on each charge, part of it given back with the credit',
        { amount: '5.00' },
        ['5.00', '-1.94', '5.00'],
        '8.06',
      ],
      // 500 cents over 31.00 and 24.00: 281.82 and 218.18 -> 282 (largest remainder) and 218;
      // the credit gives back 2.82 x 12/31 = 1.0916... -> 1.09
      [
        'an amount off the invoice is shared over the charges',
        { amount: '5.00', scope: 'invoice' },
        ['2.82', '-1.09', '2.18'],
        '3.91',
      ],
      // 10% of 31.00 and 24.00 together, 5.50, shared 3.10 and 2.40; the credit gives back
      // 3.10 x 12/31 = 1.20
      [
        'a percent off the invoice is shared with the credit',
        { percent: '10', scope: 'invoice' },
        ['3.10', '-1.20', '2.40'],
        '4.30',
      ],
    ])('%s', (_case, params, lines, total) => {
      const result = rate(
        planChange,
        plans,
        aDiscountPolicy({ rules: [aDiscountRule('Discount', params)] }),
      );
      expect(result.lines.map((line) => line.discountAmount)).toEqual(lines);
      expect(result.totals.discount).toBe(total);
    });
  });

  describe('promotion codes', () => {
    const spring = aDiscountPolicy({
      rules: [aDiscountRule('Spring promotion', { percent: '20', code: 'SPRING26' })],
    });

    it.each<[string, string[] | undefined, string, string[]]>([
      ['the code is given', ['SPRING26'], '20.00', []], // 20% of 100.00
      ['the code is given in lower case', ['spring26'], '20.00', []],
      ['no code is given', undefined, '0.00', []],
      ['an unknown code is given', ['BOGUS'], '0.00', ['promotion code BOGUS is not known']],
      [
        'the code and an unknown one are given',
        ['SPRING26', 'bogus'],
        '20.00',
        ['promotion code BOGUS is not known'],
      ],
    ])('when %s', (_case, promoCodes, discount, warnings) => {
      const result = rate(
        aRequest({ promoCodes, usage: usageOf({ m1: '100' }) }),
        ONE_DOLLAR_METERS,
        spring,
      );
      expect(result.totals.discount).toBe(discount);
      expect(result.warnings).toEqual(warnings);
    });

    it('warns when a known code applies to no line of the invoice', () => {
      const gpuPromotion = aDiscountPolicy({
        rules: [
          aDiscountRule(
            'GPU promotion',
            { percent: '20', code: 'GPU26' },
            allOf(when('line', '$.meter', 'equal', 'gpu_hours')),
          ),
        ],
      });
      const result = rate(
        aRequest({ promoCodes: ['GPU26'], usage: usageOf({ m1: '100' }) }),
        ONE_DOLLAR_METERS,
        gpuPromotion,
      );
      expect(result.totals.discount).toBe('0.00');
      expect(result.warnings).toEqual([
        'promotion code GPU26 does not apply to any line of this invoice',
      ]);
    });
  });

  describe('promotion windows', () => {
    const promotion = (params: Partial<DiscountParams>) =>
      aDiscountPolicy({ rules: [aDiscountRule('Promotion', params)] });

    it('takes the share of the usage dated inside the window, for even usage', () => {
      const result = rate(
        aRequest({ usage: usageDays('vm_hours', '100', 1, 31) }),
        aPricingPolicy({ rules: [aPriceRule('vm_hours', perUnit('0.10'))] }),
        promotion({ percent: '20', validUntil: '2026-03-16' }),
      );
      // 3100 x 0.10 = 310.00; days 1-15 inside: 1500 of 3100 = 15/31; 310 x 20% x 15/31 = 30.00
      expect(result.lines[0]).toMatchObject({ amount: '310.00', discountAmount: '30.00' });
    });

    it.each([
      // 10 x 10 + 10 x 30 = 400.00; 1-15 March: 100 + 5 x 30 = 250 of 400; 400 x 20% x 250/400
      ['ends on 16 March', { validUntil: '2026-03-16' }, '50.00'],
      // 16-20 March: 5 x 30 = 150 of 400; 400 x 20% x 150/400
      ['starts on 16 March', { validFrom: '2026-03-16' }, '30.00'],
      // 5-12 March: 6 x 10 + 2 x 30 = 120 of 400; 400 x 20% x 120/400
      ['runs from 5 to 12 March', { validFrom: '2026-03-05', validUntil: '2026-03-13' }, '24.00'],
      // after the last usage on 20 March: nothing
      ['starts on 21 March', { validFrom: '2026-03-21' }, '0.00'],
    ])('takes the share of uneven usage inside a window that %s', (_case, window, discount) => {
      const result = rate(
        aRequest({ usage: [...usageDays('m1', '10', 1, 10), ...usageDays('m1', '30', 11, 20)] }),
        ONE_DOLLAR_METERS,
        promotion({ percent: '20', ...window }),
      );
      expect(result.lines[0]).toMatchObject({ amount: '400.00', discountAmount: discount });
    });

    it.each<[string, Partial<Subscription>, string, string]>([
      // 62.00 for the month; 1-10 March inside: 10 of 31 days; 62 x 50% x 10/31 = 10.00
      ['runs all month', {}, '62.00', '10.00'],
      // 17-31 March: 62 x 15/31 = 30.00, all of it after the window: nothing off
      ['starts on 17 March', { start: '2026-03-17' }, '30.00', '0.00'],
    ])(
      'takes the share of service time for a subscription that %s',
      (_case, subscription, amount, discount) => {
        const result = rate(
          aRequest({ subscriptions: [aSubscription(subscription)] }),
          aPricingPolicy({ rules: [aPriceRule('platform', flat('62.00'))] }),
          promotion({ percent: '50', validUntil: '2026-03-11' }),
        );
        expect(result.lines[0]).toMatchObject({ amount, discountAmount: discount });
      },
    );

    it('takes the share of service time of a subscription starting inside the window', () => {
      const result = rate(
        aRequest({ subscriptions: [aSubscription({ start: '2026-03-17' })] }),
        aPricingPolicy({ rules: [aPriceRule('platform', flat('62.00'))] }),
        promotion({ percent: '50', validUntil: '2026-03-20' }),
      );
      // 62 x 15/31 = 30.00 for 17-31 March; 17-19 March inside: 3 of 15 days; 30 x 50% x 3/15
      expect(result.lines[0]).toMatchObject({ amount: '30.00', discountAmount: '3.00' });
    });

    it.each([
      ['2026-03-05', '20.00'], // inside the window: 20% of 100.00
      ['2026-03-16', '0.00'], // the window ends before 16 March: all or nothing
    ])('takes a one-time charge on %s whole or not at all: %s off', (start, discount) => {
      const result = rate(
        aRequest({
          subscriptions: [aSubscription({ product: 'setup', type: 'one_time', start })],
        }),
        aPricingPolicy({ rules: [aPriceRule('setup', flat('100.00'))] }),
        promotion({ percent: '20', validUntil: '2026-03-16' }),
      );
      expect(result.lines[0]).toMatchObject({ amount: '100.00', discountAmount: discount });
    });

    it('takes the share of the billing period for an amount off the invoice', () => {
      const result = rate(
        aRequest({ usage: usageOf({ m1: '100' }) }),
        ONE_DOLLAR_METERS,
        promotion({ amount: '31.00', scope: 'invoice', validUntil: '2026-03-11' }),
      );
      // 1-10 March: 10 of 31 days; 31.00 x 10/31 = 10.00
      expect(result.totals.discount).toBe('10.00');
    });
  });
});

describe('tax', () => {
  const salesTaxAndVat = aTaxPolicy({
    rules: [
      aTaxRule(
        'Washington state sales tax',
        { rate: '6.5', jurisdiction: 'US-WA' },
        allOf(when('customer', '$.region', 'equal', 'WA')),
        10,
      ),
      aTaxRule(
        'Seattle local sales tax',
        { rate: '3.85', jurisdiction: 'US-WA-SEATTLE' },
        allOf(when('customer', '$.attributes.city', 'equal', 'Seattle')),
        10,
      ),
      aTaxRule(
        'California sales tax',
        { rate: '7.25', jurisdiction: 'US-CA' },
        allOf(when('customer', '$.region', 'equal', 'CA')),
        10,
      ),
      // Listed after the rate it exempts from: the priority decides, not the order.
      aTaxRule(
        'California resale exemption',
        {
          name: 'California sales tax',
          rate: '7.25',
          jurisdiction: 'US-CA',
          exempt: true,
          note: 'Resale certificate on file: no California sales tax.',
        },
        allOf(
          when('customer', '$.region', 'equal', 'CA'),
          when('customer', '$.attributes.resaleCertificate', 'equal', true),
        ),
        20,
      ),
      aTaxRule(
        'EU reverse charge',
        { name: 'VAT', rate: '0', jurisdiction: 'EU-VAT', reverseCharge: true },
        allOf(
          when('customer', '$.country', 'in', ['DE', 'FR']),
          when('customer', '$.type', 'equal', 'business'),
        ),
        20,
      ),
      aTaxRule(
        'German VAT',
        { name: 'VAT (Germany)', rate: '19', jurisdiction: 'EU-VAT' },
        allOf(when('customer', '$.country', 'equal', 'DE')),
        10,
      ),
    ],
  });

  const REVERSE_CHARGE =
    'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).';

  it.each<[string, Partial<Customer>, string[], string, string[]]>([
    ['a Washington customer', {}, ['Washington state sales tax: 6.50'], '6.50', []], // 6.5% of 100.00
    [
      'a Seattle customer: state and local tax',
      { attributes: { city: 'Seattle' } },
      // 6.5% and 3.85% of 100.00: 6.50 + 3.85
      ['Washington state sales tax: 6.50', 'Seattle local sales tax: 3.85'],
      '10.35',
      [],
    ],
    ['a California customer', { region: 'CA' }, ['California sales tax: 7.25'], '7.25', []],
    [
      'a California reseller: the higher-priority exemption wins the jurisdiction',
      { region: 'CA', attributes: { resaleCertificate: true } },
      ['California sales tax: 0.00'],
      '0.00',
      ['Resale certificate on file: no California sales tax.'],
    ],
    [
      'a German business: EU reverse charge',
      { country: 'DE', region: undefined },
      ['VAT: 0.00'],
      '0.00',
      [REVERSE_CHARGE],
    ],
    [
      'a German consumer: German VAT',
      { country: 'DE', region: undefined, type: 'individual' },
      ['VAT (Germany): 19.00'], // 19% of 100.00
      '19.00',
      [],
    ],
    [
      'a tax-exempt customer',
      { taxExempt: true, taxId: 'WA-EX-1234' },
      ['Washington state sales tax: 0.00'],
      '0.00',
      ['Customer is exempt from tax (tax id WA-EX-1234): Washington state sales tax not charged.'],
    ],
  ])('taxes 100.00 for %s', (_case, customer, taxes, taxAmount, notes) => {
    const result = rate(
      aRequest({ customer: aCustomer(customer), usage: usageOf({ m1: '100' }) }),
      ONE_DOLLAR_METERS,
      salesTaxAndVat,
    );
    const line = result.lines[0]!;
    expect(line.taxes.map((tax) => `${tax.name}: ${tax.amount}`)).toEqual(taxes);
    expect(line.taxAmount).toBe(taxAmount);
    expect(result.notes).toEqual(notes);
  });

  it('sums each tax over the lines in the tax summary', () => {
    const result = rate(
      aRequest({
        customer: aCustomer({ attributes: { city: 'Seattle' } }),
        usage: usageOf({ m1: '100', m2: '50' }),
      }),
      ONE_DOLLAR_METERS,
      salesTaxAndVat,
    );
    expect(result.taxSummary).toEqual([
      // 6.50 + 3.25 (6.5% of 50.00)
      {
        name: 'Washington state sales tax',
        jurisdiction: 'US-WA',
        rate: '6.5',
        base: '150.00',
        amount: '9.75',
      },
      // 3.85 + 1.925 -> 1.93
      {
        name: 'Seattle local sales tax',
        jurisdiction: 'US-WA-SEATTLE',
        rate: '3.85',
        base: '150.00',
        amount: '5.78',
      },
    ]);
  });

  it('taxes what is left after discounts', () => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '100' }) }),
      ONE_DOLLAR_METERS,
      aDiscountPolicy({ rules: [aDiscountRule('Ten percent', { percent: '10' })] }),
      salesTaxAndVat,
    );
    // 100.00 - 10.00 = 90.00; 6.5% of 90.00 = 5.85
    expect(result.lines[0]).toMatchObject({
      netAmount: '90.00',
      taxAmount: '5.85',
      total: '95.85',
    });
  });

  it.each([
    // gross x 19 / (100 + 19)
    ['119.00', '19.00', '100.00'], // 119 x 19/119 = 19.00
    ['100.00', '15.97', '84.03'], // 100 x 19/119 = 15.966... -> 15.97; 100.00 - 15.97
    ['10.00', '1.60', '8.40'], // 10 x 19/119 = 1.5966... -> 1.60
  ])('finds an inclusive 19%% VAT in a gross of %s: %s, leaving %s', (gross, tax, net) => {
    const result = rate(
      aRequest({ customer: aCustomer({ country: 'DE' }), usage: usageOf({ m1: gross }) }),
      ONE_DOLLAR_METERS,
      aTaxPolicy({
        rules: [aTaxRule('VAT included', { rate: '19', jurisdiction: 'DE', inclusive: true })],
      }),
    );
    expect(result.lines[0]).toMatchObject({
      amount: gross,
      taxAmount: tax,
      netAmount: net,
      total: gross,
    });
  });

  it('shares a gross between two inclusive taxes: each is gross x r / (100 + r1 + r2)', () => {
    const result = rate(
      aRequest({ usage: usageOf({ m1: '115.00' }) }),
      ONE_DOLLAR_METERS,
      aTaxPolicy({
        rules: [
          aTaxRule('State tax', { rate: '10', jurisdiction: 'US-TX', inclusive: true }),
          aTaxRule('City tax', { rate: '5', jurisdiction: 'US-TX-AUSTIN', inclusive: true }),
        ],
      }),
    );
    // 115 x 10/115 = 10.00 and 115 x 5/115 = 5.00; net 115.00 - 15.00 = 100.00
    expect(result.lines[0]?.taxes.map((tax) => tax.amount)).toEqual(['10.00', '5.00']);
    expect(result.lines[0]).toMatchObject({ netAmount: '100.00', total: '115.00' });
  });
});

describe('proration of subscriptions', () => {
  const subscriptionPrices = aPricingPolicy({
    rules: [
      aPriceRule('platform', flat('100.00')),
      aPriceRule('platform-by-second', { ...flat('100.00'), proration: 'second' }),
      aPriceRule('platform-whole-months', { ...flat('100.00'), proration: 'none' }),
      aPriceRule('support-yearly', { ...flat('1200.00'), per: 'year' }),
    ],
  });

  it.each<[string, Partial<Subscription>, string]>([
    ['running all month', {}, '100.00'],
    // 17 to 31 March: 15/31 x 100 = 48.387... -> 48.39
    ['starting on 17 March', { start: '2026-03-17' }, '48.39'],
    // 1 to 10 March: 10/31 x 100 = 32.258... -> 32.26
    ['ending on 11 March', { end: '2026-03-11' }, '32.26'],
    // 10 to 19 March: 10/31 x 100
    ['from 10 to 20 March', { start: '2026-03-10', end: '2026-03-20' }, '32.26'],
    // 15.5 of 31 days by the second: 100 x 1/2
    [
      'by the second from noon on 16 March',
      { product: 'platform-by-second', start: '2026-03-16T12:00:00Z' },
      '50.00',
    ],
    // proration none: the whole month
    [
      'without proration from 17 March',
      { product: 'platform-whole-months', start: '2026-03-17' },
      '100.00',
    ],
    // 1200.00 a year: 1200 / 12 x 17/31 = 54.838... -> 54.84
    ['yearly, from 15 March', { product: 'support-yearly', start: '2026-03-15' }, '54.84'],
  ])('charges a subscription %s: %s', (_case, subscription, amount) => {
    const result = rate(
      aRequest({ subscriptions: [aSubscription(subscription)] }),
      subscriptionPrices,
    );
    expect(result.lines.map((line) => line.amount)).toEqual([amount]);
  });

  it.each([
    // 15 to 29 February 2028: 15/29 x 100 = 51.724... -> 51.72
    ['2028', '51.72'],
    // 15 to 28 February 2027: 14/28 x 100 = 50.00
    ['2027', '50.00'],
  ])('splits February %s in its own days: %s', (year, amount) => {
    const result = rate(
      aRequest({
        period: { start: `${year}-02-01`, end: `${year}-03-01` },
        subscriptions: [aSubscription({ start: `${year}-02-15` })],
      }),
      subscriptionPrices,
    );
    expect(amountsOf(result)).toEqual([`platform: ${amount}`]);
  });

  it('charges nothing for a subscription that ended before the period', () => {
    const result = rate(
      aRequest({ subscriptions: [aSubscription({ end: '2026-02-20' })] }),
      subscriptionPrices,
    );
    expect(result.lines).toEqual([]);
  });

  // Months run from the billing anchor, the day the period starts on: a customer billed on the
  // 15th pays the monthly price for every full cycle, whatever the lengths of the months.
  it.each([
    ['15 March to 15 April', { start: '2026-03-15', end: '2026-04-15' }, '100.00'],
    ['15 January to 15 February 2028', { start: '2028-01-15', end: '2028-02-15' }, '100.00'],
    [
      '15 February to 15 March 2028 (29 days)',
      { start: '2028-02-15', end: '2028-03-15' },
      '100.00',
    ],
  ])('charges the full price for the full cycle %s', (_cycle, period, expected) => {
    const result = rate(
      aRequest({ period, subscriptions: [aSubscription({ start: '2025-01-15' })] }),
      subscriptionPrices,
    );
    expect(amountsOf(result)).toEqual([`platform: ${expected}`]);
  });

  it('prorates a start inside a cycle by the days of that cycle', () => {
    const result = rate(
      aRequest({
        period: { start: '2028-02-15', end: '2028-03-15' },
        subscriptions: [aSubscription({ start: '2028-02-20' })],
      }),
      subscriptionPrices,
    );
    // 20 February to 15 March 2028: 24 of the cycle's 29 days; 100 x 24/29 = 82.7586... -> 82.76
    expect(amountsOf(result)).toEqual(['platform: 82.76']);
  });
});

describe('plan changes inside the period', () => {
  const plans = aPricingPolicy({
    rules: [
      aPriceRule('basic', flat('31.00')),
      aPriceRule('pro', flat('62.00')),
      aPriceRule('seats', perUnit('10.00')),
    ],
  });

  it('credits the unused time of the old plan and charges the new one for the rest', () => {
    const result = rate(
      aRequest({
        subscriptions: [
          aSubscription({ product: 'basic', changes: [{ date: '2026-03-20', product: 'pro' }] }),
        ],
      }),
      plans,
    );
    // basic 31.00 in advance; 20 to 31 March is 12/31: credit 31 x 12/31 = 12.00, pro 62 x 12/31
    expect(result.lines.map((line) => [line.kind, line.description, line.amount])).toEqual([
      ['recurring', 'basic', '31.00'],
      ['proration_credit', 'Unused time on basic', '-12.00'],
      ['recurring', 'pro', '24.00'],
    ]);
    expect(result.lines[1]).toMatchObject({
      periodStart: '2026-03-20T00:00:00Z',
      periodEnd: '2026-04-01T00:00:00Z',
    });
    // net: basic for 1-19 March (31 x 19/31 = 19.00) + pro for 20-31 March (24.00)
    expect(result.totals.amount).toBe('43.00');
  });

  it('changes the quantity, each line rounded on its own', () => {
    const result = rate(
      aRequest({
        subscriptions: [
          aSubscription({
            product: 'seats',
            quantity: '5',
            changes: [{ date: '2026-03-20', quantity: '8' }],
          }),
        ],
      }),
      plans,
    );
    // 5 x 10.00 = 50.00; credit 50 x 12/31 = 19.354... -> 19.35; 80 x 12/31 = 30.967... -> 30.97
    expect(amountsOf(result)).toEqual([
      'seats: 50.00',
      'Unused time on seats: -19.35',
      'seats: 30.97',
    ]);
    expect(result.lines.map((line) => line.quantity)).toEqual(['5', '5', '8']);
    // 50.00 - 19.35 + 30.97 = 61.62 (rounding once would give 1910/31 = 61.61)
    expect(result.totals.amount).toBe('61.62');
  });
});

describe('effective dating', () => {
  const version = (number: number, effectiveFrom: string, unitPrice: string): PricingPolicy =>
    aPricingPolicy({
      version: number,
      effectiveFrom,
      rules: [aPriceRule('vm_hours', perUnit(unitPrice))],
    });

  it('splits usage that straddles a new version, each part priced by its own version', () => {
    const result = rate(
      aRequest({ usage: usageDays('vm_hours', '100', 1, 31) }),
      version(1, '2026-01-01', '0.10'),
      version(2, '2026-03-16', '0.08'),
    );
    expect(
      result.lines.map((line) => [line.quantity, line.amount, line.periodStart, line.periodEnd]),
    ).toEqual([
      ['1500', '150.00', '2026-03-01T00:00:00Z', '2026-03-16T00:00:00Z'], // 15 x 100 x 0.10
      ['1600', '128.00', '2026-03-16T00:00:00Z', '2026-04-01T00:00:00Z'], // 16 x 100 x 0.08
    ]);
    expect(result.policies).toEqual([
      { key: 'test-pricing', version: 1 },
      { key: 'test-pricing', version: 2 },
    ]);
  });

  it('rates an earlier period with the version effective at the charge date, not at the rating', () => {
    const result = rate(
      aRequest({
        period: { start: '2026-02-01', end: '2026-03-01' },
        asOf: '2026-06-01T00:00:00Z',
        usage: usageDays('vm_hours', '100', 1, 28, { month: '2026-02' }),
      }),
      version(1, '2026-01-01', '0.10'),
      version(2, '2026-03-16', '0.08'),
      version(3, '2026-05-01', '0.05'),
    );
    // 28 x 100 x 0.10
    expect(result.totals.amount).toBe('280.00');
    expect(result.asOf).toBe('2026-06-01T00:00:00Z');
    expect(result.policies).toEqual([{ key: 'test-pricing', version: 1 }]);
  });
});

describe('grandfathering and renewals', () => {
  const v1 = aPricingPolicy({ rules: [aPriceRule('platform', flat('100.00'))] });
  const v2 = (overrides: Partial<PricingPolicy>) =>
    aPricingPolicy({
      version: 2,
      effectiveFrom: '2026-03-01',
      rules: [aPriceRule('platform', flat('120.00'))],
      ...overrides,
    });
  const MARCH = { start: '2026-03-01', end: '2026-04-01' };
  const JUNE = { start: '2026-06-01', end: '2026-07-01' };

  it.each<[string, Partial<PricingPolicy>, string, { start: string; end: string }, string]>([
    [
      'an existing subscription keeps version 1',
      { grandfatherExisting: true },
      '2026-01-10',
      MARCH,
      '100.00',
    ],
    [
      'a new subscription takes version 2',
      { grandfatherExisting: true },
      '2026-03-01',
      MARCH,
      '120.00',
    ],
    ['without grandfathering everyone moves', {}, '2026-01-10', MARCH, '120.00'],
    [
      'existing ones move from existingFrom',
      { grandfatherExisting: true, existingFrom: '2026-03-01' },
      '2026-01-10',
      MARCH,
      '120.00',
    ],
    [
      'existing ones stay until existingFrom',
      { grandfatherExisting: true, existingFrom: '2026-06-01' },
      '2026-01-10',
      MARCH,
      '100.00',
    ],
    [
      'existing ones move once existingFrom comes',
      { grandfatherExisting: true, existingFrom: '2026-06-01' },
      '2026-01-10',
      JUNE,
      '120.00',
    ],
  ])('%s', (_case, overrides, start, period, amount) => {
    const result = rate(
      aRequest({ period, subscriptions: [aSubscription({ start })] }),
      v1,
      v2(overrides),
    );
    expect(amountsOf(result)).toEqual([`platform: ${amount}`]);
  });

  it('prices an existing and a new subscription of one invoice by their own versions', () => {
    const result = rate(
      aRequest({
        subscriptions: [
          aSubscription({ id: 'existing', start: '2026-01-10' }),
          aSubscription({ id: 'new', start: '2026-03-01' }),
        ],
      }),
      v1,
      v2({ grandfatherExisting: true }),
    );
    // both charged on 1 March: the term that started before version 2 keeps 100.00
    expect(result.lines.map((line) => [line.subscriptionId, line.amount])).toEqual([
      ['existing', '100.00'],
      ['new', '120.00'],
    ]);
  });

  const support = (number: number, effectiveFrom: string, amount: string, grandfather: boolean) =>
    aPricingPolicy({
      version: number,
      effectiveFrom,
      grandfatherExisting: grandfather,
      rules: [aPriceRule('support', flat(amount))],
    });
  const annualContract = (overrides: Partial<Subscription> = {}) =>
    aSubscription({ product: 'support', start: '2025-03-15', termMonths: 12, ...overrides });

  it('renews an annual contract on 15 March at the price then in force', () => {
    const result = rate(
      aRequest({ subscriptions: [annualContract()] }),
      support(1, '2025-01-01', '100.00', false),
      support(2, '2026-01-01', '120.00', true),
    );
    expect(amountsOf(result)).toEqual([
      'support: 45.16', // term 1, grandfathered: 100 x 14/31 (1 to 14 March) = 45.161...
      'support - renewal term 2: 65.81', // term 2, new price: 120 x 17/31 (15 to 31 March) = 65.806...
    ]);
    expect(result.totals.amount).toBe('110.97');
  });

  it('ends a contract that does not renew with its term', () => {
    const result = rate(
      aRequest({ subscriptions: [annualContract({ autoRenew: false })] }),
      support(1, '2025-01-01', '100.00', false),
      support(2, '2026-01-01', '120.00', true),
    );
    expect(amountsOf(result)).toEqual(['support: 45.16']); // 100 x 14/31
  });
});

describe('raw usage events', () => {
  it('aggregates each meter by its sum, count, max, latest or unique count', () => {
    const result = rate(
      aRequest({
        meters: {
          api_calls: { aggregation: 'sum' },
          logins: { aggregation: 'count' },
          storage_gb: { aggregation: 'max' },
          seats: { aggregation: 'latest' },
          active_users: { aggregation: 'unique_count', uniqueBy: 'userId' },
        },
        events: [
          anEvent('api_calls', '2026-03-01T10:00:00Z', { quantity: '10' }),
          anEvent('api_calls', '2026-03-05T10:00:00Z', { quantity: '20' }),
          anEvent('api_calls', '2026-03-09T10:00:00Z', { quantity: '5' }),
          anEvent('logins', '2026-03-02T08:00:00Z'),
          anEvent('logins', '2026-03-02T09:00:00Z'),
          anEvent('logins', '2026-03-03T08:00:00Z'),
          anEvent('logins', '2026-03-30T08:00:00Z'),
          anEvent('storage_gb', '2026-03-01T00:00:00Z', { quantity: '12' }),
          anEvent('storage_gb', '2026-03-15T00:00:00Z', { quantity: '40' }),
          anEvent('storage_gb', '2026-03-31T00:00:00Z', { quantity: '25' }),
          // listed out of order: the latest is the one of 20 March
          anEvent('seats', '2026-03-02T00:00:00Z', { quantity: '5' }),
          anEvent('seats', '2026-03-20T00:00:00Z', { quantity: '8' }),
          anEvent('seats', '2026-03-10T00:00:00Z', { quantity: '12' }),
          anEvent('active_users', '2026-03-03T00:00:00Z', { dimensions: { userId: 'u1' } }),
          anEvent('active_users', '2026-03-04T00:00:00Z', { dimensions: { userId: 'u2' } }),
          anEvent('active_users', '2026-03-20T00:00:00Z', { dimensions: { userId: 'u1' } }),
          anEvent('active_users', '2026-03-21T00:00:00Z', { dimensions: { userId: 'u3' } }),
        ],
      }),
      aPricingPolicy({
        rules: [
          aPriceRule('api_calls', perUnit('0.01')),
          aPriceRule('logins', perUnit('0.25')),
          aPriceRule('storage_gb', perUnit('0.50')),
          aPriceRule('seats', perUnit('10.00')),
          aPriceRule('active_users', perUnit('2.00')),
        ],
      }),
    );
    expect(result.lines.map((line) => [line.meter, line.quantity, line.amount])).toEqual([
      ['api_calls', '35', '0.35'], // 10 + 20 + 5 = 35 x 0.01
      ['logins', '4', '1.00'], // 4 events x 0.25
      ['storage_gb', '40', '20.00'], // max(12, 40, 25) x 0.50
      ['seats', '8', '80.00'], // 8 on 20 March x 10.00
      ['active_users', '3', '6.00'], // u1, u2, u3 x 2.00
    ]);
    expect(result.totals.amount).toBe('107.35');
  });

  it('bills a time-weighted level for the hours it was held, from the first reading', () => {
    const result = rate(
      aRequest({
        meters: { disk_gb: { aggregation: 'time_weighted_sum' } },
        events: [
          // Out of order: 10 GB from 2 March 12:00, 30 GB from 21 March 00:00 to the end.
          anEvent('disk_gb', '2026-03-21T00:00:00Z', { quantity: '30' }),
          anEvent('disk_gb', '2026-03-02T12:00:00Z', { quantity: '10' }),
        ],
      }),
      aPricingPolicy({ rules: [aPriceRule('disk_gb', perUnit('0.001'))] }),
    );
    // 10 x (18.5 days x 24 = 444 h) = 4440 GB-hours; 30 x (11 days x 24 = 264 h) = 7920.
    expect(result.lines.map((line) => [line.meter, line.quantity, line.amount])).toEqual([
      ['disk_gb', '12360', '12.36'],
    ]);
  });

  it('adds the events of a summed meter to its daily aggregates', () => {
    const result = rate(
      aRequest({
        usage: usageDays('api_calls', '100', 2, 2),
        events: [anEvent('api_calls', '2026-03-05T10:00:00Z', { quantity: '35' })],
      }),
      aPricingPolicy({ rules: [aPriceRule('api_calls', perUnit('0.01'))] }),
    );
    // (100 + 35) x 0.01
    expect(result.lines.map((line) => [line.quantity, line.amount])).toEqual([['135', '1.35']]);
  });
});

describe('errors', () => {
  const pricing = aPricingPolicy({
    rules: [aPriceRule('m1', perUnit('1.00')), aPriceRule('platform', flat('10.00'))],
  });

  it('names the usage that no pricing rule matches', () => {
    const request = aRequest({
      usage: [
        ...usageDays('m1', '10', 1, 1),
        ...usageDays('gpu_hours', '5', 1, 2), // $.usage[1] and [2], one line
      ],
    });
    const error = ratingErrorOf(() => rate(request, pricing));
    expect(error.issues).toEqual([
      {
        path: '$.usage[1]',
        message: 'no pricing rule of test-pricing v1 matches meter "gpu_hours"',
      },
    ]);
  });

  it('names the subscription that no pricing rule matches', () => {
    const request = aRequest({
      subscriptions: [aSubscription(), aSubscription({ id: 'sub-2', product: 'sso-addon' })],
    });
    const error = ratingErrorOf(() => rate(request, pricing));
    expect(error.issues).toEqual([
      {
        path: '$.subscriptions[1]',
        message: 'no pricing rule of test-pricing v1 matches product "sso-addon"',
      },
    ]);
  });

  it('says when no pricing policy is in the customer currency', () => {
    const request = aRequest({
      customer: aCustomer({ currency: 'EUR' }),
      usage: usageDays('m1', '10', 1, 1),
    });
    const error = ratingErrorOf(() => rate(request, pricing));
    expect(error.issues).toEqual([
      {
        path: '$.usage[0]',
        message: 'no pricing policy in EUR is effective on 2026-03-01T00:00:00Z for meter "m1"',
      },
    ]);
  });

  it('asks for the base amount of a percentage price', () => {
    const request = aRequest({ subscriptions: [aSubscription({ product: 'support' })] });
    const percentage = aPricingPolicy({
      rules: [aPriceRule('support', { model: 'percentage', percent: '18' })],
    });
    const error = ratingErrorOf(() => rate(request, percentage));
    expect(error.issues).toEqual([
      {
        path: '$.subscriptions[0].baseAmount',
        message: 'rule "support" of test-pricing v1 prices a percentage and needs a baseAmount',
      },
    ]);
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    [
      'a quantity given as a number',
      aRequest({
        usage: [{ meter: 'm1', date: '2026-03-01', quantity: 12.5 as unknown as string }],
      }),
      [
        {
          path: '$.usage[0].quantity',
          message: 'must be a decimal string such as "12.50", not a number',
        },
      ],
    ],
    [
      'usage dated after the period',
      aRequest({ usage: usageDays('m1', '10', 1, 1, { month: '2026-04' }) }),
      [
        {
          path: '$.usage[0].date',
          message:
            'must be inside the billing period (from 2026-03-01 to 2026-04-01, end excluded)',
        },
      ],
    ],
  ])('rejects a request with %s, naming the path', (_case, request, issues) => {
    const error = ratingErrorOf(() => rateInvoice({ request, policies: policySetOf(pricing) }));
    expect(error.issues).toEqual(issues);
  });

  it('rejects an invalid policy with its source and path, and loads none of the set', () => {
    const invalidTax = aTaxPolicy({ rules: [aTaxRule('Sales tax', { rate: '7,25' })] });
    const error = invalidPolicyErrorOf(() => policySetOf(pricing, invalidTax));
    expect(error.issues).toEqual([
      {
        source: 'test-tax',
        path: '$.rules[0].event.params.rate',
        message:
          'must be a decimal string such as "12.50" (digits, optional minus and decimal point; no exponent or separators)',
      },
    ]);
  });

  it('rates nothing from an invalid policy set', () => {
    const priceAsNumber = {
      ...pricing,
      rules: [
        {
          ...pricing.rules[0],
          event: { type: 'price', params: { model: 'per_unit', unitPrice: 1 } },
        },
      ],
    };
    const request = aRequest({ usage: usageDays('m1', '10', 1, 1) });
    const error = invalidPolicyErrorOf(() =>
      rateInvoice({
        request,
        policies: loadPolicySet([{ document: priceAsNumber, source: 'pricing.json' }]),
      }),
    );
    expect(error.issues).toEqual([
      {
        source: 'pricing.json',
        path: '$.rules[0].event.params.unitPrice',
        message: 'must be a decimal string such as "12.50", not a number',
      },
    ]);
  });

  it.each<[string, { key: string }[], { source: string; path: string; message: string }]>([
    [
      'a version given twice',
      [pricing, pricing],
      {
        source: 'test-pricing',
        path: '$.version',
        message: 'version 1 of "test-pricing" is given twice',
      },
    ],
    [
      'a key used by two kinds',
      [aPricingPolicy({ key: 'shared' }), aDiscountPolicy({ key: 'shared' })],
      { source: 'shared', path: '$.kind', message: 'key "shared" is already a pricing policy' },
    ],
  ])('rejects a policy set with %s', (_case, documents, issue) => {
    expect(invalidPolicyErrorOf(() => policySetOf(...documents)).issues).toEqual([issue]);
  });
});

// Bugs this suite found at 7459cdc or 66581c6, fixed in e28750c; kept as regression tests.
describe('regressions', () => {
  // Term 1 runs 1-14 March and the renewal from noon on 15 March: the renewal day belongs to the
  // term that starts during it, so 14/31 + 17/31 = 31/31 and a month of service costs exactly
  // the 31.00 monthly price (once 15.00 + 17.00 = 32.00, the 15th counted twice).
  it('charges exactly one month for a month of service when a term renews at noon', () => {
    const result = rate(
      aRequest({
        subscriptions: [
          aSubscription({ product: 'support', start: '2025-03-15T12:00:00Z', termMonths: 12 }),
        ],
      }),
      aPricingPolicy({
        effectiveFrom: '2025-01-01',
        rules: [aPriceRule('support', flat('31.00'))],
      }),
    );
    expect(amountsOf(result)).toEqual(['support: 14.00', 'support - renewal term 2: 17.00']);
    expect(result.totals.amount).toBe('31.00');
  });

  // 12.500 x 0.0042 = 0.0525 exactly; the explanation once read '0.052500...' as if it was cut,
  // because the unreduced denominator of 0.0525000 has 7 decimals.
  it('explains an exact amount without marking it as cut', () => {
    const result = rate(
      aRequest({ usage: usageDays('storage_gb', '12.500', 1, 1) }),
      aPricingPolicy({ rules: [aPriceRule('storage_gb', perUnit('0.0042'))] }),
    );
    expect(result.lines[0]?.trace[0]?.explanation).toBe('12.5 x 0.0042 = 0.0525');
  });

  // A unique_count line runs from the day of its first event to the day after its last one, like
  // every usage line (it once ended the day after its first event, 3 March).
  it('gives a unique_count line the interval from its first to its last event', () => {
    const result = rate(
      aRequest({
        meters: { active_users: { aggregation: 'unique_count', uniqueBy: 'userId' } },
        events: [
          anEvent('active_users', '2026-03-02T10:00:00Z', { dimensions: { userId: 'u1' } }),
          anEvent('active_users', '2026-03-20T10:00:00Z', { dimensions: { userId: 'u2' } }),
        ],
      }),
      aPricingPolicy({ rules: [aPriceRule('active_users', perUnit('2.00'))] }),
    );
    expect(result.lines[0]).toMatchObject({
      quantity: '2',
      amount: '4.00', // 2 users x 2.00
      periodStart: '2026-03-02T00:00:00Z',
      periodEnd: '2026-03-21T00:00:00Z',
    });
  });

  // A new pricing version that changes only another product's price (the platform fee) leaves
  // the usage whole: its tiers, free units and gauges count over the whole month. (It once split
  // every usage line at 16 March and priced each part as a line of its own.)
  describe('usage under a new version that leaves its price unchanged', () => {
    const versions = (rules: ReturnType<typeof aPriceRule>[]) => [
      aPricingPolicy({ rules: [...rules, aPriceRule('platform', flat('100.00'))] }),
      aPricingPolicy({
        version: 2,
        effectiveFrom: '2026-03-16',
        rules: [...rules, aPriceRule('platform', flat('120.00'))],
      }),
    ];

    // 3100 hours: 2000 x 0.10 + 1100 x 0.05 = 255.00 (split: 1500 x 0.10 + 1600 x 0.10 = 310.00)
    it('prices graduated tiers over the whole month', () => {
      const graduated = aPriceRule('vm_hours', {
        model: 'graduated',
        tiers: [
          { upTo: '2000', unitPrice: '0.10' },
          { upTo: null, unitPrice: '0.05' },
        ],
      });
      const result = rate(
        aRequest({ usage: usageDays('vm_hours', '100', 1, 31) }),
        ...versions([graduated]),
      );
      expect(result.totals.amount).toBe('255.00');
    });

    // 100 free of 3100: 3000 x 0.10 = 300.00 (split: 1400 x 0.10 + 1500 x 0.10 = 290.00)
    it('grants the free units once', () => {
      const withFreeUnits = aPriceRule('vm_hours', {
        model: 'per_unit',
        unitPrice: '0.10',
        freeUnits: '100',
      });
      const result = rate(
        aRequest({ usage: usageDays('vm_hours', '100', 1, 31) }),
        ...versions([withFreeUnits]),
      );
      expect(result.totals.amount).toBe('300.00');
    });

    // The latest seat count is 8 (20 March): 8 x 10.00 = 80.00 (split: 5 + 8 seats = 130.00)
    it('charges the latest value of a gauge once', () => {
      const result = rate(
        aRequest({
          meters: { seats: { aggregation: 'latest' } },
          events: [
            anEvent('seats', '2026-03-02T00:00:00Z', { quantity: '5' }),
            anEvent('seats', '2026-03-20T00:00:00Z', { quantity: '8' }),
          ],
        }),
        ...versions([aPriceRule('seats', perUnit('10.00'))]),
      );
      expect(result.totals.amount).toBe('80.00');
    });

    // u1 is one user: 1 x 2.00 = 2.00 (split: u1 before and after 16 March = 4.00)
    it('counts a unique value once', () => {
      const result = rate(
        aRequest({
          meters: { active_users: { aggregation: 'unique_count', uniqueBy: 'userId' } },
          events: [
            anEvent('active_users', '2026-03-03T00:00:00Z', { dimensions: { userId: 'u1' } }),
            anEvent('active_users', '2026-03-20T00:00:00Z', { dimensions: { userId: 'u1' } }),
          ],
        }),
        ...versions([aPriceRule('active_users', perUnit('2.00'))]),
      );
      expect(result.totals.amount).toBe('2.00');
    });
  });
});

// Each test below states the behaviour the README promises and fails today; un-skip it with the fix.
describe('a service shorter than a day', () => {
  // By day both ends move to the start of their UTC day, so intervals that meet always add up to
  // whole months; a service that starts and ends on the same day therefore uses no whole day.
  // The README says so and points to proration by second for such services.
  const sameDay = aRequest({
    subscriptions: [aSubscription({ start: '2026-03-20T08:00:00Z', end: '2026-03-20T18:00:00Z' })],
  });

  it('costs nothing when prorated by day', () => {
    const result = rate(
      sameDay,
      aPricingPolicy({ rules: [aPriceRule('platform', flat('31.00'))] }),
    );
    expect(amountsOf(result)).toEqual(['platform: 0.00']);
  });

  it('costs its seconds when prorated by second', () => {
    // 31.00 x 36000 s / 2678400 s (March) = 0.41666... -> 0.42
    const bySecond = { ...flat('31.00'), proration: 'second' as const };
    const result = rate(sameDay, aPricingPolicy({ rules: [aPriceRule('platform', bySecond)] }));
    expect(amountsOf(result)).toEqual(['platform: 0.42']);
  });
});
