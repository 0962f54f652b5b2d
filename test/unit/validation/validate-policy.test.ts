import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../server/rating/validation';
import type { Policy } from '../../../server/rating/types';
import {
  PRICE_PARAMS_OF_EVERY_MODEL,
  aDiscountParams,
  aDiscountPolicy,
  aDunningPolicy,
  aPricingPolicy,
  aPricingRule,
  aRule,
  aTaxParams,
  aTaxPolicy,
  withValueAt,
} from './builders';

const DECIMAL_FORMAT =
  'must be a decimal string such as "12.50" (digits, optional minus and decimal point; no exponent or separators)';

function issuesOf(document: unknown) {
  const outcome = validatePolicy(document);
  return outcome.ok ? [] : outcome.issues;
}

describe('validatePolicy: valid policies', () => {
  it.each<[string, Policy]>([
    ['pricing', aPricingPolicy()],
    [
      'pricing with every price model',
      aPricingPolicy({
        rules: PRICE_PARAMS_OF_EVERY_MODEL.map((params, index) =>
          aPricingRule(params, { name: `Model ${index}`, priority: index + 1 }),
        ),
      }),
    ],
    [
      'pricing with grandfathering',
      aPricingPolicy({ grandfatherExisting: true, existingFrom: '2026-07-01' }),
    ],
    ['discount', aDiscountPolicy()],
    ['tax', aTaxPolicy()],
    ['dunning', aDunningPolicy()],
  ])('accepts a %s policy and returns it', (_name, policy) => {
    expect(validatePolicy(policy)).toEqual({ ok: true, value: policy });
  });
});

describe('validatePolicy: decimals', () => {
  const unitPrice = ['rules', 0, 'event', 'params', 'tiers', 0, 'unitPrice'];
  const unitPricePath = '$.rules[0].event.params.tiers[0].unitPrice';

  it.each([
    [0.042, 'must be a decimal string such as "12.50", not a number'],
    [42, 'must be a decimal string such as "12.50", not a number'],
    ['1,5', DECIMAL_FORMAT],
    ['1e3', DECIMAL_FORMAT],
    ['NaN', DECIMAL_FORMAT],
    [' 1.5', DECIMAL_FORMAT],
    ['01.5', DECIMAL_FORMAT],
    ['1.', DECIMAL_FORMAT],
    ['-0.042', 'must not be negative'],
    [true, 'must be a decimal string such as "12.50", not true'],
  ])('rejects unitPrice %j', (value, message) => {
    expect(issuesOf(withValueAt(aPricingPolicy(), unitPrice, value))).toEqual([
      { path: unitPricePath, message },
    ]);
  });

  it.each([
    [
      ['tiers', 0, 'upTo'],
      100000,
      '$.rules[0].event.params.tiers[0].upTo',
      'must be a decimal string such as "12.50" or null, not a number',
    ],
    [
      ['tiers', 0, 'upTo'],
      '0',
      '$.rules[0].event.params.tiers[0].upTo',
      'must be greater than zero',
    ],
    [['freeUnits'], '-1', '$.rules[0].event.params.freeUnits', 'must not be negative'],
    [['commitment', 'amount'], '1e3', '$.rules[0].event.params.commitment.amount', DECIMAL_FORMAT],
  ])('rejects %j = %j', (at, value, path, message) => {
    const document = withValueAt(aPricingPolicy(), ['rules', 0, 'event', 'params', ...at], value);
    expect(issuesOf(document)).toEqual([{ path, message }]);
  });

  it('rejects a tax rate given as a number', () => {
    const document = withValueAt(aTaxPolicy(), ['rules', 0, 'event', 'params', 'rate'], 19);
    expect(issuesOf(document)).toEqual([
      {
        path: '$.rules[0].event.params.rate',
        message: 'must be a decimal string such as "12.50", not a number',
      },
    ]);
  });
});

