// Checks that an operation stays inside the portable subset of store.ts. Both stores run these
// checks before touching data, so a call that one store would refuse is refused by both, with
// the same message, instead of working on the embedded store and failing on MongoDB (or the
// reverse). Breaking these rules is a programming error: they throw TypeError.
import type { FieldValue, Filter, FindOptions, IndexSpec, StoredDocument, Update } from './store';

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FIELD_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$exists',
]);
const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push']);

export function checkCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new TypeError(
      `collection name ${JSON.stringify(name)}: a letter, then letters, digits or underscores`,
    );
  }
}

function checkPath(path: string, what: string): void {
  const parts = path.split('.');
  if (parts.some((part) => part === '' || part.startsWith('$'))) {
    throw new TypeError(`${what}: ${JSON.stringify(path)} is not a field path`);
  }
}

function isFieldValue(value: unknown): value is FieldValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

export function isOperatorCondition(condition: unknown): condition is Record<string, unknown> {
  return typeof condition === 'object' && condition !== null && !Array.isArray(condition);
}

export function checkFilter(filter: Filter): void {
  if (!isOperatorCondition(filter)) throw new TypeError('filter: an object of field conditions');
  for (const [path, condition] of Object.entries(filter)) {
    checkPath(path, 'filter');
    if (!isOperatorCondition(condition)) {
      if (!isFieldValue(condition)) {
        throw new TypeError(`filter ${path}: a string, finite number, boolean or null`);
      }
      continue;
    }
    const operators = Object.entries(condition as Record<string, unknown>);
    if (operators.length === 0) throw new TypeError(`filter ${path}: no operator`);
    for (const [operator, operand] of operators) {
      if (!FIELD_OPERATORS.has(operator)) {
        throw new TypeError(`filter ${path}: ${operator} is not in the portable subset`);
      }
      const valid =
        operator === '$exists'
          ? typeof operand === 'boolean'
          : operator === '$in' || operator === '$nin'
            ? Array.isArray(operand) && operand.every(isFieldValue)
            : operator === '$eq' || operator === '$ne'
              ? isFieldValue(operand)
              : typeof operand === 'string' ||
                (typeof operand === 'number' && Number.isFinite(operand));
      if (!valid) throw new TypeError(`filter ${path}: bad operand for ${operator}`);
    }
  }
}

export function checkUpdate(update: Update): void {
  if (!isOperatorCondition(update)) throw new TypeError('update: an object of update operators');
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw new TypeError(`update: ${operator} is not in the portable subset`);
    }
    if (!isOperatorCondition(fields)) throw new TypeError(`update: ${operator} takes an object`);
    for (const [path, value] of Object.entries(fields)) {
      checkPath(path, `update ${operator}`);
      if (path === '_id' || path.startsWith('_id.')) {
        throw new TypeError(`update ${operator}: _id cannot change`);
      }
      if (operator === '$inc' && !(typeof value === 'number' && Number.isFinite(value))) {
        throw new TypeError(`update $inc ${path}: a finite number`);
      }
      if (operator === '$unset' && value !== true) {
        throw new TypeError(`update $unset ${path}: true`);
      }
      if (value === undefined) throw new TypeError(`update ${operator} ${path}: undefined`);
      if (
        operator === '$push' &&
        isOperatorCondition(value) &&
        Object.keys(value).some((key) => key.startsWith('$'))
      ) {
        throw new TypeError(`update $push ${path}: one value, without modifiers such as $each`);
      }
      paths.push(path);
    }
  }
  if (paths.length === 0) throw new TypeError('update: no field to change');
  // MongoDB refuses an update that changes a path and one of its parents or children.
  const sorted = [...paths].sort();
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1] as string;
    const current = sorted[index] as string;
    if (current === previous || current.startsWith(`${previous}.`)) {
      throw new TypeError(`update: ${previous} and ${current} conflict`);
    }
  }
}

export function checkFindOptions(options: FindOptions): void {
  for (const key of ['limit', 'skip'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new TypeError(`find ${key}: a whole number`);
    }
  }
  for (const [path, direction] of Object.entries(options.sort ?? {})) {
    checkPath(path, 'sort');
    if (direction !== 1 && direction !== -1) throw new TypeError(`sort ${path}: 1 or -1`);
  }
}

export function checkIndexSpec(index: IndexSpec): void {
  if (typeof index.name !== 'string' || index.name === '') throw new TypeError('index: a name');
  const paths = Object.keys(index.keys);
  if (paths.length === 0) throw new TypeError(`index ${index.name}: no key`);
  for (const path of paths) {
    checkPath(path, `index ${index.name}`);
    if (index.keys[path] !== 1 && index.keys[path] !== -1) {
      throw new TypeError(`index ${index.name} ${path}: 1 or -1`);
    }
  }
}

export function checkDocument(document: StoredDocument): void {
  if (typeof document !== 'object' || document === null || typeof document._id !== 'string') {
    throw new TypeError('document: an object with a string _id');
  }
}

/**
 * The document an upsert starts from: the filter's equality conditions, as MongoDB does. The
 * filter must hold only top-level equalities (values or `$eq`), one of them a string `_id` (ids
 * are the application's): MongoDB builds the new document from other conditions in ways the
 * embedded store could not follow exactly.
 */
export function upsertSeed(filter: Filter): StoredDocument & Record<string, FieldValue> {
  const seed: Record<string, FieldValue> = {};
  for (const [path, condition] of Object.entries(filter)) {
    if (path.includes('.')) {
      throw new TypeError(`upsert: condition on ${path}; set nested fields with $set instead`);
    }
    if (!isOperatorCondition(condition)) {
      seed[path] = condition;
    } else if (Object.keys(condition).length === 1 && '$eq' in condition) {
      seed[path] = condition.$eq as FieldValue;
    } else {
      throw new TypeError(`upsert: ${path} must be an equality condition`);
    }
  }
  if (typeof seed._id !== 'string') throw new TypeError('upsert: the filter needs a string _id');
  return seed as StoredDocument & Record<string, FieldValue>;
}
