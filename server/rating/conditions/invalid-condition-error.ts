/**
 * A condition tree json-rules-engine would refuse to build or to evaluate (unknown operator, a
 * leaf without fact/operator/value, "all" that is not a list, ...). Policies are validated against
 * their schema before they are compiled, so this is a guard against a broken invariant; the
 * message names where in the tree the problem is.
 */
export class InvalidConditionError extends Error {
  constructor(
    readonly location: string,
    problem: string,
  ) {
    super(`${location}: ${problem}`);
    this.name = 'InvalidConditionError';
  }
}
