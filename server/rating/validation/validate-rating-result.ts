import type { RatingResult } from '../types';
import { SCHEMA_IDS } from './schema-documents';
import { validateAgainstSchema } from './schema-validator';
import { toOutcome, type ValidationOutcome } from './validation-outcome';

/** Checks a rating result against its schema, for contract tests of the rating runtime and API answers. */
export function validateRatingResult(document: unknown): ValidationOutcome<RatingResult> {
  return toOutcome<RatingResult>(
    document,
    validateAgainstSchema(SCHEMA_IDS.ratingResult, document),
  );
}
