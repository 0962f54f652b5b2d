// The compiler's proof that the hand-written types in types.ts accept every document the JSON
// Schemas accept: validation hands its output to the rating core as these types, so a schema that
// allows more than a type describes would let an unexpected shape into the core. Nothing here
// runs; `npm run typecheck` fails when a schema and a type drift apart.
import type {
  DiscountPolicySchema,
  DunningPolicySchema,
  OverdueInvoiceSchema,
  PricingPolicySchema,
  RatingRequestSchema,
  RatingResultSchema,
  TaxPolicySchema,
  TemplateSchema,
} from './schema-types';
import type { TemplateDocument } from '../templates/template-document';
import type {
  DiscountPolicy,
  DunningPolicy,
  OverdueInvoice,
  PricingPolicy,
  RatingRequest,
  RatingResult,
  TaxPolicy,
} from './types';

type Accepts<Type, SchemaType extends Type> = SchemaType;

export type SchemaAlignment = [
  Accepts<PricingPolicy, PricingPolicySchema.PricingPolicy>,
  Accepts<DiscountPolicy, DiscountPolicySchema.DiscountPolicy>,
  Accepts<TaxPolicy, TaxPolicySchema.TaxPolicy>,
  Accepts<DunningPolicy, DunningPolicySchema.DunningPolicy>,
  Accepts<RatingRequest, RatingRequestSchema.RatingRequest>,
  Accepts<OverdueInvoice, OverdueInvoiceSchema.OverdueInvoice>,
  Accepts<TemplateDocument, TemplateSchema.Template>,
  // A result is written by the core and read by others: the schema must accept what it writes.
  Accepts<RatingResultSchema.RatingResult, RatingResult>,
];
