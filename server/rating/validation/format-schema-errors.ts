// Turns ajv errors into issues a billing admin can act on: the JSON path of the offending field and
// a sentence saying what is expected, without the umbrella errors of if/anyOf/discriminator that
// only repeat a more precise error.
import type { ErrorObject } from 'ajv';
import { DECIMAL_PATTERN } from '../money';
import { formatJsonPath, segmentsFromPointer, type PathSegment } from './json-path';
import { SCHEMA_PATTERNS } from './schema-documents';
import type { ValidationIssue } from './validation-outcome';

const DECIMAL_MESSAGE =
  'must be a decimal string such as "12.50" (digits, optional minus and decimal point; no exponent or separators)';
const INSTANT_MESSAGE =
  'must be a date such as "2026-03-01" or a date-time with a time zone such as "2026-03-01T09:30:00Z"';

const DECIMAL_PATTERNS = new Set<string>([
  SCHEMA_PATTERNS.decimal,
  SCHEMA_PATTERNS.nonNegativeDecimal,
  SCHEMA_PATTERNS.positiveDecimal,
]);

const PATTERN_MESSAGES = new Map<string, string>([
  [SCHEMA_PATTERNS.instant, INSTANT_MESSAGE],
  [SCHEMA_PATTERNS.currency, 'must be a three-letter currency code in capitals such as "USD"'],
  [
    SCHEMA_PATTERNS.policyKey,
    'must be lower-case letters, digits and dashes, starting with a letter or digit, such as "saas-pricing"',
  ],
  [SCHEMA_PATTERNS.country, 'must be a two-letter country code in capitals such as "DE"'],
  [
    SCHEMA_PATTERNS.jurisdiction,
    'must be a country code in capitals, optionally followed by region codes, such as "DE", "US-CA" or "EU"',
  ],
]);

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  return `a ${typeof value}`;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function schemaPattern(error: ErrorObject): string | undefined {
  const pattern = (error.parentSchema as { pattern?: unknown } | undefined)?.pattern;
  return typeof pattern === 'string' ? pattern : undefined;
}

function typeMessage(error: ErrorObject): string {
  const expected = ([] as string[]).concat(error.params.type as string | string[]);
  const nullable = expected.includes('null') ? ' or null' : '';
  const found = describeValue(error.data);
  const pattern = schemaPattern(error);
  if (pattern && DECIMAL_PATTERNS.has(pattern) && expected.includes('string')) {
    // A JSON number may already have lost digits (0.1 + 0.2): amounts are strings, always.
    return `must be a decimal string such as "12.50"${nullable}, not ${found.replace('a whole number', 'a number')}`;
  }
  if (pattern === SCHEMA_PATTERNS.instant) return `${INSTANT_MESSAGE}, not ${found}`;
  return `must be ${expected.map((type) => TYPE_NAMES[type] ?? type).join(' or ')}, not ${found}`;
}

function patternMessage(error: ErrorObject): string {
  const pattern = String(error.params.pattern);
  const value = error.data;
  if (DECIMAL_PATTERNS.has(pattern)) {
    const wellFormed = typeof value === 'string' && DECIMAL_PATTERN.test(value);
    if (wellFormed && pattern === SCHEMA_PATTERNS.nonNegativeDecimal) return 'must not be negative';
    if (wellFormed && pattern === SCHEMA_PATTERNS.positiveDecimal) {
      return 'must be greater than zero';
    }
    return DECIMAL_MESSAGE;
  }
  return PATTERN_MESSAGES.get(pattern) ?? `must match the pattern ${pattern}`;
}

function limitMessage(error: ErrorObject): string {
  const limit = Number(error.params.limit);
  switch (error.keyword) {
    case 'minimum':
      return `must be ${limit} or more`;
    case 'maximum':
      return `must be ${limit} or less`;
    case 'exclusiveMinimum':
      return `must be more than ${limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}`;
    case 'minItems':
      return limit === 1 ? 'must not be empty' : `must have at least ${limit} entries`;
    case 'maxItems':
      return `must have at most ${limit} entries`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    default:
      return error.message ?? 'is not valid';
  }
}

interface LocatedMessage {
  segments: PathSegment[];
  message: string;
}