describe('validatePolicy: schema errors', () => {
  it.each<[string, unknown, { path: string; message: string }[]]>([
    [
      'an unknown field in price params',
      withValueAt(aPricingPolicy(), ['rules', 0, 'event', 'params', 'colour'], 'blue'),
      [{ path: '$.rules[0].event.params.colour', message: 'unknown field "colour"' }],
    ],
    [
      'a field of another price model',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'unitPrice'], '1'),
      [{ path: '$.rules[1].event.params.unitPrice', message: 'unknown field "unitPrice"' }],
    ],
    [
      'an unknown top-level field',
      withValueAt(aPricingPolicy(), ['currencyCode'], 'USD'),
      [{ path: '$.currencyCode', message: 'unknown field "currencyCode"' }],
    ],
    [
      'an unknown operator',
      withValueAt(aPricingPolicy(), ['rules', 0, 'conditions', 'all', 0, 'operator'], 'equals'),
      [
        {
          path: '$.rules[0].conditions.all[0].operator',
          message:
            'must be one of "equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "in", "notIn", "contains", "doesNotContain"',
        },
      ],
    ],
    [
      'an unknown price model',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'model'], 'tiered'),
      [
        {
          path: '$.rules[1].event.params.model',
          message:
            'must be one of "flat", "per_unit", "package", "graduated", "volume", "percentage"',
        },
      ],
    ],
    [
      'a missing price model',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'model'], undefined),
      [{ path: '$.rules[1].event.params.model', message: 'is required' }],
    ],
    [
      'a missing field of the chosen model only',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'amount'], undefined),
      [{ path: '$.rules[1].event.params.amount', message: 'is required' }],
    ],
    [
      'an unknown kind',
      withValueAt(aPricingPolicy(), ['kind'], 'pricng'),
      [{ path: '$.kind', message: 'must be one of "pricing", "discount", "tax", "dunning"' }],
    ],
    ['a missing kind', {}, [{ path: '$.kind', message: 'is required' }]],
    ['not an object', [], [{ path: '$', message: 'must be an object, not a list' }]],
    [
      'the event type of another kind',
      withValueAt(aPricingPolicy(), ['rules', 0, 'event', 'type'], 'discount'),
      [{ path: '$.rules[0].event.type', message: 'must be "price"' }],
    ],
    [
      'an unknown dunning action',
      withValueAt(
        aDunningPolicy(),
        ['rules', 0, 'event', 'params', 'steps', 2, 'action'],
        'escalate',
      ),
      [
        {
          path: '$.rules[0].event.params.steps[2].action',
          message: 'must be one of "retryCharge", "remind", "flagDispute", "suspend", "writeOff"',
        },
      ],
    ],
    [
      'a dunning step missing its own fields',
      withValueAt(aDunningPolicy(), ['rules', 0, 'event', 'params', 'steps', 1], {
        action: 'remind',
      }),
      [
        { path: '$.rules[0].event.params.steps[1].everyHours', message: 'is required' },
        { path: '$.rules[0].event.params.steps[1].template', message: 'is required' },
      ],
    ],
    [
      'a field of another dunning action',
      withValueAt(aDunningPolicy(), ['rules', 0, 'event', 'params', 'steps', 2, 'everyHours'], 24),
      [
        {
          path: '$.rules[0].event.params.steps[2].everyHours',
          message: 'unknown field "everyHours"',
        },
      ],
    ],
    [
      'conditions without all, any or not',
      withValueAt(aPricingPolicy(), ['rules', 0, 'conditions'], {
        fact: 'line',
        operator: 'equal',
        value: 1,
      }),
      [
        {
          path: '$.rules[0].conditions',
          message: 'must have one of the fields "all", "any" or "not"',
        },
      ],
    ],
    [
      'a nested leaf missing its operator',
      withValueAt(aPricingPolicy(), ['rules', 0, 'conditions', 'all', 0, 'operator'], undefined),
      [{ path: '$.rules[0].conditions.all[0].operator', message: 'is required' }],
    ],
    [
      'a misspelt group inside conditions',
      withValueAt(aPricingPolicy(), ['rules', 0, 'conditions', 'all', 0], { alll: [] }),
      [
        { path: '$.rules[0].conditions.all[0].fact', message: 'is required' },
        { path: '$.rules[0].conditions.all[0].operator', message: 'is required' },
        { path: '$.rules[0].conditions.all[0].value', message: 'is required' },
        { path: '$.rules[0].conditions.all[0].alll', message: 'unknown field "alll"' },
      ],
    ],
    [
      'a malformed fact reference',
      withValueAt(aTaxPolicy(), ['rules', 1, 'conditions', 'all', 1, 'value', 'params'], {}),
      [{ path: '$.rules[1].conditions.all[1].value.params', message: 'unknown field "params"' }],
    ],
    [
      'a product listed twice',
      withValueAt(
        aDiscountPolicy(),
        ['rules', 1, 'event', 'params', 'products'],
        ['storage', 'storage'],
      ),
      [
        {
          path: '$.rules[1].event.params.products',
          message: 'must not repeat a value (entries 0 and 1 are the same)',
        },
      ],
    ],
    [
      'a priority of 0',
      withValueAt(aPricingPolicy(), ['rules', 0, 'priority'], 0),
      [{ path: '$.rules[0].priority', message: 'must be 1 or more' }],
    ],
    [
      'a version with decimals',
      withValueAt(aPricingPolicy(), ['version'], 1.5),
      [{ path: '$.version', message: 'must be a whole number, not a number' }],
    ],
    [
      'an upper-case key',
      withValueAt(aPricingPolicy(), ['key'], 'SaaS'),
      [
        {
          path: '$.key',
          message:
            'must be lower-case letters, digits and dashes, starting with a letter or digit, such as "saas-pricing"',
        },
      ],
    ],
    [
      'a lower-case currency',
      withValueAt(aPricingPolicy(), ['currency'], 'usd'),
      [
        {
          path: '$.currency',
          message: 'must be a three-letter currency code in capitals such as "USD"',
        },
      ],
    ],
    [
      'an instant without time zone',
      withValueAt(aPricingPolicy(), ['effectiveFrom'], '2026-03-01T00:00:00'),
      [
        {
          path: '$.effectiveFrom',
          message:
            'must be a date such as "2026-03-01" or a date-time with a time zone such as "2026-03-01T09:30:00Z"',
        },
      ],
    ],
    [
      'a day that does not exist',
      withValueAt(aPricingPolicy(), ['effectiveFrom'], '2026-02-29'),
      [
        {
          path: '$.effectiveFrom',
          message: 'is not a real date or time (check the day of the month and the hours)',
        },
      ],
    ],
    [
      'an unknown rounding mode',
      withValueAt(aPricingPolicy(), ['rounding'], 'HALF_DOWN'),
      [{ path: '$.rounding', message: 'must be one of "HALF_UP", "HALF_EVEN"' }],
    ],
    [
      'an empty tier list',
      withValueAt(aPricingPolicy(), ['rules', 0, 'event', 'params', 'tiers'], []),
      [{ path: '$.rules[0].event.params.tiers', message: 'must not be empty' }],
    ],
  ])('reports %s', (_name, document, expected) => {
    expect(issuesOf(document)).toEqual(expected);
  });
});

