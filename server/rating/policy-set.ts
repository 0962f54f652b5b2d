// A policy set is every version of every policy the rating may use, validated and compiled once.
// Versions are chosen per charge by the charge's date (Kill Bill-style effective dating), so an
// invoice rated today for last year's usage uses last year's prices.
import { compileRules, type CompiledRule } from './conditions/compile-condition';
import { Exact, parseDecimal } from './money';
import { compilePriceModel, type PriceFunction } from './price-models';
import { toMillis } from './time';
import type {
  DiscountEvent,
  DiscountPolicy,
  DunningEvent,
  DunningPolicy,
  Policy,
  PolicyKind,
  PolicyRef,
  PriceEvent,
  PricingPolicy,
  ProrationMode,
  RoundingMode,
  TaxEvent,
  TaxPolicy,
} from './types';
import { validatePolicy, type ValidationIssue } from './validation';
import type { LineCommitment } from './working-line';

interface CompiledVersion<Document extends Policy, Event> {
  ref: PolicyRef;
  document: Document;
  effectiveFrom: number;
  rounding: RoundingMode;
  rules: CompiledRule<Event>[];
}

export interface CompiledPrice {
  price: PriceFunction;
  freeUnits: Exact | undefined;
  minimum: Exact | undefined;
  commitment: LineCommitment | undefined;
  proration: ProrationMode;
  per: 'month' | 'year';
  label: string | undefined;
  model: string;
}

export interface CompiledPricingVersion extends CompiledVersion<PricingPolicy, PriceEvent> {
  currency: string;
  /** Compiled price of each rule, by the rule's index in the document. */
  prices: CompiledPrice[];
  grandfatherExisting: boolean;
  existingFrom: number | undefined;
}

export interface CompiledDiscount {
  /** The same in every version where the rule's name and params are the same. */
  identity: string;
  percent: Exact | undefined;
  amount: Exact | undefined;
  cap: Exact | undefined;
  validFrom: number;
  validUntil: number;
  code: string | undefined;
  products: ReadonlySet<string> | undefined;
}

export interface CompiledDiscountVersion extends CompiledVersion<DiscountPolicy, DiscountEvent> {
  currency: string | undefined;
  discounts: CompiledDiscount[];
}

export interface CompiledTaxVersion extends CompiledVersion<TaxPolicy, TaxEvent> {
  rates: Exact[];
}

export type CompiledDunningVersion = CompiledVersion<DunningPolicy, DunningEvent>;

/** All versions of one policy key, oldest first. */
export interface PolicyHistory<Version> {
  key: string;
  versions: Version[];
}

export interface PolicySet {
  pricing: PolicyHistory<CompiledPricingVersion>[];
  discount: PolicyHistory<CompiledDiscountVersion>[];
  tax: PolicyHistory<CompiledTaxVersion>[];
  dunning: PolicyHistory<CompiledDunningVersion>[];
}

export type SourcedIssue = ValidationIssue & { source?: string | undefined };

export class InvalidPolicyError extends Error {
  constructor(readonly issues: SourcedIssue[]) {
    super(
      `invalid policy: ${issues.map((issue) => `${issue.source ? `${issue.source} ` : ''}${issue.path} ${issue.message}`).join('; ')}`,
    );
    this.name = 'InvalidPolicyError';
  }
}

export interface PolicySource {
  document: unknown;
  /** Where the document came from (a file name, a database id), for error messages. */
  source?: string;
}

/**
 * Validates every document and compiles the set. Nothing is ever rated from an invalid policy:
 * one invalid document rejects the whole set, with every issue of every document.
 */
export function loadPolicySet(sources: PolicySource[]): PolicySet {
  const issues: SourcedIssue[] = [];
  const policies: Policy[] = [];
  const sourceOf = new Map<Policy, string | undefined>();
  const seen = new Map<string, PolicyKind>();
  for (const { document, source } of sources) {
    const outcome = validatePolicy(document);
    if (!outcome.ok) {
      issues.push(...outcome.issues.map((issue) => ({ ...issue, source })));
      continue;
    }
    const policy = outcome.value;
    const kindOfKey = seen.get(policy.key);
    if (kindOfKey !== undefined && kindOfKey !== policy.kind) {
      issues.push({
        source,
        path: '$.kind',
        message: `key "${policy.key}" is already a ${kindOfKey} policy`,
      });
    } else if (
      policies.some((other) => other.key === policy.key && other.version === policy.version)
    ) {
      issues.push({
        source,
        path: '$.version',
        message: `version ${policy.version} of "${policy.key}" is given twice`,
      });
    }
    seen.set(policy.key, policy.kind);
    sourceOf.set(policy, source);
    policies.push(policy);
  }
  issues.push(...versionOrderIssues(policies, sourceOf));
  if (issues.length > 0) throw new InvalidPolicyError(issues);
  return compilePolicySet(policies);
}

/**
 * A later version of a key never takes effect before an earlier one: the version number is the
 * order of the changes, and effective dates must not contradict it. Two versions may share a
 * date (the later one corrects the earlier before it takes effect), and then the later one wins.
 */
function versionOrderIssues(
  policies: Policy[],
  sourceOf: Map<Policy, string | undefined>,
): SourcedIssue[] {
  const issues: SourcedIssue[] = [];
  const byKey = new Map<string, Policy[]>();
  for (const policy of policies) byKey.set(policy.key, [...(byKey.get(policy.key) ?? []), policy]);
  for (const versions of byKey.values()) {
    const ordered = [...versions].sort((a, b) => a.version - b.version);
    for (let index = 1; index < ordered.length; index++) {
      const [earlier, later] = [ordered[index - 1]!, ordered[index]!];
      if (toMillis(later.effectiveFrom) < toMillis(earlier.effectiveFrom)) {
        issues.push({
          source: sourceOf.get(later),
          path: '$.effectiveFrom',
          message: `version ${later.version} of "${later.key}" takes effect on ${later.effectiveFrom}, before version ${earlier.version} (${earlier.effectiveFrom})`,
        });
      }
    }
  }
  return issues;
}

