// What routes read from a request, each part declared once: query parameters and bodies are
// described for the OpenAPI document and checked against the same declaration, so a bad one is
// answered with 400 naming it (`query.kind`, `$.revision`).
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import { SCHEMA_IDS, type ValidationIssue } from '../rating/validation';
import type { OpenApiParameter } from './route';

/** A path parameter such as `:id`; empty when absent (the router always sets declared ones). */
export function pathParameter(request: Request, name: string): string {
  const value = request.params[name];
  return typeof value === 'string' ? value : '';
}

// ------------------------------------------------------------------------------ query parameters

/** The query: each parameter given once, none but the declared ones; issues collected. */
export interface Query {
  values: Record<string, string>;
  issues: ValidationIssue[];
}

export function readQuery(request: Request, parameters: readonly OpenApiParameter[]): Query {
  const given = request.query as Record<string, unknown>;
  const known = new Set(parameters.map((parameter) => parameter.name));
  const values: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(given)) {
    const path = `query.${name}`;
    if (!known.has(name)) issues.push({ path, message: 'is not a parameter of this request' });
    else if (typeof value !== 'string') issues.push({ path, message: 'must be given once' });
    else if (value === '')
      issues.push({ path, message: 'must not be empty; leave it out instead' });
    else values[name] = value;
  }
  for (const parameter of parameters) {
    if (parameter.required && !Object.hasOwn(given, parameter.name)) {
      issues.push({ path: `query.${parameter.name}`, message: 'is required' });
    }
  }
  return { values, issues };
}

/** The value of a parameter whose schema has an enum; undefined when absent or not one of them. */
export function readChoice<T extends string>(
  query: Query,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = query.values[name];
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    query.issues.push({ path: `query.${name}`, message: `must be one of ${choices.join(', ')}` });
    return undefined;
  }
  return value as T;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A UTC day such as 2026-03-01; undefined when absent or not a day of the calendar. */
export function readDay(query: Query, name: string): string | undefined {
  const value = query.values[name];
  if (value === undefined) return undefined;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  if (
    !DAY_PATTERN.test(value) ||
    Number.isNaN(parsed) ||
    new Date(parsed).toISOString().slice(0, 10) !== value
  ) {
    query.issues.push({ path: `query.${name}`, message: 'must be a day such as 2026-03-01' });
    return undefined;
  }
  return value;
}

export function throwIfInvalidQuery({ issues }: Query): void {
  if (issues.length === 0) return;
  const names = [...new Set(issues.map((issue) => issue.path.replace(/^query\./, '')))];
  throw new AppError('invalid_request', `invalid query parameter: ${names.join(', ')}`, {
    issues,
  });
}

// ------------------------------------------------------------------------------ pages

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export const PAGE_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'offset',
    in: 'query',
    description: 'How many to pass over: the nextOffset of the page before.',
    schema: { type: 'integer', minimum: 0, default: 0 },
  },
  {
    name: 'limit',
    in: 'query',
    description: `How many per page, ${DEFAULT_PAGE_SIZE} when left out.`,
    schema: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
    },
  },
];

/** The schema of a page of `name` (as readPage pages them): the items and the next offset. */
export function pageSchema(name: string, items: object): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      [name]: { type: 'array', items },
      nextOffset: { type: ['integer', 'null'] },
    },
    required: [name, 'nextOffset'],
  };
}

/** A page of what was found with one more than the limit, and where the next page starts. */
export function pageOf<T>(
  name: string,
  found: readonly T[],
  page: { offset: number; limit: number },
): Record<string, unknown> {
  return {
    [name]: found.slice(0, page.limit),
    nextOffset: found.length > page.limit ? page.offset + page.limit : null,
  };
}

/** A whole number parameter within [min, max]; undefined when absent or bad (an issue is added). */
export function readWholeNumber(
  query: Query,
  name: string,
  { min, max }: { min: number; max: number },
): number | undefined {
  const value = query.values[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d{1,16}$/.test(value) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    query.issues.push({ path: `query.${name}`, message: `must be a whole number ${range}` });
    return undefined;
  }
  return number;
}

