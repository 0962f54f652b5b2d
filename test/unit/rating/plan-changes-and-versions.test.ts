// Credits for plan changes, discounts across policy versions, and usage split by a price change:
// the cases a review found wrong, with the amounts worked out by hand.
import { describe, expect, it } from 'vitest';
import { InvalidPolicyError, loadPolicySet } from '../../../server/rating/policy-set';
import { rateInvoice } from '../../../server/rating/rate-invoice';
import type { RatingRequest, RatingResult } from '../../../server/rating/types';
import {
  aDiscountPolicy,
  aDiscountRule,
  aPriceRule,
  aPricingPolicy,
  aRequest,
  aSubscription,
  allOf,
  errorOf,
  usageDays,
  when,
} from './builders';

function rate(request: RatingRequest, ...documents: unknown[]): RatingResult {
  const policies = loadPolicySet(documents.map((document) => ({ document })));
  return rateInvoice({ request, policies });
}

const flat = (amount: string) => ({ model: 'flat' as const, amount });
const april = { start: '2026-04-01', end: '2026-05-01' };
const basicToProOnApril16 = aRequest({
  period: april,
  subscriptions: [
    aSubscription({ product: 'basic', changes: [{ date: '2026-04-16', product: 'pro' }] }),
  ],
});
const basicAndPro = aPricingPolicy({
  rules: [aPriceRule('basic', flat('100.00')), aPriceRule('pro', flat('300.00'))],
});

describe('the credit for a plan change', () => {
  it('is priced by the rule that priced the charge it refunds', () => {
    // Rule "basic-recurring" (priority 10) prices the charge at 100.00; the lower "basic-any"
    // (80.00) would match a credit line too. Credit: 100 x 15/30 days = 50.00.
    const pricing = aPricingPolicy({
      rules: [
        aPriceRule(
          'basic-recurring',
          flat('100.00'),
          allOf(
            when('line', '$.product', 'equal', 'basic'),
            when('line', '$.kind', 'equal', 'recurring'),
          ),
          10,
        ),
        aPriceRule('basic-any', flat('80.00'), allOf(when('line', '$.product', 'equal', 'basic'))),
        aPriceRule('pro', flat('300.00')),
      ],
    });
    const result = rate(basicToProOnApril16, pricing);
    expect(result.lines.map((line) => line.amount)).toEqual(['100.00', '-50.00', '150.00']);
    expect(result.lines[1]!.trace[0]!.rule).toBe('basic-recurring');
  });

  it('gives back the same part of the discount the refunded charge got', () => {
    // 25.00 off basic: paid 75.00 for April. Half is unused: credit -50.00 + 12.50 = -37.50.
    const discounts = aDiscountPolicy({
      rules: [
        aDiscountRule(
          'Basic loyalty',
          { amount: '25.00' },
          allOf(when('line', '$.product', 'equal', 'basic')),
        ),
      ],
    });
    const result = rate(basicToProOnApril16, basicAndPro, discounts);
    expect(result.lines.map((line) => line.total)).toEqual(['75.00', '-37.50', '150.00']);
    expect(result.lines[1]!.discounts[0]!.amount).toBe('-12.50');
    expect(result.totals.total).toBe('187.50');
  });

  it('never lets an invoice discount take the invoice below zero', () => {
    // Lines 100.00, -50.00, 150.00 (200.00 in all). 10% of the charges is 25.00, capped at
    // 15.00 and shared 6.00 / 9.00; then 500.00 off takes what is left of the charges, 94.00 and
    // 141.00. The credit gives back half of basic's 6.00 + 94.00: 50.00. Total 0.00.
    const discounts = aDiscountPolicy({
      rules: [
        aDiscountRule(
          'Ten percent',
          { percent: '10', scope: 'invoice', cap: '15.00' },
          undefined,
          2,
        ),
        aDiscountRule('Goodwill', { amount: '500.00', scope: 'invoice' }),
      ],
    });
    const result = rate(basicToProOnApril16, basicAndPro, discounts);
    expect(result.lines.map((line) => line.discountAmount)).toEqual(['100.00', '-50.00', '150.00']);
    expect(result.totals).toMatchObject({ amount: '200.00', discount: '200.00', total: '0.00' });
  });
});

