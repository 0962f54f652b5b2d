import type { ValidationIssue } from './validation';

/**
 * A request that is valid on its own but cannot be rated with the given policies (no price for a
 * line, a percentage price without a base amount, ...). Each issue names the request path.
 */
export class RatingError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`cannot rate: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`);
    this.name = 'RatingError';
  }
}
