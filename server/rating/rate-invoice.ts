// The rating entry point for callers with a document in hand (CLI, API): validate the request,
// price it, and render the result with every line's explanation.
import type { PolicySet } from './policy-set';
import { priceInvoice } from './price-invoice';
import { RatingError } from './rating-error';
import { renderRatingResult } from './render-rating-result';
import type { RatingResult } from './types';
import { validateRatingRequest } from './validation';

export interface RateInvoiceOptions {
  /** Validated here: an invalid request is rejected with every issue, never guessed at. */
  request: unknown;
  policies: PolicySet;
}

export function rateInvoice({ request, policies }: RateInvoiceOptions): RatingResult {
  const outcome = validateRatingRequest(request);
  if (!outcome.ok) throw new RatingError(outcome.issues);
  return renderRatingResult(priceInvoice({ request: outcome.value, policies }));
}
