// Fixture builders for validation tests: valid documents, with overrides for the case at hand.
import type {
  Customer,
  DiscountParams,
  DiscountPolicy,
  DunningPolicy,
  DunningStep,
  OverdueInvoice,
  PriceEvent,
  PriceParams,
  PricingPolicy,
  RatingRequest,
  RatingResult,
  Rule,
  Subscription,
  TaxParams,
  TaxPolicy,
  TopLevelCondition,
} from '../../../server/rating/types';

type PathSegment = string | number;

/** A deep copy of the document with the value at the path replaced (or removed, for undefined). */
export function withValueAt<T>(document: T, path: readonly PathSegment[], value: unknown): unknown {
  const copy = structuredClone(document) as unknown;
  let parent = copy as Record<PathSegment, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<PathSegment, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

export const anyLine: TopLevelCondition = { all: [] };

export function aRule<Event>(event: Event, overrides: Partial<Rule<Event>> = {}): Rule<Event> {
  return { name: 'Rule', priority: 1, conditions: anyLine, event, ...overrides };
}

export function aPricingRule(
  params: PriceParams,
  overrides: Partial<Rule<PriceEvent>> = {},
): Rule<PriceEvent> {
  return aRule<PriceEvent>({ type: 'price', params }, overrides);
}

export function aPricingPolicy(overrides: Partial<PricingPolicy> = {}): PricingPolicy {
  return {
    key: 'saas-pricing',
    kind: 'pricing',
    version: 3,
    effectiveFrom: '2026-01-01',
    description: 'API calls get cheaper with volume.',
    rounding: 'HALF_UP',
    currency: 'USD',
    rules: [
      aPricingRule(
        {
          model: 'graduated',
          label: 'API calls',
          freeUnits: '1000',
          tiers: [
            { upTo: '100000', unitPrice: '0.042' },
            { upTo: '1000000', unitPrice: '0.03', flatFee: '5.00' },
            { upTo: null, unitPrice: '0.02' },
          ],
          commitment: { group: 'platform', amount: '1000.00' },
        },
        {
          name: 'API calls',
          priority: 10,
          conditions: {
            all: [{ fact: 'line', path: '$.meter', operator: 'equal', value: 'api-calls' }],
          },
        },
      ),
      aPricingRule(
        { model: 'flat', amount: '49.00', proration: 'day', per: 'month' },
        {
          name: 'Pro plan',
          conditions: {
            any: [
              { fact: 'line', path: '$.product', operator: 'equal', value: 'pro-plan' },
              { not: { fact: 'customer', path: '$.segment', operator: 'in', value: ['internal'] } },
            ],
          },
        },
      ),
    ],
    ...overrides,
  };
}

/** One pricing rule per price model, all valid. */
export const PRICE_PARAMS_OF_EVERY_MODEL: PriceParams[] = [
  { model: 'flat', amount: '49.00' },
  { model: 'per_unit', unitPrice: '0.042', minimum: '10.00', freeUnits: '0' },
  { model: 'package', packageSize: '1000', packagePrice: '10.00' },
  {
    model: 'graduated',
    tiers: [
      { upTo: '10', unitPrice: '1' },
      { upTo: null, unitPrice: '0.5' },
    ],
  },
  { model: 'volume', tiers: [{ upTo: null, unitPrice: '0.5', flatFee: '0' }] },
  { model: 'percentage', percent: '20', label: 'Support, 20% of list price' },
];

export function aDiscountParams(overrides: Partial<DiscountParams> = {}): DiscountParams {
  return { label: 'Launch promotion', percent: '20', scope: 'line', ...overrides };
}

export function aDiscountPolicy(overrides: Partial<DiscountPolicy> = {}): DiscountPolicy {
  return {
    key: 'promotions',
    kind: 'discount',
    version: 1,
    effectiveFrom: '2026-01-01',
    currency: 'USD',
    rules: [
      aRule(
        {
          type: 'discount' as const,
          params: aDiscountParams({
            code: 'LAUNCH20',
            validFrom: '2026-01-01',
            validUntil: '2026-04-01T00:00:00Z',
            cap: '500.00',
            stackable: false,
          }),
        },
        {
          name: 'Launch promotion',
          priority: 20,
          conditions: { all: [{ fact: 'promoCodes', operator: 'contains', value: 'LAUNCH20' }] },
        },
      ),
      aRule(
        {
          type: 'discount' as const,
          params: {
            label: 'Storage credit',
            amount: '25.00',
            scope: 'product',
            products: ['storage'],
          },
        },
        { name: 'Storage credit' },
      ),
    ],
    ...overrides,
  };
}

export function aTaxParams(overrides: Partial<TaxParams> = {}): TaxParams {
  return { name: 'VAT', rate: '19', jurisdiction: 'DE', ...overrides };
}

export function aTaxPolicy(overrides: Partial<TaxPolicy> = {}): TaxPolicy {
  return {
    key: 'eu-vat',
    kind: 'tax',
    version: 2,
    effectiveFrom: '2026-01-01T00:00:00+01:00',
    rounding: 'HALF_EVEN',
    rules: [
      aRule(
        { type: 'tax' as const, params: aTaxParams({ inclusive: false }) },
        {
          name: 'German VAT',
          conditions: {
            all: [
              { fact: 'customer', path: '$.country', operator: 'equal', value: 'DE' },
              { fact: 'customer', path: '$.taxExempt', operator: 'notEqual', value: true },
            ],
          },
        },
      ),
      aRule(
        {
          type: 'tax' as const,
          params: aTaxParams({
            jurisdiction: 'EU',
            rate: '0',
            reverseCharge: true,
            note: 'Reverse charge, Art. 196 VAT Directive',
          }),
        },
        {
          name: 'EU reverse charge',
          conditions: {
            all: [
              { fact: 'customer', path: '$.type', operator: 'equal', value: 'business' },
              {
                fact: 'customer',
                path: '$.currency',
                operator: 'equal',
                value: { fact: 'line', path: '$.dimensions.currency' },
              },
            ],
          },
        },
      ),
      aRule(
        {
          type: 'tax' as const,
          params: aTaxParams({
            name: 'Sales tax',
            jurisdiction: 'US-CA',
            rate: '7.25',
            exempt: true,
          }),
        },
        {
          name: 'California exempt',
          conditions: {
            all: [{ fact: 'customer', path: '$.taxExempt', operator: 'equal', value: true }],
          },
        },
      ),
    ],
    ...overrides,
  };
}

export const STEPS_OF_EVERY_ACTION: DunningStep[] = [
  { action: 'retryCharge', maxAttempts: 4, intervalHours: 72 },
  { action: 'remind', everyHours: 168, template: 'dunning-reminder', maxCount: 3 },
  { action: 'flagDispute', afterDays: 30 },
  { action: 'suspend', afterDays: 45 },
  { action: 'writeOff', afterDays: 180 },
];

export function aDunningPolicy(overrides: Partial<DunningPolicy> = {}): DunningPolicy {
  return {
    key: 'standard-dunning',
    kind: 'dunning',
    version: 1,
    effectiveFrom: '2026-01-01',
    retention: { invoiceYears: 10 },
    rules: [
      aRule(
        { type: 'dunning' as const, params: { steps: STEPS_OF_EVERY_ACTION } },
        {
          name: 'Undisputed invoices',
          conditions: {
            all: [
              { fact: 'invoice', path: '$.disputed', operator: 'equal', value: false },
              { fact: 'invoice', path: '$.daysOverdue', operator: 'greaterThan', value: 0 },
            ],
          },
        },
      ),
    ],
    ...overrides,
  };
}

export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'cus_1',
    segment: 'enterprise',
    country: 'DE',
    region: 'DE-BE',
    currency: 'EUR',
    taxExempt: false,
    taxId: 'DE123456789',
    type: 'business',
    attributes: { partner: true },
    ...overrides,
  };
}

