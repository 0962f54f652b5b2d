// MongoDB's sort order for the embedded store (nedb puts a missing field before null and ranks
// types differently). Types rank: empty array < null and missing < numbers < strings (by code
// point) < objects < arrays < booleans. On an array field an ascending sort uses its smallest
// element and a descending sort its largest.
import type { Sort } from './store';
import { compareStrings, isPlainObject, valuesAtPath } from './document-matching';

function typeRank(value: unknown): number {
  if (Array.isArray(value) && value.length === 0) return -1;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (isPlainObject(value)) return 3;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'boolean') return 5;
  return 6;
}

export function compareValues(left: unknown, right: unknown): number {
  const rankOrder = typeRank(left) - typeRank(right);
  if (rankOrder !== 0) return rankOrder;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.min(left.length, right.length); index++) {
      const order = compareValues(left[index], right[index]);
      if (order !== 0) return order;
    }
    return left.length - right.length;
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    return compareStrings(JSON.stringify(left), JSON.stringify(right));
  }
  return 0;
}

/** The value a document sorts by on one path and direction. */
function sortKey(document: unknown, path: string, direction: 1 | -1): unknown {
  const reached = valuesAtPath(document, path.split('.')).flatMap((value) =>
    Array.isArray(value) && value.length > 0 ? value : [value],
  );
  let chosen: unknown = reached[0];
  for (const value of reached.slice(1)) {
    const order = compareValues(value, chosen);
    if (direction === 1 ? order < 0 : order > 0) chosen = value;
  }
  return chosen;
}

export function compareBySort(sort: Sort): (left: unknown, right: unknown) => number {
  const keys = Object.entries(sort);
  return (left, right) => {
    for (const [path, direction] of keys) {
      const order = compareValues(sortKey(left, path, direction), sortKey(right, path, direction));
      if (order !== 0) return direction * order;
    }
    return 0;
  };
}