describe('a discount rule that is the same in two versions of its policy', () => {
  // Line A (from 1 March) falls under v1, line B (from 20 March) under v2.
  const twoSubscriptions = aRequest({
    subscriptions: [
      aSubscription({ id: 'a', product: 'basic' }),
      aSubscription({ id: 'b', product: 'basic', start: '2026-03-20' }),
    ],
  });
  const pricing = aPricingPolicy({ rules: [aPriceRule('basic', flat('100.00'))] });
  const versions = (rule: ReturnType<typeof aDiscountRule>) => [
    aDiscountPolicy({ effectiveFrom: '2020-01-01', rules: [rule] }),
    aDiscountPolicy({ version: 2, effectiveFrom: '2026-03-10', rules: [rule] }),
  ];

  it('takes an amount off the invoice once', () => {
    // 100.00 and 100 x 12/31 = 38.71; 10.00 shared: 7.21 and 2.79 (largest remainder)
    const rule = aDiscountRule('Ten off', { amount: '10.00', scope: 'invoice' });
    const result = rate(twoSubscriptions, pricing, ...versions(rule));
    expect(result.lines.map((line) => line.discountAmount)).toEqual(['7.21', '2.79']);
    expect(result.totals.discount).toBe('10.00');
  });

  it('keeps its cap for the whole invoice', () => {
    // 50% of 100.00 is 50.00, capped at 10.00; nothing of the cap is left for line B
    const rule = aDiscountRule('Half, at most ten', { percent: '50', cap: '10.00' });
    const result = rate(twoSubscriptions, pricing, ...versions(rule));
    expect(result.totals.discount).toBe('10.00');
  });
});

describe('usage split by a price change on 16 March', () => {
  const v2From16 = { version: 2, effectiveFrom: '2026-03-16' };

  it('counts free units and the minimum once over the period', () => {
    // 100 units on 2 March (v1) and 100 on 20 March (v2), 100 free, minimum 50.00.
    // Part 1: max(0 x 1.00, 50) = 50.00. Part 2: price(200) - price(100) under v2
    // = max(100 x 1.10, 50) - max(0, 50) = 110 - 50 = 60.00. In all 110.00.
    const rule = (unitPrice: string) =>
      aPriceRule('m', { model: 'per_unit', unitPrice, freeUnits: '100', minimum: '50.00' });
    const result = rate(
      aRequest({ usage: [...usageDays('m', '100', 2, 2), ...usageDays('m', '100', 20, 20)] }),
      aPricingPolicy({ rules: [rule('1.00')] }),
      aPricingPolicy({ ...v2From16, rules: [rule('1.10')] }),
    );
    expect(result.lines.map((line) => line.amount)).toEqual(['50.00', '60.00']);
  });

  it('continues the graduated tiers where the first part ended', () => {
    // 100 a day: 1500 units to 15 March at 0.10 = 150.00; then units 1500 to 3100 under v2:
    // (2000 x 0.12 + 1100 x 0.06) - 1500 x 0.12 = 306 - 180 = 126.00
    const tiers = (first: string, rest: string) =>
      aPriceRule('vm', {
        model: 'graduated',
        tiers: [
          { upTo: '2000', unitPrice: first },
          { upTo: null, unitPrice: rest },
        ],
      });
    const result = rate(
      aRequest({ usage: usageDays('vm', '100', 1, 31) }),
      aPricingPolicy({ rules: [tiers('0.10', '0.05')] }),
      aPricingPolicy({ ...v2From16, rules: [tiers('0.12', '0.06')] }),
    );
    expect(result.lines.map((line) => line.amount)).toEqual(['150.00', '126.00']);
    expect(result.lines[1]!.trace[0]!.explanation).toContain('units 1500 to 3100 of the period');
  });
});

describe('policy versions', () => {
  it('takes the higher version when two take effect on the same day', () => {
    const v1 = aPricingPolicy({ rules: [aPriceRule('m', { model: 'per_unit', unitPrice: '1' })] });
    const v2 = {
      ...v1,
      version: 2,
      rules: [aPriceRule('m', { model: 'per_unit', unitPrice: '2' })],
    };
    const result = rate(aRequest({ usage: usageDays('m', '20', 2, 2) }), v2, v1);
    expect(result.totals.amount).toBe('40.00');
  });

  it('refuses a later version that takes effect before an earlier one', () => {
    const v1 = aPricingPolicy({ rules: [aPriceRule('m', flat('1.00'))] });
    const v3 = { ...v1, version: 3, effectiveFrom: '2025-06-01' };
    const error = errorOf(() =>
      loadPolicySet([{ document: v1 }, { document: v3, source: 'v3.json' }]),
    );
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect((error as InvalidPolicyError).issues).toEqual([
      {
        source: 'v3.json',
        path: '$.effectiveFrom',
        message:
          'version 3 of "test-pricing" takes effect on 2025-06-01, before version 1 (2026-01-01)',
      },
    ]);
  });
});

describe('usage of a subscription', () => {
  it('is priced by its meter, not by the rule of the subscription plan', () => {
    // The plan rule comes first and matches line.product; usage lines have no product.
    const pricing = aPricingPolicy({
      rules: [
        aPriceRule('plan', flat('100.00'), allOf(when('line', '$.product', 'equal', 'sup'))),
        aPriceRule('u', { model: 'per_unit', unitPrice: '1.00' }),
      ],
    });
    const result = rate(
      aRequest({
        subscriptions: [aSubscription({ id: 's', product: 'sup' })],
        usage: usageDays('u', '10', 2, 2, { subscriptionId: 's' }),
      }),
      pricing,
    );
    expect(result.lines.map((line) => `${line.kind} ${line.amount}`)).toEqual([
      'recurring 100.00',
      'usage 10.00',
    ]);
  });
});
