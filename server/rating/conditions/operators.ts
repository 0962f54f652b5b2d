// The ten default operators of json-rules-engine 7.3.1 (engine-default-operators.js), with the
// same fact-value validators:
//   - lessThan, lessThanInclusive, greaterThan, greaterThanInclusive hold only for a fact value
//     that parseFloat reads as a number (5, "1500.5", "12abc", [7]), then compare it with `<`,
//     `<=`, `>`, `>=` as JavaScript does ("1500.5" > 1000 holds, "10" < "9" holds);
//   - contains, doesNotContain hold only for an array fact value, searched with strict equality;
//   - in, notIn search the condition's value with `value.indexOf(fact)`: strict equality in an
//     array, a substring test in a string ("b" in "abc" holds), and a TypeError for anything else;
//   - equal, notEqual compare with `===` and `!==`.
import type { Operator } from '../types';

export type Comparison = (factValue: unknown, value: unknown) => boolean;
export type ValueTest = (factValue: unknown) => boolean;

export interface CompiledComparison<Test> {
  test: Test;
  /** Whether evaluating can throw (in/notIn on a value that has no indexOf). */
  canThrow: boolean;
}

const COMPARISONS: Readonly<Record<Operator, Comparison>> = {
  equal: (factValue, value) => factValue === value,
  notEqual: (factValue, value) => factValue !== value,
  in: (factValue, value) => indexOfIn(value, factValue) > -1,
  notIn: (factValue, value) => indexOfIn(value, factValue) === -1,
  contains: (factValue, value) => Array.isArray(factValue) && factValue.indexOf(value) > -1,
  doesNotContain: (factValue, value) => Array.isArray(factValue) && factValue.indexOf(value) === -1,
  lessThan: (factValue, value) => isNumeric(factValue) && asNumber(factValue) < asNumber(value),
  lessThanInclusive: (factValue, value) =>
    isNumeric(factValue) && asNumber(factValue) <= asNumber(value),
  greaterThan: (factValue, value) => isNumeric(factValue) && asNumber(factValue) > asNumber(value),
  greaterThanInclusive: (factValue, value) =>
    isNumeric(factValue) && asNumber(factValue) >= asNumber(value),
};

export function isOperator(operator: unknown): operator is Operator {
  return typeof operator === 'string' && Object.hasOwn(COMPARISONS, operator);
}

/** The operator applied to a value known only when the condition runs (a `{ fact }` value). */
export function compileComparison(operator: Operator): CompiledComparison<Comparison> {
  return { test: COMPARISONS[operator], canThrow: operator === 'in' || operator === 'notIn' };
}

/** The operator applied to the condition's literal value, prepared once. */
export function compileValueTest(
  operator: Operator,
  value: unknown,
): CompiledComparison<ValueTest> {
  switch (operator) {
    case 'equal':
      return { test: (factValue) => factValue === value, canThrow: false };
    case 'notEqual':
      return { test: (factValue) => factValue !== value, canThrow: false };
    case 'in':
      return membershipTest(value, true);
    case 'notIn':
      return membershipTest(value, false);
    default: {
      const compare = COMPARISONS[operator];
      return { test: (factValue) => compare(factValue, value), canThrow: false };
    }
  }
}

// ---------------------------------------------------------------- in / notIn

/** Lists up to this length are searched in place; longer ones go through a Set. */
const LINEAR_SEARCH_MAX = 8;

function membershipTest(value: unknown, expected: boolean): CompiledComparison<ValueTest> {
  if (Array.isArray(value)) {
    const isMember = compileMembership(value);
    return { test: (factValue) => isMember(factValue) === expected, canThrow: false };
  }
  if (typeof value === 'string') {
    return {
      test: (factValue) => value.indexOf(factValue as string) > -1 === expected,
      canThrow: false,
    };
  }
  // Not searchable: json-rules-engine throws when it evaluates the condition, so do we.
  return { test: (factValue) => indexOfIn(value, factValue) > -1 === expected, canThrow: true };
}

/**
 * Array membership exactly as `list.indexOf(candidate) > -1`: strict equality (0 and -0 are
 * equal, NaN is never found) and holes are skipped. A Set also equates 0 and -0 but finds NaN,
 * so NaN is left out of it.
 */
function compileMembership(list: readonly unknown[]): ValueTest {
  const members: unknown[] = [];
  for (let index = 0; index < list.length; index++) {
    if (index in list) members.push(list[index]);
  }
  if (members.length <= LINEAR_SEARCH_MAX) return (candidate) => members.indexOf(candidate) > -1;
  const set = new Set(members.filter((member) => !Number.isNaN(member)));
  return (candidate) => set.has(candidate);
}

/** `haystack.indexOf(needle)` with the engine's lack of checks: it throws for a non-searchable haystack. */
function indexOfIn(haystack: unknown, needle: unknown): number {
  return (haystack as { indexOf(searched: unknown): number }).indexOf(needle);
}

// ---------------------------------------------------------------- numeric operators

/** The engine's numberValidator: `Number.parseFloat(value).toString() !== 'NaN'`. */
function isNumeric(factValue: unknown): boolean {
  if (typeof factValue === 'number') return !Number.isNaN(factValue);
  return !Number.isNaN(Number.parseFloat(factValue as string));
}

/** Relational operators convert their operands themselves; this only satisfies the type checker. */
function asNumber(value: unknown): number {
  return value as number;
}
