import { priceInvoice } from '../rating/price-invoice';
import { RatingError } from '../rating/rating-error';
import { renderRatingResult } from '../rating/render-rating-result';
import { SCHEMA_IDS, validateRatingRequest } from '../rating/validation';
import { AppError } from '../errors/app-error';
import { NO_CALLER, type RouteDefinition } from './route';
import { sendJson } from './send-json';

export const ratingRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/rate',
    permission: 'rate',
    operation: {
      operationId: 'rate',
      summary: 'Price a billing period with the published policies',
      description:
        'Every charge is priced with the policy versions in force at its date. The result has each line with its explanation (trace), the totals and the tax summary.',
      tags: ['rating'],
      requestBody: { schema: { $ref: SCHEMA_IDS.ratingRequest } },
      responses: {
        '200': { description: 'The rated invoice', schema: { $ref: SCHEMA_IDS.ratingResult } },
        '400': { description: 'The request is invalid, or a charge has no price' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not rate' },
      },
    },
    handle: async (context, request, response) => {
      const outcome = validateRatingRequest(request.body);
      if (!outcome.ok) {
        throw new AppError('invalid_request', 'the rating request is invalid', {
          issues: outcome.issues,
        });
      }
      const policies = await context.ratablePolicies.get();
      try {
        sendJson(response, renderRatingResult(priceInvoice({ request: outcome.value, policies })));
      } catch (error) {
        if (!(error instanceof RatingError)) throw error;
        throw new AppError(
          'invalid_request',
          'the request cannot be rated with the published policies',
          {
            issues: error.issues,
          },
        );
      }
    },
  },
];
