import type { RatingRequest } from '../types';
import { checkRatingRequest } from './check-rating-request';
import { SCHEMA_IDS } from './schema-documents';
import { validateAgainstSchema } from './schema-validator';
import { toOutcome, type ValidationOutcome } from './validation-outcome';

/** Validates a rating request: its schema, then references and dates within the billing period. */
export function validateRatingRequest(document: unknown): ValidationOutcome<RatingRequest> {
  return toOutcome<RatingRequest>(
    document,
    validateAgainstSchema(SCHEMA_IDS.ratingRequest, document),
    checkRatingRequest(document),
  );
}
