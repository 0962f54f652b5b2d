export { validatePolicy } from './validate-policy';
export { validateRatingRequest } from './validate-rating-request';
export { validateOverdueInvoice } from './validate-overdue-invoice';
export { validateRatingResult } from './validate-rating-result';
export type { ValidationIssue, ValidationOutcome } from './validation-outcome';
export {
  DUNNING_FACT_NAMES,
  RATING_FACT_NAMES,
  SCHEMA_DOCUMENTS,
  SCHEMA_IDS,
  schemaFor,
  type SchemaDocument,
} from './schema-documents';