function describeError(error: ErrorObject, at: PathSegment[]): LocatedMessage {
  switch (error.keyword) {
    case 'required':
      return { segments: [...at, String(error.params.missingProperty)], message: 'is required' };
    case 'additionalProperties':
      return {
        segments: [...at, String(error.params.additionalProperty)],
        message: `unknown field "${String(error.params.additionalProperty)}"`,
      };
    case 'unevaluatedProperties':
      return {
        segments: [...at, String(error.params.unevaluatedProperty)],
        message: `unknown field "${String(error.params.unevaluatedProperty)}"`,
      };
    case 'type':
      return { segments: at, message: typeMessage(error) };
    case 'pattern':
      return { segments: at, message: patternMessage(error) };
    case 'format':
      return error.params.format === 'instant'
        ? {
            segments: at,
            message: 'is not a real date or time (check the day of the month and the hours)',
          }
        : { segments: at, message: `must be a valid ${String(error.params.format)}` };
    case 'enum':
      return {
        segments: at,
        message: `must be one of ${quoteList(error.params.allowedValues as unknown[])}`,
      };
    case 'const':
      return { segments: at, message: `must be ${JSON.stringify(error.params.allowedValue)}` };
    case 'uniqueItems': {
      const [first, second] = [Number(error.params.i), Number(error.params.j)].sort(
        (a, b) => a - b,
      );
      return {
        segments: at,
        message: `must not repeat a value (entries ${first} and ${second} are the same)`,
      };
    }
    case 'discriminator':
      // The tag's own schema (required, enum) reports the same problem in words; see below.
      return {
        segments: [...at, String(error.params.tag)],
        message:
          error.params.error === 'tag' ? 'must be a string' : 'is not one of the allowed values',
      };
    case 'false schema':
      return { segments: at, message: 'is not allowed here' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return { segments: at, message: limitMessage(error) };
    default:
      return { segments: at, message: error.message ?? 'is not valid' };
  }
}

function isInside(schemaPath: string, umbrella: ErrorObject): boolean {
  return schemaPath.startsWith(`${umbrella.schemaPath}/`);
}

export interface FormatSchemaErrorsOptions {
  errors: readonly ErrorObject[];
  document: unknown;
}

export function formatSchemaErrors({
  errors,
  document,
}: FormatSchemaErrorsOptions): ValidationIssue[] {
  // "Needs one of these fields" (an anyOf of required): one sentence instead of one error per field.
  const needsOneOf = new Map<ErrorObject, string>();
  const consumed = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue;
    const branches = errors.filter(
      (other) => other.instancePath === error.instancePath && isInside(other.schemaPath, error),
    );
    if (branches.length > 0 && branches.every((branch) => branch.keyword === 'required')) {
      const names = branches.map((branch) => JSON.stringify(branch.params.missingProperty));
      const list =
        names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
      needsOneOf.set(error, `must have one of the fields ${list}`);
      for (const branch of branches) consumed.add(branch);
    }
  }

  const located: { path: string; message: string; keyword: string }[] = [];
  for (const error of errors) {
    if (consumed.has(error)) continue;
    // if/then/else: the failing branch has already reported precisely what is wrong.
    if (error.keyword === 'if') continue;
    const at = segmentsFromPointer(error.instancePath, document);
    const oneOfFields = needsOneOf.get(error);
    const described = oneOfFields
      ? { segments: at, message: oneOfFields, keyword: 'required' }
      : { ...describeError(error, at), keyword: error.keyword };
    located.push({
      path: formatJsonPath(described.segments),
      message: described.message,
      keyword: described.keyword,
    });
  }

  const precise = located.filter(
    (issue) => !['oneOf', 'anyOf', 'discriminator', 'format'].includes(issue.keyword),
  );
  const kept = located.filter((issue) => {
    switch (issue.keyword) {
      case 'oneOf':
      case 'anyOf':
        // An umbrella over branches is noise when a branch names the precise problem.
        return !precise.some(
          (other) =>
            other.path === issue.path ||
            other.path.startsWith(`${issue.path}.`) ||
            other.path.startsWith(`${issue.path}[`),
        );
      case 'discriminator':
      case 'format':
        // A missing, non-string or unknown tag is already reported by its required/enum/type
        // schema; a malformed instant by its pattern.
        return !precise.some((other) => other.path === issue.path);
      default:
        return true;
    }
  });

  return kept.map(({ path, message }) => ({ path, message }));
}
