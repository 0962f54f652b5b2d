// Turns the errors the rating core throws into lines naming the file and the JSON path.
import { RatingError } from '../rating/rating-error';
import { InvalidPolicyError } from '../rating/policy-set';
import { DecimalFormatError } from '../rating/money';
import { DocumentReadError } from './load-documents';

/** Prints what went wrong and returns the exit code; rethrows what it does not know. */
export function reportFailure(
  error: unknown,
  requestFile: string,
  err: (line: string) => void,
): number {
  if (error instanceof InvalidPolicyError) {
    for (const issue of error.issues)
      err(`${issue.source ?? 'policy'}: ${issue.path} ${issue.message}`);
    return 1;
  }
  if (error instanceof RatingError) {
    for (const issue of error.issues) err(`${requestFile}: ${issue.path} ${issue.message}`);
    return 1;
  }
  if (error instanceof DocumentReadError || error instanceof DecimalFormatError) {
    err(error.message);
    return 1;
  }
  throw error;
}
