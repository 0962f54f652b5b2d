// The body of POST /api/v1/simulations/preview, checked field by field: the versions to simulate,
// and either a pasted rating request or a stored customer with a period. Every bad field is named
// by its path in this body, so an issue inside the pasted request reads `$.request.customer.id`.
import type { RatingRequest } from '../rating/types';
import { SCHEMA_IDS, validateRatingRequest, type ValidationIssue } from '../rating/validation';
import {
  isObject,
  PERIOD_SCHEMA,
  periodIssues,
  SIMULATED_VERSIONS_SCHEMA,
  unknownFields,
  versionIssues,
} from './read-simulation-request';

export type RatingPreviewRequest = {
  versions: { key: string; version: number }[];
} & ({ request: RatingRequest } | { customerId: string; period: { start: string; end: string } });

export const RATING_PREVIEW_REQUEST_SCHEMA = {
  type: 'object',
  required: ['versions'],
  additionalProperties: false,
  description:
    'Either `request` (a whole rating request, as for POST /api/v1/rate) or `customerId` with `period` (a stored customer, rated from its subscriptions and usage).',
  properties: {
    versions: SIMULATED_VERSIONS_SCHEMA,
    request: { $ref: SCHEMA_IDS.ratingRequest },
    customerId: { type: 'string', minLength: 1, description: 'A stored customer' },
    period: PERIOD_SCHEMA,
  },
  oneOf: [{ required: ['request'] }, { required: ['customerId', 'period'] }],
} as const;

export function readRatingPreviewRequest(
  body: unknown,
): { ok: true; value: RatingPreviewRequest } | { ok: false; issues: ValidationIssue[] } {
  if (!isObject(body)) {
    return { ok: false, issues: [{ path: '$', message: 'must be a JSON object' }] };
  }
  const issues = [
    ...unknownFields(body, ['versions', 'request', 'customerId', 'period'], '$'),
    ...(body.versions === undefined
      ? [{ path: '$.versions', message: 'is required' }]
      : versionIssues(body.versions)),
  ];
  if (body.request !== undefined) {
    return withRequest(body, issues);
  }
  if (body.customerId === undefined && body.period === undefined) {
    issues.push({
      path: '$.request',
      message: 'is required, or customerId and period to rate a stored customer',
    });
  } else {
    if (typeof body.customerId !== 'string' || body.customerId === '') {
      issues.push({ path: '$.customerId', message: 'must be a stored customer id' });
    }
    issues.push(
      ...(body.period === undefined
        ? [{ path: '$.period', message: 'is required with customerId' }]
        : periodIssues(body.period)),
    );
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: body as unknown as RatingPreviewRequest };
}

function withRequest(
  body: Record<string, unknown>,
  issues: ValidationIssue[],
): { ok: true; value: RatingPreviewRequest } | { ok: false; issues: ValidationIssue[] } {
  for (const name of ['customerId', 'period'] as const) {
    if (body[name] !== undefined) {
      issues.push({ path: `$.${name}`, message: 'cannot be given with request' });
    }
  }
  const outcome = validateRatingRequest(body.request);
  if (!outcome.ok) {
    issues.push(...outcome.issues.map((issue) => ({ ...issue, path: inRequest(issue.path) })));
  }
  if (issues.length > 0 || !outcome.ok) return { ok: false, issues };
  return {
    ok: true,
    value: { versions: body.versions as RatingPreviewRequest['versions'], request: outcome.value },
  };
}

/** A path inside the rating request (`$.customer.id`) as a path in this body. */
export function inRequest(path: string): string {
  return `$.request${path.slice(1)}`;
}