function compilePolicySet(policies: Policy[]): PolicySet {
  const set: PolicySet = { pricing: [], discount: [], tax: [], dunning: [] };
  const histories = new Map<string, { kind: PolicyKind; versions: Policy[] }>();
  for (const policy of policies) {
    const history = histories.get(policy.key) ?? { kind: policy.kind, versions: [] };
    history.versions.push(policy);
    histories.set(policy.key, history);
  }
  for (const [key, { kind, versions }] of histories) {
    versions.sort(
      (a, b) => toMillis(a.effectiveFrom) - toMillis(b.effectiveFrom) || a.version - b.version,
    );
    switch (kind) {
      case 'pricing':
        set.pricing.push({
          key,
          versions: versions.map((v) => compilePricing(v as PricingPolicy)),
        });
        break;
      case 'discount':
        set.discount.push({
          key,
          versions: versions.map((v) => compileDiscount(v as DiscountPolicy)),
        });
        break;
      case 'tax':
        set.tax.push({ key, versions: versions.map((v) => compileTax(v as TaxPolicy)) });
        break;
      case 'dunning':
        set.dunning.push({ key, versions: versions.map((v) => compileBase(v as DunningPolicy)) });
        break;
    }
  }
  return set;
}

function compileBase<Document extends Policy>(
  document: Document,
): CompiledVersion<Document, Document['rules'][number]['event']> {
  return {
    ref: { key: document.key, version: document.version },
    document,
    effectiveFrom: toMillis(document.effectiveFrom),
    rounding: document.rounding ?? 'HALF_UP',
    rules: compileRules(document.rules as Document['rules']),
  };
}

function optionalDecimal(value: string | undefined, path: string): Exact | undefined {
  return value === undefined ? undefined : parseDecimal(value, path);
}

function compilePricing(document: PricingPolicy): CompiledPricingVersion {
  return {
    ...compileBase(document),
    currency: document.currency,
    grandfatherExisting: document.grandfatherExisting ?? false,
    existingFrom: document.existingFrom === undefined ? undefined : toMillis(document.existingFrom),
    prices: document.rules.map((rule, index) => {
      const params = rule.event.params;
      const path = `$.rules[${index}].event.params`;
      return {
        price: compilePriceModel(params, path),
        freeUnits: optionalDecimal(params.freeUnits, `${path}.freeUnits`),
        minimum: optionalDecimal(params.minimum, `${path}.minimum`),
        commitment: params.commitment && {
          group: params.commitment.group,
          amount: parseDecimal(params.commitment.amount, `${path}.commitment.amount`),
          policy: { key: document.key, version: document.version },
          rule: document.rules[index]!.name,
          rounding: document.rounding ?? 'HALF_UP',
        },
        proration: params.proration ?? 'day',
        per: params.per ?? 'month',
        label: params.label,
        model: params.model,
      };
    }),
  };
}

function compileDiscount(document: DiscountPolicy): CompiledDiscountVersion {
  return {
    ...compileBase(document),
    currency: document.currency,
    discounts: document.rules.map((rule, index) => {
      const params = rule.event.params;
      const path = `$.rules[${index}].event.params`;
      return {
        identity: `${document.key}#${rule.name}#${JSON.stringify(params)}`,
        percent: optionalDecimal(params.percent, `${path}.percent`),
        amount: optionalDecimal(params.amount, `${path}.amount`),
        cap: optionalDecimal(params.cap, `${path}.cap`),
        validFrom: params.validFrom === undefined ? -Infinity : toMillis(params.validFrom),
        validUntil: params.validUntil === undefined ? Infinity : toMillis(params.validUntil),
        code: params.code?.toUpperCase(),
        products: params.products && new Set(params.products),
      };
    }),
  };
}

function compileTax(document: TaxPolicy): CompiledTaxVersion {
  return {
    ...compileBase(document),
    rates: document.rules.map((rule, index) =>
      parseDecimal(rule.event.params.rate, `$.rules[${index}].event.params.rate`),
    ),
  };
}

/**
 * The version of one policy key that applies to a charge dated `chargeDate`: the latest version
 * effective by then. A version that grandfathers existing subscriptions does not apply to a term
 * that started before it took effect, until its `existingFrom` date if it has one.
 */
interface DatedVersion {
  effectiveFrom: number;
  grandfatherExisting?: boolean;
  existingFrom?: number | undefined;
}

export function versionFor<Version extends DatedVersion>(
  history: PolicyHistory<Version>,
  chargeDate: number,
  termStart: number | undefined,
): Version | undefined {
  const { versions } = history;
  for (let index = versions.length - 1; index >= 0; index--) {
    const version = versions[index]!;
    if (version.effectiveFrom > chargeDate) continue;
    if (isGrandfatheredOut(version, chargeDate, termStart)) continue;
    return version;
  }
  return undefined;
}

function isGrandfatheredOut(
  version: DatedVersion,
  chargeDate: number,
  termStart: number | undefined,
): boolean {
  if (!version.grandfatherExisting) return false;
  if (termStart === undefined || termStart >= version.effectiveFrom) return false;
  return version.existingFrom === undefined || version.existingFrom > chargeDate;
}
