// The JSON Schemas of every document, as one list: the server's ajv instance and the browser
// editor (Monaco diagnostics and hover help) read the same objects. No ajv here, so the editor can
// import this module alone.
import commonSchema from '../../../rules/schemas/common.schema.json' with { type: 'json' };
import customerSchema from '../../../rules/schemas/customer.schema.json' with { type: 'json' };
import meterSchema from '../../../rules/schemas/meter.schema.json' with { type: 'json' };
import usageEventSchema from '../../../rules/schemas/usage-event.schema.json' with { type: 'json' };
import discountPolicySchema from '../../../rules/schemas/discount-policy.schema.json' with { type: 'json' };
import dunningPolicySchema from '../../../rules/schemas/dunning-policy.schema.json' with { type: 'json' };
import factsSchema from '../../../rules/schemas/facts.schema.json' with { type: 'json' };
import overdueInvoiceSchema from '../../../rules/schemas/overdue-invoice.schema.json' with { type: 'json' };
import policySchema from '../../../rules/schemas/policy.schema.json' with { type: 'json' };
import pricingPolicySchema from '../../../rules/schemas/pricing-policy.schema.json' with { type: 'json' };
import ratingRequestSchema from '../../../rules/schemas/rating-request.schema.json' with { type: 'json' };
import ratingResultSchema from '../../../rules/schemas/rating-result.schema.json' with { type: 'json' };
import taxPolicySchema from '../../../rules/schemas/tax-policy.schema.json' with { type: 'json' };
import templateContextSchema from '../../../rules/schemas/template-context.schema.json' with { type: 'json' };
import templateSchema from '../../../rules/schemas/template.schema.json' with { type: 'json' };
import type { PolicyKind } from '../types';

export interface SchemaDocument {
  readonly $id: string;
  readonly title: string;
  readonly description: string;
  readonly [keyword: string]: unknown;
}

export const SCHEMA_IDS = {
  common: commonSchema.$id,
  policy: policySchema.$id,
  pricingPolicy: pricingPolicySchema.$id,
  discountPolicy: discountPolicySchema.$id,
  taxPolicy: taxPolicySchema.$id,
  dunningPolicy: dunningPolicySchema.$id,
  facts: factsSchema.$id,
  ratingRequest: ratingRequestSchema.$id,
  ratingResult: ratingResultSchema.$id,
  overdueInvoice: overdueInvoiceSchema.$id,
  template: templateSchema.$id,
  templateContext: templateContextSchema.$id,
  customer: customerSchema.$id,
  meter: meterSchema.$id,
  usageEvent: usageEventSchema.$id,
} as const;

/** Every schema document; the policy schemas refer to common.schema.json by relative `$ref`. */
export const SCHEMA_DOCUMENTS: readonly SchemaDocument[] = [
  commonSchema,
  policySchema,
  pricingPolicySchema,
  discountPolicySchema,
  taxPolicySchema,
  dunningPolicySchema,
  factsSchema,
  ratingRequestSchema,
  ratingResultSchema,
  overdueInvoiceSchema,
  templateSchema,
  templateContextSchema,
  customerSchema,
  meterSchema,
  usageEventSchema,
];

const POLICY_SCHEMAS: Record<PolicyKind, SchemaDocument> = {
  pricing: pricingPolicySchema,
  discount: discountPolicySchema,
  tax: taxPolicySchema,
  dunning: dunningPolicySchema,
};

/** The schema of one policy kind, for the editor of a policy of that kind. */
export function schemaFor(kind: PolicyKind): SchemaDocument {
  return POLICY_SCHEMAS[kind];
}

/** The facts rules may name, from facts.schema.json: pricing, discount and tax rules see the rating facts. */
export const RATING_FACT_NAMES: readonly string[] = Object.keys(
  factsSchema.$defs.ratingFacts.properties,
);
export const DUNNING_FACT_NAMES: readonly string[] = Object.keys(
  factsSchema.$defs.dunningFacts.properties,
);

/** Patterns of the schemas, so error messages can say in words what a pattern asks for. */
export const SCHEMA_PATTERNS = {
  decimal: commonSchema.$defs.decimal.pattern,
  nonNegativeDecimal: commonSchema.$defs.nonNegativeDecimal.pattern,
  positiveDecimal: commonSchema.$defs.positiveDecimal.pattern,
  instant: commonSchema.$defs.instant.pattern,
  currency: commonSchema.$defs.currency.pattern,
  policyKey: commonSchema.$defs.policyKey.pattern,
  country: ratingRequestSchema.$defs.customer.properties.country.pattern,
  jurisdiction: taxPolicySchema.$defs.taxParams.properties.jurisdiction.pattern,
} as const;
