// MongoDB's query semantics for the operators of the port, for the embedded store. nedb's own
// matcher differs on the cases below, so the embedded store matches with this function:
// - `{ field: null }` matches a missing field too (nedb: only null);
// - `$ne` and `$nin` on an array hold when no element matches (nedb: when one element differs);
// - ranges compare numbers with numbers and strings with strings by code point, never across
//   types or on booleans and null.
import type { FieldValue, Filter } from './store';
import { isOperatorCondition } from './portable-subset';

/**
 * The values a dot path reaches. An array along the way is traversed element by element (and a
 * numeric part also indexes it), as MongoDB does; `undefined` stands for "missing here".
 */
export function valuesAtPath(value: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return [value];
  const [head, ...rest] = parts as [string, ...string[]];
  if (Array.isArray(value)) {
    const reached: unknown[] = [];
    if (/^\d+$/.test(head)) {
      const element: unknown = value[Number(head)];
      if (element !== undefined) reached.push(...valuesAtPath(element, rest));
    }
    for (const element of value) {
      if (isPlainObject(element)) reached.push(...valuesAtPath(element, parts));
    }
    return reached.length > 0 ? reached : [undefined];
  }
  if (isPlainObject(value) && Object.hasOwn(value, head)) return valuesAtPath(value[head], rest);
  return [undefined];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The candidates a condition is tested on: the values reached, and the elements of arrays. */
function candidates(reached: unknown[]): unknown[] {
  return reached.flatMap((value) => (Array.isArray(value) ? [value, ...value] : [value]));
}

function equals(candidate: unknown, expected: FieldValue): boolean {
  if (expected === null) return candidate === null || candidate === undefined;
  return candidate === expected;
}

/** Code point order, which is MongoDB's binary order of UTF-8 strings. */
export function compareStrings(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codePointRank(a) - codePointRank(b);
  }
  return left.length - right.length;
}

/** Surrogates (U+D800-DFFF) stand for code points above U+FFFF, so they rank after U+E000-FFFF. */
function codePointRank(codeUnit: number): number {
  if (codeUnit < 0xd800) return codeUnit;
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

function compareInRange(candidate: unknown, bound: string | number): number | undefined {
  if (typeof bound === 'number' && typeof candidate === 'number') return candidate - bound;
  if (typeof bound === 'string' && typeof candidate === 'string') {
    return compareStrings(candidate, bound);
  }
  return undefined;
}

function satisfies(reached: unknown[], operator: string, operand: unknown): boolean {
  const tested = candidates(reached);
  switch (operator) {
    case '$eq':
      return tested.some((candidate) => equals(candidate, operand as FieldValue));
    case '$ne':
      return !tested.some((candidate) => equals(candidate, operand as FieldValue));
    case '$in':
      return (operand as FieldValue[]).some((value) => tested.some((c) => equals(c, value)));
    case '$nin':
      return !(operand as FieldValue[]).some((value) => tested.some((c) => equals(c, value)));
    case '$exists':
      return reached.some((value) => value !== undefined) === operand;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return tested.some((candidate) => {
        const order = compareInRange(candidate, operand as string | number);
        if (order === undefined) return false;
        if (operator === '$gt') return order > 0;
        if (operator === '$gte') return order >= 0;
        if (operator === '$lt') return order < 0;
        return order <= 0;
      });
    default:
      throw new TypeError(`filter: ${operator} is not in the portable subset`);
  }
}

/** True when the document satisfies every condition of the (already checked) filter. */
export function matchesFilter(document: unknown, filter: Filter): boolean {
  for (const [path, condition] of Object.entries(filter)) {
    const reached = valuesAtPath(document, path.split('.'));
    if (!isOperatorCondition(condition)) {
      if (!satisfies(reached, '$eq', condition)) return false;
      continue;
    }
    for (const [operator, operand] of Object.entries(condition)) {
      if (!satisfies(reached, operator, operand)) return false;
    }
  }
  return true;
}
