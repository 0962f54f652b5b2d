// Fixture builders for the rating tests: small valid documents with overrides for the case at
// hand, so that a test shows only what matters to it (`aCustomer({ country: 'DE' })`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadPolicySet,
  type PolicySet,
  type PolicySource,
} from '../../../server/rating/policy-set';
import type {
  Condition,
  Customer,
  DiscountEvent,
  DiscountParams,
  DiscountPolicy,
  LeafCondition,
  Operator,
  OverdueInvoice,
  PriceEvent,
  PriceParams,
  PricingPolicy,
  RatingRequest,
  Rule,
  Subscription,
  TaxEvent,
  TaxParams,
  TaxPolicy,
  TopLevelCondition,
  UsageAggregate,
  UsageEvent,
} from '../../../server/rating/types';

// ------------------------------------------------------------------------------ conditions

/** Every line: a rule without conditions. */
export const anyLine: TopLevelCondition = { all: [] };

/** One leaf condition: `when('customer', '$.country', 'equal', 'DE')`. */
export function when(
  fact: string,
  path: string,
  operator: Operator,
  value: unknown,
): LeafCondition {
  return { fact, path, operator, value };
}

export function allOf(...conditions: Condition[]): TopLevelCondition {
  return { all: conditions };
}

/** The line is for this product (subscription) or this meter (usage). */
export function forProductOrMeter(name: string): TopLevelCondition {
  return {
    any: [when('line', '$.product', 'equal', name), when('line', '$.meter', 'equal', name)],
  };
}

// ------------------------------------------------------------------------------ pricing

/** A pricing rule for the product or meter `name`, unless other conditions are given. */
export function aPriceRule(
  name: string,
  params: PriceParams,
  conditions: TopLevelCondition = forProductOrMeter(name),
  priority = 1,
): Rule<PriceEvent> {
  return { name, priority, conditions, event: { type: 'price', params } };
}

export function aPricingPolicy(overrides: Partial<PricingPolicy> = {}): PricingPolicy {
  return {
    key: 'test-pricing',
    kind: 'pricing',
    version: 1,
    currency: 'USD',
    effectiveFrom: '2026-01-01',
    rounding: 'HALF_UP',
    rules: [],
    ...overrides,
  };
}

// ------------------------------------------------------------------------------ discounts

/** A line discount labelled with its name; `params` adds the percent or amount and the rest. */
export function aDiscountRule(
  name: string,
  params: Partial<DiscountParams>,
  conditions: TopLevelCondition = anyLine,
  priority = 1,
): Rule<DiscountEvent> {
  return {
    name,
    priority,
    conditions,
    event: { type: 'discount', params: { label: name, scope: 'line', ...params } },
  };
}

export function aDiscountPolicy(overrides: Partial<DiscountPolicy> = {}): DiscountPolicy {
  return {
    key: 'test-discounts',
    kind: 'discount',
    version: 1,
    currency: 'USD',
    effectiveFrom: '2026-01-01',
    rounding: 'HALF_UP',
    rules: [],
    ...overrides,
  };
}

// ------------------------------------------------------------------------------ tax

/** A tax named after the rule; `params` gives at least the rate. */
export function aTaxRule(
  name: string,
  params: Partial<TaxParams> & Pick<TaxParams, 'rate'>,
  conditions: TopLevelCondition = anyLine,
  priority = 1,
): Rule<TaxEvent> {
  return {
    name,
    priority,
    conditions,
    event: { type: 'tax', params: { name, jurisdiction: 'US-WA', ...params } },
  };
}

export function aTaxPolicy(overrides: Partial<TaxPolicy> = {}): TaxPolicy {
  return {
    key: 'test-tax',
    kind: 'tax',
    version: 1,
    effectiveFrom: '2026-01-01',
    rounding: 'HALF_UP',
    rules: [],
    ...overrides,
  };
}

// ------------------------------------------------------------------------------ requests