describe('validatePolicy: semantic checks', () => {
  const pricingParams = ['rules', 0, 'event', 'params'];
  const discountParams = ['rules', 0, 'event', 'params'];

  it.each<[string, unknown, { path: string; message: string }[]]>([
    [
      'an unknown currency',
      aPricingPolicy({ currency: 'XYZ' }),
      [
        {
          path: '$.currency',
          message: 'unknown currency "XYZ": expected an active ISO 4217 code such as "USD"',
        },
      ],
    ],
    [
      'duplicate rule names',
      withValueAt(aPricingPolicy(), ['rules', 1, 'name'], 'API calls'),
      [
        {
          path: '$.rules[1].name',
          message:
            'duplicate rule name "API calls" (also $.rules[0].name): rule names must be unique within a policy',
        },
      ],
    ],
    [
      'tiers not in ascending order',
      withValueAt(aPricingPolicy(), [...pricingParams, 'tiers', 1, 'upTo'], '100000.0'),
      [
        {
          path: '$.rules[0].event.params.tiers[1].upTo',
          message: 'must be greater than the previous tier\'s upTo "100000"',
        },
      ],
    ],
    [
      'an open-ended tier that is not last',
      withValueAt(aPricingPolicy(), [...pricingParams, 'tiers', 1, 'upTo'], null),
      [
        {
          path: '$.rules[0].event.params.tiers[1].upTo',
          message: 'only the last tier can be open-ended (upTo null)',
        },
      ],
    ],
    [
      'no open-ended tier',
      withValueAt(aPricingPolicy(), [...pricingParams, 'tiers', 2, 'upTo'], '5000000'),
      [
        {
          path: '$.rules[0].event.params.tiers[2].upTo',
          message:
            'the last tier must be open-ended: set upTo to null so every quantity has a price',
        },
      ],
    ],
    [
      'a volume price with a bounded last tier',
      aPricingPolicy({
        rules: [aPricingRule({ model: 'volume', tiers: [{ upTo: '10', unitPrice: '1' }] })],
      }),
      [
        {
          path: '$.rules[0].event.params.tiers[0].upTo',
          message:
            'the last tier must be open-ended: set upTo to null so every quantity has a price',
        },
      ],
    ],
    [
      'a package size of zero',
      aPricingPolicy({
        rules: [aPricingRule({ model: 'package', packageSize: '0', packagePrice: '10' })],
      }),
      [{ path: '$.rules[0].event.params.packageSize', message: 'must be greater than zero' }],
    ],
    [
      'a negative minimum',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'minimum'], '-5'),
      [{ path: '$.rules[1].event.params.minimum', message: 'must not be negative' }],
    ],
    [
      'a negative price',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'amount'], '-49.00'),
      [{ path: '$.rules[1].event.params.amount', message: 'must not be negative' }],
    ],
    [
      'commitment amounts that disagree within a group',
      withValueAt(aPricingPolicy(), ['rules', 1, 'event', 'params', 'commitment'], {
        group: 'platform',
        amount: '2000.00',
      }),
      [
        {
          path: '$.rules[1].event.params.commitment.amount',
          message:
            'commitment group "platform" has amount "1000.00" at $.rules[0].event.params.commitment.amount: every rule of a group must commit the same amount',
        },
      ],
    ],
    [
      'existingFrom without grandfathering',
      aPricingPolicy({ existingFrom: '2026-07-01' }),
      [{ path: '$.existingFrom', message: 'only applies with "grandfatherExisting": true' }],
    ],
    [
      'nothing when existingFrom looks earlier but is later in UTC',
      aPricingPolicy({ grandfatherExisting: true, existingFrom: '2025-12-31T23:00:00-02:00' }),
      [],
    ],
    [
      'existingFrom before effectiveFrom, by its time zone',
      aPricingPolicy({ grandfatherExisting: true, existingFrom: '2025-12-31T23:00:00Z' }),
      [{ path: '$.existingFrom', message: 'must not be before effectiveFrom (2026-01-01)' }],
    ],
    [
      'a discount with both percent and amount',
      withValueAt(aDiscountPolicy(), [...discountParams, 'amount'], '10.00'),
      [
        {
          path: '$.rules[0].event.params.amount',
          message: 'set either percent or amount, not both',
        },
      ],
    ],
    [
      'a discount with neither percent nor amount',
      withValueAt(aDiscountPolicy(), [...discountParams, 'percent'], undefined),
      [{ path: '$.rules[0].event.params', message: 'must have either "percent" or "amount"' }],
    ],
    [
      'a discount of more than 100 percent',
      withValueAt(aDiscountPolicy(), [...discountParams, 'percent'], '100.01'),
      [{ path: '$.rules[0].event.params.percent', message: 'must be at most 100' }],
    ],
    [
      'a discount of 0 percent',
      withValueAt(aDiscountPolicy(), [...discountParams, 'percent'], '0'),
      [{ path: '$.rules[0].event.params.percent', message: 'must be greater than zero' }],
    ],
    [
      'a discount valid until before it is valid from',
      withValueAt(
        aDiscountPolicy(),
        [...discountParams, 'validUntil'],
        '2026-01-01T00:00:00+00:00',
      ),
      [
        {
          path: '$.rules[0].event.params.validUntil',
          message: 'must be after validFrom (2026-01-01)',
        },
      ],
    ],
    [
      'product scope without products',
      withValueAt(aDiscountPolicy(), ['rules', 1, 'event', 'params', 'products'], []),
      [
        {
          path: '$.rules[1].event.params.products',
          message: 'must list at least one product or meter for scope "product"',
        },
      ],
    ],
    [
      'products on another scope',
      withValueAt(aDiscountPolicy(), [...discountParams, 'products'], ['storage']),
      [
        {
          path: '$.rules[0].event.params.products',
          message: 'only applies to scope "product", not "line": remove it or change the scope',
        },
      ],
    ],
    [
      'a fixed amount without currency',
      aDiscountPolicy({ currency: undefined }),
      [
        {
          path: '$.currency',
          message: 'is required because $.rules[0].event.params.cap is a fixed amount',
        },
      ],
    ],
    [
      'nothing for percent discounts without currency',
      aDiscountPolicy({
        currency: undefined,
        rules: [aRule({ type: 'discount' as const, params: aDiscountParams() })],
      }),
      [],
    ],
    [
      'a tax rate of 100',
      withValueAt(aTaxPolicy(), ['rules', 0, 'event', 'params', 'rate'], '100'),
      [{ path: '$.rules[0].event.params.rate', message: 'must be below 100 (percent)' }],
    ],
    [
      'a tax that is both exempt and reverse charge',
      withValueAt(aTaxPolicy(), ['rules', 1, 'event', 'params', 'exempt'], true),
      [
        {
          path: '$.rules[1].event.params.reverseCharge',
          message: 'cannot be combined with "exempt": a line is either exempt or reverse charged',
        },
      ],
    ],
    [
      'a dunning rule repeating an action',
      withValueAt(aDunningPolicy(), ['rules', 0, 'event', 'params', 'steps', 4], {
        action: 'remind',
        everyHours: 24,
        template: 'final-notice',
      }),
      [
        {
          path: '$.rules[0].event.params.steps[4].action',
          message:
            'duplicate step "remind" (also $.rules[0].event.params.steps[1].action): each action may appear once per rule',
        },
      ],
    ],
  ])('reports %s', (_name, document, expected) => {
    expect(issuesOf(document)).toEqual(expected);
  });
});

