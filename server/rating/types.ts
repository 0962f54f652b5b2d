// Shapes of the documents the rating core reads and writes. Each mirrors one JSON Schema in
// rules/schemas/; the schemas are the source of truth and validation runs before any of these
// types is trusted. Decimal values (money, quantities, rates) are strings such as "0.042".

export type DecimalString = string;
/** An instant: `2026-03-01T00:00:00Z`, or a date `2026-03-01` meaning midnight UTC. */
export type Instant = string;

export type PolicyKind = 'pricing' | 'discount' | 'tax' | 'dunning';
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN';

// ---------------------------------------------------------------- conditions (json-rules-engine)

export type Operator =
  | 'equal'
  | 'notEqual'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain';

export interface FactReference {
  fact: string;
  path?: string;
}

export interface LeafCondition {
  fact: string;
  operator: Operator;
  value: unknown;
  path?: string;
}

export type Condition = LeafCondition | AllCondition | AnyCondition | NotCondition;
export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

export interface Rule<Event> {
  name: string;
  /** Higher runs first (json-rules-engine semantics); ties keep document order. Default 1. */
  priority?: number;
  conditions: TopLevelCondition;
  event: Event;
}

// ---------------------------------------------------------------- policies

interface PolicyBase<Kind extends PolicyKind, Event> {
  key: string;
  kind: Kind;
  version: number;
  /** This version applies to charges dated on or after this instant. */
  effectiveFrom: Instant;
  description?: string;
  rounding?: RoundingMode;
  rules: Rule<Event>[];
}

export interface Tier {
  /** Inclusive upper bound of the tier; null for the open-ended last tier. */
  upTo: DecimalString | null;
  unitPrice: DecimalString;
  flatFee?: DecimalString;
}

export type ProrationMode = 'day' | 'second' | 'none';

interface PriceCommon {
  /** Text shown on the invoice line; defaults to the product or meter name. */
  label?: string;
  freeUnits?: DecimalString;
  /** Minimum charge for the line: a lower amount is raised to this one. */
  minimum?: DecimalString;
  /** Minimum commitment shared by every line priced into the same group; a true-up line covers the shortfall. */
  commitment?: { group: string; amount: DecimalString };
  /** Recurring charges: how a partial billing period is prorated (default day). */
  proration?: ProrationMode;
  /** Recurring charges: the price is per month (default) or per year. */
  per?: 'month' | 'year';
}

export type PriceParams = PriceCommon &
  (
    | { model: 'flat'; amount: DecimalString }
    | { model: 'per_unit'; unitPrice: DecimalString }
    | { model: 'package'; packageSize: DecimalString; packagePrice: DecimalString }
    | { model: 'graduated'; tiers: Tier[] }
    | { model: 'volume'; tiers: Tier[] }
    | { model: 'percentage'; percent: DecimalString }
  );

export type PriceModel = PriceParams['model'];

export interface PriceEvent {
  type: 'price';
  params: PriceParams;
}

export interface PricingPolicy extends PolicyBase<'pricing', PriceEvent> {
  currency: string;
  /** Subscriptions whose term started before effectiveFrom keep the version they started on. */
  grandfatherExisting?: boolean;
  /** With grandfatherExisting: from this instant, existing subscriptions move to this version too. */
  existingFrom?: Instant;
}

export type DiscountScope = 'line' | 'product' | 'invoice';

export interface DiscountParams {
  label: string;
  percent?: DecimalString;
  amount?: DecimalString;
  scope: DiscountScope;
  /** Product scope: the products or meters the discount applies to. */
  products?: string[];
  validFrom?: Instant;
  validUntil?: Instant;
  /** Promotion code the request must carry for the discount to apply. */
  code?: string;
  /** Largest total this rule may take off one invoice. */
  cap?: DecimalString;
  /** Default true. A non-stackable discount that applies stops lower-priority discounts on the same lines. */
  stackable?: boolean;
}

export interface DiscountEvent {
  type: 'discount';
  params: DiscountParams;
}

export interface DiscountPolicy extends PolicyBase<'discount', DiscountEvent> {
  /** Required when a rule has an amount or cap; the policy applies only to invoices in this currency. */
  currency?: string;
}

export interface TaxParams {
  name: string;
  /** Percent, e.g. "7.25". */
  rate: DecimalString;
  /** "US-CA", "US-CA-SF", "DE", "EU". At most one tax per jurisdiction applies to a line. */
  jurisdiction: string;
  inclusive?: boolean;
  exempt?: boolean;
  reverseCharge?: boolean;
  note?: string;
}

export interface TaxEvent {
  type: 'tax';
  params: TaxParams;
}

export type TaxPolicy = PolicyBase<'tax', TaxEvent>;

export type DunningStep =
  | { action: 'retryCharge'; maxAttempts: number; intervalHours: number }
  | { action: 'remind'; everyHours: number; template: string; maxCount?: number }
  | { action: 'flagDispute'; afterDays: number }
  | { action: 'suspend'; afterDays: number }
  | { action: 'writeOff'; afterDays: number };

export interface DunningEvent {
  type: 'dunning';
  params: { steps: DunningStep[] };
}

export interface DunningPolicy extends PolicyBase<'dunning', DunningEvent> {
  retention: { invoiceYears: number };
}

export type Policy = PricingPolicy | DiscountPolicy | TaxPolicy | DunningPolicy;