export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_1',
    product: 'pro-plan',
    sku: 'PRO-MONTHLY',
    type: 'recurring',
    quantity: '25',
    start: '2026-01-15',
    termMonths: 12,
    autoRenew: true,
    ...overrides,
  };
}

/** A one-time purchase: billed once, at its start, so it has no term, renewal or plan changes. */
export function aOneTimeSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_2',
    product: 'hardware-support',
    type: 'one_time',
    start: '2026-03-05',
    ...overrides,
  };
}

export function aRatingRequest(overrides: Partial<RatingRequest> = {}): RatingRequest {
  return {
    customer: aCustomer(),
    period: { start: '2026-03-01', end: '2026-04-01' },
    asOf: '2026-04-01T02:00:00Z',
    promoCodes: ['LAUNCH20'],
    subscriptions: [
      aSubscription({
        changes: [
          { date: '2026-03-10', quantity: '30' },
          { date: '2026-03-20T12:00:00Z', product: 'business-plan' },
        ],
      }),
      aOneTimeSubscription({ baseAmount: '12000.00' }),
    ],
    usage: [
      { meter: 'api-calls', date: '2026-03-01', quantity: '125000', subscriptionId: 'sub_1' },
      {
        meter: 'storage',
        date: '2026-03-31',
        quantity: '0.5',
        dimensions: { region: 'eu-west-1' },
      },
    ],
    events: [
      {
        id: 'evt_1',
        meter: 'active-users',
        timestamp: '2026-03-02T10:00:00Z',
        dimensions: { userId: 'u1' },
      },
      {
        id: 'evt_2',
        meter: 'api-calls',
        timestamp: '2026-03-31T23:59:59.999Z',
        quantity: '3',
        subscriptionId: 'sub_1',
      },
    ],
    meters: {
      'active-users': { aggregation: 'unique_count', uniqueBy: 'userId' },
      'api-calls': { aggregation: 'sum' },
    },
    ...overrides,
  };
}