describe('validatePolicy: facts in conditions', () => {
  const RATING_FACTS = '"customer", "line", "subscription", "period", "date", "promoCodes"';

  it.each<[string, unknown, { path: string; message: string }[]]>([
    [
      'an unknown fact in a pricing rule',
      withValueAt(aPricingPolicy(), ['rules', 0, 'conditions', 'all', 0, 'fact'], 'meter'),
      [
        {
          path: '$.rules[0].conditions.all[0].fact',
          message: `unknown fact "meter": pricing rules can use ${RATING_FACTS}`,
        },
      ],
    ],
    [
      'an unknown fact under not, inside any',
      withValueAt(
        aPricingPolicy(),
        ['rules', 1, 'conditions', 'any', 1, 'not', 'fact'],
        'Customer',
      ),
      [
        {
          path: '$.rules[1].conditions.any[1].not.fact',
          message: `unknown fact "Customer": pricing rules can use ${RATING_FACTS}`,
        },
      ],
    ],
    [
      'an unknown fact in a fact-to-fact comparison',
      withValueAt(aTaxPolicy(), ['rules', 1, 'conditions', 'all', 1, 'value', 'fact'], 'invoice'),
      [
        {
          path: '$.rules[1].conditions.all[1].value.fact',
          message: `unknown fact "invoice": tax rules can use ${RATING_FACTS}`,
        },
      ],
    ],
    [
      'a rating fact in a dunning rule',
      withValueAt(aDunningPolicy(), ['rules', 0, 'conditions', 'all', 0, 'fact'], 'line'),
      [
        {
          path: '$.rules[0].conditions.all[0].fact',
          message: 'unknown fact "line": dunning rules can use "customer", "invoice", "date"',
        },
      ],
    ],
    [
      'an unknown fact in a discount rule',
      withValueAt(aDiscountPolicy(), ['rules', 0, 'conditions', 'all', 0, 'fact'], 'promoCode'),
      [
        {
          path: '$.rules[0].conditions.all[0].fact',
          message: `unknown fact "promoCode": discount rules can use ${RATING_FACTS}`,
        },
      ],
    ],
    [
      'a fact path without $',
      withValueAt(aPricingPolicy(), ['rules', 0, 'conditions', 'all', 0, 'path'], 'meter'),
      [
        {
          path: '$.rules[0].conditions.all[0].path',
          message: 'must be a JSONPath starting with "$", such as "$.country"',
        },
      ],
    ],
    [
      'a fact reference path without $',
      withValueAt(aTaxPolicy(), ['rules', 1, 'conditions', 'all', 1, 'value', 'path'], 'currency'),
      [
        {
          path: '$.rules[1].conditions.all[1].value.path',
          message: 'must be a JSONPath starting with "$", such as "$.country"',
        },
      ],
    ],
    [
      'operator in with a single value',
      withValueAt(
        aPricingPolicy(),
        ['rules', 1, 'conditions', 'any', 1, 'not', 'value'],
        'internal',
      ),
      [
        {
          path: '$.rules[1].conditions.any[1].not.value',
          message: 'must be a list for operator "in", such as ["DE", "FR"]',
        },
      ],
    ],
  ])('reports %s', (_name, document, expected) => {
    expect(issuesOf(document)).toEqual(expected);
  });
});