/** A business customer in Washington state, billed in US dollars. */
export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'cus-test',
    segment: 'standard',
    country: 'US',
    region: 'WA',
    currency: 'USD',
    type: 'business',
    ...overrides,
  };
}

/** A recurring subscription that started before March 2026 and runs on. */
export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-1',
    product: 'platform',
    type: 'recurring',
    start: '2026-01-01',
    ...overrides,
  };
}

/** A request for March 2026 with nothing to rate until the overrides add it. */
export function aRequest(overrides: Partial<RatingRequest> = {}): RatingRequest {
  return {
    customer: aCustomer(),
    period: { start: '2026-03-01', end: '2026-04-01' },
    ...overrides,
  };
}

/**
 * One daily aggregate of `quantity` for every day from `fromDay` to `toDay` (both included) of
 * the month, March 2026 unless told otherwise.
 */
export function usageDays(
  meter: string,
  quantity: string,
  fromDay: number,
  toDay: number,
  options: { month?: string; dimensions?: Record<string, string>; subscriptionId?: string } = {},
): UsageAggregate[] {
  const { month = '2026-03', ...rest } = options;
  const days: UsageAggregate[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    days.push({ meter, date: `${month}-${String(day).padStart(2, '0')}`, quantity, ...rest });
  }
  return days;
}

let eventNumber = 0;

/** A raw usage event with a fresh id. */
export function anEvent(
  meter: string,
  timestamp: string,
  overrides: Partial<UsageEvent> = {},
): UsageEvent {
  eventNumber += 1;
  return { id: `evt-${eventNumber}`, meter, timestamp, ...overrides };
}

// ------------------------------------------------------------------------------ dunning

/** The invoice of the dunning example: due 15 April 2026, two failed charges, one reminder. */
export function anOverdueInvoice(overrides: Partial<OverdueInvoice> = {}): OverdueInvoice {
  return {
    invoiceId: 'INV-2026-000042',
    customer: aCustomer({ id: 'acme-corp' }),
    amountDue: '1654.15',
    currency: 'USD',
    issuedAt: '2026-04-01T00:00:00Z',
    dueAt: '2026-04-15T00:00:00Z',
    failedAttempts: 2,
    lastAttemptAt: '2026-04-17T00:00:00Z',
    remindersSent: 1,
    lastReminderAt: '2026-04-17T09:00:00Z',
    ...overrides,
  };
}

// ------------------------------------------------------------------------------ policy sets

/** Loads documents built above as one policy set (each named after its key for error messages). */
export function policySetOf(...documents: { key: string }[]): PolicySet {
  return loadPolicySet(documents.map((document) => ({ document, source: document.key })));
}

const EXAMPLES = fileURLToPath(new URL('../../../rules/examples', import.meta.url));

/** The example documents of one folder of rules/examples, in file name order. */
export function readExampleFolder(folder: string): { file: string; document: unknown }[] {
  const path = join(EXAMPLES, folder);
  return readdirSync(path)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, document: JSON.parse(readFileSync(join(path, file), 'utf8')) }));
}

/** The example policies of `saas`, `hardware` or `dunning`, as the command line loads them. */
export function examplePolicySources(example: string): PolicySource[] {
  return readExampleFolder(`${example}/policies`).map(({ file, document }) => ({
    document,
    source: `${example}/policies/${file}`,
  }));
}

// ------------------------------------------------------------------------------ errors

/** The error the action throws; fails the test when it throws nothing. */
export function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw, but it returned');
}

// ------------------------------------------------------------------------------ arithmetic

/**
 * A decimal string of money in minor units ("12.34" -> 1234n, "-0.05" -> -5n), so that tests
 * can add rated amounts up without the code under test.
 */
export function minorUnitsOf(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = text.replace('-', '').split('.');
  const units = BigInt(`${whole}${fraction}`);
  return negative ? -units : units;
}