export function anOverdueInvoice(overrides: Partial<OverdueInvoice> = {}): OverdueInvoice {
  return {
    invoiceId: 'inv_2026_0042',
    customer: aCustomer(),
    amountDue: '1250.50',
    currency: 'EUR',
    issuedAt: '2026-03-01',
    dueAt: '2026-03-15',
    failedAttempts: 1,
    lastAttemptAt: '2026-03-16T09:00:00Z',
    remindersSent: 0,
    disputed: false,
    suspended: false,
    ...overrides,
  };
}

export function aRatingResult(overrides: Partial<RatingResult> = {}): RatingResult {
  const policy = { key: 'saas-pricing', version: 3 };
  return {
    customerId: 'cus_1',
    currency: 'EUR',
    period: { start: '2026-03-01', end: '2026-04-01' },
    asOf: '2026-04-01T02:00:00Z',
    lines: [
      {
        id: 'line_1',
        kind: 'usage',
        description: 'API calls',
        meter: 'api-calls',
        dimensions: { region: 'eu-west-1' },
        quantity: '125000',
        periodStart: '2026-03-01',
        periodEnd: '2026-04-01',
        amount: '4150.00',
        discounts: [
          {
            label: 'Launch promotion',
            amount: '500.00',
            policy: { key: 'promotions', version: 1 },
            rule: 'Launch promotion',
          },
        ],
        discountAmount: '500.00',
        netAmount: '3650.00',
        taxes: [
          {
            name: 'VAT',
            jurisdiction: 'DE',
            rate: '19',
            inclusive: false,
            amount: '693.50',
            policy: { key: 'eu-vat', version: 2 },
            rule: 'German VAT',
          },
        ],
        taxAmount: '693.50',
        total: '4343.50',
        trace: [
          {
            step: 'price',
            policy,
            rule: 'API calls',
            model: 'graduated',
            inputs: { quantity: '125000' },
            result: '4150',
            explanation: '99,000 calls at 0.042 plus 25,000 calls at 0.03 plus 5.00',
          },
        ],
      },
    ],
    totals: {
      amount: '4150.00',
      discount: '500.00',
      net: '3650.00',
      tax: '693.50',
      total: '4343.50',
    },
    taxSummary: [
      { name: 'VAT', jurisdiction: 'DE', rate: '19', base: '3650.00', amount: '693.50' },
    ],
    notes: [],
    warnings: [],
    policies: [policy, { key: 'promotions', version: 1 }, { key: 'eu-vat', version: 2 }],
    ...overrides,
  };
}