// ---------------------------------------------------------------- rating request

export interface Customer {
  id: string;
  segment?: string;
  country: string;
  region?: string;
  currency: string;
  taxExempt?: boolean;
  taxId?: string;
  /** "business" customers with a VAT id qualify for EU reverse charge. */
  type?: 'business' | 'individual';
  attributes?: Record<string, unknown>;
}

export interface PlanChange {
  /** Instant of the change, inside the billing period. */
  date: Instant;
  product?: string;
  quantity?: DecimalString;
}

export interface Subscription {
  id: string;
  product: string;
  sku?: string;
  /** recurring: billed every period in advance; one_time: billed once at `start`. */
  type: 'recurring' | 'one_time';
  quantity?: DecimalString;
  start: Instant;
  end?: Instant;
  /** Contract term in months (12 for an annual contract); the term renews unless autoRenew is false. */
  termMonths?: number;
  autoRenew?: boolean;
  /** Amount a percentage price is taken of (e.g. hardware list price for a support contract). */
  baseAmount?: DecimalString;
  changes?: PlanChange[];
  attributes?: Record<string, unknown>;
}

export interface UsageAggregate {
  meter: string;
  /** The day the aggregate covers. */
  date: Instant;
  quantity: DecimalString;
  dimensions?: Record<string, string>;
  subscriptionId?: string;
}

export type Aggregation = 'sum' | 'count' | 'max' | 'latest' | 'unique_count' | 'time_weighted_sum';

export interface UsageEvent {
  id: string;
  meter: string;
  timestamp: Instant;
  quantity?: DecimalString;
  dimensions?: Record<string, string>;
  subscriptionId?: string;
}

export interface MeterDefinition {
  aggregation: Aggregation;
  /** unique_count: the dimension whose distinct values are counted. */
  uniqueBy?: string;
}

export interface RatingRequest {
  customer: Customer;
  period: { start: Instant; end: Instant };
  /** When the rating is done; defaults to period.end. Policy versions are picked by charge date, not by this. */
  asOf?: Instant;
  promoCodes?: string[];
  subscriptions?: Subscription[];
  usage?: UsageAggregate[];
  events?: UsageEvent[];
  meters?: Record<string, MeterDefinition>;
}

// ---------------------------------------------------------------- rating result

export interface PolicyRef {
  key: string;
  version: number;
}

export interface TraceStep {
  step: 'price' | 'proration' | 'minimum' | 'discount' | 'tax' | 'commitment' | 'rounding';
  policy?: PolicyRef;
  rule?: string;
  model?: string;
  /** The numbers the step used, as decimal strings. */
  inputs: Record<string, unknown>;
  /** The exact (unrounded) result of the step. */
  result: DecimalString;
  explanation: string;
}

export interface LineDiscount {
  label: string;
  amount: DecimalString;
  policy: PolicyRef;
  rule: string;
}

export interface LineTax {
  name: string;
  jurisdiction: string;
  rate: DecimalString;
  inclusive: boolean;
  amount: DecimalString;
  policy: PolicyRef;
  rule: string;
  note?: string;
}

export type LineKind = 'usage' | 'recurring' | 'one_time' | 'proration_credit' | 'true_up';

export interface RatedLine {
  id: string;
  kind: LineKind;
  description: string;
  product?: string;
  meter?: string;
  subscriptionId?: string;
  dimensions?: Record<string, string>;
  quantity: DecimalString;
  periodStart: Instant;
  periodEnd: Instant;
  /** Priced amount after proration and minimum, rounded to the currency. Tax-inclusive for inclusive taxes. */
  amount: DecimalString;
  discounts: LineDiscount[];
  discountAmount: DecimalString;
  /** amount - discountAmount - inclusive taxes. */
  netAmount: DecimalString;
  taxes: LineTax[];
  taxAmount: DecimalString;
  /** netAmount + taxAmount. */
  total: DecimalString;
  trace: TraceStep[];
}

export interface RatingResult {
  customerId: string;
  currency: string;
  period: { start: Instant; end: Instant };
  asOf: Instant;
  lines: RatedLine[];
  totals: {
    amount: DecimalString;
    discount: DecimalString;
    net: DecimalString;
    tax: DecimalString;
    total: DecimalString;
  };
  taxSummary: {
    name: string;
    jurisdiction: string;
    rate: DecimalString;
    base: DecimalString;
    amount: DecimalString;
  }[];
  notes: string[];
  warnings: string[];
  policies: PolicyRef[];
}

// ---------------------------------------------------------------- dunning

export interface OverdueInvoice {
  invoiceId: string;
  customer: Customer;
  amountDue: DecimalString;
  currency: string;
  issuedAt: Instant;
  dueAt: Instant;
  failedAttempts: number;
  lastAttemptAt?: Instant;
  remindersSent: number;
  lastReminderAt?: Instant;
  disputed?: boolean;
  suspended?: boolean;
}

export interface DunningAction {
  action: DunningStep['action'];
  at: Instant;
  /** True when `at` is not after the evaluation instant: do it now. */
  due: boolean;
  template?: string;
  attempt?: number;
  explanation: string;
}

export interface DunningDecision {
  invoiceId: string;
  daysOverdue: number;
  policy: PolicyRef;
  rule: string;
  actions: DunningAction[];
  retainUntil: Instant;
}