/** offset and limit of PAGE_PARAMETERS; a bad one is added to the query's issues. */
export function readPage(query: Query): { offset: number; limit: number } {
  return {
    offset: readWholeNumber(query, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0,
    limit: readWholeNumber(query, 'limit', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE,
  };
}

// ------------------------------------------------------------------------------ bodies

export type BodyField =
  | { type: 'string'; required: boolean; maxLength: number; description: string }
  /** The revision of the record the caller loaded: every change is conditional on it. */
  | { type: 'revision'; description?: string }
  /** A list of distinct choices; the use case checks each against `of`. */
  | { type: 'list'; of: readonly string[]; description: string }
  /** An instant of common.schema.json; the use case checks the calendar and the rules on it. */
  | { type: 'instant'; description: string }
  /** One of a closed set of strings. */
  | { type: 'choice'; of: readonly string[]; description: string }
  /** A document (a policy, a template, a context); the use case validates it against its schema. */
  | { type: 'document'; schema: Record<string, unknown>; description: string; required?: boolean };

export type BodyFields = Readonly<Record<string, BodyField>>;

const REVISION_DESCRIPTION =
  'The revision of the version as you loaded it; if someone changed it since, the answer is 409 and nothing changes';

function fieldSchema(field: BodyField): Record<string, unknown> {
  switch (field.type) {
    case 'string':
      return {
        type: 'string',
        ...(field.required && { minLength: 1 }),
        maxLength: field.maxLength,
        description: field.description,
      };
    case 'revision':
      return {
        type: 'integer',
        minimum: 1,
        description: field.description ?? REVISION_DESCRIPTION,
      };
    case 'list':
      return {
        type: 'array',
        items: { type: 'string', enum: field.of },
        minItems: 1,
        uniqueItems: true,
        description: field.description,
      };
    case 'instant':
      return { $ref: `${SCHEMA_IDS.common}#/$defs/instant`, description: field.description };
    case 'choice':
      return { type: 'string', enum: field.of, description: field.description };
    case 'document':
      return { ...field.schema, description: field.description };
  }
}

function isRequired(field: BodyField): boolean {
  switch (field.type) {
    case 'string':
      return field.required;
    case 'document':
      return field.required ?? true;
    default:
      return true;
  }
}

/** The JSON Schema of a body with these fields and no others. */
export function bodySchema(fields: BodyFields): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(fields).map(([name, field]) => [name, fieldSchema(field)]),
    ),
    required: Object.keys(fields).filter((name) => isRequired(fields[name]!)),
    additionalProperties: false,
  };
}

function fieldIssue(field: BodyField, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (field.required && value.trim() === '') return 'must not be empty';
      if (value.length > field.maxLength) return `must be at most ${field.maxLength} characters`;
      return undefined;
    case 'revision':
      return Number.isSafeInteger(value) && (value as number) >= 1
        ? undefined
        : 'must be a whole number from 1';
    case 'instant':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'list':
      return Array.isArray(value) ? undefined : 'must be a list';
    case 'choice':
      return typeof value === 'string' && field.of.includes(value)
        ? undefined
        : `must be one of ${field.of.join(', ')}`;
    case 'document':
      return undefined;
  }
}

/** Every way the body departs from bodySchema(fields); empty when it conforms. */
export function bodyIssues(body: unknown, fields: BodyFields): ValidationIssue[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ path: '$', message: 'must be a JSON object' }];
  }
  const values = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const value = values[name];
    if (value === undefined) {
      if (isRequired(field)) issues.push({ path: `$.${name}`, message: 'is required' });
      continue;
    }
    const message = fieldIssue(field, value);
    if (message !== undefined) issues.push({ path: `$.${name}`, message });
  }
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(fields, name)) {
      issues.push({ path: fieldPath(name), message: 'is not a field of this request' });
    }
  }
  return issues;
}

/** The body, checked against its declaration; 400 naming each bad field. */
export function readBody<T>(request: Request, fields: BodyFields, what: string): T {
  const issues = bodyIssues(request.body, fields);
  if (issues.length > 0)
    throw new AppError('invalid_request', `the ${what} is invalid`, { issues });
  return request.body as T;
}

/** $.name, or $["a name"] for a name that is not an identifier. */
function fieldPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.${name}` : `$[${JSON.stringify(name)}]`;
}
