// POST /api/v1/simulations/preview: one invoice rated with the simulated versions in their keys'
// place, whole (lines, discounts, taxes, totals, every line's trace), beside the same invoice
// rated with the published versions. The request is pasted, or built from a stored customer's
// subscriptions and usage for a period. Nothing is kept: this is the author's preview while
// writing; a simulation over customers is what reviewers see.
import { loadRatingRequests } from '../customers/load-rating-requests';
import { AppError } from '../errors/app-error';
import { POLICY_FAMILY, type PolicyVersionRecord } from '../policies/policy-version';
import { previewChange, type CustomerImpact } from '../policies/simulate-change';
import { renderRatingResult } from '../rating/render-rating-result';
import type { RatingRequest, RatingResult } from '../rating/types';
import { validateRatingRequest, type ValidationIssue } from '../rating/validation';
import type { Store } from '../store/store';
import { listEffectiveVersions } from '../versioning/versions-repository';
import { loadSimulatedVersions } from './load-simulated-versions';
import { inRequest, type RatingPreviewRequest } from './read-rating-preview-request';

export interface RatingPreview {
  versions: PolicyVersionRecord[];
  draft: RatingResult;
  /** Null when the published versions cannot rate the request; publishedIssues says why. */
  published: RatingResult | null;
  publishedIssues: ValidationIssue[];
  /** Old/new/delta and the lines that change; null when published is null. */
  impact: CustomerImpact | null;
}

export async function previewRating(
  store: Store,
  body: RatingPreviewRequest,
): Promise<RatingPreview> {
  const [versions, request, published] = await Promise.all([
    loadSimulatedVersions(store, body.versions),
    requestOf(store, body),
    listEffectiveVersions(store, POLICY_FAMILY),
  ]);
  const preview = previewChange({
    request,
    published: published.map((record) => record.document),
    drafts: versions.map((record) => record.document),
  });
  const pasted = 'request' in body;
  const place = (issues: ValidationIssue[]) =>
    pasted ? issues.map((issue) => ({ ...issue, path: inRequest(issue.path) })) : issues;
  if (!preview.after.ok) {
    throw new AppError(
      'invalid_request',
      pasted
        ? 'the request cannot be rated with the simulated versions'
        : `customer ${request.customer.id} cannot be rated with the simulated versions`,
      { issues: place(preview.after.issues) },
    );
  }
  return {
    versions,
    draft: renderRatingResult(preview.after.invoice),
    published: preview.before.ok ? renderRatingResult(preview.before.invoice) : null,
    publishedIssues: preview.before.ok ? [] : place(preview.before.issues),
    impact: preview.impact,
  };
}

async function requestOf(store: Store, body: RatingPreviewRequest): Promise<RatingRequest> {
  if ('request' in body) return body.request;
  const stored = await loadRatingRequests(store, body.period, [body.customerId]);
  const request = stored.requests[0];
  if (request === undefined) {
    throw new AppError('invalid_request', 'the customer is not stored', {
      issues: [{ path: '$.customerId', message: `no customer has the id "${body.customerId}"` }],
    });
  }
  const outcome = validateRatingRequest(request);
  if (!outcome.ok) {
    throw new AppError(
      'invalid_request',
      `the stored data of customer ${body.customerId} cannot be rated`,
      { issues: outcome.issues },
    );
  }
  return outcome.value;
}