describe('validatePolicy: several errors', () => {
  it('reports schema and semantic errors of one policy together', () => {
    const policy = aPricingPolicy({
      currency: 'XYZ',
      rules: [
        aPricingRule(
          {
            model: 'graduated',
            tiers: [
              { upTo: '1000', unitPrice: 0.042 as unknown as string },
              { upTo: '500', unitPrice: '0.03' },
              { upTo: null, unitPrice: '1,5' },
            ],
          },
          {
            name: 'Calls',
            conditions: { all: [{ fact: 'meter', operator: 'equal', value: 'x' }] },
          },
        ),
        aPricingRule({ model: 'flat', amount: '1' }, { name: 'Calls', priority: 0 }),
      ],
    });
    expect(issuesOf(withValueAt(policy, ['rules', 1, 'event', 'params', 'colour'], 'red'))).toEqual(
      [
        {
          path: '$.rules[0].event.params.tiers[0].unitPrice',
          message: 'must be a decimal string such as "12.50", not a number',
        },
        { path: '$.rules[0].event.params.tiers[2].unitPrice', message: DECIMAL_FORMAT },
        { path: '$.rules[1].priority', message: 'must be 1 or more' },
        { path: '$.rules[1].event.params.colour', message: 'unknown field "colour"' },
        {
          path: '$.rules[1].name',
          message:
            'duplicate rule name "Calls" (also $.rules[0].name): rule names must be unique within a policy',
        },
        {
          path: '$.rules[0].conditions.all[0].fact',
          message:
            'unknown fact "meter": pricing rules can use "customer", "line", "subscription", "period", "date", "promoCodes"',
        },
        {
          path: '$.currency',
          message: 'unknown currency "XYZ": expected an active ISO 4217 code such as "USD"',
        },
        {
          path: '$.rules[0].event.params.tiers[1].upTo',
          message: 'must be greater than the previous tier\'s upTo "1000"',
        },
      ],
    );
  });

  it.each([
    ['rules is not a list', ['rules'], 'all'],
    ['a rule is not an object', ['rules', 0], 'rule'],
    ['an event is not an object', ['rules', 0, 'event'], 'price'],
    ['params is a list', ['rules', 0, 'event', 'params'], []],
    ['tiers is an object', ['rules', 0, 'event', 'params', 'tiers'], {}],
    ['a tier is a string', ['rules', 0, 'event', 'params', 'tiers', 1], 'x'],
    ['conditions is a string', ['rules', 0, 'conditions'], 'always'],
    ['a group is not a list', ['rules', 0, 'conditions', 'all'], { fact: 'line' }],
    ['a condition is null', ['rules', 0, 'conditions', 'all', 0], null],
    ['a commitment is a string', ['rules', 0, 'event', 'params', 'commitment'], 'platform'],
  ])('reports without crashing when %s', (_name, at, value) => {
    const outcome = validatePolicy(withValueAt(aPricingPolicy(), at, value));
    expect(outcome.ok).toBe(false);
  });

  it.each([
    ['discount', aDiscountPolicy(), ['rules', 0, 'event', 'params'], 'x'],
    ['tax', aTaxPolicy(), ['rules', 0, 'event', 'params'], null],
    ['dunning', aDunningPolicy(), ['rules', 0, 'event', 'params', 'steps'], 'remind'],
    ['dunning', aDunningPolicy(), ['rules', 0, 'event', 'params', 'steps', 0], 7],
  ])('reports a malformed %s policy without crashing', (_kind, policy, at, value) => {
    expect(validatePolicy(withValueAt(policy, at, value)).ok).toBe(false);
  });

  it('validates tax params built by the builder', () => {
    expect(
      validatePolicy(aTaxPolicy({ rules: [aRule({ type: 'tax' as const, params: aTaxParams() })] }))
        .ok,
    ).toBe(true);
  });
});
